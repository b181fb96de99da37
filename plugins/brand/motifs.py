"""Pictograms for the heritage concept's seal: one small motif per kind of trade, drawn as round-capped
strokes in a 100 × 100 box so that they read at a favicon's 16 px and on a five-metre banner alike."""
from __future__ import annotations

from collections import Counter

from streetkit import Street

#: Motif → stroke paths (box 0–100; drawn 7 units wide inside a seal).
MOTIFS: dict[str, tuple[str, ...]] = {
    # a rice bowl with chopsticks
    "bowl": ("M18 52H82", "M21 52C23 71 36 81 50 81S77 71 79 52", "M57 22L77 44", "M66 17L85 38"),
    # a market basket
    "basket": ("M18 44H82L73 80H27Z", "M33 44C33 24 67 24 67 44", "M40 54V70", "M50 54V70", "M60 54V70"),
    # scissors: repair and personal services
    "scissors": ("M35 70m-10 0a10 10 0 1 0 20 0a10 10 0 1 0-20 0", "M65 70m-10 0a10 10 0 1 0 20 0a10 10 0 1 0-20 0",
                 "M41 62L70 20", "M59 62L30 20"),
    # an open book: education, arts
    "book": ("M20 30C34 25 44 27 50 33C56 27 66 25 80 30V76C66 71 56 73 50 79C44 73 34 71 20 76Z", "M50 33V79"),
    # a shop front under its roof: everything else
    "shop": ("M17 47L50 21L83 47", "M26 43V80H74V43", "M44 80V61H56V80"),
}
#: A trade category → its motif (categories.py's ids).
BY_CATEGORY = {"food": "bowl", "retail": "basket", "repair_personal": "scissors", "education": "book",
               "arts_sports": "book"}


def motif_of(street: Street) -> str:
    """The motif of the trade most of the street's shops are in."""
    counts = Counter(m.category for m in street.profile.merchants)
    top = counts.most_common(1)[0][0] if counts else ""
    return BY_CATEGORY.get(top, "shop")


def seal(motif: str, ring: str, drawing: str | None, size: float) -> str:
    """A round seal `size` wide: a filled disc in `ring` with the motif in `drawing`, or, with no
    `drawing` (one-colour and reversed variants), a ring with the motif in the same ink."""
    k = size / 100
    strokes = "".join(f'<path d="{d}"/>' for d in MOTIFS[motif])
    disc = (f'<circle cx="50" cy="50" r="48" fill="{ring}"/>' if drawing else
            f'<circle cx="50" cy="50" r="45" fill="none" stroke="{ring}" stroke-width="6"/>')
    ink = drawing or ring
    return (f'<g transform="scale({k:.4f})">{disc}<g transform="translate(14 14) scale(0.72)" fill="none" '
            f'stroke="{ink}" stroke-width="7" stroke-linecap="round" stroke-linejoin="round">{strokes}</g></g>')
