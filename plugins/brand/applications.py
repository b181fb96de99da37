"""The brand applied to what the street hangs and hands out, print-ready at real size: a storefront
sign, a street banner (현수막), an X-banner, a shopping-bag face and a staff badge as vector PDFs, and
the social-media profile image and cover as PNGs — under brand/applications/.

Large formats get the 10 mm bleed large-format shops ask for (they hem, weld or wrap the edge);
small ones the 3 mm of every other print. Everything is vector (outlined logo, text, QR code), so
no resolution limit applies; a photo would need 100 ppi at full size (docs/built-in-plugins.md).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from streetkit import Asset, Document, Street

from . import lockups
from .lockups import data_uri


@dataclass(frozen=True)
class Application:
    id: str
    ko: str
    en: str
    width_mm: float
    height_mm: float
    bleed_mm: float


APPLICATIONS = (
    Application("sign", "가로 간판", "Storefront sign", 2400, 600, 10),
    Application("banner", "현수막", "Street banner", 5000, 900, 10),
    Application("x-banner", "X배너", "X-banner", 600, 1800, 10),
    Application("bag", "쇼핑백 앞면", "Shopping bag face", 260, 320, 3),
    Application("badge", "직원 명찰", "Staff badge", 90, 55, 3),
)
#: The social images (pixels): a profile picture every service crops to a circle, and a 16:9 cover.
SOCIAL = {"social-profile": (1080, 1080), "social-cover": (1600, 900)}


def message(street: Street) -> tuple[str, str]:
    """What a banner says: the next event (its title and date), else the street's tagline."""
    from streetkit import kdate

    upcoming = street.upcoming_events()
    if upcoming:
        event = upcoming[0]
        when = kdate(event.start)
        if event.end and event.end.date() != event.start.date():
            when += " ~ " + kdate(event.end)
        return event.title, when + (f" · {event.place}" if event.place else "")
    p = street.profile
    return p.tagline or p.name, p.association.name


def artifacts(street: Street) -> list:
    t = street.tokens
    on_brand = lockups.on_brand(t)
    logo = {kind: {v: data_uri(street.data["brand"]["svg"](kind, v)) for v in ("color", on_brand)}
            for kind in ("horizontal", "stacked", "symbol")}
    headline, detail = message(street)  # what the banners say
    context = {"logo": logo, "on_brand": on_brand, "headline": headline, "detail": detail,
               "qr_target": street.profile.base_url}
    out: list = [Document(path=f"brand/applications/{a.id}.pdf", template="print/brand-application.html",
                          title=f"{street.profile.name} {a.ko}", context={**context, "app": a})
                 for a in APPLICATIONS]
    out += [Asset(path=f"brand/applications/{name}.png", data=functools.partial(social_png, street, name))
            for name in SOCIAL]
    return out


def social_png(street: Street, name: str) -> bytes:
    """The profile image (the symbol on the brand colour, inside the circle services crop to) or the
    cover (the horizontal lockup on the brand colour)."""
    t = street.tokens
    width, height = SOCIAL[name]
    kind = "symbol" if name == "social-profile" else "horizontal"
    body, w, h = lockups.lockup(street, kind, lockups.on_brand(t))
    # The mark fills 56 % of the profile's width (a circle crop keeps it whole), 60 % of the cover's.
    scale = min(width * (0.56 if kind == "symbol" else 0.6) / w, height * 0.5 / h)
    x, y = (width - w * scale) / 2, (height - h * scale) / 2
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
           f'<rect width="{width}" height="{height}" fill="{t["color-primary-surface"]}"/>'
           f'<g transform="translate({x:.2f} {y:.2f}) scale({scale:.4f})">{body}</g></svg>')
    return lockups.png(svg, width)
