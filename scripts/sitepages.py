"""One page of each type in a built site, for the checks that visit every page type (the
layout-shift guard in the tests, Lighthouse in scripts/check_site.py)."""
from __future__ import annotations

from pathlib import Path

#: Folders of the site that are not free pages.
_NOT_FREE = {"merchants", "map", "events", "news", "local-currency", "programmes", "assistant", "en", "static", "images",
             "icons", "social"}


def page_types(site: Path, lang: str = "") -> dict[str, str]:
    """{page type: path} for one page of each type the built site has, below `lang` ("" or "en/"):
    a merchant with a photo (the heaviest merchant page), the first event, news post and free page."""
    root = site / lang

    def first(folder: str, where=lambda page: True) -> str | None:
        names = sorted(p.parent.name for p in (root / folder).glob("*/index.html") if where(p))
        return f"{folder}/{names[0]}/" if names else None

    paths = {"home": "", "directory": "merchants/",
             "merchant": first("merchants", lambda p: 'class="photo"' in p.read_text("utf-8")) or first("merchants"),
             "map": "map/", "events": "events/", "event": first("events"), "news": "news/", "post": first("news"),
             "local currency": "local-currency/", "programmes": "programmes/",
             "free page": min((f"{p.parent.name}/" for p in root.glob("*/index.html") if p.parent.name not in _NOT_FREE),
                              default=None)}
    found = {kind: lang + path for kind, path in paths.items() if path is not None and (root / path / "index.html").is_file()}
    found["404"] = "404.html"
    return found
