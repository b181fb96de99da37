"""iCalendar (RFC 5545) writing for plugins: escaping, line folding and the calendar around events.

Plugins build their VEVENT lines (events, programme deadlines …) and wrap them with `calendar`;
times are local to Asia/Seoul, which every Korean calendar app understands.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Event, Repeat

#: Korea has no daylight saving time: one fixed offset describes the zone.
VTIMEZONE = ["BEGIN:VTIMEZONE", "TZID:Asia/Seoul", "BEGIN:STANDARD", "DTSTART:19700101T000000",
             "TZOFFSETFROM:+0900", "TZOFFSETTO:+0900", "TZNAME:KST", "END:STANDARD", "END:VTIMEZONE"]


def text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11)."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1)."""
    if len(line.encode("utf-8")) <= 75:  # most lines fit as they are
        return line
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


def local(dt: datetime) -> str:
    """A DATE-TIME value in local (TZID=Asia/Seoul) form."""
    return dt.strftime("%Y%m%dT%H%M%S")


def stamp(day: date) -> str:
    """A DTSTAMP line. Use the profile's `updated` date, so the same input gives the same bytes."""
    return f"DTSTAMP:{day:%Y%m%d}T000000Z"


def calendar(name: str, components: list[list[str]]) -> str:
    """A complete VCALENDAR named `name` around the given components (each a list of lines)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//streetkit//streetkit//KO", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{text(name)}", "X-WR-TIMEZONE:Asia/Seoul", *VTIMEZONE]
    for component in components:
        lines += component
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"


def vevent(event: Event, uid: str, day: date, url: str, *, location: str | None = None,
           description: str | None = None) -> list[str]:
    """The VEVENT lines of a profile event, times in Asia/Seoul, repeats as RRULE: `uid` unique
    across calendars, `day` the DTSTAMP (the profile's `updated`), `location` and `description`
    the event's place and plain-text description unless given."""
    from .documents import plain_text

    lines = ["BEGIN:VEVENT", f"UID:{uid}", stamp(day), f"DTSTART;TZID=Asia/Seoul:{local(event.start)}"]
    if event.end:
        lines.append(f"DTEND;TZID=Asia/Seoul:{local(event.end)}")
    lines.append(f"SUMMARY:{text(event.title)}")
    if where := location if location is not None else event.place:
        lines.append(f"LOCATION:{text(where)}")
    about = description if description is not None else plain_text(event.description) if event.description else ""
    if about:
        lines.append(f"DESCRIPTION:{text(about)}")
    if event.repeat:
        lines += rrule(event.repeat, event.start)
    return [*lines, f"URL:{url}", "END:VEVENT"]


def rrule(repeat: Repeat, start: datetime) -> list[str]:
    """RRULE (and EXDATE) lines for an event starting at `start` in Asia/Seoul (RFC 5545 §3.8.5)."""
    byday = repeat.weekday[:2].upper()
    rule = f"FREQ=WEEKLY;BYDAY={byday}" if repeat.every == "week" else f"FREQ=MONTHLY;BYDAY={repeat.nth or 1}{byday}"
    if repeat.until:
        # With a TZID start, UNTIL must be UTC: the end of the last day in Korea (UTC+9) is 14:59:59Z.
        rule += f";UNTIL={repeat.until:%Y%m%d}T145959Z"
    lines = [f"RRULE:{rule}"]
    if repeat.skip:
        lines.append("EXDATE;TZID=Asia/Seoul:" + ",".join(
            datetime.combine(d, start.time()).strftime("%Y%m%dT%H%M%S") for d in sorted(repeat.skip)))
    return lines
