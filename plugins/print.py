"""Print builder: print-ready flyers rendered with WeasyPrint (A5 street flyer with a QR code to the site)."""
from __future__ import annotations

from urllib.parse import urlencode

import segno

import streetkit
from streetkit import Document, Street

ENABLED_BY_DEFAULT = True


def campaign_url(base_url: str, path: str, campaign: str) -> str:
    """The page a printed QR code opens, tagged so the association can count scans per flyer."""
    query = urlencode({"utm_source": "print", "utm_medium": "qr", "utm_campaign": campaign})
    return f"{base_url.rstrip('/')}/{path.lstrip('/')}?{query}"


def qr_data_uri(text: str, dark: str = "#000000") -> str:
    """A vector QR code (SVG data URI) that prints sharp at any size; error level M survives smudges."""
    return segno.make(text, error="m", micro=False).svg_data_uri(scale=1, border=0, dark=dark)


@streetkit.hookimpl
def jinja_environment(env, output):
    if output == "print":
        env.filters["qr"] = qr_data_uri
        env.globals["campaign_url"] = campaign_url


@streetkit.hookimpl
def artifacts(street: Street):
    p = street.profile
    upcoming = sorted((e for e in p.events if (e.end or e.start).date() >= street.today), key=lambda e: e.start)
    return [
        Document(path="print/flyers/street-a5.pdf", template="print/flyer-street.html",
                 title=f"{p.name} 안내 전단", context={"size": "A5", "events": upcoming,
                                                   "qr_target": campaign_url(p.base_url, "", "street-a5")}),
    ]
