"""The colour system as files: CSS custom properties, W3C design-tokens JSON, a GIMP/Inkscape palette, and a contrast report."""
from __future__ import annotations

import json

from streetkit import Street, contrast

#: Text/background pairs the themes use, with the contrast WCAG 2.1 AA asks of them:
#: 4.5:1 for body text, 3:1 for large text and for UI such as the focus ring.
PAIRS = [
    ("color-primary-text", "color-surface", 4.5), ("color-primary-text", "color-primary-tint", 4.5),
    ("color-on-primary", "color-primary-surface", 4.5), ("color-ink", "color-surface", 4.5),
    ("color-ink", "color-primary-tint", 4.5), ("color-muted", "color-surface", 4.5),
    ("color-muted", "color-primary-tint", 4.5), ("color-secondary-text", "color-surface", 4.5),
    ("color-accent-text", "color-surface", 4.5), ("color-success-text", "color-success-surface", 4.5),
    ("color-warning-text", "color-warning-surface", 4.5), ("color-danger-text", "color-danger-surface", 4.5),
    ("color-info-text", "color-info-surface", 4.5), ("color-focus", "color-surface", 3.0),
]
#: Tonal scale steps, as the tokens name them.
STEPS = (50, 100, 200, 300, 400, 500, 600, 700, 800, 900)
SCALES = ("primary", "secondary", "accent", "neutral")


def _rgb(hex_color: str) -> tuple[int, int, int]:
    h = hex_color.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def colour_tokens(street: Street) -> dict[str, str]:
    return {k: v for k, v in sorted(street.tokens.items()) if k.startswith("color-")}


def tokens_json(street: Street) -> str:
    """W3C Design Tokens (community group format): colours with CMYK hints, font stacks, the type
    scale and the logo's clear space and minimum sizes."""
    t = street.tokens
    colours = {k[len("color-"):]: {"$type": "color", "$value": v, "$extensions": {"kr.streetkit.cmyk": street.cmyk(v)}}
               for k, v in colour_tokens(street).items()}
    fonts = {k[len("font-"):]: {"$type": "fontFamily", "$value": [f.strip().strip('"') for f in v.split(",")]}
             for k, v in sorted(t.items()) if k.startswith("font-")}
    text = {k[len("text-"):]: {"$type": "dimension", "$value": v,
                               "$extensions": {"kr.streetkit.lineHeight": float(t["leading-" + k[len("text-"):]])}}
            for k, v in t.items() if k.startswith("text-")}
    logo = {"clear-space": {"$type": "number", "$value": float(t["logo-clear-space"]),
                            "$description": "Free space around the logo, in units of the symbol's height"},
            **{k[len("logo-"):]: {"$type": "dimension", "$value": v} for k, v in t.items()
               if k.startswith("logo-min") or k == "logo-symbol-min"}}
    doc = {"color": colours, "font": fonts, "text": text, "logo": logo}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def palette_gpl(street: Street) -> str:
    """A GIMP/Inkscape palette of the brand colours."""
    lines = ["GIMP Palette", f"Name: {street.profile.name}", "Columns: 10", "#"]
    lines += [f"{r:3d} {g:3d} {b:3d}\t{k}" for k, v in colour_tokens(street).items() for r, g, b in [_rgb(v)]]
    return "\n".join(lines) + "\n"


def contrast_report(street: Street) -> str:
    """Every text/background pair the themes use, its ratio and whether it passes AA."""
    t = street.tokens
    rows = ["| text | background | ratio | AA |", "|---|---|---|---|"]
    for fg, bg, need in PAIRS:
        ratio = contrast(t[fg], t[bg])
        rows.append(f"| {fg} {t[fg]} | {bg} {t[bg]} | {ratio:.2f}:1 | {'pass' if ratio >= need else 'FAIL'} |")
    seed = street.profile.brand.primary
    adjusted = "".join(f"- {note}\n" for note in street.token_notes) or "- nothing: the seed colours pass as they are\n"
    return (f"# {street.profile.name}: colour contrast\n\nSeed colour {seed}: {contrast(seed, '#FFFFFF'):.2f}:1 on "
            "white. Text colours are derived from it in OKLCH (same hue, lower lightness) until every pair "
            "reaches WCAG AA: 4.5:1 for text, 3:1 for the focus ring.\n\n"
            + "\n".join(rows) + "\n\n## Adjusted\n\n" + adjusted)


def pairs(street: Street) -> list[tuple[str, str, str, str, float, float]]:
    """(text token, its value, background token, its value, ratio, ratio needed) for every pair."""
    t = street.tokens
    return [(fg, t[fg], bg, t[bg], contrast(t[fg], t[bg]), need) for fg, bg, need in PAIRS]


#: The colours the brand chapter of the report shows, with what each is for.
SWATCHES = [("color-primary", "주조색"), ("color-primary-surface", "주조색 면"),
            ("color-primary-text", "주조색 글자"), ("color-primary-tint", "바탕 틴트"),
            ("color-secondary", "보조색"), ("color-accent", "강조색"), ("color-ink", "본문 글자"),
            ("color-muted", "보조 글자")]


def swatch_label(key: str, label: str, tokens: dict[str, str]) -> str:
    """A swatch's label; the brand surface's says which text it carries, white or dark (it said
    "흰 글자" over a surface whose text is #1A1A1A)."""
    if key != "color-primary-surface":
        return label
    white = tokens.get("color-on-primary", "").upper() in ("#FFF", "#FFFFFF")
    return f"{label} ({'흰' if white else '검은'} 글자)"
