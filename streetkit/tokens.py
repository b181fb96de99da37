"""Design tokens derived from the brand seed, with text colours checked against WCAG 2.1.

The seed colour is kept as the brand's identity; the colours text is set in are derived from it so
that every text/background pair the themes use reaches 4.5:1, whatever colour a street picks.
"""
from __future__ import annotations

from .models import Brand

AA_TEXT = 4.5


def _rgb(hex_color: str) -> tuple[float, float, float]:
    h = hex_color.lstrip("#")
    return tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


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
    return _hex(tuple(x + (y - x) * t for x, y in zip(ra, rb)))  # type: ignore[arg-type]


def darken_until(color: str, against: str, ratio: float = AA_TEXT) -> str:
    """The closest shade of `color` (mixed towards black) that reaches `ratio` against `against`."""
    for step in range(0, 101, 2):
        candidate = mix(color, "#000000", step / 100)
        if contrast(candidate, against) >= ratio:
            return candidate
    return "#000000"


def derive(brand: Brand, theme_tokens: dict[str, str] | None = None) -> tuple[dict[str, str], list[str]]:
    """Tokens (CSS-ready values keyed by name) and notes on what was adjusted for contrast."""
    notes: list[str] = []
    primary = brand.primary
    white, ink = "#FFFFFF", "#1A1A1A"
    tint = mix(primary, white, 0.9)
    # Text in the brand colour (links, headings, chips) sits on white and on the brand tint: the
    # tint is the darker of the two, so reaching 4.5:1 there covers both.
    primary_text = darken_until(primary, tint)
    if primary_text != primary:
        notes.append(f"primary {primary} has {contrast(primary, white):.2f}:1 on white; "
                     f"text uses {primary_text} ({contrast(primary_text, tint):.2f}:1 on the brand tint)")
    # Brand-coloured surfaces with text on them (hero, buttons): prefer white text, else dark text.
    if contrast(primary, white) >= AA_TEXT:
        primary_surface, on_primary = primary, white
    elif contrast(primary, ink) >= AA_TEXT:
        primary_surface, on_primary = primary, ink
    else:
        primary_surface, on_primary = darken_until(primary, white), white
        notes.append(f"primary {primary} reaches AA with neither white nor dark text; "
                     f"surfaces use {primary_surface}")
    accent = brand.accent or brand.secondary or mix(primary, "#FFB000", 0.6)
    tokens = {
        "color-primary": primary,
        "color-primary-text": primary_text,
        "color-primary-surface": primary_surface,
        "color-on-primary": on_primary,
        "color-primary-tint": tint,
        "color-secondary": brand.secondary or mix(primary, ink, 0.35),
        "color-accent": accent,
        "color-accent-text": darken_until(accent, tint),
        "color-surface": white,
        "color-ink": ink,
        "color-muted": "#595959",  # 7:1 on white
        "color-border": "#D9D9D9",
    }
    merged = dict(theme_tokens or {})
    merged.update(tokens)
    # The brand's typeface choice picks which of the theme's font stacks headings use.
    merged["font-heading"] = merged.get(f"font-{brand.font}") or merged.get("font-sans", "sans-serif")
    return merged, notes


def as_css(tokens: dict[str, str], selector: str = ":root") -> str:
    """Tokens as CSS custom properties."""
    body = "".join(f"  --{k}: {v};\n" for k, v in sorted(tokens.items()))
    return f"{selector} {{\n{body}}}\n"
