"""The street profile: one typed model per section of `street.yaml`.

The models are the documentation: every field has a description, and the JSON Schema that editors
use to autocomplete `street.yaml` is generated from them (`streetkit schema`). Plugins add their own
sections with models of the same kind (see `hookspecs.config_schema`).
"""
from __future__ import annotations

import difflib
import re
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, HttpUrl, ValidationInfo, model_validator

from . import recurrence
from .categories import CATEGORY_KEYS, TRADES_EN, trade_of
from .images import ImageProblem
from .images import inspect as inspect_image
from .korean import WEEKDAYS, format_phone
from .safepath import PathEscape, resolve_inside


class Section(BaseModel):
    """Base for every profile section: unknown keys are errors (with a did-you-mean)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=False)

    def __setattr__(self, name: str, value: Any) -> None:
        # Counted: the plugin host checks the count after each hook call, and fingerprints the
        # whole profile only when something was written (see plugins.PluginHost.each).
        global _attribute_writes
        _attribute_writes += 1
        super().__setattr__(name, value)


_attribute_writes = 0


def attribute_writes() -> int:
    """How many attributes of profile models have been assigned so far (in this process)."""
    return _attribute_writes


# ---------------------------------------------------------------------------------------------
# Reusable field types

def _phone(value: Any) -> str:
    return format_phone(str(value))


Phone = Annotated[str, BeforeValidator(_phone), Field(
    title="전화번호",
    description="Korean phone number, e.g. 062-123-4567, 010-1234-5678 or 1588-1234; dashes optional.",
    json_schema_extra={"examples": ["062-123-4567"], "hint": "예: 062-123-4567, 010-1234-5678 (하이픈은 없어도 됩니다)",
                       "title_en": "Phone"})]

_SLUG = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
Slug = Annotated[str, Field(pattern=_SLUG, description="Lower-case ASCII letters, digits and dashes; "
                            "used in URLs, so keep it stable once published.")]

_HEX = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def _color(value: Any) -> str:
    m = _HEX.match(str(value).strip())
    if not m:
        raise ValueError(f'expected a hex colour like "#1F6F5C", got {value!r}')
    h = m[1]
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return "#" + h.upper()


Color = Annotated[str, BeforeValidator(_color), Field(description='Hex colour, e.g. "#1F6F5C".',
                                                       json_schema_extra={"widget": "color"})]

_URL = re.compile(r"^(https?)://[^\s/$.?#][^\s]*$", re.I)


def _url(value: Any) -> str:
    text = str(value).strip()
    if not _URL.match(text):
        raise ValueError(f"expected an http:// or https:// address, got {value!r}")
    return text


Url = Annotated[str, BeforeValidator(_url), Field(description="An http:// or https:// address.")]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _email(value: Any) -> str:
    if not _EMAIL.match(str(value)):
        raise ValueError(f"expected an e-mail address like office@example.kr, got {value!r}")
    return str(value)


Email = Annotated[str, BeforeValidator(_email), Field(description="E-mail address.")]


def _inside_street(value: str, info: ValidationInfo) -> str:
    root = (info.context or {}).get("street_root")
    if root is None:  # validating without a folder (e.g. schema tests): shape only
        return value
    try:
        resolve_inside(Path(root), value)
    except PathEscape as exc:
        raise ValueError(str(exc)) from None
    return value


StreetFile = Annotated[str, AfterValidator(_inside_street), Field(
    description="A file inside the street folder, relative to it, e.g. images/logo.svg.")]


def _known_merchant(value: str, info: ValidationInfo) -> str:
    ids = (info.context or {}).get("merchant_ids")
    if ids is not None and value not in ids:
        close = difflib.get_close_matches(value, ids, n=1)
        raise ValueError(f"no merchant with id {value!r}" + (f": did you mean `{close[0]}`?" if close else ""))
    return value


MerchantRef = Annotated[str, AfterValidator(_known_merchant), Field(
    description="The id of a merchant of this street, e.g. haru-coffee.", json_schema_extra={"widget": "merchant"})]


def _usable_image(value: str, info: ValidationInfo) -> str:
    root = (info.context or {}).get("street_root")
    if root is not None:
        try:
            inspect_image(resolve_inside(Path(root), value), value)
        except ImageProblem as exc:
            raise ValueError(str(exc)) from None
    return value


ImageFile = Annotated[str, AfterValidator(_inside_street), AfterValidator(_usable_image), Field(
    description="An image inside the street folder (JPEG, PNG, WebP, GIF or SVG), e.g. images/shop.jpg.")]

_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-~–]\s*(\d{1,2}):(\d{2})\s*$")


def _time_range(value: Any) -> str:
    text = str(value)
    if text.strip().lower() in ("closed", "휴무", "휴일", "off"):
        return "closed"
    m = _RANGE.match(text)
    if not m:
        raise ValueError(f'expected "HH:MM-HH:MM" (e.g. "09:00-20:30") or "closed", got {value!r}')
    h1, m1, h2, m2 = (int(x) for x in m.groups())
    for h, mm in ((h1, m1), (h2, m2)):
        if h > 24 or mm > 59 or (h == 24 and mm):
            raise ValueError(f"{h:02d}:{mm:02d} is not a time of day (00:00 to 24:00), in {value!r}")
    return f"{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}"


TimeRange = Annotated[str, BeforeValidator(_time_range), Field(
    description='Opening time range "HH:MM-HH:MM" (past midnight allowed, e.g. "18:00-02:00") or "closed".',
    json_schema_extra={"examples": ["09:00-20:30", "closed"]})]


def minutes(hhmm: str) -> int:
    """`"09:30"` -> 570."""
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


# ---------------------------------------------------------------------------------------------
# Sections

class LatLng(Section):
    """A point: latitude and longitude in WGS84 degrees."""

    lat: float = Field(ge=-90, le=90, title="위도", description="Latitude, e.g. 35.1734.")
    lng: float = Field(ge=-180, le=180, title="경도", description="Longitude, e.g. 126.9127.")


class Region(Section):
    """Administrative region, Korean names with optional romanised English."""

    sido: str = Field(title="시·도", description="시·도, e.g. 광주광역시.")
    sigungu: str = Field(title="시·군·구", description="시·군·구, e.g. 북구.")
    dong: str | None = Field(None, title="행정동", description="행정동, e.g. 신안동.")
    sido_en: str | None = Field(None, title="시·도 (영어)", description="e.g. Gwangju.")
    sigungu_en: str | None = Field(None, title="시·군·구 (영어)", description="e.g. Buk-gu.")
    dong_en: str | None = Field(None, title="행정동 (영어)", description="e.g. Sinan-dong.")

    def place(self, lang: str = "ko") -> str:
        """`광주광역시 북구`; in English `Buk-gu, Gwangju` when the romanised names are given."""
        if lang == "en" and self.sido_en and self.sigungu_en:
            return f"{self.sigungu_en}, {self.sido_en}"
        return f"{self.sido} {self.sigungu}"


class Channels(Section):
    """Where people can write or book, beside the phone: the links a visitor (or the assistant's
    hand-off) uses to reach a shop or the association."""

    model_config = ConfigDict(title="메신저·예약")

    kakao: Url | None = Field(None, title="카카오톡 채널", description="KakaoTalk channel, e.g. https://pf.kakao.com/_xAbCdE.")
    naver_talk: Url | None = Field(None, title="네이버 톡톡", description="Naver TalkTalk, e.g. https://talk.naver.com/ct/w4abcd.")
    booking: Url | None = Field(None, title="예약 주소", description="Booking page, e.g. Naver booking (네이버 예약).")
    instagram: Url | None = Field(None, title="인스타그램", description="e.g. https://www.instagram.com/moturi_bakery.")

    #: The order they are shown in, with their names (chat first: it is the two-way part).
    NAMES: ClassVar[dict[str, tuple[str, str]]] = {
        "kakao": ("카카오톡 채널", "KakaoTalk"), "naver_talk": ("네이버 톡톡", "Naver TalkTalk"),
        "booking": ("예약하기", "Book"), "instagram": ("인스타그램", "Instagram")}

    def listed(self, lang: str) -> list[tuple[str, str, str]]:
        """(key, label, url) for each channel given, chat first."""
        return [(key, names[0] if lang == "ko" else names[1], str(getattr(self, key)))
                for key, names in self.NAMES.items() if getattr(self, key)]

    def chat(self) -> tuple[str, str] | None:
        """The first chat channel (key, url), for a hand-off to a person; None without one."""
        return next(((k, str(getattr(self, k))) for k in ("kakao", "naver_talk") if getattr(self, k)), None)


class Contact(Section):
    """The merchants' association (상인회) and how to reach it."""

    name: str = Field(title="상인회 이름", description="Association name in Korean, e.g. 신안동 골목형상점가 상인회.")
    name_en: str | None = Field(None, title="상인회 이름 (영어)", description="Association name in English.")
    phone: Phone | None = Field(None, title="상인회 전화번호")
    email: Email | None = Field(None, title="이메일")
    address: str | None = Field(None, title="사무실 주소", description="Office address (도로명주소).")
    address_en: str | None = Field(None, title="사무실 주소 (영어)", description="Office address in English.")
    website: Url | None = Field(None, title="누리집 주소")
    hours: str | None = Field(None, title="사무실 여는 시간", description='Office hours as text, e.g. "평일 10:00~17:00".')
    hours_en: str | None = Field(None, title="사무실 여는 시간 (영어)",
                                 description='Office hours in English, e.g. "Weekdays 10:00–17:00".')
    channels: Channels | None = Field(None, title="메신저·예약", description="KakaoTalk channel, Naver TalkTalk …")


