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


@streetkit.hookimpl
def artifacts(street: Street):
    events = sorted(street.profile.events, key=lambda e: e.start)
    out = [Asset(path="site/events.ics", data=calendar(events, street))]
    out += [Asset(path=f"site/events/{e.id}/event.ics", data=calendar([e], street)) for e in events]
    return out


@streetkit.hookimpl
def page_context(artifact, context):
    """Event pages link to their .ics file, the events list to the street's calendar."""
    if not isinstance(artifact, Page):
        return None
    if "event" in context:
        return {"ics_url": f"events/{context['event'].id}/event.ics"}
    if artifact.template == "site/events.html":
        return {"ics_url": "events.ics"}
    return None
