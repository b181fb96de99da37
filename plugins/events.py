"""Event calendars: an iCalendar (.ics) feed for the whole street and a file per event."""
from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlparse

import streetkit
from streetkit import Asset, Page, Street

ENABLED_BY_DEFAULT = True

_VTIMEZONE = ["BEGIN:VTIMEZONE", "TZID:Asia/Seoul", "BEGIN:STANDARD", "DTSTART:19700101T000000",
              "TZOFFSETFROM:+0900", "TZOFFSETTO:+0900", "TZNAME:KST", "END:STANDARD", "END:VTIMEZONE"]


def ics_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11)."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1)."""
    out, current, size = [], "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > 75:
            out.append(current)
            current, size = " ", 1
        current += ch
        size += n
    out.append(current)
    return "\r\n".join(out)


def _local(dt: datetime) -> str:
    return dt.strftime("%Y%m%dT%H%M%S")


def vevent(event, street: Street, stamp: date) -> list[str]:
    """The VEVENT lines for one event (times in Asia/Seoul)."""
    p = street.profile
    host = urlparse(p.base_url).hostname or "streetkit.local"
    url = f"{p.base_url.rstrip('/')}/events/{event.id}/"
    lines = ["BEGIN:VEVENT", f"UID:{event.id}@{host}", f"DTSTAMP:{stamp:%Y%m%d}T000000Z",
             f"DTSTART;TZID=Asia/Seoul:{_local(event.start)}"]
    if event.end:
        lines.append(f"DTEND;TZID=Asia/Seoul:{_local(event.end)}")
    lines.append(f"SUMMARY:{ics_text(event.title)}")
    if event.place:
        lines.append(f"LOCATION:{ics_text(event.place)}")
    if event.description:
        lines.append(f"DESCRIPTION:{ics_text(streetkit.plain_text(event.description))}")
    lines += [f"URL:{url}", "END:VEVENT"]
    return lines


def calendar(events, street: Street) -> str:
    """A complete VCALENDAR; DTSTAMP comes from the profile's `updated` date so output is stable."""
    stamp = street.profile.updated or date(2000, 1, 1)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//streetkit//streetkit//KO", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{ics_text(street.profile.name)} 행사", "X-WR-TIMEZONE:Asia/Seoul",
             *_VTIMEZONE]
    for e in events:
        lines += vevent(e, street, stamp)
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"


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