class Brand(Section):
    """The brand seed: everything else (palette, type scale, lockups) is derived from it."""

    primary: Color = Field(title="대표 색", description="Primary brand colour; text colours are derived to keep contrast.")
    secondary: Color | None = Field(None, title="보조 색", description="Optional secondary colour.")
    accent: Color | None = Field(None, title="강조 색", description="Optional accent colour for highlights.")
    logo: ImageFile | None = Field(None, title="로고 파일", description="Logo file (SVG or PNG) inside the street folder.",
                                   json_schema_extra={"widget": "image"})
    font: Literal["sans", "serif", "rounded"] = Field(
        "sans", title="글꼴", description="Korean typeface family: sans (고딕), serif (명조) or rounded (둥근 고딕).")
    mood: str | None = Field(None, title="분위기", description="A few words on the intended feel, e.g. 따뜻한, 레트로.")
    wordmark: str | None = Field(None, title="로고에 쓰는 이름", max_length=24, description=(
        "The name as the logo sets it, when shorter than the street's name, e.g. 신안 모퉁이길."))
    wordmark_en: str | None = Field(None, title="로고에 쓰는 이름 (영어)",
                                    max_length=40, description="The English line of the logo; defaults to name_en.")
    monogram: str | None = Field(None, title="작은 상징 글자", min_length=1, max_length=2, description=(
        "One or two characters for the small symbol (favicon, app icon) when there is no logo; "
        "defaults to the first syllable of the wordmark."))
    concept: Literal["tonal", "contrast", "heritage"] | None = Field(None, title="브랜드 콘셉트", description=(
        "The brand proposal the association chose (brand/proposals.pdf): tonal (한 색의 농담), contrast (보색 대비) "
        "or heritage (전통 오방색). It sets the colours, typeface and symbol the profile does not set itself."),
        json_schema_extra={"choices": {"tonal": "한 색의 농담", "contrast": "보색 대비", "heritage": "전통 오방색"}})


