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
