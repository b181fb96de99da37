"""Brand pack: the design tokens as CSS, W3C design-tokens JSON and a swatch file, a contrast report, and a zip."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import streetkit
from streetkit import Asset, ReportSection, Street, contrast

ENABLED_BY_DEFAULT = True

#: Text/background pairs the themes use, with the contrast they need (WCAG 2.1: 4.5 body text).
PAIRS = [
    ("color-primary-text", "color-surface", 4.5), ("color-primary-text", "color-primary-tint", 4.5),
    ("color-on-primary", "color-primary-surface", 4.5), ("color-ink", "color-surface", 4.5),
    ("color-muted", "color-surface", 4.5), ("color-accent-text", "color-surface", 4.5),
]


def _rgb(hex_color: str) -> tuple[int, int, int]:
    h = hex_color.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def cmyk(hex_color: str) -> tuple[int, int, int, int]:
    """A naive CMYK approximation in percent (no ICC profile): a starting point for the print shop."""
    r, g, b = (c / 255 for c in _rgb(hex_color))
    k = 1 - max(r, g, b)
    if k >= 1:
        return 0, 0, 0, 100
    return tuple(round(100 * v) for v in ((1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k))  # type: ignore[return-value]


def colour_tokens(street: Street) -> dict[str, str]:
    return {k: v for k, v in sorted(street.tokens.items()) if k.startswith("color-")}


def tokens_json(street: Street) -> str:
    """W3C Design Tokens (community group format): colours with CMYK hints, and the font stacks."""
    colours = {k[len("color-"):]: {"$type": "color", "$value": v, "$extensions": {"kr.streetkit.cmyk": cmyk(v)}}
               for k, v in colour_tokens(street).items()}
    fonts = {k[len("font-"):]: {"$type": "fontFamily", "$value": [f.strip().strip('"') for f in v.split(",")]}
             for k, v in sorted(street.tokens.items()) if k.startswith("font-")}
    return json.dumps({"color": colours, "font": fonts}, ensure_ascii=False, indent=2) + "\n"


def palette_gpl(street: Street) -> str:
    """A GIMP/Inkscape palette of the brand colours."""
    lines = ["GIMP Palette", f"Name: {street.profile.name}", "Columns: 4", "#"]
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
    return (f"# {street.profile.name}: colour contrast\n\nSeed colour {seed}: {contrast(seed, '#FFFFFF'):.2f}:1 on "
            "white. Text colours are derived from it until every pair reaches WCAG AA (4.5:1).\n\n"
            + "\n".join(rows) + "\n")


def _files(street: Street) -> dict[str, str]:
    return {"tokens.css": ":root {\n" + "".join(f"  --{k}: {v};\n" for k, v in sorted(street.tokens.items())) + "}\n",
            "tokens.json": tokens_json(street), "palette.gpl": palette_gpl(street), "contrast.md": contrast_report(street)}


def _zip(street: Street) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in _files(street).items():
            info = zipfile.ZipInfo(f"{street.slug}-brand/{name}", date_time=(2000, 1, 1, 0, 0, 0))  # stable bytes
            z.writestr(info, text)
    return buf.getvalue()


#: The colours the brand chapter of the report shows, with what each is for.
SWATCHES = [("color-primary", "주조색"), ("color-primary-surface", "주조색 면 (흰 글자)"),
            ("color-primary-text", "주조색 글자"), ("color-primary-tint", "바탕 틴트"),
            ("color-secondary", "보조색"), ("color-accent", "강조색"), ("color-ink", "본문 글자"),
            ("color-muted", "보조 글자")]


@streetkit.hookimpl
def street_loaded(street: Street):
    """The report's brand proposal: palette with HEX/RGB/CMYK, checked contrast pairs, typography."""
    t = street.tokens
    swatches = [(label, t[key], _rgb(t[key]), cmyk(t[key])) for key, label in SWATCHES if key in t]
    pairs = [(fg, t[fg], bg, t[bg], contrast(t[fg], t[bg]), need) for fg, bg, need in PAIRS]
    heading = t.get("font-heading", "").split(",")[0].strip().strip('"')
    street.add_report_section(ReportSection(
        "brand", "브랜드 제안", "print/report/brand.html", order=80,
        context={"swatches": swatches, "pairs": pairs, "heading_font": heading,
                 "body_font": t.get("font-sans", "").split(",")[0].strip().strip('"')}))


@streetkit.hookimpl
def template_dirs():
    return [Path(__file__).parent / "templates"]


@streetkit.hookimpl
def artifacts(street: Street):
    files = [Asset(path=f"brand/{name}", data=text) for name, text in _files(street).items()]
    return files + [Asset(path=f"brand/{street.slug}-brand.zip", data=lambda: _zip(street))]
