"""Share cards: a 1200x630 Open Graph image for the street, each merchant and each event."""
from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

import streetkit
from streetkit import Asset, Page, Street

ENABLED_BY_DEFAULT = True
SIZE = (1200, 630)
MARGIN = 80


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


def card(street: Street, title: str, kicker: str, footer: str) -> bytes:
    """A share card in the street's brand colours (cached on disk by everything it shows)."""
    t = street.tokens
    colours = "|".join(t[k] for k in ("color-primary-surface", "color-on-primary", "color-surface", "color-primary-text"))
    key = f"card-v1|{SIZE}|{colours}|{title}|{kicker}|{footer}|{streetkit.find_font('Noto Sans CJK KR:style=Bold')}"
    return streetkit.cached_bytes("social", key, lambda: _draw(t, title, kicker, footer))


def _draw(t: dict[str, str], title: str, kicker: str, footer: str) -> bytes:
    im = PILImage.new("RGB", SIZE, t["color-primary-surface"])
    draw = ImageDraw.Draw(im)
    ink = t["color-on-primary"]
    draw.rectangle((0, SIZE[1] - 120, SIZE[0], SIZE[1]), fill=t["color-surface"])
    bold, regular = "Noto Sans CJK KR:style=Bold", "Noto Sans CJK KR:style=Regular"
    kfont, klines = fit_lines(draw, kicker, bold, 34, SIZE[0] - 2 * MARGIN, 1, 20)
    draw.text((MARGIN, MARGIN), klines[0], font=kfont, fill=ink)
    tfont, tlines = fit_lines(draw, title, bold, 92, SIZE[0] - 2 * MARGIN, 3, 36)
    y = MARGIN + 70
    for line in tlines:
        draw.text((MARGIN, y), line, font=tfont, fill=ink)
        y += int(tfont.size * 1.25)
    ffont, flines = fit_lines(draw, footer, regular, 32, SIZE[0] - 2 * MARGIN, 1, 20)
    draw.text((MARGIN, SIZE[1] - 60), flines[0], font=ffont, fill=t["color-primary-text"], anchor="lm")
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
                         data=lambda m=m, kicker=kicker: card(street, m.name, kicker, footer)))
    for e in p.events:
        when = f"{e.start.year}. {e.start.month}. {e.start.day}. {e.start:%H:%M}"
        out.append(Asset(path=f"site/social/events/{e.id}.jpg",
                         data=lambda e=e, when=when: card(street, e.title, when, e.place or footer)))
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
