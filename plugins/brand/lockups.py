"""Logo lockups: symbol, wordmark, horizontal and stacked, in colour, one colour and reversed.

Everything is measured in units of the symbol's size S (100 user units), so clear space and
minimum sizes in the tokens ("0.5 × S") hold for every lockup. Text is outlined (see outlines.py);
a street's own logo becomes the symbol, recoloured for the one-colour and reversed variants.
"""
from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image as PILImage
from PIL import ImageChops

import streetkit
from streetkit import Street

from .motifs import motif_of, seal
from .outlines import Outline, outline

S = 100.0
KINDS = ("horizontal", "stacked", "wordmark", "symbol")
VARIANTS = ("color", "mono", "reversed")
#: PNG widths a designer, a web page and a print shop usually ask for.
PNG_WIDTHS = {"horizontal": (600, 1200, 2400), "stacked": (400, 800, 1600), "wordmark": (600, 1200),
              "symbol": (64, 128, 256, 512, 1024)}
#: brand.font → (bold face for the Korean name and monogram, lighter face for the English line).
FACES = {"sans": ("Noto Sans CJK KR:style=Bold", "Noto Sans CJK KR:style=Medium"),
         "serif": ("Noto Serif CJK KR:style=Bold", "Noto Serif CJK KR:style=Medium"),
         "rounded": ("NanumSquareRound:style=Bold", "NanumSquareRound:style=Regular")}
#: Pixels of an SVG logo's one-colour version (recoloured as a raster): 108 ppi on a five-metre
#: banner, what large-format shops ask, and the same file serves every smaller use.
ONE_COLOUR_PX = 1536
_BADGE = "M22 0H78A22 22 0 0 1 100 22V78A22 22 0 0 1 78 100H22A22 22 0 0 1 0 78V22A22 22 0 0 1 22 0Z"


@dataclass(frozen=True)
class Ink:
    """The colours one variant paints with; `letter` None means the monogram is knocked out."""

    badge: str
    letter: str | None
    korean: str
    english: str


def inks(tokens: dict[str, str], variant: str) -> Ink:
    """colour: the brand; mono: one ink (fax, stamps, engraving); reversed: white on dark or photos."""
    if variant == "color":
        return Ink(tokens["color-primary-surface"], tokens["color-on-primary"], tokens["color-brand-text"],
                   tokens["color-brand-ink"])
    one = tokens["color-brand-ink"] if variant == "mono" else "#FFFFFF"
    return Ink(one, None, one, one)


def on_brand(tokens: dict[str, str]) -> str:
    """The variant for a logo on the brand colour: white, unless the colour is so light that white
    would vanish: then one-colour ink."""
    return "reversed" if tokens["color-on-primary"] == "#FFFFFF" else "mono"


#: Longest default wordmark (characters): a logo is not the place for a street's full legal name;
#: `brand.wordmark` sets a shorter one.
MAX_KOREAN, MAX_ENGLISH = 24, 40


def names(street: Street) -> tuple[str, str]:
    """The Korean and English text of the wordmark."""
    p, b = street.profile, street.profile.brand
    korean, english = b.wordmark or p.name, (b.wordmark_en or p.name_en or "").upper()
    return _cut(korean.strip(), MAX_KOREAN), _cut(english.strip(), MAX_ENGLISH)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def monogram(street: Street) -> str:
    b = street.profile.brand
    return b.monogram or names(street)[0].strip()[:1]


def symbol_style(street: Street) -> str:
    """How the symbol is drawn without a logo file: the chosen concept's style, else the badge."""
    concept = street.brand.concept
    return streetkit.CONCEPTS[concept].symbol if concept else "badge"


def _path(o: Outline, x: float, y: float, fill: str) -> str:
    if not o.d:
        return ""
    return f'<path transform="translate({x:.2f} {y:.2f})" fill="{fill}" d="{o.d}"/>'


def _symbol(street: Street, ink: Ink, variant: str, x: float, y: float, size: float) -> str:
    """The symbol at (x, y), `size` wide: the street's logo if it has one, else a monogram badge."""
    logo = street.profile.brand.logo
    if logo:
        data = street.image_bytes(logo)
        uri = _logo_uri(data, logo.lower().endswith(".svg"), None if variant == "color" else ink.badge)
        return f'<image x="{x:.2f}" y="{y:.2f}" width="{size:.2f}" height="{size:.2f}" href="{uri}"/>'
    style = symbol_style(street)
    if style == "seal":
        return f'<g transform="translate({x:.2f} {y:.2f})">' + seal(motif_of(street), ink.badge, ink.letter, size) + "</g>"
    bold = FACES[street.brand.font][0]
    letter = outline(monogram(street), bold, 60)
    x0, y0, x1, y1 = letter.bbox
    # The letters fill 60 % of the badge, centred on their ink, not on their advance.
    fit = min(60 / max(x1 - x0, 1), 60 / max(y1 - y0, 1))
    letter = outline(monogram(street), bold, round(60 * fit, 2))
    x0, y0, x1, y1 = letter.bbox
    dx, dy = 50 - (x0 + x1) / 2, 50 - (y0 + y1) / 2
    body = f'<g transform="translate({x:.2f} {y:.2f}) scale({size / S:.4f})">'
    if style == "wordmark":  # no badge: the syllable itself, in the name's colour
        return body + _path(letter, dx, dy, ink.korean) + "</g>"
    if ink.letter:
        body += f'<path fill="{ink.badge}" d="{_BADGE}"/>' + _path(letter, dx, dy, ink.letter)
    else:  # knocked out: the letters are holes in the badge (overlaps were merged in outlines.py)
        moved = outline(monogram(street), bold, round(60 * fit, 2), origin=(round(dx, 2), round(dy, 2)))
        body += f'<path fill="{ink.badge}" fill-rule="evenodd" d="{_BADGE}{moved.d}"/>'
    return body + "</g>"