class MonthlyClosure(Section):
    """A weekday the shop closes on some weeks of each month, e.g. the 2nd and 4th Sunday."""

    weekday: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"] = Field(title="요일")
    nth: list[Literal[1, 2, 3, 4, 5, -1]] = Field(min_length=1, title="몇째 주", description=(
        "Which weeks of the month (-1: the last), e.g. [2, 4]."), json_schema_extra={
        "choices": {"1": "첫째", "2": "둘째", "3": "셋째", "4": "넷째", "5": "다섯째", "-1": "마지막"}})

    def label(self, lang: str = "ko") -> str:
        """"매월 둘째·넷째 일요일 휴무" / "Closed on the 2nd and 4th Sunday of each month"."""
        return recurrence.closure_label(self.weekday, list(self.nth), lang)


class Hours(Section):
    """Opening hours per weekday; a weekday left out is closed."""

    mon: TimeRange | None = None
    tue: TimeRange | None = None
    wed: TimeRange | None = None
    thu: TimeRange | None = None
    fri: TimeRange | None = None
    sat: TimeRange | None = None
    sun: TimeRange | None = None
    break_time: TimeRange | None = Field(None, alias="break", title="쉬는 시간",
                                         description='Daily break time (브레이크타임), e.g. "15:00-17:00".')
    closed_monthly: list[MonthlyClosure] = Field(default_factory=list, title="매월 쉬는 날", description=(
        "Weekdays closed on some weeks of each month, e.g. [{weekday: sun, nth: [2, 4]}] for the 2nd and 4th Sunday."))
    note: str | None = Field(None, title="영업시간 안내",
                             description='Extra rule in Korean, e.g. "매월 둘째·넷째 주 월요일 휴무".',
                             json_schema_extra={"hint": "예: 매월 둘째·넷째 주 월요일 휴무"})
    note_en: str | None = Field(None, title="영업시간 안내 (영어)")

    def day(self, weekday: int) -> str:
        """The range for weekday 0..6 (Monday first), or "closed"."""
        return getattr(self, WEEKDAYS[weekday]) or "closed"

    def closed_days(self) -> list[int]:
        return [i for i in range(7) if self.day(i) == "closed"]

    def minutes(self) -> dict[str, Any]:
        """The hours as minutes since midnight, the shape the browser's "open now" reads:
        {"d": [[open, close] or None] × 7 (Monday first), "b": [start, end] or None (the break),
        "m": [[weekday, [weeks of the month]]] when some weeks are closed (absent otherwise)}."""
        def span(text: str | None) -> list[int] | None:
            if not text or text == "closed":
                return None
            a, b = text.split("-")
            return [int(a[:2]) * 60 + int(a[3:]), int(b[:2]) * 60 + int(b[3:])]
        out: dict[str, Any] = {"d": [span(self.day(i)) for i in range(7)], "b": span(self.break_time)}
        if self.closed_monthly:  # [weekday 0..6, [weeks]]: 2nd and 4th Sunday -> [6, [2, 4]]
            out["m"] = [[WEEKDAYS.index(c.weekday), list(c.nth)] for c in self.closed_monthly]
        return out


