"""Support-programme window (지원사업 창구): the programmes merchants can apply for, by deadline.

Site: a 지원사업 page with the open and coming programmes sorted by deadline (closed ones move to
an archive page at build time), each with an .ics deadline reminder. Print: a one-page A4 notice
per open programme for the association's board. Report: the open programmes as a strategy aid.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote, urlencode, urlparse

from pydantic import ConfigDict, Field, HttpUrl, model_validator

import streetkit
from streetkit import CATEGORIES, Asset, Chapter, Document, Finding, NavItem, Page, Section, Street, ical, josa, kdate

#: The plugin in the studio's words.
TITLE = "지원사업 안내 창구와 안내문"

STATIC = Path(__file__).parent / "static"

#: Days before a deadline at which the calendar reminder rings, and under which the site says "마감 임박".
REMIND_DAYS = 3
SOON_DAYS = 7


class Eligibility(Section):
    """Who may apply, in conditions a shop's data can be checked against; a condition left out
    holds for everyone. What cannot be checked (`other`) is listed for the shop to confirm."""

    model_config = ConfigDict(title="신청 조건")

    applicant: Literal["merchant", "association"] = Field(
        "merchant", title="신청하는 쪽", description="merchant: each shop applies; association: the merchants' association does.",
        json_schema_extra={"choices": {"merchant": "가게", "association": "상인회"}})
    trades: list[str] = Field(default_factory=list, title="업종", description=(
        "Trade classes that may apply (food, retail …); empty: every trade."))
    areas: list[str] = Field(default_factory=list, title="지역", description=(
        "Words one of which the shop's address must contain, e.g. [북구]; empty: anywhere."))
    max_employees: int | None = Field(None, ge=0, title="상시근로자 최대 (명)", description="At most this many employees.")
    min_years: int | None = Field(None, ge=0, title="최소 업력 (년)", description="In business for at least this many years.")
    other: list[str] = Field(default_factory=list, title="그 밖의 조건", description=(
        "Conditions in words the shop confirms itself, e.g. 최근 3년 내 같은 지원을 받지 않은 곳."))

    @model_validator(mode="after")
    def _known_trades(self) -> Eligibility:
        unknown = [t for t in self.trades if t not in CATEGORIES]
        if unknown:
            raise ValueError(f"unknown trade class {unknown[0]!r}: one of {', '.join(CATEGORIES)}")
        return self


#: The conditions of a programme that states none: every shop may apply.
ANYONE = Eligibility.model_validate({})


class Business(Section):
    """Merchant field `business`: facts some programmes ask about (used only to check eligibility)."""

    model_config = ConfigDict(title="사업 정보")

    employees: int | None = Field(None, ge=0, title="상시근로자 수 (명)", description="Regular employees, the owner excluded.")
    opened: int | None = Field(None, ge=1900, le=2100, title="개업 연도", description="Year the business opened, e.g. 2015.")


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
    apply_email: str | None = Field(None, title="이메일 신청 주소", pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", description=(
        "Where to apply by e-mail: the page's link opens a message with the subject, the fields to fill "
        "and the documents to attach already written."))
    phone: str | None = Field(None, title="문의 전화", description="Contact for questions.")
    documents: list[str] = Field(default_factory=list, title="제출 서류", description="Required documents (제출 서류).")
    description: str | None = Field(None, title="자세한 안내", description="More detail, in Markdown.",
                                    json_schema_extra={"widget": "textarea"})
    eligibility: Eligibility | None = Field(None, title="신청 조건", description=(
        "Who may apply, checkable against each shop (its trade, address, `business` facts)."))

    @model_validator(mode="after")
    def _closes_after_opens(self) -> Programme:
        if self.opens is not None and self.closes < self.opens:
            raise ValueError(f"closes {self.closes} is before opens {self.opens}")
        if self.apply_url is None and not self.apply_at and not self.apply_email:
            raise ValueError("say how to apply: apply_url (online), apply_at (office) or apply_email, or more than one")
        return self


@streetkit.hookimpl
def config_schema():
    return {"programmes": list[Programme], "merchant.business": Business}


VERDICT_KO = {"yes": "가능", "check": "확인 필요", "no": "불가"}


@dataclass
class Verdict:
    """A shop against a programme's conditions: "yes" (every condition met), "check" (none fails
    but some are not known) or "no"; each list holds (ko, en) phrases of conditions."""

    state: str
    met: list[tuple[str, str]] = field(default_factory=list)
    unknown: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def conditions(rule: Eligibility) -> dict[str, tuple[str, str]]:
    """The rule's conditions by key (`trades`, `areas`, `max_employees`, `min_years`, `other.0` …),
    each as its (Korean, English) phrase: what the card names and the site's self-check asks."""
    out: dict[str, tuple[str, str]] = {}
    if rule.trades:
        out["trades"] = ("업종(" + "·".join(CATEGORIES[t].ko for t in rule.trades) + ")",
                         "trade (" + ", ".join(CATEGORIES[t].en.lower() for t in rule.trades) + ")")
    if rule.areas:
        out["areas"] = ("지역(" + "·".join(rule.areas) + ")", "area (" + ", ".join(rule.areas) + ")")
    if rule.max_employees is not None:
        out["max_employees"] = (f"상시근로자 {rule.max_employees}명 이하", f"at most {rule.max_employees} employees")
    if rule.min_years is not None:
        out["min_years"] = (f"업력 {rule.min_years}년 이상", f"{rule.min_years}+ years in business")
    out.update({f"other.{i}": (text, text) for i, text in enumerate(rule.other)})
    return out


