"""Delivery apps per merchant, public low-commission apps first: links, badges and a directory filter."""
from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field, HttpUrl

import streetkit
from streetkit import Badge, Link, Section, Street


@dataclass(frozen=True)
class App:
    ko: str
    en: str
    public: bool
    commission: str  # as publicised; districts quote these when promoting public apps


#: Public and local apps first (2 % commission or so), then the commercial ones (6-12 %).
APPS: dict[str, App] = {
    "ddangyo": App("땡겨요", "Ddangyo", True, "2%"),
    "mukkebi": App("먹깨비", "Mukkebi", True, "2%"),
    "baedal_teukgeup": App("배달특급", "Baedal Teukgeup", True, "1%"),
    "baedal_jinju": App("배달의 진주", "Baedal-ui Jinju", True, "2%"),
    "ttingdong": App("띵동", "Ttingdong", True, "2%"),
    "baemin": App("배달의민족", "Baemin", False, "6~12%"),
    "yogiyo": App("요기요", "Yogiyo", False, "6~12%"),
    "coupang_eats": App("쿠팡이츠", "Coupang Eats", False, "6~12%"),
}


def _url(description: str):
    return Field(None, description=description)


class DeliveryLinks(Section):
    """Merchant field `delivery`: the merchant's page in each delivery app it uses."""

    ddangyo: HttpUrl | None = _url("땡겨요 (public, ~2 % commission).")
    mukkebi: HttpUrl | None = _url("먹깨비 (public).")
    baedal_teukgeup: HttpUrl | None = _url("배달특급 (Gyeonggi public app).")
    baedal_jinju: HttpUrl | None = _url("배달의 진주 (Jinju public app).")
    ttingdong: HttpUrl | None = _url("띵동 (public).")
    baemin: HttpUrl | None = _url("배달의민족.")
    yogiyo: HttpUrl | None = _url("요기요.")
    coupang_eats: HttpUrl | None = _url("쿠팡이츠.")


@streetkit.hookimpl
def config_schema():
    return {"merchant.delivery": DeliveryLinks}


@streetkit.hookimpl
def street_loaded(street: Street):
    for m in street.profile.merchants:
        links = getattr(m, "delivery", None)
        if links is None:
            continue
        used = [(key, app, str(getattr(links, key))) for key, app in APPS.items() if getattr(links, key)]
        for key, app, url in used:  # APPS is ordered public first
            kind_ko, kind_en = ("공공배달앱", "public app") if app.public else ("민간 배달앱", "commercial app")
            street.add_link(m.id, Link("delivery", url, f"{app.ko}에서 주문", f"Order on {app.en}", "배달 주문",
                                       "Delivery", f"{kind_ko} · 중개수수료 {app.commission}",
                                       f"{kind_en} · {app.commission} commission"))
        if used:
            street.add_badge(m.id, Badge("delivery", "delivery", "배달", "Delivery",
                                         "·".join(app.ko for _k, app, _u in used), ", ".join(app.en for _k, app, _u in used)))
        if any(app.public for _k, app, _u in used):
            street.add_badge(m.id, Badge("delivery", "public-delivery", "공공배달앱", "Public delivery app"))