class Accessibility(Section):
    """Access facts a visitor plans by."""

    step_free: bool | None = Field(None, title="턱 없는 출입구", description="Step-free entrance (턱 없는 출입구).")
    accessible_toilet: bool | None = Field(None, title="장애인 화장실", description="Wheelchair-accessible toilet.")
    parking: bool | None = Field(None, title="주차 가능", description="Own or partner parking.")
    stroller: bool | None = Field(None, title="유모차·휠체어 공간", description="Room for strollers and wheelchairs inside.")


def _category(value: Any) -> Any:
    # `category: 음식` or `category: 한식`: the key is what the file needs, and the table knows it.
    if isinstance(value, str) and value not in CATEGORY_KEYS and (found := trade_of(value)) is not None:
        sub = f" (and `subcategory: {found[1]}`)" if found[1] else ""
        raise ValueError(f"expected a trade class key, got {value!r}: did you mean `{found[0]}`?{sub}")
    return value


Category = Annotated[Literal[CATEGORY_KEYS], BeforeValidator(_category)]  # type: ignore[valid-type]


class Merchant(Section):
    """One shop, restaurant or service on the street."""

    id: Slug = Field(title="웹 주소 이름", description="Stable identifier used in the merchant's URL and QR codes.",
                     json_schema_extra={"hint": "가게 페이지 주소와 QR 코드에 쓰입니다. "
                                                "영문 소문자, 숫자, 하이픈(-)만 (예: haru-coffee)"})
    name: str = Field(min_length=1, title="가게 이름", description="상호명, as on the sign.",
                      json_schema_extra={"hint": "간판에 적힌 상호 그대로"})
    name_en: str | None = Field(None, title="가게 이름 (영어)", description="English name; falls back to `name` where absent.")
    category: Category = Field(title="업종", description="Trade class (SEMAS top level): food, retail, repair_personal, "
                               "arts_sports, education, lodging, health, real_estate, science_tech, facility.")
    subcategory: str | None = Field(None, title="세부 업종", description="Finer trade in Korean, e.g. 카페, 한식, 꽃집.",
                                    json_schema_extra={"hint": "예: 카페, 한식, 꽃집"})
    subcategory_en: str | None = Field(None, title="세부 업종 (영어)",
                                       description="The trade in English; common trades (한식, 분식, "
                                       "세탁소 …) get a standard name when this is left out.")
    address: str | None = Field(None, title="주소", description="도로명주소 of the shop.",
                                json_schema_extra={"hint": "도로명주소, 예: 광주광역시 북구 신안로 57번길 25"})
    address_en: str | None = Field(None, title="주소 (영어)")
    floor: str | None = Field(None, title="층", description='Floor, e.g. "1층", "B1".',
                              json_schema_extra={"hint": "예: 1층, 2층, B1"})
    phone: Phone | None = Field(None, title="가게 전화번호")
    hours: Hours | None = Field(None, title="영업시간", json_schema_extra={"widget": "week"})
    location: LatLng | None = Field(None, title="지도 위치", json_schema_extra={
        "hint": "지도 앱에서 가게를 길게 눌러 나오는 숫자 두 개 (위도, 경도)"})
    photo: ImageFile | None = Field(None, title="가게 사진", json_schema_extra={"widget": "image"})
    description: str | None = Field(None, title="가게 소개", description="A sentence or two in Korean.",
                                    json_schema_extra={"hint": "한두 문장으로"})
    description_en: str | None = Field(None, title="가게 소개 (영어)")
    tags: list[str] = Field(default_factory=list, title="특징", description="Free tags, e.g. 포장, 반려동물 동반.",
                            json_schema_extra={"hint": "쉼표로 나눠 적어 주세요. 예: 포장, 반려동물 동반"})
    accessibility: Accessibility | None = Field(None, title="편의 시설")
    website: Url | None = Field(None, title="누리집 주소", json_schema_extra={"hint": "https://로 시작하는 주소"})
    channels: Channels | None = Field(None, title="메신저·예약", description=(
        "Chat and booking links (KakaoTalk channel, Naver TalkTalk, booking, Instagram), on the shop's page."))

    @model_validator(mode="before")
    @classmethod
    def _floor_as_text(cls, data: Any) -> Any:
        # YAML reads `floor: 2` as an int; a floor is a label, not a number.
        if isinstance(data, dict) and isinstance(data.get("floor"), int):
            data = {**data, "floor": f"{data['floor']}층"}
        return data

    @model_validator(mode="before")
    @classmethod
    def _common_trade_in_english(cls, data: Any) -> Any:
        sub = data.get("subcategory") if isinstance(data, dict) else None
        if isinstance(sub, str) and not data.get("subcategory_en") and sub in TRADES_EN:
            data = {**data, "subcategory_en": TRADES_EN[sub]}
        return data


