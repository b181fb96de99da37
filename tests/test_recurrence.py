"""Recurring events and workshops: dates, labels, calendars, pages and posters."""
from __future__ import annotations

import subprocess
from datetime import date, datetime

import icalendar
import pytest
from dateutil.rrule import rrulestr

from conftest import make_workspace
from streetkit.build import Builder
from streetkit.errors import ProfileError
from streetkit.models import Event, Repeat
from streetkit.workspace import Workspace

SECOND_SATURDAY = Repeat(every="month", weekday="sat", nth=2, until=date(2027, 6, 30), skip=[date(2027, 1, 9)])


def test_monthly_and_weekly_dates():
    e = Event(id="m", title="장터", start=datetime(2026, 11, 14, 11), end=datetime(2026, 11, 14, 16), repeat=SECOND_SATURDAY)
    assert [d.date() for d in e.occurrences(date(2026, 11, 15), 4)] == [
        date(2026, 12, 12), date(2027, 2, 13), date(2027, 3, 13), date(2027, 4, 10)]  # January skipped
    assert e.occurrences(date(2027, 7, 1)) == []  # past `until`
    weekly = Event(id="w", title="아침 장", start=datetime(2026, 11, 2, 8), repeat=Repeat(every="week", weekday="wed"))
    assert [d.date() for d in weekly.occurrences(date(2026, 11, 20), 2)] == [date(2026, 11, 25), date(2026, 12, 2)]
    last = Event(id="l", title="월말 장", start=datetime(2026, 1, 1, 9), repeat=Repeat(every="month", weekday="fri", nth=-1))
    assert [d.date() for d in last.occurrences(date(2026, 11, 1), 2)] == [date(2026, 11, 27), date(2026, 12, 25)]
    fifth = Event(id="f", title="다섯째 주", start=datetime(2026, 1, 1, 9), repeat=Repeat(every="month", weekday="mon", nth=5))
    assert [d.month for d in fifth.occurrences(date(2026, 1, 1), 4)] == [3, 6, 8, 11]  # only months with five Mondays


def test_labels():
    assert SECOND_SATURDAY.label("ko") == "매월 둘째 토요일"
    assert SECOND_SATURDAY.label("en") == "2nd Saturday of every month"
    assert Repeat(every="week", weekday="fri").label("ko") == "매주 금요일"


def test_as_of_moves_a_repeating_event_to_its_next_date():
    e = Event(id="m", title="장터", start=datetime(2026, 11, 14, 11), end=datetime(2026, 11, 14, 16), repeat=SECOND_SATURDAY)
    nxt = e.as_of(date(2026, 11, 23))
    assert (nxt.start, nxt.end) == (datetime(2026, 12, 12, 11), datetime(2026, 12, 12, 16))
    assert e.as_of(date(2027, 8, 1)) is e  # nothing left: listed as past, at its first date


def test_calendar_rule_gives_the_same_dates_as_the_site(built):
    """A calendar app expands RRULE/EXDATE itself: it must land on the dates the site lists."""
    cal = icalendar.Calendar.from_ical((built["sinan-alley"].out_dir / "site/events/corner-market/event.ics").read_bytes())
    (vevent,) = cal.walk("VEVENT")
    text = vevent.to_ical().decode()
    rule = "\n".join(line for line in text.splitlines() if line.startswith(("DTSTART", "RRULE", "EXDATE")))
    expanded = [d.replace(tzinfo=None) for d in rrulestr(rule, forceset=True)]
    street = built["sinan-alley"].street
    event = next(e for e in street.profile.events if e.id == "corner-market")
    assert expanded == event.occurrences(date(2026, 1, 1), 100)
    assert date(2027, 1, 9) not in {d.date() for d in expanded} and expanded[-1].date() == date(2027, 6, 12)


def test_pages_and_posters_show_the_next_date_and_the_rule(built, tmp_path):
    site = built["sinan-alley"].out_dir / "site"
    listing = (site / "events/index.html").read_text("utf-8").split("다가오는 행사", 1)[1].split("지난 행사")[0]
    assert "모퉁이 골목 장터" in listing and "매월 둘째 토요일" in listing
    page = (site / "events/corner-market/index.html").read_text("utf-8")
    assert page.count("(토)</time>") == 6 and "2027. 1. 9." not in page and "2026. 12. 12.(토) 11:00" in page
    english = (site / "en/events/corner-market/index.html").read_text("utf-8")
    assert "2nd Saturday of every month" in english
    poster = built["sinan-alley"].out_dir / "print/posters/event-corner-market-a4.pdf"
    text = subprocess.run(["pdftotext", str(poster), "-"], capture_output=True, check=True).stdout.decode().replace("\u2060", "")
    assert "2026. 12. 12.(토)" in text and "매월 둘째 토요일마다" in text


def test_workshops_show_host_places_and_sign_up(built):
    site = built["sinan-alley"].out_dir / "site"
    page = (site / "events/smart-store-class-2026-12/index.html").read_text("utf-8")
    assert '<p class="eyebrow">교육</p>' in page and "광주북부 소상공인지원센터" in page and "20명" in page
    assert 'href="https://www.sbiz.or.kr/"' in page and "신청하기" in page
    assert '<span class="mini-badge">교육</span>' in (site / "events/index.html").read_text("utf-8")


@pytest.mark.parametrize("repeat, message", [
    ("{every: month, weekday: sat}", "a monthly event needs nth"),
    ("{every: week, weekday: sat, nth: 2}", "nth is only for monthly events"),
    ("{every: week, weekday: funday}", "weekday"),
])
def test_bad_rules_are_reported_with_their_line(tmp_path, repeat, message):
    folder = make_workspace(tmp_path)
    text = (folder / "street.yaml").read_text("utf-8")
    text = text.replace('    start: "2026-05-02 11:00"', f'    start: "2026-05-02 11:00"\n    repeat: {repeat}', 1)
    (folder / "street.yaml").write_text(text, "utf-8")
    with pytest.raises(ProfileError) as caught:
        Builder(Workspace.open(tmp_path)).build(folder)
    assert "street.yaml:" in str(caught.value) and message in str(caught.value)
