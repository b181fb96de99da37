"""What the brand-guideline PDF shows, worked out here so its template holds only markup."""
from __future__ import annotations

import streetkit
from streetkit import Street, contrast

from . import applications, lockups, palette
from .lockups import data_uri

#: (token, Korean role, English role) of the main colours, in the order the guide shows them.
MAIN = [("color-primary", "주조색", "Primary"), ("color-secondary", "보조색", "Secondary"),
        ("color-accent", "강조색", "Accent"), ("color-primary-tint", "바탕 틴트", "Tint"),
        ("color-ink", "본문 글자", "Ink"), ("color-muted", "보조 글자", "Muted")]
SCALE_NAMES = {"primary": "주조색", "secondary": "보조색", "accent": "강조색", "neutral": "무채색"}
SEMANTIC = [("success", "성공·영업 중"), ("warning", "주의·마감 임박"), ("danger", "오류·휴무"), ("info", "안내")]
#: How a logo must not be used: (Korean caption, CSS applied to the lockup image).
#: (caption, kind, CSS) of each misuse the guideline crosses out; kind picks how the tile is drawn.
MISUSE = [("비율을 바꾸지 마세요", "logo", "transform: scaleX(1.45)"),
          ("기울이거나 돌리지 마세요", "logo", "transform: rotate(-14deg)"),
          ("색을 바꾸지 마세요", "logo", "filter: hue-rotate(150deg)"),
          ("효과를 넣지 마세요", "logo", "filter: drop-shadow(1.2mm 1.2mm 0 #999)"),
          ("대비가 낮은 바탕에 놓지 마세요", "logo", "opacity: .35"), ("구성 요소를 떼어 쓰지 마세요", "split", ""),
          ("복잡한 사진 위에 그냥 놓지 마세요", "photo", ""), ("다른 글꼴로 다시 쓰지 마세요", "retyped", "")]
#: Body sizes the type scale is based on: 16 px on screen, 10 pt in print.
WEB_BASE_PX, PRINT_BASE_PT = 16, 10
#: The clear-space figure: the lockup's height (mm), and the widest the figure may be with its
#: margins (mm) so that the minimum sizes keep their column beside it on the A4 landscape page.
CLEAR_LOCKUP_MM, CLEAR_FIGURE_MAX_MM = 28.0, 165.0


def clear_lockup_height(lockup_svg: str, clear_space: float) -> float:
    """The lockup's height in the clear-space figure: 28 mm, less for a name so long that the
    lockup and its margin (`clear_space` × its height on each side) would be wider than 165 mm."""
    return min(CLEAR_LOCKUP_MM, round(CLEAR_FIGURE_MAX_MM / (lockups.aspect(lockup_svg) + 2 * clear_space), 1))


def readable_on(background: str) -> str:
    """Ink or white, whichever reads better on `background` (for labels on colour chips)."""
    return "#1A1A1A" if contrast("#1A1A1A", background) >= contrast("#FFFFFF", background) else "#FFFFFF"


def context(street: Street) -> dict:
    t = street.tokens
    svg = street.data["brand"]["svg"]  # the per-street cache the logo files and templates share
    uris = {kind: {v: data_uri(svg(kind, v)) for v in lockups.VARIANTS} for kind in lockups.KINDS}
    on_brand = lockups.on_brand(t)
    main = [(ko, en, key, t[key], palette._rgb(t[key]), street.cmyk(t[key]), readable_on(t[key])) for key, ko, en in MAIN]
    scales = [(SCALE_NAMES[name], [(step, t[f"color-{name}-{step}"], readable_on(t[f"color-{name}-{step}"]))
                                   for step in palette.STEPS]) for name in palette.SCALES]
    semantic = [(name, label, t[f"color-{name}"], t[f"color-{name}-text"], t[f"color-{name}-surface"])
                for name, label in SEMANTIC]
    type_scale = [(name, round(float(t[f"text-{name}"][:-3]) * WEB_BASE_PX),
                   round(float(t[f"text-{name}"][:-3]) * PRINT_BASE_PT, 1), t[f"leading-{name}"])
                  for name in ("display", "h1", "h2", "h3", "body", "small")]
    bold, light = lockups.FACES[street.brand.font]
    p = street.profile
    upcoming = street.upcoming_events()  # the same list as the printed flyer's
    return {
        # The street flyer as it prints, shown as an application (its QR leads to the site's home).
        "flyer": {"events": upcoming, "qr_target": p.base_url},
        "logo": uris, "on_brand": on_brand, "main": main, "scales": scales, "semantic": semantic,
        "pairs": palette.pairs(street), "notes": street.token_notes, "type_scale": type_scale,
        "wordmark_faces": (bold.replace(":style=", " "), light.replace(":style=", " ")),
        "names": lockups.names(street), "monogram": None if street.profile.brand.logo else lockups.monogram(street),
        "symbol_style": lockups.symbol_style(street),
        "applications": [(a.ko, a.en, a.width_mm, a.height_mm, a.bleed_mm, f"brand/applications/{a.id}.pdf")
                         for a in applications.APPLICATIONS],
        "social": list(applications.SOCIAL.items()),
        "concept": streetkit.CONCEPTS[street.brand.concept].ko if street.brand.concept else None,
        "clear_space": float(t["logo-clear-space"]),
        "clear_height": clear_lockup_height(svg("horizontal", "color"), float(t["logo-clear-space"])),
        "min_print": t["logo-min-print"], "min_screen": t["logo-min-screen"],
        "symbol_min": t["logo-symbol-min"], "misuse": MISUSE,
        # A busy photo of the street itself for the misuse it shows (a merchant's, else none: a pattern).
        "busy_photo": next((m.photo for m in p.merchants if m.photo and not m.photo.lower().endswith(".svg")), None),
        "cmyk_profile": profile.info if (profile := street.output_profile) else None,
    }
