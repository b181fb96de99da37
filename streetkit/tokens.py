"""Design tokens derived from the brand seed, in OKLCH, with text colours checked against WCAG 2.1.

The seed colour is kept as the brand's identity. Everything else is computed in OKLCH (a perceptual
space, via coloraide) so that a scale step means the same lightness whatever the hue: tonal scales
50–900 for primary, secondary, accent and a brand-tinted neutral, semantic colours, and the colours
text is set in — each darkened (hue and chroma kept) until every text/background pair the themes
use reaches 4.5:1. What had to be adjusted is reported as notes.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .models import Brand

AA_TEXT = 4.5
AA_LARGE = 3.0
WHITE, INK = "#FFFFFF", "#1A1A1A"

#: Scale step → OKLCH lightness and the share of the seed's chroma it keeps (pale and deep steps
#: carry less colour, as in Material's and Tailwind's palettes).
STEPS: dict[int, tuple[float, float]] = {
    50: (0.97, 0.18), 100: (0.935, 0.32), 200: (0.87, 0.55), 300: (0.79, 0.8), 400: (0.70, 0.95),
    500: (0.61, 1.0), 600: (0.53, 1.0), 700: (0.45, 0.9), 800: (0.37, 0.8), 900: (0.29, 0.7),
}
#: Semantic colours: (OKLCH hue, chroma) of a conventional success green, warning amber, danger red, info blue.
SEMANTIC = {"success": (150.0, 0.14), "warning": (75.0, 0.16), "danger": (27.0, 0.19), "info": (245.0, 0.13)}
#: A modular type scale (major third, 1.25): name → rem, with the line height it sets at.
TYPE_SCALE = {"display": (2.441, 1.15), "h1": (1.953, 1.2), "h2": (1.563, 1.3), "h3": (1.25, 1.4),
              "body": (1.0, 1.7), "small": (0.8, 1.5)}


def _rgb(hex_color: str) -> tuple[float, float, float]:
    h = hex_color.lstrip("#")
    return int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02X}" for c in rgb)


def luminance(hex_color: str) -> float:
    """WCAG relative luminance."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in _rgb(hex_color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(a: str, b: str, t: float) -> str:
    """`a` moved a fraction `t` of the way towards `b` (in sRGB)."""
    ra, rb = _rgb(a), _rgb(b)
    red, green, blue = (x + (y - x) * t for x, y in zip(ra, rb))
    return _hex((red, green, blue))


@lru_cache(maxsize=1024)
def oklch(hex_color: str) -> tuple[float, float, float]:
    """(lightness 0–1, chroma, hue in degrees) of an sRGB hex colour."""
    from coloraide import Color  # 0.3 s to import: only a process that derives colours pays for it

    lightness, chroma, hue = Color(hex_color).convert("oklch").coords(nans=False)
    return lightness, chroma, hue


@lru_cache(maxsize=4096)
def from_oklch(lightness: float, chroma: float, hue: float) -> str:
    """The sRGB hex colour nearest to an OKLCH colour: out-of-gamut colours lose chroma, not hue."""
    from coloraide import Color

    colour = Color("oklch", [lightness, chroma, hue]).fit("srgb", method="oklch-chroma").convert("srgb")
    r, g, b = colour.coords()
    return _hex((r, g, b))


def darken_until(color: str, against: str, ratio: float = AA_TEXT) -> str:
    """The closest shade of `color` (same hue; OKLCH lightness moved away from `against`: down on a
    light background, up on a dark one) that reaches `ratio` on `against`."""
    if contrast(color, against) >= ratio:
        return color
    lightness, chroma, hue = oklch(color)
    step = -0.01 if luminance(against) > 0.18 else 0.01
    while 0 < lightness < 1:
        lightness = round(lightness + step, 2)
        candidate = from_oklch(lightness, chroma, hue)
        if contrast(candidate, against) >= ratio:
            return candidate
    return "#000000" if step < 0 else "#FFFFFF"


def readable(color: str, backgrounds: list[str], ratio: float = AA_TEXT) -> str:
    """`color` adjusted until it reaches `ratio` on every one of `backgrounds`."""
    for _ in range(3):  # adjusting for one background can only help the others of the same kind
        for background in backgrounds:
            color = darken_until(color, background, ratio)
    return color


def scale(seed: str, chroma: float | None = None) -> dict[int, str]:
    """A tonal scale 50–900 in the seed's hue; `chroma` overrides the seed's (neutrals use ~0.01)."""
    _, seed_chroma, hue = oklch(seed)
    base = seed_chroma if chroma is None else chroma
    return {step: from_oklch(lightness, base * share, hue) for step, (lightness, share) in STEPS.items()}


@dataclass(frozen=True)
class ColourNote:
    """What the derivation changed to reach contrast, said in English and in Korean (build output
    in fixed languages: the brand guide is Korean, the palette notes English). Its `str` is the
    English."""

    en: str
    ko: str

    def __str__(self) -> str:
        return self.en


#: The brand colours' names in the Korean guide.
_KO_NAMES = {"primary": "주조색", "secondary": "보조색", "accent": "강조색"}


def _text_on(name: str, colour: str, grounds: list[str], notes: list[ColourNote]) -> str:
    """`colour` adjusted until it reads as text on the page and on the brand tint."""
    text = readable(colour, grounds)
    if text != colour:
        # Both figures, each against its own ground: the guide's table shows them one by one.
        page, tint = contrast(text, grounds[0]), contrast(text, grounds[1])
        notes.append(ColourNote(
            f"{name} {colour} has {contrast(colour, grounds[0]):.2f}:1 on the page; text in it uses {text} "
            f"({page:.2f}:1 on the page, {tint:.2f}:1 on the brand tint)",
            f"{_KO_NAMES[name]} {colour}은(는) 바탕과의 명도 대비가 {contrast(colour, grounds[0]):.2f} : 1이라, "
            f"이 색의 글자는 {text}로 씁니다 (바탕에서 {page:.2f} : 1, 브랜드 옅은 색에서 {tint:.2f} : 1)."))
    return text


