"""Where a page of a street's site lives: its languages' path prefixes, and the tagged addresses
printed QR codes open."""
from __future__ import annotations

from urllib.parse import urlencode


def lang_prefix(lang: str) -> str:
    """The folder of a language's pages below the site root: Korean at the root, others in theirs
    (`""`, `"en/"`)."""
    return "" if lang == "ko" else f"{lang}/"


def site_path(lang: str, path: str) -> str:
    """`path` (below a language's root, e.g. `merchants/`) below the site root: `en/merchants/`."""
    return lang_prefix(lang) + path


def campaign_url(base_url: str, path: str, campaign: str, fragment: str = "") -> str:
    """The page a printed QR code opens, tagged so the association can count the scans of each
    print (`utm_source=print&utm_medium=qr&utm_campaign=poster-…`; docs/built-in-plugins.md)."""
    query = urlencode({"utm_source": "print", "utm_medium": "qr", "utm_campaign": campaign})
    return f"{base_url.rstrip('/')}/{path.lstrip('/')}?{query}" + (f"#{fragment}" if fragment else "")
