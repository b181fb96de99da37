"""Event calendars: an iCalendar (.ics) feed for the whole street and a file per event."""
from __future__ import annotations

from datetime import date
from urllib.parse import urlparse

import streetkit
from streetkit import Asset, Page, Street, ical

#: The plugin in the studio's words.
TITLE = "행사 달력 파일 (휴대전화 달력에 넣기)"

ENABLED_BY_DEFAULT = True


def vevent(event, street: Street, stamp: date) -> list[str]:
    """The VEVENT lines for one event (times in Asia/Seoul)."""
    p = street.profile
    host = urlparse(p.base_url).hostname or "streetkit.local"
    return ical.vevent(event, f"{event.id}@{host}", stamp, f"{p.base_url.rstrip('/')}/events/{event.id}/")


def calendar(events, street: Street) -> str:
    """A complete VCALENDAR; DTSTAMP comes from the profile's `updated` date so output is stable."""
    stamp = street.profile.updated or date(2000, 1, 1)
    return ical.calendar(f"{street.profile.name} 행사", [vevent(e, street, stamp) for e in events])


def portal_calendar(street: Street) -> str:
    """A district portal's calendar: every street's events, each linking to its page on the
    street's site, its uid that street's (so a calendar subscribed to both shows one event)."""
    assert street.portal is not None
    # The newest of the streets' review dates: the same records give the same bytes on any day.
    stamp = max((date.fromisoformat(u) for entry in street.portal.streets if (u := entry.profile.get("updated"))),
                default=date(2000, 1, 1))
    components = []
    for entry in street.portal.streets:
        host = urlparse(entry.profile["base_url"]).hostname or "streetkit.local"
        for e in sorted(entry.events, key=lambda e: e.start):
            place = f"{e.place} ({entry.profile['name']})" if e.place else entry.profile["name"]
            components.append(ical.vevent(e, f"{e.id}@{host}", stamp, entry.url(f"events/{e.id}/"), location=place))
    return ical.calendar(f"{street.profile.name} 행사", components)


@streetkit.hookimpl
def street_summary(street: Street):
    """For the district's portal: where the street's calendar is."""
    return {"calendar": "events.ics"}


@streetkit.hookimpl
def artifacts(street: Street):
    if street.portal is not None:
        return [Asset(path="site/events.ics", data=lambda: portal_calendar(street))]
    events = sorted(street.profile.events, key=lambda e: e.start)
    out = [Asset(path="site/events.ics", data=calendar(events, street))]
    out += [Asset(path=f"site/events/{e.id}/event.ics", data=calendar([e], street)) for e in events]
    return out


@streetkit.hookimpl
def page_context(artifact, context, street: Street):
    """Event pages link to their .ics file, the events list to the street's calendar; a portal's
    calendar also to each street's own."""
    if not isinstance(artifact, Page):
        return None
    if "event" in context:
        return {"ics_url": f"events/{context['event'].id}/event.ics"}
    if artifact.template == "site/events.html":
        return {"ics_url": "events.ics"}
    if artifact.template == "site/portal-events.html" and street.portal is not None:
        return {"ics_url": "events.ics", "street_calendars": [
            (entry.number, entry.short_name(artifact.lang), entry.url(cal))
            for entry in street.portal.streets if (cal := entry.plugin("events").get("calendar"))]}
    return None