@lru_cache(maxsize=16)
def _logo_uri(data: bytes, svg: bool, one_colour: str | None) -> str:
    """The logo as a data URI; for one colour, its dark and coloured parts in that colour.

    Light parts (white linework, paper) drop out, which is how one-colour versions of a logo are
    usually drawn by hand. cairosvg runs in its safe mode: the logo's own links to files or URLs
    are not fetched (only data: URIs), so a build never reaches the network.
    """
    if one_colour is None:
        kind = "svg+xml" if svg else "png"
        if not svg and not data.startswith(b"\x89PNG"):
            kind = "jpeg"
        return f"data:image/{kind};base64," + base64.b64encode(data).decode()
    # Kept in the content cache: drawing an SVG logo needs cairosvg, whose import alone takes
    # longer than a rebuild that changed one page.
    key = streetkit.cache_key(data, str(svg), one_colour, code=[__name__], libraries=["cairosvg", "pillow"])
    return "data:image/png;base64," + base64.b64encode(
        streetkit.cached_bytes("brand", key, lambda: _one_colour_png(data, svg, one_colour))).decode()


def _one_colour_png(data: bytes, svg: bool, one_colour: str) -> bytes:
    png = _svg2png(bytestring=data, output_width=ONE_COLOUR_PX, output_height=ONE_COLOUR_PX) if svg else data
    with PILImage.open(io.BytesIO(png)) as im:
        rgba = im.convert("RGBA")
    grey = rgba.convert("L")
    # Alpha of the one-colour mark: the logo's own alpha, fading out the lightest 15 % of tones.
    light = grey.point(lambda v: max(0, min(255, int((0.88 * 255 - v) * 255 / (0.12 * 255)))))
    alpha = ImageChops.multiply(rgba.getchannel("A"), light)
    out = PILImage.new("RGBA", rgba.size, one_colour)
    out.putalpha(alpha)
    buf = io.BytesIO()
    out.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def lockup(street: Street, kind: str, variant: str) -> tuple[str, float, float]:
    """The lockup's SVG markup (without the root element), its width and its height in units."""
    ink = inks(street.tokens, variant)
    bold, light = FACES[street.brand.font]
    korean, english = names(street)
    if kind == "symbol":
        return _symbol(street, ink, variant, 0, 0, S), S, S
    if symbol_style(street) == "wordmark" and not street.profile.brand.logo:
        kind = "wordmark"  # a wordmark concept's lockups are the name alone
    if kind == "stacked":
        ko, en = outline(korean, bold, 0.36 * S), outline(english, light, 0.14 * S, 0.08)
        width = max(S, ko.width, en.width)
        body = (_symbol(street, ink, variant, (width - S) / 2, 0, S)
                + _path(ko, (width - ko.width) / 2, 1.5 * S, ink.korean)
                + _path(en, (width - en.width) / 2, 1.8 * S, ink.english))
        return body, width, 1.86 * S
    ko, en = outline(korean, bold, 0.5 * S), outline(english, light, 0.18 * S, 0.06)
    if kind == "wordmark":
        body = _path(ko, 0, 0.45 * S, ink.korean) + _path(en, 0, 0.8 * S, ink.english)
        return body, max(ko.width, en.width), 0.86 * S
    x = 1.28 * S  # horizontal: symbol, a gap of 0.28 S, then the two lines of the name
    body = (_symbol(street, ink, variant, 0, 0, S) + _path(ko, x, 0.56 * S, ink.korean)
            + _path(en, x, 0.9 * S, ink.english))
    return body, x + max(ko.width, en.width), S


def svg(street: Street, kind: str, variant: str, title: str | None = None) -> str:
    """A standalone SVG file of one lockup; text is outlined, so no font is needed to show it."""
    body, width, height = lockup(street, kind, variant)
    label = title or f"{names(street)[0]} {kind} logo ({variant})"
    pad = 0.02 * S  # antialiasing room, so no edge pixel is clipped
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{-pad:.2f} {-pad:.2f} {width + 2 * pad:.2f} '
            f'{height + 2 * pad:.2f}" width="{width + 2 * pad:.2f}" height="{height + 2 * pad:.2f}" role="img">'
            f"<title>{_escape(label)}</title>{body}</svg>\n")


def aspect(svg_text: str) -> float:
    """Width over height of an SVG made by `svg`."""
    match = re.search(r'width="([\d.]+)" height="([\d.]+)"', svg_text)
    if match is None:
        raise ValueError("not an SVG made by lockups.svg: no width and height")
    return float(match.group(1)) / float(match.group(2))


def _svg2png(**kwargs: object) -> bytes:
    """cairosvg's svg2png, imported on first use: importing it (cairo through cffi) takes 0.2 s,
    a third of starting the command line, and an up-to-date build never draws a PNG."""
    import cairosvg

    return cairosvg.svg2png(**kwargs)


def data_uri(svg_text: str) -> str:
    """An SVG as a data URI for an <img> in a template."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg_text.encode("utf-8")).decode("ascii")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def png(svg_text: str, width: int, background: str | None = None) -> bytes:
    """The SVG rendered `width` px wide (cached on disk: the same SVG always gives the same PNG)."""
    key = streetkit.cache_key(str(width), str(background), svg_text, code=[__name__], libraries=["cairosvg"])
    return streetkit.cached_bytes("brand", key, lambda: _svg2png(
        bytestring=svg_text.encode("utf-8"), output_width=width, background_color=background))