def judge(rule: Eligibility, facts: dict[str, Any], year: int) -> dict[str, list[str]]:
    """The rules: each condition's key under "met", "unknown" or "failed", from what is known of a
    shop — `trade`, `in_area` (True/False), `employees`, `opened` (a year), `confirmed` (indices of
    `other` conditions the shop says it meets); a fact that is None is not known. The site's
    self-check runs the same rules in the browser (static/eligibility.js); a test holds the two
    to the same answers."""
    out: dict[str, list[str]] = {"met": [], "unknown": [], "failed": []}

    def put(key: str, ok: bool | None) -> None:
        out["unknown" if ok is None else "met" if ok else "failed"].append(key)

    if rule.trades:
        put("trades", None if facts.get("trade") is None else facts["trade"] in rule.trades)
    if rule.areas:
        put("areas", facts.get("in_area"))
    if rule.max_employees is not None:
        put("max_employees", None if facts.get("employees") is None else facts["employees"] <= rule.max_employees)
    if rule.min_years is not None:
        put("min_years", None if facts.get("opened") is None else year - facts["opened"] >= rule.min_years)
    for i in range(len(rule.other)):
        put(f"other.{i}", True if i in (facts.get("confirmed") or []) else None)
    return out


def facts_of(rule: Eligibility, merchant: Any) -> dict[str, Any]:
    """What the profile tells of a shop, in `judge`'s terms (no `other` condition is confirmed)."""
    business = getattr(merchant, "business", None)
    return {"trade": merchant.category,
            "in_area": any(a in merchant.address for a in rule.areas) if merchant.address else None,
            "employees": business.employees if business else None,
            "opened": business.opened if business else None, "confirmed": []}


def eligibility(programme: Programme, merchant: Any, today: date) -> Verdict:
    """Check `merchant` against `programme`'s conditions, from its profile: the one implementation
    the card (and any other reader of `street.data["programmes"]["verdicts"]`) uses."""
    rule = programme.eligibility or ANYONE
    found = judge(rule, facts_of(rule, merchant), today.year)
    said = conditions(rule)
    state = "no" if found["failed"] else "check" if found["unknown"] else "yes"
    return Verdict(state, *([said[k] for k in found[part]] for part in ("met", "unknown", "failed")))


SELF_CHECK_WORDS = {
    "ko": {"yes": "신청할 수 있습니다. 아래 다음 단계를 보세요.", "no": "신청할 수 없습니다: {} 조건에 맞지 않습니다.",
           "check": "아직 모르는 조건이 있습니다: {}. 확인한 뒤 신청하세요."},
    "en": {"yes": "You can apply. See the next step below.", "no": "You cannot apply: the condition {} is not met.",
           "check": "Some conditions are still open: {}. Check them, then apply."},
}


def self_check(programme: Programme, lang: str) -> dict[str, Any] | None:
    """What the programme page's self-check needs (its rule, the conditions' names, the answers'
    words), or None when the programme states no conditions or the association applies."""
    rule = programme.eligibility
    if rule is None or rule.applicant != "merchant":
        return None
    labels = {key: (ko if lang == "ko" else en) for key, (ko, en) in conditions(rule).items()}
    return {"rule": rule.model_dump(mode="json"), "labels": labels, "words": SELF_CHECK_WORDS[lang]}


def mailto(programme: Programme, lang: str = "ko") -> str:
    """A `mailto:` link that opens a message to the programme's `apply_email` with the subject, the
    fields an application gives and the documents to attach written in; "" without an address."""
    if not programme.apply_email:
        return ""
    ko = lang == "ko"
    title = programme.title if ko else programme.title_en or programme.title
    subject = f"[지원사업 신청] {title}" if ko else f"Application: {title}"
    fields = ["상호:", "대표자:", "사업자등록번호:", "주소:", "연락처:"] if ko else [
        "Business name:", "Owner:", "Business registration number:", "Address:", "Phone:"]
    lines = ["신청합니다." if ko else "I would like to apply.", "", *fields]
    if programme.documents:
        lines += ["", "첨부한 서류:" if ko else "Attached:", *(f"- {d}" for d in programme.documents)]
    return f"mailto:{programme.apply_email}?" + urlencode({"subject": subject, "body": "\n".join(lines)},
                                                          quote_via=quote)


