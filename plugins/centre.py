"""The small-business support centre (소상공인 성장지원센터): its page, its place on the map, its
spaces to book (co-working desks, a media studio) and its classes as a listing and a calendar feed.

Classes are the profile's events of kind `workshop` hosted by the centre (`host:` its name), so they
also get their own pages, posters and the street's calendar like any event.
"""
from __future__ import annotations

from datetime import date
from urllib.parse import urlparse

from pydantic import ConfigDict, Field

import streetkit
from streetkit import Asset, LatLng, NavItem, Page, Phone, Place, Section, Street, Url, ical

#: The plugin in the studio's words.
TITLE = "소상공인 지원센터 안내: 공간 예약과 교육 일정"
REQUIRES = ("centre",)


class Space(Section):
    """A space of the centre people can use: co-working desks, a media studio, a meeting room."""

    model_config = ConfigDict(title="공간")

    name: str = Field(title="이름", description="e.g. 공유 오피스, 미디어 스튜디오.")
    name_en: str | None = Field(None, title="이름 (영어)")
    description: str | None = Field(None, title="소개", description="What it offers, e.g. 1인 방송 장비, 조명, 촬영 배경.")
    description_en: str | None = Field(None, title="소개 (영어)")
    capacity: int | None = Field(None, ge=1, title="정원 (명)")
    price: str | None = Field(None, title="이용료", description="e.g. 관내 소상공인 무료.")
    price_en: str | None = Field(None, title="이용료 (영어)")
    booking: Url | None = Field(None, title="예약 주소", description="Where to book it, e.g. a Naver booking page.")


class Centre(Section):
    """Section `centre`: the support centre that serves the street's merchants."""

    model_config = ConfigDict(title="소상공인 지원센터")

    name: str = Field(title="센터 이름", description=(
        "e.g. 광주북부 소상공인지원센터; events hosted by it (host:) are its classes."))
    name_en: str | None = Field(None, title="센터 이름 (영어)")
    description: str | None = Field(None, title="소개")
    description_en: str | None = Field(None, title="소개 (영어)")
    address: str | None = Field(None, title="주소")
    address_en: str | None = Field(None, title="주소 (영어)")
    location: LatLng | None = Field(None, title="지도 위치", json_schema_extra={
        "hint": "지도 앱에서 그곳을 길게 눌러 나오는 숫자 두 개 (위도, 경도)"})
    hours: str | None = Field(None, title="여는 시간", description="e.g. 평일 09:00~18:00.")
    hours_en: str | None = Field(None, title="여는 시간 (영어)")
    phone: Phone | None = Field(None, title="전화")
    email: str | None = Field(None, title="이메일")
    website: Url | None = Field(None, title="누리집 주소")
    spaces: list[Space] = Field(default_factory=list, title="공간")


WORDS = {
    "ko": {"nav": "지원센터", "eyebrow": "소상공인 지원", "address": "주소", "hours": "여는 시간", "phone": "전화",
           "email": "이메일", "website": "누리집", "spaces": "쓸 수 있는 공간", "capacity": "정원 {n}명", "book": "예약하기",
           "classes": "교육 일정", "register": "신청하기", "seats": "정원 {n}명", "calendar": "교육 일정을 달력에 넣기 (.ics)",
           "no_classes": "예정된 교육이 없습니다.", "past": "지난 교육 {n}건"},
    "en": {"nav": "Support centre", "eyebrow": "Small-business support", "address": "Address", "hours": "Hours",
           "phone": "Phone", "email": "E-mail", "website": "Website", "spaces": "Spaces to use", "capacity": "{n} people",
           "book": "Book", "classes": "Classes", "register": "Sign up", "seats": "{n} places",
           "calendar": "Add the classes to your calendar (.ics)", "no_classes": "No classes are planned.",
           "past": "{n} past classes"},
}


@streetkit.hookimpl
def config_schema():
    return {"centre": Centre}


def classes(street: Street) -> list:
    """The centre's classes: events of kind `workshop` it hosts, by start."""
    centre = street.section("centre")
    names = {centre.name, centre.name_en} - {None} if centre else set()
    return sorted((e for e in street.profile.events if e.kind == "workshop" and e.host in names), key=lambda e: e.start)


@streetkit.hookimpl
def street_loaded(street: Street):
    centre = street.section("centre")
    if centre is None:
        return
    street.add_nav(NavItem("centre/", WORDS["ko"]["nav"], WORDS["en"]["nav"], order=45))
    if centre.location:
        street.add_place(Place(centre.name, centre.location.lat, centre.location.lng, centre.name_en or "", "centre",
                               "centre/"))


def feed(street: Street) -> str:
    """The classes as one calendar, each with its place, capacity and where to sign up."""
    centre = street.section("centre")
    stamp = street.profile.updated or date(2000, 1, 1)
    base = street.profile.base_url.rstrip("/")
    host = urlparse(base).hostname or "streetkit.local"
    components = []
    for e in classes(street):
        details = [streetkit.plain_text(e.description) if e.description else "",
                   f"정원 {e.capacity}명" if e.capacity else "", f"신청 {e.apply_url}" if e.apply_url else ""]
        components.append(ical.vevent(e, f"class-{e.id}@{host}", stamp, str(e.apply_url or f"{base}/events/{e.id}/"),
                                      location=", ".join(x for x in (e.place, centre.name, centre.address) if x),
                                      description="\n".join(d for d in details if d)))
    return ical.calendar(f"{centre.name} 교육", components)


@streetkit.hookimpl
def artifacts(street: Street):
    centre = street.section("centre")
    if centre is None:
        return None
    today = street.today
    all_classes = classes(street)
    upcoming = [(e.as_of(today), e) for e in all_classes if e.occurrences(today, 1)]
    past = len(all_classes) - len(upcoming)
    out: list = [Page(path=f"site/{streetkit.site_path(lang, 'centre/index.html')}", template="site/centre.html", lang=lang,
                      context={"centre": centre, "classes": [shown for shown, _e in upcoming], "past": past,
                               "text": WORDS[lang]})
                 for lang in street.languages]
    out.append(Asset(path="site/centre/classes.ics", data=lambda: feed(street)))
    return out
