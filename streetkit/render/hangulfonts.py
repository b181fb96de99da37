"""Hangul-only cuts of the installed Noto CJK KR faces, for PDFs.

WeasyPrint subsets every font it embeds, once per document, and HarfBuzz's time grows with the
source font: the Debian Noto CJK collections hold 65,000 glyphs for four languages, so a one-page
flyer spent ~80 ms of its ~150 ms there. Each face is cut, once per machine, to Hangul, Latin and
the symbols Korean print uses, in two fonts:
- the 2,350 syllables of KS X 1001, the ones nearly all Korean text uses, with Latin and symbols:
  about 4,200 glyphs. Almost every document's text comes from this cut alone, and subsetting it
  costs ~2.5 ms per document where one 15,000-glyph cut cost ~6.5 ms; a sticker's PDF is 28 KB, not 63;
- "Extra": the other 8,822 syllables, old Hangul jamo, and Latin and symbols again, about 12,900.
The print renderer names both ahead of the full family, so a character they lack (Hanja, say)
still comes from the full face, in the same design.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..cache import cache_dir, cache_key, cached_file
from ..fonts import cut_font, installed_faces

#: The installed families the print renderer substitutes (the themes' Korean faces).
FAMILIES = ("Noto Sans CJK KR", "Noto Serif CJK KR")
NAMESPACE = "print-fonts"

# Unicode blocks kept besides the Hangul syllables: Latin (English text, accented names),
# punctuation, currency (₩), letterlike (№, ℃), arrows, maths, box drawing, shapes (●, ▶),
# symbols (☎, ★), dingbats (✓), Jamo, CJK punctuation (「」), enclosed (①, ㈜), units (㎡),
# full-width forms.
_BLOCKS = ((0x0020, 0x024F), (0x02B0, 0x02FF), (0x0300, 0x036F), (0x1100, 0x11FF), (0x2000, 0x27BF),
           (0x3000, 0x303F), (0x3130, 0x318F), (0x3200, 0x33FF), (0xA960, 0xA97F), (0xAC00, 0xD7AF),
           (0xFF00, 0xFFEF))

# Conjoining jamo: old Hangul, composed by the font's ljmo/vjmo/tjmo features, so the whole run
# must come from one font.
_JAMO = ((0x1100, 0x11FF), (0xA960, 0xA97F))


def in_repertoire(codepoint: int) -> bool:
    """Whether the Hangul cuts keep `codepoint` (Hanja and other scripts are left to the full face)."""
    return any(start <= codepoint <= end for start, end in _BLOCKS)


def is_common(codepoint: int) -> bool:
    """Whether `codepoint` goes in the small cut: a KS X 1001 syllable (two bytes in EUC-KR), or
    anything in the repertoire but Hangul syllables and conjoining jamo."""
    if 0xAC00 <= codepoint <= 0xD7A3:
        return len(chr(codepoint).encode("euc_kr")) == 2  # the others take an 8-byte jamo sequence
    return in_repertoire(codepoint) and not any(start <= codepoint <= end for start, end in _JAMO)


def _is_extra(codepoint: int) -> bool:
    # Everything but the common syllables: Pango sets the space or punctuation after a rare syllable
    # in the rare syllable's font, so the Extra cut needs them too (without, a tofu box).
    return not (0xAC00 <= codepoint <= 0xD7A3 and is_common(codepoint))


#: The cuts of each face: family-name suffix, and which of the repertoire's characters it keeps.
CUTS = ((" Hangul", is_common), (" Hangul Extra", _is_extra))


@dataclass(frozen=True)
class HangulFonts:
    """@font-face rules for the subsets, and the substitution that puts them first in print HTML."""

    css: str = ""
    #: Each installed family and the names of its cuts, in the order they are tried.
    families: dict[str, tuple[str, ...]] = field(default_factory=dict)
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
        for family, cuts in self.families.items():
            names = "".join(rf"\g<1>{cut}\g<1>, " for cut in cuts)
            css = re.sub(rf"""(["']){re.escape(family)}\1""", rf"{names}\g<0>", css)
        return css


_STYLE = re.compile(r"<style\b[^>]*>.*?</style>", re.S | re.I)
_FONT_ATTR = re.compile(r"""\bfont-family=("[^"]*"|'[^']*')""", re.I)


@lru_cache(maxsize=1)
def hangul_fonts() -> HangulFonts:
    """The subsets for the installed faces of `FAMILIES`, made on first use and cached on disk.
    Empty (no substitution) without fontconfig, without the fonts, or with an unwritable cache."""
    rules, families = [], {}
    for family in FAMILIES:
        faces = [(weight, suffix, _subset_file(path, index, suffix))
                 for path, index, weight in installed_faces(family) for suffix, _ in CUTS]
        files = [(weight, suffix, file) for weight, suffix, file in faces if isinstance(file, Path)]
        if not faces or len(files) != len(faces):
            continue
        families[family] = tuple(family + suffix for suffix, _ in CUTS)
        rules += [f'@font-face {{ font-family: "{family}{suffix}"; src: url("{file.as_uri()}"); '
                  f"font-weight: {weight}; }}" for weight, suffix, file in files]
    return HangulFonts("\n".join(rules), families, (cache_dir() / NAMESPACE).resolve() if families else None)


def _subset_file(path: str, index: int, suffix: str) -> Path | bytes:

    stat = os.stat(path)
    key = cache_key(path, str(index), suffix, str(stat.st_mtime_ns), str(stat.st_size), code=[__name__, "streetkit.fonts"],
                    libraries=["uharfbuzz"])
    return cached_file(NAMESPACE, key, lambda: subset_hangul(path, index, dict(CUTS)[suffix]))


def subset_hangul(path: str, index: int = 0, keeps: Callable[[int], bool] = is_common) -> bytes:
    """The face at `index` of `path` cut to the characters of `in_repertoire` that `keeps`, with the
    layout features horizontal Korean and Latin text use (vertical forms dropped)."""
    # CID = glyph index, as in the source: WeasyPrint writes glyph indices as CIDs, and Ghostscript
    # (a shop's RIP, and the separations test) maps CIDs through the charset, so HarfBuzz's default
    # (the source CIDs) garbles text.
    return cut_font(path, index, lambda c: in_repertoire(c) and keeps(c),
                    ("kern", "liga", "locl", "palt", "ccmp", "ljmo", "vjmo", "tjmo"), ["CFF_IDENTITY_CHARSET"])
