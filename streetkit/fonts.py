"""Finding installed fonts through fontconfig, the way WeasyPrint and the browser would."""
from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from typing import Any

from .errors import StreetkitError
from .i18n import _


@cache
def find_font(pattern: str) -> tuple[str, int]:
    """(file, index in a collection) of the font fontconfig picks for `pattern`, e.g.
    `"Noto Sans CJK KR:style=Bold"` (use `style=`: fontconfig's `weight=` scale is not CSS's)."""
    if not shutil.which("fc-match"):
        raise StreetkitError(_("fc-match (fontconfig) is not installed; run scripts/setup.sh"))
    out = subprocess.run(["fc-match", "-f", "%{file}|%{index}", pattern], capture_output=True, text=True)
    if out.returncode != 0 or "|" not in out.stdout:
        raise StreetkitError(_("no installed font matches {pattern!r}", pattern=pattern))
    path, index = out.stdout.rsplit("|", 1)
    return path, int(index or 0)


def cut_font(path: str, index: int, keep: Callable[[int], bool], features: Iterable[str],
             flags: Iterable[str] = ()) -> bytes:
    """The face at `index` of `path` cut by HarfBuzz to the characters `keep` accepts, with the
    layout `features` (OpenType tags) and `flags` (names of `uharfbuzz.SubsetFlags`, e.g.
    "DESUBROUTINIZE"). Milliseconds where fontTools takes a second."""
    import uharfbuzz as hb

    face = hb.Face(hb.Blob.from_file_path(path), index)
    wanted = hb.SubsetInput()
    for codepoint in face.unicodes:
        if keep(codepoint):
            wanted.unicode_set.add(codepoint)
    tags = wanted.layout_feature_tag_set
    tags.clear()
    for tag in features:
        tags.add(int.from_bytes(tag.encode("ascii"), "big"))
    wanted.flags = hb.SubsetFlags(0)
    for flag in flags:
        wanted.flags |= hb.SubsetFlags[flag]
    return bytes(hb.subset(face, wanted).blob.data)


# fontconfig's weight scale → CSS font-weight (WeasyPrint maps @font-face weights back the same way).
_CSS_WEIGHT = {0: 100, 40: 200, 50: 300, 80: 400, 100: 500, 180: 600, 200: 700, 205: 800, 210: 900}


def installed_faces(family: str) -> list[tuple[str, int, int]]:
    """(file, index in a collection, CSS weight) of each upright installed face of `family`,
    one per weight."""
    if not shutil.which("fc-list"):
        return []
    out = subprocess.run(["fc-list", f"{family}:slant=0", "-f", "%{file}|%{index}|%{weight}|%{family}\n"],
                         capture_output=True, text=True).stdout
    faces: dict[int, tuple[str, int, int]] = {}
    for line in sorted(out.splitlines()):
        path, index, weight, families = line.split("|", 3)
        if family not in families.split(",") or not weight.isdigit():
            continue
        fc_weight = int(weight)
        css = _CSS_WEIGHT[min(_CSS_WEIGHT, key=lambda w: abs(w - fc_weight))]
        # Two faces near one CSS weight (Light and DemiLight): keep the exact one.
        if css not in faces or fc_weight in _CSS_WEIGHT:
            faces[css] = (path, int(index or 0), css)
    return [faces[w] for w in sorted(faces)]


@lru_cache(maxsize=8)
def harfbuzz_font(pattern: str) -> Any:
    """A `uharfbuzz.Font` of the face fontconfig picks for `pattern`, scaled in font units (one
    per pattern and process): for shaping, measuring and drawing glyphs. HarfBuzz reads the
    mapped file as it is, where fontTools would first parse a CJK face's 65,000 glyphs (a second
    or more, on every build)."""
    import uharfbuzz as hb

    path, index = find_font(pattern)
    return hb.Font(hb.Face(hb.Blob.from_file_path(path), index))


def text_width_em(text: str, pattern: str) -> float:
    """The advance width of `text` in em, from the font fontconfig picks for `pattern`
    (characters the font lacks count as 1 em). Used to place text exactly, e.g. right-aligned
    chart labels, without asking the renderer to align it."""
    font = harfbuzz_font(pattern)
    upem: int = font.face.upem
    total = 0
    for ch in text:
        glyph = font.get_nominal_glyph(ord(ch))
        total += int(font.get_glyph_h_advance(glyph)) if glyph is not None else upem
    return total / upem
