"""Fit a line of text into a printed box: shrink the type, and clip with … only as a last resort.

An estimate from character classes, not a layout: Hangul and other full-width characters are
1 em wide, Latin letters about 0.55 em. It errs on the small side so text never overflows.
"""
from __future__ import annotations

import unicodedata

PT_PER_MM = 72 / 25.4
# Lines are rarely filled to the edge: keep a margin for where the breaks fall.
FILL = 0.85


def em_width(text: str) -> float:
    """Approximate advance width of `text` in em."""
    total = 0.0
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me", "Cf"):  # combining marks, zero-width, joiners
            continue
        if unicodedata.east_asian_width(ch) in ("W", "F") or ord(ch) >= 0x1F000:
            total += 1.0
        elif ch == " ":
            total += 0.3
        elif ch.isupper() or ch in "MWmw@%":
            total += 0.7
        else:
            total += 0.56
    return total


def fit_pt(text: str, width_mm: float, max_pt: float, min_pt: float = 7, lines: int = 2) -> float:
    """The largest size (pt) up to `max_pt` at which `text` fits `lines` lines of `width_mm`."""
    em = em_width(text)
    if em == 0:
        return max_pt
    size = width_mm * PT_PER_MM * lines * FILL / em
    return round(max(min_pt, min(max_pt, size)), 1)


def fit_clip(text: str, width_mm: float, min_pt: float = 7, lines: int = 2) -> str:
    """`text`, cut with … if even at `min_pt` it would need more than `lines` lines."""
    capacity = width_mm * PT_PER_MM * lines * FILL / min_pt
    if em_width(text) <= capacity:
        return text
    out, used = [], em_width("…")
    for ch in text:
        w = em_width(ch)
        if used + w > capacity:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip() + "…"


def balanced_lines(text: str, width_mm: float, size_pt: float) -> list[str]:
    """`text` as it should break in a box `width_mm` wide at `size_pt`: one line when it fits,
    otherwise two lines of about equal width, broken at a space, so that no word — in Korean often
    a single syllable, "우유 한 / 팩" — is left alone on the last line. WeasyPrint has no
    `text-wrap: balance`."""
    capacity = width_mm * PT_PER_MM / size_pt  # in em
    if em_width(text) <= capacity * 0.97:
        return [text]
    words = text.split(" ")
    best: tuple[float, int] | None = None
    for i in range(1, len(words)):
        first, second = em_width(" ".join(words[:i])), em_width(" ".join(words[i:]))
        if first <= capacity and second <= capacity and (best is None or max(first, second) < best[0]):
            best = (max(first, second), i)
    if best is None:
        return [text]  # no two-line split fits: let the line break where it must
    return [" ".join(words[:best[1]]), " ".join(words[best[1]:])]
