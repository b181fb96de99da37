"""A street as its district's portal knows it: made when the street is built and kept in its build
record, so that the portal can be assembled from builds made elsewhere (a shard on another
machine) without loading, let alone rebuilding, a street.

The summary holds the profile's public facts, its merchants and events in the profile's own shape
(the portal reads them back into the same models), the badges plugins gave each merchant, and what
each plugin adds through `street_summary` (the pages that show a merchant, a photo for the card …).
"""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from .models import Event, Merchant
from .street import Badge, Street

#: Bumped when the shape changes: a portal refuses a record of another shape (rebuild the street).
VERSION = 1

_PROFILE = {"slug", "name", "name_en", "tagline", "tagline_en", "description", "description_en", "designation",
            "designated_on", "region", "address", "address_en", "location", "area", "base_url", "updated"}
# A photo or image is a file of the street folder, which the portal does not have: the pages that
# show it say where it is in the built site (the site plugin's `photo`).
_MERCHANT = set(Merchant.model_fields) - {"photo"}
_EVENT = set(Event.model_fields) - {"image"}


def summarise(street: Street, workspace: Path) -> dict[str, Any]:
    """The summary of an enriched street (its plugins' `street_loaded` have run)."""
    p, b = street.profile, street.profile.brand
    plugins: dict[str, Any] = {}
    if street.host is not None:
        for plugin, extra in street.host.each("street_summary", street.enabled_plugins, guard=p, street=street):
            plugins[plugin] = extra
    root = street.root.resolve()
    return {
        "version": VERSION,
        "folder": root.relative_to(workspace).as_posix() if root.is_relative_to(workspace) else root.as_posix(),
        "profile": p.model_dump(mode="json", include=_PROFILE, exclude_none=True, by_alias=True),
        "brand": {"short": [b.wordmark or p.name, b.wordmark_en or p.name_en or b.wordmark or p.name],
                  "monogram": b.monogram or (b.wordmark or p.name).strip()[:1],
                  "surface": street.tokens.get("color-primary-surface", "#333333"),
                  "on_surface": street.tokens.get("color-on-primary", "#ffffff")},
        "designation": [p.designation_label("ko"), p.designation_label("en")],
        "languages": street.languages,
        "merchants": [m.model_dump(mode="json", include=_MERCHANT, exclude_none=True, by_alias=True) for m in p.merchants],
        "badges": {mid: [dataclasses.asdict(b) for b in badges] for mid, badges in street.badges.items() if badges},
        "events": [e.model_dump(mode="json", include=_EVENT, exclude_none=True, by_alias=True) for e in p.events],
        "plugins": plugins,
    }


def merchants_of(summary: dict[str, Any]) -> list[Merchant]:
    """The merchants of a summary as profile models (core fields)."""
    return [Merchant.model_validate(m) for m in summary.get("merchants", [])]


def events_of(summary: dict[str, Any]) -> list[Event]:
    """The events of a summary as profile models (core fields)."""
    return [Event.model_validate(e) for e in summary.get("events", [])]


def badges_of(summary: dict[str, Any]) -> dict[str, list[Badge]]:
    """Each merchant's badges, by merchant id."""
    return {mid: [Badge(**{**b, "facets": tuple(b.get("facets", ()))}) for b in badges]
            for mid, badges in summary.get("badges", {}).items()}
