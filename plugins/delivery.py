"""Delivery apps per merchant, public low-commission apps first: links, badges and a directory filter."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, Field, HttpUrl

import streetkit
from streetkit import Badge, Chapter, Finding, Link, Section, Street, about_won, charts, compare_peers

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


#: Public and local apps first (2 % commission or so), then the commercial ones (6-12 %).
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


#: The public apps' commission the savings are figured at: the least favourable one's, so a saving
#: is never overstated (the report's and the merchant card's estimates).
PUBLIC_RATE = max(a.rate[0] for a in APPS.values() if a.public)


def _url(description: str):
    # The app's Korean name (the description up to its note) is the form's label.
    return Field(None, title=description.split(" (")[0].rstrip(".") + " 가게 주소", description=description)


class DeliveryLinks(Section):
    """Merchant field `delivery`: the merchant's page in each delivery app it uses."""

    model_config = ConfigDict(title="배달 앱")

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


class DeliverySettings(Section):
    """Section `delivery`: inputs for the report's savings estimate."""

    model_config = ConfigDict(title="배달 앱 설정")

    monthly_orders: int = Field(title="가게 한 곳의 한 달 배달 주문액 (원)",
                                ge=0, description="A typical shop's delivery orders per month in won, e.g. 3000000; "
                                "the report shows the commission a public app saves at this volume.")


@streetkit.hookimpl
def config_schema():
    return {"merchant.delivery": DeliveryLinks, "delivery": DeliverySettings}


@streetkit.hookimpl
def street_loaded(street: Street):
    for m in street.profile.merchants:
        links = getattr(m, "delivery", None)
        if links is None:
            continue
        used = [(key, app, str(getattr(links, key))) for key, app in APPS.items() if getattr(links, key)]
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


def _apps_of(m) -> list[App]:
    links = getattr(m, "delivery", None)
    return [app for key, app in APPS.items() if links is not None and getattr(links, key)]


def _report_section(street: Street, food: list) -> Chapter:
    """Delivery adoption among food merchants, per app, and what public apps save in commission."""
    on_any = [m for m in food if _apps_of(m)]
    on_public = [m for m in food if any(a.public for a in _apps_of(m))]
    per_app = [(app.ko, sum(1 for m in food if app in _apps_of(m)), app) for app in APPS.values()]
    per_app = [(name, n, app) for name, n, app in per_app if n]
    commercial = [a.rate for a in APPS.values() if not a.public]
    public_rate = PUBLIC_RATE
    low, high = min(r[0] for r in commercial), max(r[1] for r in commercial)
    # Per 1,000,000 won of orders moved from a commercial app to a public one.
    saved = (round(10_000 * (low - public_rate)), round(10_000 * (high - public_rate)))
    settings = street.section("delivery")
    monthly = settings.monthly_orders if settings else 0
    # At the profile's monthly order value: per shop per month, and per year for the shops on any app.
    at_volume = (round(monthly * (low - public_rate) / 100), round(monthly * (high - public_rate) / 100))
    color = street.tokens.get("color-primary-surface", street.profile.brand.primary)
    share = round(100 * len(on_any) / len(food), 1)
    return Chapter(
        "delivery", "배달앱 입점 현황", "print/report/delivery.html", parent="mix", order=30,
        context={"food": len(food), "on_any": len(on_any), "on_public": len(on_public), "share": share,
                 "public_share": round(100 * len(on_public) / len(food), 1), "per_app": per_app,
                 "public_rate": public_rate, "low": low, "high": high, "saved": saved,
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
    apps = _apps_of(merchant)
    if merchant.category != "food" and not apps:
        return None
    peers = compare_peers(street, merchant, lambda m: bool(_apps_of(m)), key="delivery.any")
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
    monthly = settings.monthly_orders if settings else MONTHLY_ORDERS
    public = PUBLIC_RATE
    low, high = min(a.rate[0] for a in apps), max(a.rate[1] for a in apps)
    saved = (monthly * (low - public) / 100 * 12, monthly * (high - public) / 100 * 12)
    columns["공공배달앱 전환 시 연 절감(추정, 최소)"] = round(saved[0])
    return [Finding(
        "배달", f"{names}에만 있습니다 (중개수수료 {low:g}~{high:g}%). 주문을 공공배달앱(수수료 {public:g}%)으로 옮기면 한 해 "
        f"{about_won(saved[0])}~{about_won(saved[1]).removeprefix('약 ')}을 아낍니다 (추정: 한 달 배달 주문 {monthly:,}원).",
        f"You are on commercial apps only ({low:g}-{high:g} % commission). Moving orders to a public app ({public:g} %) "
        f"would save about {round(saved[0], -4):,.0f}-{round(saved[1], -4):,.0f} won a year "
        f"(estimate: {monthly:,} won of delivery orders a month).",
        topic_en="Delivery", step_ko="공공배달앱 입점 (땡겨요 등, 수수료 2%)",
        step_en="Join a public delivery app (2 % commission)", won=round(saved[0]), estimate=True,
        share=peers.share, indicators=columns)]


@streetkit.hookimpl
def card_findings(street: Street):
    return {m.id: found for m in street.profile.merchants if (found := merchant_findings(street, m))}
