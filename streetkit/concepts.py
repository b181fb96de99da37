"""Brand concepts: the different ways a consultant proposes to carry one street's seed colour, each a
palette strategy, a type pairing and a symbol style. The association picks one (`brand.concept`);
from then on the tokens, the site, the print files and the brand pack follow it.

A colour or typeface the profile states itself (`brand.secondary`, `brand.font` …) wins over the
concept's: a concept fills in what the street has not decided.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .tokens import from_oklch, oklch

if TYPE_CHECKING:
    from .models import Brand

Palette = tuple[str, str, str]


def _tonal(seed: str) -> Palette:
    """One hue in three depths: the seed, a deep shade for text and grounds, a lighter tone to accent."""
    lightness, chroma, hue = oklch(seed)
    return seed, from_oklch(max(lightness - 0.24, 0.28), chroma * 0.85, hue), \
        from_oklch(min(lightness + 0.14, 0.84), max(chroma * 0.7, 0.06), (hue + 12) % 360)


def _complementary(seed: str) -> Palette:
    """The seed against its complement, on a charcoal of the seed's hue: lively, for signs seen from afar."""
    lightness, chroma, hue = oklch(seed)
    return seed, from_oklch(0.31, min(chroma, 0.035), hue), from_oklch(0.7, max(chroma, 0.13), (hue + 180) % 360)


#: Obangsaek's coloured directions as dyed-cloth tones (OKLCH hue): 적 red, 황 yellow ochre, 청 blue.
OBANGSAEK = {"red": 29, "ochre": 80, "blue": 255}


def _heritage(seed: str) -> Palette:
    """Obangsaek's earth: the seed muted to a dyed cloth's tone, 먹 (ink) for text and grounds, and
    to accent the obangsaek colour farthest round the wheel from both the seed and its complement
    (which the contrast concept takes), muted alike."""
    lightness, chroma, hue = oklch(seed)

    def apart(a: float, b: float) -> float:
        return min(abs(a - b), 360 - abs(a - b))

    far = max(OBANGSAEK.values(), key=lambda h: min(apart(h, hue), apart(h, (hue + 180) % 360)))
    return from_oklch(min(max(lightness, 0.46), 0.56), min(chroma, 0.11), hue), \
        from_oklch(0.27, 0.02, 60), from_oklch(0.5, 0.09, far)


@dataclass(frozen=True)
class Concept:
    """One proposal: what it is called and why, its colours from the seed, its typefaces, its symbol."""

    id: str
    ko: str
    en: str
    idea_ko: str
    idea_en: str
    palette: Callable[[str], Palette]
    #: The heading face (`brand.font`); the text face is always the theme's sans.
    font: str
    #: "badge" (the monogram in a rounded square), "wordmark" (the name alone; the icon is the bare
    #: first syllable) or "seal" (a pictogram of the street's main trade in a round seal).
    symbol: str


CONCEPTS: dict[str, Concept] = {c.id: c for c in (
    Concept("tonal", "한 색의 농담", "Tonal",
            "대표색 하나를 짙고 옅게 나눠 써서 어디에 붙어도 한눈에 같은 골목으로 읽힙니다. 글꼴은 고딕, 상징은 첫 글자 배지.",
            "One hue in three depths, so every sign and flyer reads as the same street; a gothic face and a "
            "monogram badge.", _tonal, "sans", "badge"),
    Concept("contrast", "보색 대비", "Complementary accent",
            "대표색과 그 보색을 숯색 위에 맞세워 멀리서도 눈에 띕니다. 글꼴은 둥근 고딕, 상징 없이 이름 글자만.",
            "The seed against its complement on charcoal, seen from afar; a rounded face and the name alone "
            "as the mark.", _complementary, "rounded", "wordmark"),
    Concept("heritage", "전통 오방색", "Heritage",
            "대표색을 물들인 천처럼 가라앉히고 먹색과 오방색 하나를 더해 시장의 오래된 결을 살립니다. "
            "글꼴은 명조, 상징은 업종 그림 도장.",
            "The seed muted like dyed cloth, with ink and an obangsaek colour: a market's long history; a serif "
            "face and a seal with a pictogram of the street's trade.", _heritage, "serif", "seal"),
)}


def apply(brand: Brand) -> Brand:
    """`brand` with its concept's colours and typeface filled in where the profile left them open."""
    if not brand.concept:
        return brand
    concept = CONCEPTS[brand.concept]
    primary, secondary, accent = concept.palette(brand.primary)
    update: dict[str, str] = {"primary": primary}
    for name, value in (("secondary", secondary), ("accent", accent), ("font", concept.font)):
        if name not in brand.model_fields_set:
            update[name] = value
    return brand.model_copy(update=update)


def proposals(brand: Brand, count: int = len(CONCEPTS)) -> list[tuple[Concept, Brand]]:
    """The first `count` concepts (the chosen one first), each with the profile's brand section as
    it would read with that concept chosen (`apply` gives its colours). A proposal is a whole
    system: the profile's own secondary, accent and typeface are set aside (a street that keeps them
    after choosing keeps them over the concept's)."""
    order = sorted(CONCEPTS.values(), key=lambda c: c.id != brand.concept)
    kept = brand.model_dump(exclude={"concept", "secondary", "accent", "font"}, exclude_unset=True)
    return [(c, type(brand).model_validate({**kept, "concept": c.id})) for c in order[:count]]