class Repeat(Section):
    """How an event recurs, e.g. `{every: month, weekday: sat, nth: 2}` — every 2nd Saturday."""

    every: Literal["week", "month"] = Field(title="얼마나 자주", description="week: every week; month: once a month.")
    weekday: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"] = Field(title="요일")
    nth: Literal[1, 2, 3, 4, 5, -1] | None = Field(None, title="몇째 주", description=(
        "For monthly: which weekday of the month (-1: the last)."), json_schema_extra={
        "choices": {"1": "첫째", "2": "둘째", "3": "셋째", "4": "넷째", "5": "다섯째", "-1": "마지막"}})
    until: date | None = Field(None, title="마지막 날", description="Last day it may take place.")
    skip: list[date] = Field(default_factory=list, title="쉬는 날", description="Dates it does not take place (휴장).",
                             json_schema_extra={"hint": "날짜를 쉼표로 나눠 적어 주세요. 예: 2026-01-01, 2026-02-17"})

    @model_validator(mode="after")
    def _nth_for_monthly(self) -> Repeat:
        if self.every == "month" and self.nth is None:
            raise ValueError("a monthly event needs nth (1–5, or -1 for the last), e.g. nth: 2 for the 2nd "
                             f"{self.weekday}")
        if self.every == "week" and self.nth is not None:
            raise ValueError("nth is only for monthly events; drop it or use every: month")
        return self

    def label(self, lang: str = "ko") -> str:
        """"매월 둘째 토요일" or "2nd Saturday of every month"."""
        return recurrence.label(self, lang)