def derive(brand: Brand, theme_tokens: dict[str, str] | None = None) -> tuple[dict[str, str], list[ColourNote]]:
    """Tokens (CSS-ready values keyed by name) and notes on what was adjusted for contrast.

    A theme may set the page's `color-surface` and `color-ink` (a warm paper, a night-market
    black); text colours are then checked against that page, lightened on a dark one."""
    from .concepts import apply  # concepts build on this module's colour functions

    brand = apply(brand)  # a chosen concept's colours and typeface, where the profile left them open
    notes: list[ColourNote] = []
    theme_tokens = theme_tokens or {}
    primary = brand.primary
    p_light, p_chroma, p_hue = oklch(primary)
    surface = theme_tokens.get("color-surface", WHITE)
    dark = luminance(surface) < 0.18
    ink = theme_tokens.get("color-ink", "#F2F2F2" if dark else INK)
    # The tint is a page-coloured wash of the brand hue: just above a dark page, just below a light one.
    tint = from_oklch(0.27 if dark else 0.965, min(p_chroma, 0.12) * (0.45 if dark else 0.25), p_hue)
    grounds = [surface, tint]
    primary_text = _text_on("primary", primary, grounds, notes)
    # Brand-coloured surfaces with text on them (hero, buttons): prefer white text, else dark text.
    if contrast(primary, WHITE) >= AA_TEXT:
        primary_surface, on_primary = primary, WHITE
    elif contrast(primary, INK) >= AA_TEXT:
        primary_surface, on_primary = primary, INK
    else:
        primary_surface, on_primary = darken_until(primary, WHITE), WHITE
        notes.append(ColourNote(
            f"primary {primary} reaches AA with neither white nor dark text; surfaces use {primary_surface}",
            f"주조색 {primary}은(는) 흰 글자로도 검은 글자로도 4.5 : 1에 이르지 않아, 주조색 면은 "
            f"{primary_surface}로 씁니다."))
    # Without a chosen secondary/accent, derive them by hue: a deeper shade and a warm complement.
    secondary = brand.secondary or from_oklch(max(p_light - 0.18, 0.3), p_chroma * 0.8, p_hue)
    accent = brand.accent or from_oklch(0.75, max(p_chroma, 0.12), (p_hue + 150) % 360)
    tokens = {
        "color-primary": primary,
        "color-primary-text": primary_text,
        "color-primary-surface": primary_surface,
        "color-on-primary": on_primary,
        "color-primary-tint": tint,
        "color-secondary": secondary,
        # Only colours the profile chose are worth a note when adjusted; derived ones are ours to set.
        "color-secondary-text": _text_on("secondary", secondary, grounds, notes if brand.secondary else []),
        "color-accent": accent,
        "color-accent-text": _text_on("accent", accent, grounds, notes if brand.accent else []),
        "color-surface": surface,
        "color-ink": readable(ink, grounds),
        # Neutrals carry a trace of the brand hue; muted text is checked like any other text.
        "color-muted": readable(from_oklch(0.72 if dark else 0.5, 0.012, p_hue), grounds),
        "color-border": from_oklch(0.4 if dark else 0.88, 0.008, p_hue),
        # The keyboard focus ring: the accent, moved until it stands out from the page (3:1 for UI).
        "color-focus": readable(accent, [surface], AA_LARGE),
        # The brand on paper, whatever the theme: logos, share cards and the brand guide use these,
        # so a night-market theme does not turn the logo's lettering light.
        "color-brand-text": readable(primary, [WHITE, from_oklch(0.965, min(p_chroma, 0.12) * 0.25, p_hue)]),
        "color-brand-ink": INK,
    }
    for name, seed in (("primary", primary), ("secondary", secondary), ("accent", accent)):
        tokens.update({f"color-{name}-{step}": v for step, v in scale(seed).items()})
    tokens.update({f"color-neutral-{step}": v for step, v in scale(primary, 0.012).items()})
    for name, (hue, chroma) in SEMANTIC.items():
        base = from_oklch(0.62, chroma, hue)
        own = from_oklch(0.3 if dark else 0.96, chroma * (0.35 if dark else 0.2), hue)
        tokens[f"color-{name}"] = base
        # Status text sits on the page, on the brand tint and on its own pale surface: clear all three.
        tokens[f"color-{name}-text"] = readable(base, [*grounds, own])
        tokens[f"color-{name}-surface"] = own
    for name, (size, leading) in TYPE_SCALE.items():
        tokens[f"text-{name}"] = f"{size}rem"
        tokens[f"leading-{name}"] = str(leading)
    # The logo's clear space (in units of the symbol's height) and minimum sizes, from the brand pack.
    tokens.update({"logo-clear-space": "0.5", "logo-min-print": "20mm", "logo-min-screen": "96px",
                   "logo-symbol-min": "16px"})
    merged = dict(theme_tokens)
    merged.update(tokens)
    # The brand's typeface choice picks which of the theme's font stacks headings use, unless the
    # theme's look depends on its own (a traditional market's 명조 headings).
    merged["font-heading"] = (theme_tokens.get("font-heading") or merged.get(f"font-{brand.font}")
                              or merged.get("font-sans", "sans-serif"))
    return merged, notes


def as_css(tokens: dict[str, str], selector: str = ":root") -> str:
    """Tokens as CSS custom properties."""
    body = "".join(f"  --{k}: {v};\n" for k, v in sorted(tokens.items()))
    return f"{selector} {{\n{body}}}\n"