@dataclass(frozen=True)
class Way:
    """One way to apply, as the page shows it: a link (`href`) or a place."""

    label: str
    href: str = ""
    note: str = ""


def apply_ways(programme: Programme, lang: str) -> list[Way]:
    """How to apply, in the order the page lists them: online, by e-mail, in person."""
    ko = lang == "ko"
    ways = []
    if programme.apply_url:
        ways.append(Way("온라인 신청" if ko else "Apply online", str(programme.apply_url)))
    if programme.apply_email:
        ways.append(Way("이메일로 신청" if ko else "Apply by e-mail", mailto(programme, lang), programme.apply_email))
    if programme.apply_at:
        ways.append(Way(("방문 신청: " if ko else "In person: ") + programme.apply_at))
    return ways


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
    for_shops = [p for p in current if (p.eligibility or ANYONE).applicant == "merchant"]
    street.data["programmes"] = {
        "current": current, "archive": archive,
        "status": {p.id: status(p, today) for p in programmes},
        "days_left": {p.id: (p.closes - today).days for p in current},
        # {merchant id: [(programme, verdict)]} for the programmes open or coming that shops apply to
        "verdicts": {m.id: [(p, eligibility(p, m, today)) for p in for_shops] for m in street.profile.merchants},
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
    out.append(Asset(path="site/programmes/programmes.js", source=STATIC / "programmes.js"))
    out.append(Asset(path="site/programmes/eligibility.js", source=STATIC / "eligibility.js"))
    out.append(Asset(path="site/programmes/programmes.css", source=STATIC / "programmes.css"))
    base = street.profile.base_url.rstrip("/")
    for p in data["current"]:
        if data["status"][p.id] == "open":
            target = streetkit.campaign_url(base, "programmes/", f"programme-{p.id}", fragment=p.id)
            out.append(Document(path=f"print/programmes/{p.id}.pdf", template="print/programme-notice.html",
                                title=f"{p.title} 안내", kind="notice", press=False,  # the office printer's (no bleed)
                                context={"programme": p, "qr_target": target, "days_left": data["days_left"][p.id]}))
    out += application_forms(street)
    return out


def _ways_ko(p: Programme) -> list[str]:
    """How to hand the form in, as the form prints it."""
    return [x for x in (f"온라인: {_host(p.apply_url)} (이 신청서를 파일로 첨부)" if p.apply_url else "",
                        f"이메일: {p.apply_email}" if p.apply_email else "",
                        f"방문: {p.apply_at}" if p.apply_at else "") if x]


def application_forms(street: Street) -> list[Document]:
    """A fillable application form (PDF form fields) for each programme open or coming, blank; and
    for each shop that may apply ("yes") or may once it confirms what the profile does not say
    ("check"), the same form filled in with its name, trade, address, phone and business facts and
    the conditions it meets ticked (a copy with values, not a second layout)."""
    data = street.data["programmes"]
    out = []
    for p in data["current"]:
        checks = list(conditions(p.eligibility or ANYONE).values())
        out.append(Document(path=f"print/applications/{p.id}.pdf", template="print/programme-application.html",
                            title=f"{p.title} 신청서", kind="form", forms=True,
                            context={"programme": p, "ways": _ways_ko(p), "checks": [ko for ko, _en in checks]}))
    for m in street.profile.merchants:
        for p, verdict in data["verdicts"].get(m.id, []):
            if verdict.state != "no":
                out.append(Document(path=f"print/applications/{p.id}/{m.id}.pdf", title=f"{p.title} 신청서 — {m.name}",
                                    filled_from=(f"print/applications/{p.id}.pdf", application_values(p, m, street.today))))
    return out


def application_values(programme: Programme, merchant: Any, today: date) -> dict[str, str | bool]:
    """What the profile says of `merchant`, as the application form's fields (the template's names)."""
    business = getattr(merchant, "business", None)
    rule = programme.eligibility or ANYONE
    met = set(judge(rule, facts_of(rule, merchant), today.year)["met"])
    values: dict[str, str | bool] = {
        "shop_name": merchant.name,
        "trade": CATEGORIES[merchant.category].ko + (f" · {merchant.subcategory}" if merchant.subcategory else ""),
        "address": " ".join(x for x in (merchant.address, merchant.floor) if x),
        "phone": merchant.phone or "",
        "employees": f"{business.employees}명" if business and business.employees is not None else "",
        "opened": f"{business.opened}년" if business and business.opened else ""}
    values.update({f"condition_{i}": key in met for i, key in enumerate(conditions(rule), 1)})
    return values


@streetkit.hookimpl
def jinja_environment(env, street: Street):
    """`dday(n)`: 마감 D-7 / D-DAY, the way Korean notices count down to a deadline."""
    env.filters["dday"] = lambda days: "D-DAY" if days == 0 else f"D-{days}"
    env.globals["self_check"] = self_check
    env.globals["apply_ways"] = apply_ways
    env.filters["bare_url"] = _host
    env.globals["programme_soon"] = SOON_DAYS


def merchant_findings(street: Street, merchant: Any) -> list[Finding] | None:
    """A merchant card's programmes: each open or coming one, whether this shop may apply (and
    what it must still confirm), by when and how; a step to apply when it may."""
    data = street.data["programmes"]
    out = []
    for p, verdict in data["verdicts"].get(merchant.id, []):
        columns: dict[str, str | int | float] = {f"지원사업 {p.id}": VERDICT_KO[verdict.state]}
        if verdict.state == "no":
            ko = "·".join(k for k, _e in verdict.failed)
            en = ", ".join(e for _k, e in verdict.failed)
            out.append(Finding("지원사업", f"{josa(f'「{p.title}」', '은', '는')} {ko} 조건에 맞지 않아 신청할 수 없습니다.",
                               f"Not eligible for {p.title_en or p.title}: {en}.", topic_en="Support programmes",
                               indicators=columns, mark_ko="해당 없음", mark_en="Not eligible"))
            continue
        how_ko = "·".join(x for x in (f"온라인 {_host(p.apply_url)}" if p.apply_url else "",
                                      f"이메일 {p.apply_email}" if p.apply_email else "",
                                      f"방문 {p.apply_at}" if p.apply_at else "") if x)
        how_en = " or ".join(x for x in ("online at " + _host(p.apply_url) if p.apply_url else "",
                                         f"by e-mail to {p.apply_email}" if p.apply_email else "",
                                         "in person" if p.apply_at else "") if x)
        coming = data["status"][p.id] == "coming" and p.opens is not None
        when_ko = (f"{kdate(p.opens)}부터 " if coming else "") + f"{kdate(p.closes)}까지"
        when_en = (f"from {p.opens:%-d %b %Y} " if coming else "") + f"by {p.closes:%-d %b %Y}"
        met_ko = "·".join(k for k, _e in verdict.met)
        ko = f"「{p.title}」 — {p.benefit}. " + (f"{met_ko} 조건에 맞습니다. " if met_ko else "")
        en = f"{p.title_en or p.title}: {p.benefit_en or p.benefit}. " + (
            "You meet: " + ", ".join(e for _k, e in verdict.met) + ". " if verdict.met else "")
        if verdict.unknown:
            ko += "확인할 조건: " + ", ".join(k for k, _e in verdict.unknown) + ". "
            en += "To confirm: " + ", ".join(e for _k, e in verdict.unknown) + ". "
        ko += f"신청 {when_ko}, {how_ko}" + (f", 문의 {p.phone}" if p.phone else "") + "."
        en += f"Apply {when_en}, {how_en}" + (f", questions to {p.phone}" if p.phone else "") + "."
        apply = "" if p.title.endswith("신청") else " 신청"  # not "「… 가맹 신청」 신청"
        out.append(Finding("지원사업", ko, en, topic_en="Support programmes",
                           step_ko=f"「{p.title}」{apply} ({kdate(p.closes)} 마감)",
                           step_en=f"Apply for {p.title_en or p.title} (closes {p.closes:%-d %b})",
                           deadline=data["days_left"][p.id], indicators=columns,
                           mark_ko="신청 가능" if verdict.state == "yes" else "확인 후 신청",
                           mark_en="Eligible" if verdict.state == "yes" else "Check first"))
    return out or None


def _host(url: Any) -> str:
    """An address as printed: `www.sbiz24.kr`, not `https://www.sbiz24.kr/`."""
    return str(url).replace("https://", "").replace("http://", "").rstrip("/")


@streetkit.hookimpl
def assistant_facts(street: Street):
    """The programmes open or coming, for the street assistant's answers (how to apply included)."""
    current = street.data["programmes"]["current"]
    if not current:
        return None
    return {"programmes": [{"id": g.id, "n": g.title, "ne": g.title_en or "", "c": g.closes.isoformat(),
                            "o": g.opens.isoformat() if g.opens else "", "ag": g.agency, "tel": g.phone or "",
                            "how": [str(g.apply_url) if g.apply_url else "", g.apply_email or "", g.apply_at or ""]}
                           for g in current],
            "pages": {"programmes": "programmes/"}}


@streetkit.hookimpl
def card_findings(street: Street):
    return {m.id: found for m in street.profile.merchants if (found := merchant_findings(street, m))}
