"""Delivery apps per merchant, public low-commission apps first: links, badges and a directory filter.

Which apps there are, and their commissions, come from the profile (`delivery.apps`: a district's
own public app, 배달의 진주 or 띵동, first); a profile that lists none gets `APPS`, the national
ones, as a default.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, Field, HttpUrl

import streetkit
from streetkit import Badge, Chapter, Finding, Link, Section, Street, Url, _, about_won, charts, compare_peers

#: The plugin in the studio's words.
TITLE = "배달 앱 안내: 가게마다 배달 앱 바로가기와 필터"


@dataclass(frozen=True)
class App:
    ko: str
    en: str
    public: bool
    commission: str  # as publicised; districts quote these when promoting public apps
    #: The commission range in percent, for the report's savings estimate.
    rate: tuple[float, float] = (0.0, 0.0)
    url: str = ""


#: The apps when the profile lists none (`delivery.apps`): public and local apps first (2 %
#: commission or so), then the commercial ones (6-12 %).
APPS: dict[str, App] = {
    "ddangyo": App("땡겨요", "Ddangyo", True, "2%", (2, 2)),
    "mukkebi": App("먹깨비", "Mukkebi", True, "2%", (2, 2)),
    "baedal_teukgeup": App("배달특급", "Baedal Teukgeup", True, "1%", (1, 1)),
    "baedal_jinju": App("배달의 진주", "Baedal-ui Jinju", True, "2%", (2, 2)),
    "ttingdong": App("띵동", "Ttingdong", True, "2%", (2, 2)),
    "baemin": App("배달의민족", "Baemin", False, "6~12%", (6, 12)),
    "yogiyo": App("요기요", "Yogiyo", False, "6~12%", (6, 12)),
    "coupang_eats": App("쿠팡이츠", "Coupang Eats", False, "6~12%", (6, 12)),
}


def public_rate(apps: dict[str, App]) -> float | None:
    """The public apps' commission the savings are figured at: the least favourable one's, so a
    saving is never overstated (the report's and the merchant card's estimates); None without one."""
    return max((a.rate[0] for a in apps.values() if a.public), default=None)


def _url(description: str):
    # The app's Korean name (the description up to its note) is the form's label.
    return Field(None, title=description.split(" (")[0].rstrip(".") + " 가게 주소", description=description)


class DeliveryLinks(Section):
    """Merchant field `delivery`: the merchant's page in each delivery app it uses. The keys are the
    apps' ids: these of the default list, or those the profile's `delivery.apps` declares (checked
    when the street loads)."""

    model_config = ConfigDict(title="배달 앱", extra="allow")

    ddangyo: HttpUrl | None = _url("땡겨요 (public, ~2 % commission).")
    mukkebi: HttpUrl | None = _url("먹깨비 (public).")
    baedal_teukgeup: HttpUrl | None = _url("배달특급 (Gyeonggi public app).")
    baedal_jinju: HttpUrl | None = _url("배달의 진주 (Jinju public app).")
    ttingdong: HttpUrl | None = _url("띵동 (public).")
    baemin: HttpUrl | None = _url("배달의민족.")
    yogiyo: HttpUrl | None = _url("요기요.")
    coupang_eats: HttpUrl | None = _url("쿠팡이츠.")


#: A typical shop's delivery orders per month in won, when the profile's `delivery.monthly_orders`
#: does not say (the report's and the merchant card's savings estimates).
MONTHLY_ORDERS = 3_000_000


class AppSetting(Section):
    """A delivery app of the street (`delivery.apps`), with the commission it charges."""

    model_config = ConfigDict(title="배달 앱")

    id: str = Field(pattern=r"^[a-z0-9_]+$", title="앱 이름 (영문 id)",
                    description="The key merchants' `delivery:` links use, e.g. baedal_jinju.")
    name: str = Field(title="앱 이름", description="e.g. 배달의 진주.")
    name_en: str | None = Field(None, title="앱 이름 (영어)")
    public: bool = Field(False, title="공공배달앱", description="A public or local low-commission app.")
    commission: float = Field(ge=0, le=50, title="중개수수료 (%)", description="The commission in percent, e.g. 2.")
    commission_max: float | None = Field(None, ge=0, le=50, title="중개수수료 최대 (%)",
                                         description="When it varies: the highest, e.g. 12 (with commission: 6).")
    url: Url | None = Field(None, title="앱 안내 주소")


class DeliverySettings(Section):
    """Section `delivery`: the street's delivery apps, and inputs for the report's savings estimate."""

    model_config = ConfigDict(title="배달 앱 설정")

    monthly_orders: int | None = Field(None, title="가게 한 곳의 한 달 배달 주문액 (원)",
                                       ge=0, description="A typical shop's delivery orders per month in won, e.g. 3000000; "
                                       "the report shows the commission a public app saves at this volume.")
    apps: list[AppSetting] = Field(default_factory=list, title="배달 앱", description=(
        "The apps the street's shops use, public ones first; left out: the national apps (땡겨요, 배달의민족 …)."))


def apps_of_street(street: Street) -> dict[str, App]:
    """The street's apps by id, public ones first: the profile's `delivery.apps`, or the defaults."""
    settings = street.section("delivery")
    if not settings or not settings.apps:
        return APPS
    made = {a.id: App(a.name, a.name_en or a.name, a.public,
                      f"{a.commission:g}%" if a.commission_max is None else f"{a.commission:g}~{a.commission_max:g}%",
                      (a.commission, a.commission if a.commission_max is None else a.commission_max), str(a.url or ""))
            for a in settings.apps}
    return dict(sorted(made.items(), key=lambda item: not item[1].public))


def _links(merchant: Any) -> dict[str, str]:
    """{app id: the merchant's page in it} from the merchant's `delivery` field."""
    links = getattr(merchant, "delivery", None)
    if links is None:
        return {}
    found = {k: v for k, v in links.model_dump(exclude_none=True).items() if v}
    return {k: str(v) for k, v in found.items()}


@streetkit.hookimpl
def config_schema():
    return {"merchant.delivery": DeliveryLinks, "delivery": DeliverySettings}


@streetkit.hookimpl
def street_loaded(street: Street):
    apps = apps_of_street(street)
    # {merchant id: its apps, public first}: read once here, by the report, the cards and their peers
    on: dict[str, list[App]] = {}
    street.data["delivery"] = {"apps": apps, "on": on}
    for m in street.profile.merchants:
        links = _links(m)
        if not links:
            continue
        for key, url in links.items():
            if key not in apps:
                close = difflib.get_close_matches(key, list(apps), n=1)
                raise streetkit.PluginError(_(
                    "merchant {merchant}: delivery app `{app}` is not one of the street's apps ({apps}){hint}", merchant=m.id,
                    app=key, apps=", ".join(apps),
                    hint=_("; did you mean `{name}`?", name=close[0]) if close else _("; add it under delivery.apps")))
            if not url.startswith(("https://", "http://")):
                raise streetkit.PluginError(_("merchant {merchant}: delivery.{app} must be an http(s) address, got {url!r}",
                                              merchant=m.id, app=key, url=url))
        used = [(key, app, links[key]) for key, app in apps.items() if key in links]
        on[m.id] = [app for _k, app, _u in used]
        for _key, app, url in used:  # APPS is ordered public first
            kind_ko, kind_en = ("공공배달앱", "public app") if app.public else ("민간 배달앱", "commercial app")
            street.add_link(m.id, Link("delivery", url, f"{app.ko}에서 주문", f"Order on {app.en}", "배달 주문",
                                       "Delivery", f"{kind_ko} · 중개수수료 {app.commission}",
                                       f"{kind_en} · {app.commission} commission"))
        if used:
            street.add_badge(m.id, Badge("delivery", "delivery", "배달", "Delivery",
                                         "·".join(app.ko for _k, app, _u in used), ", ".join(app.en for _k, app, _u in used)))
        if any(app.public for _k, app, _u in used):
            street.add_badge(m.id, Badge("delivery", "public-delivery", "공공배달앱", "Public delivery app"))


@streetkit.hookimpl
def report_sections(street: Street):
    food = [m for m in street.profile.merchants if m.category == "food"]
    return [_report_section(street, food)] if food else None


def _apps_of(street: Street, m: Any) -> list[App]:
    return street.data["delivery"]["on"].get(m.id, [])


def _report_section(street: Street, food: list) -> Chapter:
    """Delivery adoption among food merchants, per app, and what public apps save in commission."""
    on_any = [m for m in food if _apps_of(street, m)]
    on_public = [m for m in food if any(a.public for a in _apps_of(street, m))]
    apps = street.data["delivery"]["apps"]
    per_app = [(app.ko, sum(1 for m in food if app in _apps_of(street, m)), app) for app in apps.values()]
    per_app = [(name, n, app) for name, n, app in per_app if n]
    # Against the national commercial apps when the street lists none of its own.
    commercial = [a.rate for a in apps.values() if not a.public] or [a.rate for a in APPS.values() if not a.public]
    public = public_rate(apps)
    public_rate_ = public if public is not None else public_rate(APPS)
    assert public_rate_ is not None
    low, high = min(r[0] for r in commercial), max(r[1] for r in commercial)
    # Per 1,000,000 won of orders moved from a commercial app to a public one.
    saved = (round(10_000 * (low - public_rate_)), round(10_000 * (high - public_rate_)))
    settings = street.section("delivery")
    monthly = settings.monthly_orders or 0 if settings else 0
    # At the profile's monthly order value: per shop per month, and per year for the shops on any app.
    at_volume = (round(monthly * (low - public_rate_) / 100), round(monthly * (high - public_rate_) / 100))
    color = street.tokens.get("color-primary-surface", street.profile.brand.primary)
    share = round(100 * len(on_any) / len(food), 1)
    return Chapter(
        "delivery", "배달앱 입점 현황", "print/report/delivery.html", parent="mix", order=30,
        context={"food": len(food), "on_any": len(on_any), "on_public": len(on_public), "share": share,
                 "public_share": round(100 * len(on_public) / len(food), 1), "per_app": per_app,
                 "public_rate": public_rate_, "low": low, "high": high, "saved": saved,
                 "monthly": monthly, "at_volume": at_volume,
                 "app_chart": charts.hbar_chart([(name, n) for name, n, _a in per_app], color=color, unit="곳",
                                                title="배달앱별 입점 음식점 수")},
        highlights=[("음식점 배달앱 입점률", f"{share:g}%"), ("공공배달앱 입점 음식점", f"{len(on_public)}곳")])


@streetkit.hookimpl
def template_dirs():
    return [Path(__file__).parent / "templates"]


def merchant_findings(street: Street, merchant: Any) -> list[Finding] | None:
    """A merchant card's delivery, for food shops and any shop already on an app: which apps it is
    on, against its peers; on a commercial app only, the commission a public app would save (the
    report's formula at the profile's order value), as an estimate."""
    apps = _apps_of(street, merchant)
    if merchant.category != "food" and not apps:
        return None
    peers = compare_peers(street, merchant, lambda m: bool(_apps_of(street, m)), key="delivery.any")
    if not apps:
        return [Finding("배달", "배달 앱에 없습니다. " + peers.ko("배달 앱으로 주문을 받습니다.", "은"),
                        "You are on no delivery app. " + peers.en("take orders through a delivery app."),
                        topic_en="Delivery", step_ko="공공배달앱 입점 (중개수수료 2% 안팎)",
                        step_en="Join a public delivery app (about 2 % commission)", share=peers.share,
                        indicators={"배달 앱": "없음"})]
    names = "·".join(a.ko for a in apps)
    columns: dict[str, str | int | float] = {"배달 앱": names}
    if any(a.public for a in apps):
        return [Finding("배달", f"{names}에서 주문을 받습니다. 공공배달앱은 중개수수료가 2% 안팎입니다.",
                        f"You take orders on {', '.join(a.en for a in apps)}, including a public app at about 2 % commission.",
                        topic_en="Delivery", good=True, indicators=columns)]
    settings = street.section("delivery")
    monthly = settings.monthly_orders or MONTHLY_ORDERS if settings else MONTHLY_ORDERS
    street_apps = street.data["delivery"]["apps"]
    public = public_rate(street_apps)
    first_public = next((a for a in street_apps.values() if a.public), None)
    if public is None or first_public is None:  # no public app on this street to move orders to
        return [Finding("배달", f"{names}에서 주문을 받습니다.", f"You take orders on {', '.join(a.en for a in apps)}.",
                        topic_en="Delivery", indicators=columns)]
    low, high = min(a.rate[0] for a in apps), max(a.rate[1] for a in apps)
    saved = (monthly * (low - public) / 100 * 12, monthly * (high - public) / 100 * 12)
    columns["공공배달앱 전환 시 연 절감(추정, 최소)"] = round(saved[0])
    return [Finding(
        "배달", f"{names}에만 있습니다 (중개수수료 {low:g}~{high:g}%). 주문을 공공배달앱(수수료 {public:g}%)으로 옮기면 한 해 "
        f"{about_won(saved[0])}~{about_won(saved[1]).removeprefix('약 ')}을 아낍니다 (추정: 한 달 배달 주문 {monthly:,}원).",
        f"You are on commercial apps only ({low:g}-{high:g} % commission). Moving orders to a public app ({public:g} %) "
        f"would save about {round(saved[0], -4):,.0f}-{round(saved[1], -4):,.0f} won a year "
        f"(estimate: {monthly:,} won of delivery orders a month).",
        topic_en="Delivery", step_ko=f"공공배달앱 입점 ({first_public.ko} 등, 수수료 {public:g}%)",
        step_en=f"Join a public delivery app ({first_public.en}, {public:g} % commission)", won=round(saved[0]), estimate=True,
        share=peers.share, indicators=columns)]


@streetkit.hookimpl
def card_findings(street: Street):
    return {m.id: found for m in street.profile.merchants if (found := merchant_findings(street, m))}
