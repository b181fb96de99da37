"""Brand proposals: the street drawn in each brand concept (streetkit.CONCEPTS) — its logo, colours
with their contrast and inks, typefaces and two applications — so that an association can compare
them on paper and choose one (`brand.concept`)."""
from __future__ import annotations

from streetkit import CONCEPTS, Street, brand_proposals, contrast

from . import lockups, palette
from .guide import readable_on
from .lockups import data_uri

#: The colours a proposal shows, with what each is for.
SWATCHES = (("color-primary", "주조색", "Primary"), ("color-secondary", "보조색", "Secondary"),
            ("color-accent", "강조색", "Accent"))
#: The tokens a spread's mock-ups paint with, set on the spread so each shows its own concept.
SPREAD_TOKENS = ("color-primary", "color-primary-surface", "color-on-primary", "color-primary-text", "color-primary-tint",
                 "color-secondary", "color-secondary-text", "color-accent", "color-accent-text", "font-heading")
SYMBOLS = {"badge": "첫 글자 배지 (모노그램)", "wordmark": "이름 글자만 (워드마크)", "seal": "업종 그림 도장 (픽토그램)"}
#: How many concepts proposals.pdf shows (`streetkit brand --proposals N` sets it for its build).
COUNT = len(CONCEPTS)


def context(street: Street) -> dict:
    spreads = []
    for number, (concept, brand) in enumerate(brand_proposals(street.profile.brand, COUNT), 1):
        view = street.with_brand(brand)
        t = view.tokens
        bold, light = lockups.FACES[view.brand.font]
        swatches = [{"ko": ko, "en": en, "hex": t[key], "cmyk": street.cmyk(t[key]), "label": readable_on(t[key]),
                     "text": t[f"{key}-text"], "ratio": contrast(t[f"{key}-text"], t["color-surface"])}
                    for key, ko, en in SWATCHES]
        spreads.append({
            "number": number, "concept": concept, "chosen": street.profile.brand.concept == concept.id,
            "style": "; ".join(f"--{k}: {t[k]}" for k in SPREAD_TOKENS),
            "logo": {kind: {v: data_uri(lockups.svg(view, kind, v)) for v in ("color", "reversed", "mono")}
                     for kind in ("horizontal", "symbol")},
            "swatches": swatches, "scale": [t[f"color-primary-{step}"] for step in palette.STEPS],
            "on_primary": contrast(t["color-on-primary"], t["color-primary-surface"]),
            "on_brand": lockups.on_brand(t),
            "faces": (bold.split(":")[0], "Noto Sans CJK KR"), "symbol": SYMBOLS[concept.symbol],
            "accent_label": readable_on(t["color-accent"]),
        })
        spread = spreads[-1]
        # Every text/ground pair the spread prints, for its check (≥ 4.5:1 each).
        spread["pairs"] = [(w["label"], w["hex"]) for w in swatches] + [
            (spread["accent_label"], t["color-accent"]), (t["color-on-primary"], t["color-primary-surface"]),
            (t["color-primary-text"], t["color-surface"]), (t["color-secondary-text"], t["color-surface"])]
    return {"spreads": spreads, "names": lockups.names(street), "count": "한두세"[len(spreads) - 1]}
