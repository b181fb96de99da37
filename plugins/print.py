"""Print builder: street flyers and event posters in A5/A4/A3, print-ready (3 mm bleed), with QR codes."""
from __future__ import annotations

from urllib.parse import urlencode

import segno

import streetkit
from streetkit import Document, Street

ENABLED_BY_DEFAULT = True

#: Trim sizes in millimetres (width, height).
SIZES = {"A3": (297, 420), "A4": (210, 297), "A5": (148, 210)}
#: Layouts are drawn for A5 and scaled by the width: every ISO A size has the same proportions.
BASE_WIDTH = 148
FLYER_SIZES = ("A5", "A4")
POSTER_SIZES = ("A4", "A3")


def campaign_url(base_url: str, path: str, campaign: str) -> str:
    """The page a printed QR code opens, tagged so the association can count scans per print."""
    query = urlencode({"utm_source": "print", "utm_medium": "qr", "utm_campaign": campaign})
    return f"{base_url.rstrip('/')}/{path.lstrip('/')}?{query}"


def qr_data_uri(text: str, dark: str = "#000000") -> str:
    """A vector QR code (SVG data URI) that prints sharp at any size; error level M survives smudges."""
    return segno.make(text, error="m", micro=False).svg_data_uri(scale=1, border=0, dark=dark)


def page_size(size: str) -> dict:
    """Template context for a trim size: `size` for @page, width/height in mm, and the scale `k`."""
    width, height = SIZES[size]
    return {"size": size, "width_mm": width, "height_mm": height, "k": round(width / BASE_WIDTH, 4)}


@streetkit.hookimpl
def jinja_environment(env, output):
    if output == "print":
        env.filters["qr"] = qr_data_uri
        env.globals["campaign_url"] = campaign_url
        env.globals["page_size"] = page_size


@streetkit.hookimpl
def artifacts(street: Street):
    p = street.profile
    upcoming = sorted((e for e in p.events if (e.end or e.start).date() >= street.today), key=lambda e: e.start)
    out = [Document(path=f"print/flyers/street-{size.lower()}.pdf", template="print/flyer-street.html",
                    title=f"{p.name} 안내 전단 ({size})",
                    context={**page_size(size), "events": upcoming,
                             "qr_target": campaign_url(p.base_url, "", f"street-{size.lower()}")})
           for size in FLYER_SIZES]
    for e in p.events:
        out += [Document(path=f"print/posters/event-{e.id}-{size.lower()}.pdf", template="print/poster-event.html",
                         title=f"{e.title} 포스터 ({size})",
                         context={**page_size(size), "event": e,
                                  "qr_target": campaign_url(p.base_url, f"events/{e.id}/", f"poster-{e.id}")})
                for size in POSTER_SIZES]
    return out
