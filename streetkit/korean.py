"""Korean conventions: phone numbers, dates, currency, and keeping Hangul words whole in print."""
from __future__ import annotations

import re
from datetime import date, datetime

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_KO = ("월", "화", "수", "목", "금", "토", "일")
WEEKDAY_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# Area codes: Seoul 02, other regions 0[3-6][1-5]; mobile 010/011/016-019; 050x virtual; 070 VoIP.
_AREA = re.compile(r"^(02|0[3-6][1-5]|01[016789]|050\d|070|080)(\d{3,4})(\d{4})$")
_REP = re.compile(r"^(1[5-9]\d{2})(\d{4})$")  # 대표번호 15xx-xxxx


def format_phone(raw: str) -> str:
    """Normalise a Korean phone number to its dashed form (`0621234567` -> `062-123-4567`).

    Raises ValueError for anything that is not a Korean landline, mobile, virtual or 대표번호.
    """
    digits = re.sub(r"[\s\-().]", "", str(raw))
    if digits.startswith("+82"):
        digits = "0" + digits[3:].lstrip("0")
    if not digits.isdigit():
        raise ValueError(f"expected a Korean phone number like 062-123-4567, got {raw!r}")
    if m := _REP.match(digits):
        return f"{m[1]}-{m[2]}"
    if m := _AREA.match(digits):
        return f"{m[1]}-{m[2]}-{m[3]}"
    raise ValueError(f"expected a Korean phone number like 062-123-4567 or 010-1234-5678, got {raw!r}")


def tel_uri(phone: str) -> str:
    """`062-123-4567` -> `tel:+82-62-123-4567` (RFC 3966 global number). A number without the
    leading 0 — a 대표번호 `1588-1234` or a service number `1357` — exists only inside Korea and
    cannot be dialled with +82: it stays as written (`tel:1357`), as Korean sites link it."""
    digits = re.sub(r"[\s().]", "", phone)
    if not digits.startswith("0"):
        return "tel:" + digits
    return "tel:+82-" + digits[1:]


def kdate(value: date | datetime, with_weekday: bool = True) -> str:
    """`2025. 3. 15.(토)` — the Korean way of writing a date."""
    text = f"{value.year}. {value.month}. {value.day}."
    if with_weekday:
        text += f"({WEEKDAY_KO[value.weekday()]})"
    return text


def ktime(value: datetime) -> str:
    """24-hour `18:30`, as Korean shops and posters print it."""
    return f"{value.hour:02d}:{value.minute:02d}"


def edate(value: date | datetime) -> str:
    """English date: `Sat 15 Mar 2025`."""
    return f"{WEEKDAY_EN[value.weekday()]} {value.day} {value.strftime('%b')} {value.year}"


def won(amount: int | float) -> str:
    """`12000` -> `12,000원`."""
    return f"{int(round(amount)):,}원"


#: Units a sum of money may be given in, in won ("매출액 (만원)").
MONEY_UNITS = {"원": 1, "천원": 1_000, "만원": 10_000, "백만원": 1_000_000, "억원": 100_000_000}


def money(amount: int | float, unit: str = "원") -> str:
    """A sum as Korean reports write it, in 억 and 만: `6억 원`, `1억 2,500만 원`, `2,500만 원`,
    `9,000원` (`amount` in `unit`, one of MONEY_UNITS). "60,000만원" is what a table of 만원
    figures prints, and nobody reads it at a glance."""
    total = round(amount * MONEY_UNITS[unit])
    if total == 0:
        return "0원"
    sign, total = ("-" if total < 0 else ""), abs(total)
    eok, rest = divmod(total, 100_000_000)
    man = rest // 10_000
    if eok:
        return f"{sign}{eok:,}억" + (f" {man:,}만" if man else "") + " 원"
    if man:
        return f"{sign}{man:,}만 원"
    return f"{sign}{total:,}원"


def josa(word: str, with_final: str, without: str) -> str:
    """`word` with the particle its sound takes: josa("제로페이", "을", "를") → "제로페이를". Closing
    brackets are read past ("상품권(지류)" ends in 류), as the words are read aloud; a final digit
    takes `with_final` when said with a final consonant (영, 일, 삼, 육, 칠, 팔), Latin letters not."""
    last = word.rstrip(" )]」』")[-1:] if word.strip() else ""
    code = ord(last) - 0xAC00 if last else -1
    if 0 <= code <= 11171:
        final = code % 28 != 0
    else:
        final = last in "013678"
    return word + (with_final if final else without)


def about_won(amount: float) -> str:
    """An estimate in won, rounded as one is said: `약 144만 원` (to the 만 from 10만 up), `약
    48,000원` (to the thousand below), never a false precision and never `4만 원` for 48,000."""
    won = round(amount, -4) if amount >= 100_000 else round(amount, -3)
    return "약 " + (money(won) if won % 10_000 == 0 else f"{int(won):,}원")


_FLOOR = re.compile(r"^\s*(지하\s*)?(\d+)\s*층\s*$")


def floor_label(floor: str, lang: str = "ko") -> str:
    """A floor as written in `lang`: Korean as given; English `2층` -> `2F`, `지하1층` -> `B1`
    (labels like `나동 47호` stay as written)."""
    if lang == "en" and (m := _FLOOR.match(floor)):
        return f"B{m[2]}" if m[1] else f"{m[2]}F"
    return floor


# Word joiner between two Hangul syllables: WeasyPrint ignores `word-break: keep-all`, so we tell
# the line breaker explicitly that there is no break opportunity inside a Korean word.
WORD_JOINER = "\u2060"
# With keep-all, browsers treat Hangul like letters, so "1곳" or "A동" stays whole too.
_HANGUL_PAIR = re.compile(r"(?<=[\uac00-\ud7a30-9A-Za-z])(?=[\uac00-\ud7a3])|(?<=[\uac00-\ud7a3])(?=[0-9A-Za-z])")


def keep_all(text: str) -> str:
    """Insert U+2060 inside Korean words (between Hangul syllables, and between Hangul and an
    adjacent digit or Latin letter) so print lines break only between words."""
    return _HANGUL_PAIR.sub(WORD_JOINER, text)
