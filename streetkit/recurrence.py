"""Recurring events: "every Saturday", "every 2nd Saturday of the month" — their dates and their
label in Korean and English, from one small rule (`Repeat` in the profile; `ical.rrule` writes it
for calendars)."""
from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from .korean import WEEKDAYS

if TYPE_CHECKING:
    from .models import Repeat

NTH_KO = {1: "첫째", 2: "둘째", 3: "셋째", 4: "넷째", 5: "다섯째", -1: "마지막"}
NTH_EN = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th", -1: "last"}
DAY_KO = {"mon": "월요일", "tue": "화요일", "wed": "수요일", "thu": "목요일", "fri": "금요일", "sat": "토요일", "sun": "일요일"}
DAY_EN = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday",
          "sat": "Saturday", "sun": "Sunday"}


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """The `nth` (1–5, or -1 for the last) `weekday` of a month, or None when the month has no such day."""
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1) if date(year, month, d).weekday() == weekday]
    if nth == -1:
        return date(year, month, days[-1])
    return date(year, month, days[nth - 1]) if nth <= len(days) else None


def dates(first: date, every: str, weekday: str, nth: int | None, until: date | None) -> Iterator[date]:
    """Every date of the rule from `first` on (inclusive), up to `until` when given."""
    wd = WEEKDAYS.index(weekday)
    if every == "week":
        day = first + timedelta(days=(wd - first.weekday()) % 7)
        while until is None or day <= until:
            yield day
            day += timedelta(days=7)
        return
    year, month = first.year, first.month
    while True:
        nth_day = _nth_weekday(year, month, wd, nth or 1)
        if nth_day is not None and nth_day >= first:
            if until is not None and nth_day > until:
                return
            yield nth_day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        if until is not None and date(year, month, 1) > until:
            return


def occurrences(start: datetime, repeat: Repeat, after: date, count: int) -> list[datetime]:
    """Up to `count` starts of a repeating event on or after `after` (skipped dates left out)."""
    out = []
    for day in dates(max(start.date(), after), repeat.every, repeat.weekday, repeat.nth, repeat.until):
        if day in repeat.skip:
            continue
        out.append(datetime.combine(day, start.time()))
        if len(out) == count:
            break
    return out


def label(repeat: Repeat, lang: str = "ko") -> str:
    """"매월 둘째 토요일" / "2nd Saturday of every month", "매주 토요일" / "Every Saturday"."""
    if lang == "ko":
        if repeat.every == "week":
            return f"매주 {DAY_KO[repeat.weekday]}"
        return f"매월 {NTH_KO[repeat.nth or 1]} {DAY_KO[repeat.weekday]}"
    if repeat.every == "week":
        return f"Every {DAY_EN[repeat.weekday]}"
    return f"{NTH_EN[repeat.nth or 1]} {DAY_EN[repeat.weekday]} of every month"


def closure_label(weekday: str, nth: list[int], lang: str = "ko") -> str:
    """"매월 둘째·넷째 일요일 휴무" / "Closed on the 2nd and 4th Sunday of each month"."""
    weeks = sorted(nth, key=lambda n: 9 if n == -1 else n)
    if lang == "en":
        names = [NTH_EN[n] for n in weeks]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return f"Closed on the {joined} {DAY_EN[weekday]} of each month"
    return f"매월 {'·'.join(NTH_KO[n] for n in weeks)} {DAY_KO[weekday]} 휴무"
