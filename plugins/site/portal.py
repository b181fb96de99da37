"""The site plugin's part in a district portal (`street.portal`): the home page with a card per
street (the map plugin draws the district map into it), the directory across streets and the
merged calendar, each linking into the streets' own sites. What it reads of a street is what the
site plugin's `street_summary` kept in the street's build record (its page paths, its photo)."""
from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath
from types import SimpleNamespace
from typing import Any

import streetkit
from streetkit import CATEGORIES, Asset, Page, Street

#: Where a street's site shows a merchant and an event (the site plugin's own layout).
PAGES = {"merchant": "merchants/{id}/", "event": "events/{id}/", "calendar": "events.ics", "directory": "merchants/"}

#: The calendar's street filter: only a portal has one, so only a portal ships it.
SCRIPT = Path(__file__).parent / "static" / "portal.js"

#: The width of the photo a street's card shows (one of the site's WebP variants).
CARD_WIDTH = 480


def _card(entry: Any, lang: str) -> SimpleNamespace:
    """What a street's card and map marker show."""
    p = entry.profile
    photo = _photo(entry)
    size = streetkit.image_size(entry.out_dir / "site" / photo, CARD_WIDTH) if photo else (0, 0)
    return SimpleNamespace(
        number=entry.number, slug=entry.slug, name=_pick(p, "name", lang), tagline=_pick(p, "tagline", lang),
        short=entry.short_name(lang),
        place=_pick(p.get("region", {}), "dong", lang) or "",
        designation=entry.designation(lang),
        merchants=len(entry.merchants), url=entry.url("", lang),
        photo=f"streets/{entry.slug}{PurePosixPath(photo).suffix}" if photo else None, photo_size=size,
        monogram=entry.brand["monogram"], colour=entry.brand["surface"], on_colour=entry.brand["on_surface"])


def _photo(entry: Any) -> str | None:
    """The card's photo in the street's built site, if it is there. The record may have come from
    another machine: a path that leads out of the street's site is not followed."""
    photo = entry.plugin("site").get("photo")
    if not isinstance(photo, str) or not photo:
        return None
    site = (entry.out_dir / "site").resolve()
    source = (site / photo).resolve()
    return photo if source.is_relative_to(site) and source.is_file() else None


def _pick(data: dict[str, Any], field: str, lang: str) -> Any:
    return (data.get(f"{field}_en") if lang == "en" else None) or data.get(field)


def _link(entry: Any, kind: str, ident: str, lang: str) -> str:
    pattern = entry.plugin("site").get("pages", PAGES).get(kind, PAGES[kind])
    return entry.url(pattern.format(id=ident), lang)


def _badge_filters(portal: Any) -> list:
    """One filter per distinct badge any merchant of any street carries, in first-seen order."""
    seen: dict[str, object] = {}
    for entry in portal.streets:
        for badges in entry.badges.values():
            for b in badges:
                seen.setdefault(b.key, b)
    return list(seen.values())


def _groups(portal: Any, cards: list[SimpleNamespace], lang: str) -> list[SimpleNamespace]:
    """The directory's sections (`cards`: the streets' cards, in the same order): each street with
    its merchants (by trade, then name) and the address of each merchant's page on its site."""
    order = list(CATEGORIES)
    out = []
    for entry, card in zip(portal.streets, cards):
        merchants = sorted(entry.merchants, key=lambda m: (order.index(m.category), m.name))
        out.append(SimpleNamespace(
            street=card, badges=entry.badges,
            merchants=[SimpleNamespace(m=m, url=_link(entry, "merchant", m.id, lang)) for m in merchants]))
    return out


def _events(portal: Any, cards: list[SimpleNamespace], today: Any, lang: str) -> list[SimpleNamespace]:
    """Every street's events still to come (a repeating one at its next date), soonest first."""
    out = []
    for entry, card in zip(portal.streets, cards):
        for e in entry.events:
            e = e.as_of(today)
            if (e.end or e.start).date() >= today:
                out.append(SimpleNamespace(e=e, street=card, url=_link(entry, "event", e.id, lang)))
    return sorted(out, key=lambda x: (x.e.start, x.street.number, x.e.id))


def pages(street: Street) -> list:
    """The portal's own pages in each language (its home, directory and events), and a copy of
    each street's card photo from the street's build."""
    portal = street.portal
    assert portal is not None
    script = SCRIPT.read_bytes()
    script_path = f"static/portal.{hashlib.sha256(script).hexdigest()[:10]}.js"  # fingerprinted, as the theme's
    out: list = [Asset(path=f"site/{script_path}", data=script)]
    for lang in street.languages:
        prefix = streetkit.lang_prefix(lang)
        cards = [_card(entry, lang) for entry in portal.streets]
        events = _events(portal, cards, street.today, lang)
        total = sum(c.merchants for c in cards)
        out.append(Page(path=f"site/{prefix}index.html", template="site/portal-home.html", lang=lang,
                        context={"portal_streets": cards, "portal_events": events, "merchant_total": total}))
        shops = [m.category for entry in portal.streets for m in entry.merchants]
        out.append(Page(path=f"site/{prefix}merchants/index.html", template="site/portal-directory.html", lang=lang,
                        context={"groups": _groups(portal, cards, lang), "badge_filters": _badge_filters(portal),
                                 "trade_filters": [(key, shops.count(key)) for key in CATEGORIES if key in shops],
                                 "merchant_total": total, "portal_streets": cards}))
        out.append(Page(path=f"site/{prefix}events/index.html", template="site/portal-events.html", lang=lang,
                        context={"portal_events": events, "portal_streets": cards, "portal_script": script_path}))
    for entry in portal.streets:
        if photo := _photo(entry):
            out.append(Asset(path=f"site/streets/{entry.slug}{PurePosixPath(photo).suffix}",
                             source=entry.out_dir / "site" / photo))
    return out