class Event(Section):
    """A street event: festival, night market, or a workshop (교육) of the small-business centre."""

    id: Slug = Field(title="웹 주소 이름", description="Stable identifier used in the event's URL and QR codes.",
                     json_schema_extra={"hint": "행사 페이지 주소와 QR 코드에 쓰입니다. "
                                                "영문 소문자, 숫자, 하이픈(-)만 (예: night-market)"})
    title: str = Field(min_length=1, title="행사 이름")
    title_en: str | None = Field(None, title="행사 이름 (영어)")
    start: datetime = Field(title="시작", description='Start, e.g. "2025-03-15 18:00".')
    end: datetime | None = Field(None, title="끝", description="End; must not be before the start.")
    place: str | None = Field(None, title="장소", json_schema_extra={"hint": "예: 골목 입구 광장"})
    place_en: str | None = Field(None, title="장소 (영어)")
    description: str | None = Field(None, title="행사 소개")
    description_en: str | None = Field(None, title="행사 소개 (영어)")
    image: ImageFile | None = Field(None, title="행사 사진", json_schema_extra={"widget": "image"})
    kind: Literal["event", "workshop"] = Field("event", title="종류", description=(
        "event, or workshop: an education session (e.g. of the 소상공인지원센터), shown as 교육."))
    host: str | None = Field(None, title="주최", description="Who runs it, e.g. 광주북부 소상공인지원센터.")
    capacity: int | None = Field(None, ge=1, title="정원", description="Places available (정원).")
    apply_url: HttpUrl | None = Field(None, title="신청 주소", description="Where to sign up, for workshops.")
    repeat: Repeat | None = Field(None, title="되풀이",
                                  description="Makes the event recurring; `start`/`end` give the first one's times.")

    @model_validator(mode="after")
    def _end_after_start(self) -> Event:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"end {self.end:%Y-%m-%d %H:%M} is before start {self.start:%Y-%m-%d %H:%M}")
        if self.repeat is not None and self.end is not None and self.end.date() != self.start.date():
            raise ValueError("a repeating event starts and ends on the same day; give the first day's times")
        return self

    def occurrences(self, after: date, count: int = 4) -> list[datetime]:
        """Starts of this event on or after `after`: the one start, or the next `count` of a rule."""
        if self.repeat is None:
            return [self.start] if (self.end or self.start).date() >= after else []
        return recurrence.occurrences(self.start, self.repeat, after, count)

    def as_of(self, today: date) -> Event:
        """The event as it next takes place on or after `today` (a repeating one moved to its next
        date); itself when it does not repeat or has no date left."""
        if self.repeat is None or not (upcoming := self.occurrences(today, 1)):
            return self
        shift = upcoming[0] - self.start
        return self.model_copy(update={"start": self.start + shift, "end": self.end + shift if self.end else None})


