"""Support-programme window (지원사업 창구): the programmes merchants can apply for, by deadline.

Site: a 지원사업 page with the open and coming programmes sorted by deadline (closed ones move to
an archive page at build time), each with an .ics deadline reminder. Print: a one-page A4 notice
per open programme for the association's board. Report: the open programmes as a strategy aid.
"""
from __future__ import annotations

import functools
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

from pydantic import ConfigDict, Field, HttpUrl, model_validator

import streetkit
from streetkit import Asset, Chapter, Document, NavItem, Page, Section, Street, ical

#: The plugin in the studio's words.
TITLE = "지원사업 안내 창구와 안내문"

#: Days before a deadline at which the calendar reminder rings, and under which the site says "마감 임박".
REMIND_DAYS = 3
SOON_DAYS = 7


class Programme(Section):
    """One support programme (지원사업) merchants can apply for."""

    model_config = ConfigDict(title="지원사업")

    id: str = Field(title="웹 주소 이름", pattern=r"^[a-z0-9][a-z0-9-]*$", description="Stable identifier (URL, calendar, QR).")
    title: str = Field(min_length=1, title="사업 이름", description="e.g. 2027 스마트상점 기술보급사업.")
    title_en: str | None = Field(None, title="사업 이름 (영어)")
    agency: str = Field(title="주관 기관", description="Who runs it, e.g. 소상공인시장진흥공단, 광주 북구청 일자리경제과.")
    agency_en: str | None = Field(None, title="주관 기관 (영어)")
    who: str = Field(title="신청 대상", description="Who may apply, e.g. 상시근로자 5인 미만 소상공인.")
    who_en: str | None = Field(None, title="신청 대상 (영어)")
    benefit: str = Field(title="지원 내용", description="What it gives, e.g. 스마트기술 도입비의 70% (최대 500만 원).")
    benefit_en: str | None = Field(None, title="지원 내용 (영어)")
    opens: date | None = Field(None, title="접수 시작일", description="First day applications are taken.")
    closes: date = Field(title="마감일", description="Application deadline (last day).")
    apply_url: HttpUrl | None = Field(None, title="온라인 신청 주소", description="Where to apply online, e.g. https://www.sbiz24.kr.")
    apply_at: str | None = Field(None, title="방문 신청 장소", description="Where to apply in person (office and address).")
    phone: str | None = Field(None, title="문의 전화", description="Contact for questions.")
    documents: list[str] = Field(default_factory=list, title="제출 서류", description="Required documents (제출 서류).")
    description: str | None = Field(None, title="자세한 안내", description="More detail, in Markdown.",
                                    json_schema_extra={"widget": "textarea"})

    @model_validator(mode="after")
    def _closes_after_opens(self) -> Programme:
        if self.opens is not None and self.closes < self.opens:
            raise ValueError(f"closes {self.closes} is before opens {self.opens}")
        if self.apply_url is None and not self.apply_at:
            raise ValueError("say how to apply: apply_url (online) or apply_at (office), or both")
        return self


@streetkit.hookimpl
def config_schema():
    return {"programmes": list[Programme]}


def status(programme: Programme, today: date) -> str:
    """"open", "coming" (not yet open) or "closed", as of `today`."""
    if programme.closes < today:
        return "closed"
    if programme.opens is not None and programme.opens > today:
        return "coming"
    return "open"


@streetkit.hookimpl
def street_loaded(street: Street):
    programmes = street.section("programmes") or []
    today = street.today
    current = sorted((p for p in programmes if status(p, today) != "closed"), key=lambda p: (p.closes, p.id))
    archive = sorted((p for p in programmes if status(p, today) == "closed"), key=lambda p: p.closes, reverse=True)
    street.data["programmes"] = {
        "current": current, "archive": archive,
        "status": {p.id: status(p, today) for p in programmes},
        "days_left": {p.id: (p.closes - today).days for p in current},
    }
    if programmes:
        street.add_nav(NavItem("programmes/", "지원사업", "Support programmes", order=40))


@streetkit.hookimpl
def report_sections(street: Street):
    """The report's chapter on the programmes a street can use now."""
    current = street.data["programmes"]["current"]
    if not current:
        return None
    return [Chapter("programmes", "활용할 수 있는 지원사업", "print/report/programmes.html", order=75,
                          context={"programmes": current, "status": street.data["programmes"]["status"]},
                          highlights=[("신청 가능한 지원사업", f"{len(current)}건")])]


def reminder(programme: Programme, street: Street) -> str:
    """An .ics with the deadline as an all-day event and an alarm REMIND_DAYS before it."""
    p = street.profile
    host = urlparse(p.base_url).hostname or "streetkit.local"
    page = f"{p.base_url.rstrip('/')}/programmes/#{programme.id}"
    how = str(programme.apply_url) if programme.apply_url else programme.apply_at or ""
    event = ["BEGIN:VEVENT", f"UID:programme-{programme.id}@{host}", ical.stamp(p.updated or date(2000, 1, 1)),
             f"DTSTART;VALUE=DATE:{programme.closes:%Y%m%d}",
             f"DTEND;VALUE=DATE:{programme.closes + timedelta(days=1):%Y%m%d}",
             f"SUMMARY:{ical.text(f'[마감] {programme.title}')}",
             f"DESCRIPTION:{ical.text(f'{programme.agency} · {programme.benefit} · 신청: {how}')}",
             f"URL:{page}",
             "BEGIN:VALARM", "ACTION:DISPLAY", f"TRIGGER:-P{REMIND_DAYS}D",
             f"DESCRIPTION:{ical.text(f'{programme.title} 신청 마감 {REMIND_DAYS}일 전')}", "END:VALARM",
             "END:VEVENT"]
    return ical.calendar(f"{p.name} 지원사업 마감", [event])


@streetkit.hookimpl
def template_dirs():
    return [Path(__file__).parent / "templates"]


@streetkit.hookimpl
def artifacts(street: Street):
    programmes = street.section("programmes") or []
    if not programmes:
        return None
    data = street.data["programmes"]
    langs = street.languages
    out: list = []
    for lang in langs:
        prefix = streetkit.lang_prefix(lang)
        out.append(Page(path=f"site/{prefix}programmes/index.html", template="site/programmes.html", lang=lang,
                        context={"programmes": data["current"], "archived": len(data["archive"])}))
        out.append(Page(path=f"site/{prefix}programmes/archive/index.html", template="site/programmes-archive.html",
                        lang=lang, context={"programmes": data["archive"]}))
    out += [Asset(path=f"site/programmes/{p.id}.ics", data=functools.partial(reminder, p, street)) for p in data["current"]]
    base = street.profile.base_url.rstrip("/")
    for p in data["current"]:
        if data["status"][p.id] == "open":
            target = streetkit.campaign_url(base, "programmes/", f"programme-{p.id}", fragment=p.id)
            out.append(Document(path=f"print/programmes/{p.id}.pdf", template="print/programme-notice.html",
                                title=f"{p.title} 안내", kind="notice", context={"programme": p, "qr_target": target,
                                                                "days_left": data["days_left"][p.id]}))
    return out


@streetkit.hookimpl
def jinja_environment(env, street: Street):
    """`dday(n)`: 마감 D-7 / D-DAY, the way Korean notices count down to a deadline."""
    env.filters["dday"] = lambda days: "D-DAY" if days == 0 else f"D-{days}"
    env.globals["programme_soon"] = SOON_DAYS
