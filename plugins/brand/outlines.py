"""Text set as SVG path outlines: shaped with HarfBuzz, drawn from the font's own glyphs.

A logo file must look the same on a machine without the font, so the wordmark is not `<text>`
but the glyph outlines themselves. HarfBuzz does the shaping (kerning, Hangul, proportional
Latin) exactly as the browser would and draws the glyphs straight from the mapped font file
(fontTools would first parse a CJK font's 65,000 CFF charstrings: a second or more per font, on
every build). skia-pathops merges overlapping contours (TrueType fonts such as NanumSquareRound
draw strokes that overlap), so the outline fills the same under either fill rule and can be
knocked out of a shape.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pathops
import uharfbuzz as hb
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen

import streetkit


@dataclass(frozen=True)
class Outline:
    """Path data for a line of text, origin at the start of its baseline, y pointing down (SVG)."""

    d: str
    width: float  # the advance width: where the next text would start
    bbox: tuple[float, float, float, float]  # ink bounds (x0, y0, x1, y1); y0 < 0 is above the baseline


def _num(value: float) -> str:
    """Compact path numbers: two decimals are far below a printer's resolution at logo sizes."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@lru_cache(maxsize=256)
def outline(text: str, pattern: str, size: float, tracking: float = 0.0,
            origin: tuple[float, float] = (0.0, 0.0)) -> Outline:
    """`text` set in the font fontconfig picks for `pattern` at `size` user units, with `tracking`
    extra space per character in em (letter-spacing), its baseline starting at `origin`."""
    if not text:  # HarfBuzz gives no glyph lists for an empty buffer
        return Outline("", 0.0, (0.0, 0.0, 0.0, 0.0))
    font = streetkit.harfbuzz_font(pattern)  # in font units: positions and outlines alike
    upem = font.face.upem
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(font, buf, {"kern": True, "liga": True})
    scale = size / upem
    path = pathops.Path()
    x, y = origin
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions):
        transform = (scale, 0, 0, -scale, x + pos.x_offset * scale, y - pos.y_offset * scale)
        font.draw_glyph_with_pen(info.codepoint, TransformPen(path.getPen(), transform))
        x += pos.x_advance * scale + tracking * size
    if text and tracking:
        x -= tracking * size  # no trailing letter-space after the last character
    path.simplify(fix_winding=True)
    pen = SVGPathPen(None, ntos=_num)
    path.draw(pen)
    return Outline(pen.getCommands(), x - origin[0], tuple(path.bounds) if pen.getCommands() else (0.0, 0.0, 0.0, 0.0))
