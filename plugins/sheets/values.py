"""Values as people write them in a member list, made into profile values.

Each function takes a cell (text, number, or an Excel date/time) and returns the profile's value,
or raises `Unclear` with a message saying what was expected.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from streetkit import WEEKDAY_KO, WEEKDAYS, format_phone, trade_of


class Unclear(ValueError):
    """A cell that cannot be read; its message says what the column expects."""


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


# -- trade -------------------------------------------------------------------------------------
def trade(value: Any) -> tuple[str, str | None]:
    """`한식`, `국밥집`, `음식`, `food` -> (category key, subcategory)."""
    found = trade_of(text(value))
    if found is None:
        raise Unclear(f"{text(value)!r}: 한식, 카페, 미용실, 꽃집처럼 업종을 적어 주세요")
    return found


# -- phone -------------------------------------------------------------------------------------
def phone(value: Any) -> str:
    """`062 5123009`, `625121234` (a number that lost its 0), `010-1234-5678`, `1588-1234`."""
    raw = text(value)
    digits = re.sub(r"\D", "", raw)
    candidates = [raw]
    if digits and not digits.startswith("0") and not re.fullmatch(r"1[5-9]\d{6}", digits):
        candidates.append("0" + digits)  # Excel stored it as a number and dropped the leading 0
    for candidate in candidates:
        try:
            return format_phone(candidate)
        except ValueError:
            continue
    raise Unclear(f"{raw!r}: 062-123-4567, 010-1234-5678, 1588-1234처럼 적어 주세요")


# -- hours -------------------------------------------------------------------------------------
_DASH = re.compile(r"\s*(?:~|∼|–|—|-|부터|에서)\s*")
_TIME = re.compile(r"(오전|오후|낮|저녁|밤|새벽|아침)?\s*(\d{1,2})\s*(?:(?::|시)\s*(\d{1,2})?\s*분?|(?=\s*$))")


def _clock(token: str, *, closing: bool = False, after: int | None = None) -> int:
    """Minutes since midnight of `09:30`, `오후 9시`, `9시 30분`, `21`."""
    m = _TIME.fullmatch(token.strip())
    if not m:
        raise Unclear(token)
    part, hour, minute = m[1], int(m[2]), int(m[3] or 0)
    if hour > 24 or minute > 59:
        raise Unclear(token)
    if part in ("오후", "저녁", "밤") and hour < 12:
        hour += 12
    elif part in ("오전", "아침", "새벽") and hour == 12:
        hour = 0
    elif (part is None and after is not None and hour < 12 and hour * 60 + minute <= after
          and (hour + 12) * 60 + minute > after and not token.strip().startswith("0")):
        hour += 12  # `11-9시`: a shop that opens at 11 closes at 9 in the evening; `18:00-02:00` is past midnight
    if closing and hour == 0 and minute == 0:
        return 24 * 60
    return hour * 60 + minute


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _range(span: str) -> tuple[int, int]:
    parts = [p for p in _DASH.split(span.strip()) if p]
    if len(parts) != 2:
        raise Unclear(span)
    start = _clock(parts[0])
    return start, _clock(parts[1], closing=True, after=start)


def hours(value: Any) -> tuple[str, str | None]:
    """`09:00~21:00`, `오전 10시 ~ 오후 9시`, `11:30-14:30, 17:00-22:00` (a break), `24시간`,
    `10시-20시(브레이크 15-17시)`, `18:00-02:00` (past midnight) -> (range, break or None)."""
    raw = text(value)
    if isinstance(value, time):
        raise Unclear(f"{raw!r}: 여는 시각과 닫는 시각을 09:00~21:00처럼 함께 적어 주세요")
    if re.fullmatch(r"24\s*시간(?:\s*영업)?|연중\s*24\s*시간", raw):
        return "00:00-24:00", None
    brk = None
    m = re.search(r"[(\[]\s*(?:브레이크(?:\s*타임)?|쉬는\s*시간|휴게(?:\s*시간)?|break)\s*:?\s*([^)\]]+)[)\]]", raw, re.I)
    if m:
        a, b = _range(m[1])
        brk = f"{_hhmm(a)}-{_hhmm(b)}"
        raw = (raw[:m.start()] + raw[m.end():]).strip()
    try:
        spans = [s for s in re.split(r"\s*[,/]\s*|\s+및\s+", raw) if s]
        ranges = [_range(s) for s in spans]
    except Unclear:
        raise Unclear(f"{text(value)!r}: 09:00~21:00, 오전 10시~오후 9시, 24시간처럼 적어 주세요") from None
    if len(ranges) == 1:
        (a, b), = ranges
        return f"{_hhmm(a)}-{_hhmm(b)}", brk
    if len(ranges) == 2 and brk is None:  # lunch and dinner: open from the first, a break between
        (a1, b1), (a2, b2) = ranges
        return f"{_hhmm(a1)}-{_hhmm(b2)}", f"{_hhmm(b1)}-{_hhmm(a2)}"
    raise Unclear(f"{text(value)!r}: 시간대를 두 개까지 적어 주세요 (예: 11:30-14:30, 17:00-22:00)")


_DAY = {k: d for d, k in zip(WEEKDAYS, WEEKDAY_KO)}


_MONTHLY = re.compile(r"((?:(?:첫|둘|셋|넷|다섯)째|마지막|[1-5])(?:\s*(?:주|번째))?(?:\s*[·,/및와]\s*|\s+)?)+"
                      r"([월화수목금토일])(?:요일)?")
_WEEK_WORD = {"첫째": 1, "둘째": 2, "셋째": 3, "넷째": 4, "다섯째": 5, "마지막": -1}


def closed_days(value: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """`매주 월요일`, `월, 화`, `일요일`, `연중무휴`, `둘째·넷째 일요일`, `월, 마지막 주 일요일` ->
    (weekdays closed every week, closures on some weeks of the month: [{weekday, nth}])."""
    raw = text(value)
    if not raw or re.fullmatch(r"(연중)?\s*무휴|없음|x|X|-|휴무\s*없음", raw):
        return [], []
    monthly: list[dict[str, Any]] = []
    for m in _MONTHLY.finditer(raw):
        words = re.findall(r"(첫째|둘째|셋째|넷째|다섯째|마지막|[1-5])", m[0])
        weeks: list[int] = sorted({_WEEK_WORD.get(w, int(w) if w.isdigit() else 0) for w in words},
                                  key=lambda n: 9 if n == -1 else n)
        monthly.append({"weekday": _DAY[m[2]], "nth": weeks})
    rest = _MONTHLY.sub(" ", raw)
    days = re.findall(r"([월화수목금토일])(?:요일)?", re.sub(r"매주|매월|휴무|정기|쉼|마다", " ", rest))
    if not days and not monthly:
        raise Unclear(f"{raw!r}: 매주 월요일, 월·화, 연중무휴, 둘째·넷째 일요일처럼 적어 주세요")
    return [_DAY[d] for d in dict.fromkeys(days)], monthly


# -- marks -------------------------------------------------------------------------------------
_YES = {"o", "○", "◯", "●", "◎", "y", "yes", "예", "네", "가맹", "가능", "있음", "true", "1", "v", "✓", "✔", "사용", "t"}
_NO = {"", "x", "×", "✕", "n", "no", "아니오", "아니요", "없음", "미가맹", "불가", "false", "0", "-", "f", "미사용"}


def yes_no(value: Any) -> bool | None:
    """`O`, `○`, `●`, `Y`, `예`, `가맹` -> True; `X`, `×`, `N`, `아니오`, blank -> False; None when
    neither (the cell holds something else, e.g. the forms of a currency)."""
    if isinstance(value, bool):
        return value
    word = text(value).lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    return None


_FORMS = {"지류": "paper", "종이": "paper", "paper": "paper", "모바일": "mobile", "mobile": "mobile", "앱": "mobile",
          "카드": "card", "card": "card"}


def currency_forms(value: Any) -> list[str]:
    """`지류, 모바일` -> [paper, mobile]."""
    found = [form for word, form in _FORMS.items() if word in text(value).lower()]
    return list(dict.fromkeys(found))


# -- dates -------------------------------------------------------------------------------------
def when(value: Any) -> tuple[datetime, datetime | None]:
    """An event's 일시: an Excel date/time, `2026-12-12 11:00`, `2026.12.12 11:00~16:00`,
    `12월 12일 오후 2시` (this year) -> (start, end or None)."""
    if isinstance(value, datetime):
        return value.replace(second=0, microsecond=0), None
    if isinstance(value, date):
        return datetime.combine(value, time(10, 0)), None
    raw = text(value)
    m = re.match(r"(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*일?\.?\s*(?:\([^)]*\))?\s*(.*)$", raw)
    if not m:
        m2 = re.match(r"(\d{1,2})\s*월\s*(\d{1,2})\s*일\s*(?:\([^)]*\))?\s*(.*)$", raw)
        if not m2:
            raise Unclear(f"{raw!r}: 2026-12-12 11:00~16:00처럼 적어 주세요")
        year = date.today().year
        day, rest = date(year, int(m2[1]), int(m2[2])), m2[3]
    else:
        day, rest = date(int(m[1]), int(m[2]), int(m[3])), m[4]
    if not rest.strip():
        return datetime.combine(day, time(10, 0)), None
    try:
        parts = [p for p in _DASH.split(rest.strip()) if p]
        start = _clock(parts[0])
        end = _clock(parts[1], closing=True, after=start) if len(parts) > 1 else None
    except (Unclear, IndexError):
        raise Unclear(f"{raw!r}: 2026-12-12 11:00~16:00처럼 적어 주세요") from None
    to_dt = lambda minutes: datetime.combine(day, time(min(minutes, 23 * 60 + 59) // 60, min(minutes, 23 * 60 + 59) % 60))  # noqa: E731
    return to_dt(start), (to_dt(end) if end is not None else None)