class Publish(Section):
    """Where `streetkit publish` puts the built site. Credentials never go here: git and SSH use
    their own (keys, the agent, credential helpers)."""

    target: str = Field(title="게시할 곳", description=(
        "A folder (/srv/www/sinan), a file ending in .zip, git+URL#BRANCH for GitHub or GitLab Pages "
        "(git+ssh://git@github.com/org/site.git#gh-pages), or a server over SSH "
        "(ssh://deploy@example.kr:2222/srv/www/sinan or deploy@example.kr:/srv/www/sinan)."))
    cname: str | None = Field(None, title="도메인 (CNAME)", description="Custom domain written to CNAME, e.g. moturi.kr.")
    nojekyll: bool = Field(False, title=".nojekyll 넣기", description="Write an empty .nojekyll (GitHub Pages).")
    keep: int = Field(5, ge=2, le=50, title="남겨 둘 이전 사이트 수", description=(
        "A server over SSH keeps this many releases (the live one among them) for --rollback."))


Designation = Literal["alley", "market", "shopping_street", "street"]
#: Each designation's name in Korean and in English.
DESIGNATION_NAMES: dict[str, tuple[str, str]] = {
    "alley": ("골목형 상점가", "Alley-type shopping street"),
    "market": ("전통시장", "Traditional market"),
    "shopping_street": ("상점가", "Shopping street"),
    "street": ("거리", "Street"),
}


class Profile(Section):
    """A shopping street: the root of `street.yaml`."""

    schema_version: Literal[1] = Field(1, description="Profile format version.")
    slug: Slug = Field(title="웹 주소 이름", description="Short name used for the output folder and URLs, e.g. sinan-alley.")
    name: str = Field(title="상점가 이름", min_length=1, description="Korean name, e.g. 신안동 골목형상점가.")
    name_en: str | None = Field(None, title="상점가 이름 (영어)", description="English name, e.g. Sinan-dong Alley Market.")
    tagline: str | None = Field(None, title="한 줄 소개", description="One line under the name on the site and flyers.")
    tagline_en: str | None = Field(None, title="한 줄 소개 (영어)")
    description: str | None = Field(None, title="상점가 소개", description="A paragraph introducing the street.")
    description_en: str | None = Field(None, title="상점가 소개 (영어)")
    designation: Designation = Field("street", title="지정 종류", description="alley = 골목형 상점가, market = 전통시장, "
                                     "shopping_street = 상점가, street = no legal designation.")
    designated_on: date | None = Field(None, title="지정일", description="Date of designation by the district, if any.")
    region: Region = Field(title="지역")
    address: str | None = Field(None, title="대표 주소", description="Representative 도로명주소 of the street.")
    address_en: str | None = Field(None, title="대표 주소 (영어)")
    location: LatLng | None = Field(None, title="지도 가운데", description="Centre of the street.")
    area: list[LatLng] | None = Field(None, description="Outline of the street area as a polygon.")
    association: Contact = Field(title="상인회")
    base_url: Url = Field(title="사이트 주소", description="Where the site is published; used for canonical URLs and QR codes.")
    theme: str = Field("default", title="디자인 테마", description="Theme name (see `streetkit themes`).")
    brand: Brand
    plugins: list[str] = Field(default_factory=list, description="Plugins enabled for this street "
                               "(see `streetkit plugins`); builders are always on.")
    updated: date | None = Field(None, title="마지막 점검일", description="Date the profile was last reviewed; stamps PDFs "
                                 "so that rebuilds are byte-identical.")
    publish: Publish | None = Field(None, title="게시", description="Where `streetkit publish` puts the site.")
    merchants: list[Merchant] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)

    @property
    def designation_ko(self) -> str:
        return DESIGNATION_NAMES[self.designation][0]

    def designation_label(self, lang: str = "ko") -> str:
        """The designation in the page's language: `골목형 상점가` / `Alley-type shopping street`."""
        korean, english = DESIGNATION_NAMES[self.designation]
        return english if lang == "en" else korean

    def section(self, name: str) -> Any:
        """A plugin-owned section by name, or None when the profile has none."""
        return getattr(self, name, None)
