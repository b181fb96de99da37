"""Hangul-only subsets of the installed Noto CJK KR faces, for PDFs.

WeasyPrint subsets every font it embeds, once per document, and HarfBuzz's time grows with the
source font: the Debian Noto CJK collections hold 65,000 glyphs for four languages, so a one-page
flyer spent ~80 ms of its ~150 ms there. A copy cut down to Hangul, Latin and the symbols Korean
print uses (about 15,000 glyphs) is made once per machine (0.2 s a face) and cached; the print
renderer names it ahead of the full family, so a character it lacks (Hanja, say) still comes from
the full face, in the same design.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..cache import cache_dir, cached_file
from ..fonts import installed_faces

#: The installed families the print renderer substitutes (the themes' Korean faces).
FAMILIES = ("Noto Sans CJK KR", "Noto Serif CJK KR")
SUFFIX = " Hangul"
#: Bump when `in_repertoire` changes, so cached subsets are made again.
REPERTOIRE_VERSION = 1
NAMESPACE = "print-fonts"

# Unicode blocks kept besides the Hangul syllables: Latin (English text, accented names),
# punctuation, currency (₩), letterlike (№, ℃), arrows, maths, box drawing, shapes (●, ▶),
# symbols (☎, ★), dingbats (✓), Jamo, CJK punctuation (「」), enclosed (①, ㈜), units (㎡),
# full-width forms.
_BLOCKS = ((0x0020, 0x024F), (0x02B0, 0x02FF), (0x0300, 0x036F), (0x1100, 0x11FF), (0x2000, 0x27BF),
           (0x3000, 0x303F), (0x3130, 0x318F), (0x3200, 0x33FF), (0xA960, 0xA97F), (0xAC00, 0xD7AF),
           (0xFF00, 0xFFEF))

def in_repertoire(codepoint: int) -> bool:
    """Whether the Hangul subset keeps `codepoint` (Hanja and other scripts are left to the full face)."""
    return any(start <= codepoint <= end for start, end in _BLOCKS)


@dataclass(frozen=True)
class HangulFonts:
    """@font-face rules for the subsets, and the substitution that puts them first in print HTML."""

    css: str = ""
    families: dict[str, str] = field(default_factory=dict)
    folder: Path | None = None

    def apply(self, html: str) -> str:
        """`html` with each quoted installed family in its CSS (style elements and font-family
        attributes, e.g. an SVG chart's) preceded by its subset. Text is left alone: a quoted
        family name in a news post is the author's words."""
        if not self.families:
            return html
        html = _STYLE.sub(lambda m: self._names(m.group(0)), html)
        return _FONT_ATTR.sub(lambda m: self._names(m.group(0)), html)

    def _names(self, css: str) -> str:
        for family, subset in self.families.items():
            css = re.sub(rf"""(["']){re.escape(family)}\1""", rf"\g<1>{subset}\g<1>, \g<0>", css)
        return css


_STYLE = re.compile(r"<style\b[^>]*>.*?</style>", re.S | re.I)
_FONT_ATTR = re.compile(r"""\bfont-family=("[^"]*"|'[^']*')""", re.I)


@lru_cache(maxsize=1)
def hangul_fonts() -> HangulFonts:
    """The subsets for the installed faces of `FAMILIES`, made on first use and cached on disk.
    Empty (no substitution) without fontconfig, without the fonts, or with an unwritable cache."""
    rules, families = [], {}
    for family in FAMILIES:
        faces = [(path, index, weight, _subset_file(path, index)) for path, index, weight in installed_faces(family)]
        if not faces or not all(isinstance(f[3], Path) for f in faces):
            continue
        families[family] = family + SUFFIX
        rules += [f'@font-face {{ font-family: "{family}{SUFFIX}"; src: url("{file.as_uri()}"); '
                  f"font-weight: {weight}; }}" for _, _, weight, file in faces]
    return HangulFonts("\n".join(rules), families, (cache_dir() / NAMESPACE).resolve() if families else None)


def _subset_file(path: str, index: int) -> Path | bytes:
    import uharfbuzz

    stat = os.stat(path)
    key = f"{path}|{index}|{stat.st_mtime_ns}|{stat.st_size}|{REPERTOIRE_VERSION}|{uharfbuzz.__version__}"
    return cached_file(NAMESPACE, key, lambda: subset_hangul(path, index))


def subset_hangul(path: str, index: int = 0) -> bytes:
    """The face at `index` of `path` cut to `in_repertoire`, with the layout features horizontal
    Korean and Latin text use (vertical forms dropped)."""
    import uharfbuzz as hb

    face = hb.Face(hb.Blob.from_file_path(path), index)
    keep = hb.SubsetInput()
    for codepoint in face.unicodes:
        if in_repertoire(codepoint):
            keep.unicode_set.add(codepoint)
    features = keep.layout_feature_tag_set
    features.clear()
    for tag in ("kern", "liga", "locl", "palt", "ccmp", "ljmo", "vjmo", "tjmo"):
        features.add(int.from_bytes(tag.encode("ascii"), "big"))
    # CID = glyph index, as in the source: WeasyPrint writes glyph indices as CIDs, and Ghostscript
    # (--cmyk) maps CIDs through the charset, so HarfBuzz's default (the source CIDs) garbles text.
    keep.flags = hb.SubsetFlags.CFF_IDENTITY_CHARSET
    return hb.subset(face, keep).blob.data
