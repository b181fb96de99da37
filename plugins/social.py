"""Share cards: a 1200×630 Open Graph image for the street, each merchant and each event, and
Instagram posts (1080×1080 square, 1080×1350 portrait) for each event, in the brand's colours with
its symbol when the brand plugin shares one. Text shrinks and wraps to fit; it never overflows."""
from __future__ import annotations

import functools
import io
from functools import lru_cache
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

import streetkit
from streetkit import Asset, Page, Street

#: The plugin in the studio's words.
TITLE = "SNS 공유 그림"

ENABLED_BY_DEFAULT = True
SIZE = (1200, 630)
#: Instagram's feed formats: name → (width, height).
INSTAGRAM = {"square": (1080, 1080), "portrait": (1080, 1350)}
MARGIN = 80
FOOTER = 120  # the white band along the bottom


@lru_cache(maxsize=64)
def _font(pattern: str, size: int) -> ImageFont.FreeTypeFont:
    path, index = streetkit.find_font(pattern)
    return ImageFont.truetype(path, size, index=index, layout_engine=ImageFont.Layout.RAQM
                              if ImageFont.core.HAVE_RAQM else ImageFont.Layout.BASIC)


def fit_lines(draw: ImageDraw.ImageDraw, text: str, pattern: str, max_size: int, width: int,
              max_lines: int = 2, min_size: int = 28) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest font (down to `min_size`) at which `text` wraps into `max_lines` lines of `width`
    px, breaking between words; clipped with … only when even the smallest size does not fit."""
    for size in range(max_size, min_size - 1, -4):
        font = _font(pattern, size)
        lines, current = [], ""
        for word in text.split():
            trial = f"{current} {word}".strip()
            if draw.textlength(trial, font=font) <= width:
                current = trial
                continue
            if current:
                lines.append(current)
            current = word
            while draw.textlength(current, font=font) > width:  # a single word longer than the line
                lo, hi = 1, len(current) - 1  # longest prefix that fits, by bisection
                while lo < hi:
                    mid = (lo + hi + 1) // 2
                    lo, hi = (mid, hi) if draw.textlength(current[:mid], font=font) <= width else (lo, mid - 1)
                lines.append(current[:lo])
                current = current[lo:]
                if len(lines) > max_lines:
                    break
        lines.append(current)
        if len(lines) <= max_lines:
            return font, lines
    lines = lines[:max_lines]
    while lines[-1] and draw.textlength(lines[-1] + "…", font=font) > width:
        lines[-1] = lines[-1][:-1]
    lines[-1] += "…"
    return font, lines


def card(street: Street, title: str, kicker: str, footer: str, size: tuple[int, int] = SIZE,
         body: str = "") -> Path | bytes:
    """A share card in the street's brand colours: its file in the content cache (keyed by
    everything it shows; the build links it, a thousand cards are not copied), or its JPEG bytes
    when the cache cannot be written. `body` is a sentence or two under the title on the tall
    Instagram formats."""
    t = street.tokens
    colours = "|".join(t[k] for k in ("color-primary-surface", "color-on-primary", "color-brand-text"))
    logo = street.data.get("brand", {}).get("logo_png")
    mark = logo("horizontal", "color", LOGO_WIDTH) if logo else b""
    key = streetkit.cache_key(str(size), colours, title, kicker, footer, body or "",
                              str(streetkit.find_font("Noto Sans CJK KR:style=Bold")), mark,
                              code=[__name__], libraries=["pillow"])
    return streetkit.cached_file("social", key, lambda: _draw(t, title, kicker, footer, size, mark, body))


LOGO_WIDTH = 280  # px, the brand's horizontal logo at the right end of the footer band
BOLD, REGULAR = "Noto Sans CJK KR:style=Bold", "Noto Sans CJK KR:style=Regular"


def _draw(t: dict[str, str], title: str, kicker: str, footer: str, size: tuple[int, int], mark: bytes,
          body: str = "") -> bytes:
    width, height = size
    im = PILImage.new("RGB", size, t["color-primary-surface"])
    draw = ImageDraw.Draw(im)
    ink = t["color-on-primary"]
    draw.rectangle((0, height - FOOTER, width, height), fill="#FFFFFF")  # a white band for the colour logo
    text_width = width - 2 * MARGIN
    footer_width = text_width
    if mark:
        with PILImage.open(io.BytesIO(mark)) as opened:
            logo = opened.convert("RGBA")
            scale = min(1.0, (FOOTER - 50) / logo.height)
            logo = logo.resize((round(logo.width * scale), round(logo.height * scale)), PILImage.Resampling.LANCZOS)
            im.paste(logo, (width - MARGIN // 2 - logo.width, height - FOOTER // 2 - logo.height // 2), logo)
            footer_width = width - MARGIN - logo.width - MARGIN // 2 - 40
    tall = height >= 1000
    # Everything is measured first and drawn after, so tall formats (Instagram) can centre the
    # block in the coloured field; a long title shrinks before anything runs off the frame.
    ops: list[tuple[int, str, ImageFont.FreeTypeFont]] = []
    kfont, klines = fit_lines(draw, kicker, BOLD, 44 if tall else 34, text_width, 1, 20)
    ops.append((0, klines[0], kfont))
    y = int(kfont.size * 2)
    field = height - FOOTER - 2 * MARGIN
    max_size = 120 if tall else 92
    room = field - y - (260 if tall and body else 0)
    tfont, tlines = fit_lines(draw, title, BOLD, max_size, text_width, max(2, min(5, room // int(max_size * 1.25))), 36)
    for line in tlines:
        ops.append((y, line, tfont))
        y += int(tfont.size * 1.25)
    rule = None
    if tall and body:
        rule = y + 30
        y += 70
        bfont, blines = fit_lines(draw, body, REGULAR, 38, text_width, max(1, min(4, (field - y) // 55)), 28)
        for line in blines:
            ops.append((y, line, bfont))
            y += int(bfont.size * 1.45)
    top = MARGIN + (max(0, (field - y) // 2) if tall else 0)
    for dy, line, font in ops:
        draw.text((MARGIN, top + dy), line, font=font, fill=ink)
    if rule is not None:
        draw.line((MARGIN, top + rule, MARGIN + 120, top + rule), fill=ink, width=6)
    ffont, flines = fit_lines(draw, footer, REGULAR, 32, footer_width, 1, 20)
    draw.text((MARGIN, height - FOOTER // 2), flines[0], font=ffont, fill=t["color-brand-text"], anchor="lm")
    buf = io.BytesIO()
    # JPEG, as share cards usually are; 4:4:4 chroma keeps coloured text edges crisp.
    im.save(buf, "JPEG", quality=90, subsampling=0)
    return buf.getvalue()


@streetkit.hookimpl
def artifacts(street: Street):
    p = street.profile
    where = f"{p.region.sido} {p.region.sigungu}"
    footer = f"{p.name} · {p.base_url.split('://', 1)[1].rstrip('/')}"
    out = [Asset(path="site/social/street.jpg", data=lambda: card(street, p.name, where + f" · {p.designation_ko}",
                                                                       p.tagline or footer))]
    for m in p.merchants:
        kicker = f"{streetkit.CATEGORIES[m.category].ko}{' · ' + m.subcategory if m.subcategory else ''}"
        out.append(Asset(path=f"site/social/merchants/{m.id}.jpg",
                         data=functools.partial(card, street, m.name, kicker, footer)))
    for e in (e.as_of(street.today) for e in p.events):
        when = f"{e.start.year}. {e.start.month}. {e.start.day}. {e.start:%H:%M}"
        if e.repeat:
            when = f"{e.repeat.label('ko')} {e.start:%H:%M} · 다음 {e.start.month}. {e.start.day}."
        out.append(Asset(path=f"site/social/events/{e.id}.jpg",
                         data=functools.partial(card, street, e.title, when, e.place or footer)))
        place = f"{e.place} · {p.name}" if e.place else footer
        out += [Asset(path=f"brand/social/instagram/{e.id}-{name}.jpg",
                      data=functools.partial(card, street, e.title, when, place, size,
                                             streetkit.plain_text(e.description or "")))
                for name, size in INSTAGRAM.items()]
    return out


@streetkit.hookimpl
def page_context(artifact, context):
    """Pages point their Open Graph image at their card (a page's own photo still wins in the theme)."""
    if not isinstance(artifact, Page):
        return None
    if "merchant" in context:
        return {"share_image": f"social/merchants/{context['merchant'].id}.jpg"}
    if "event" in context:
        return {"share_image": f"social/events/{context['event'].id}.jpg"}
    return {"share_image": "social/street.jpg"}
