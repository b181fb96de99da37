"""Print builder: street flyers and event posters in A5/A4/A3, print-ready (3 mm bleed), with QR codes."""
from __future__ import annotations

import functools
from datetime import date

import segno
from pydantic import ConfigDict, Field

import streetkit
from streetkit import CATEGORIES, Document, MerchantRef, Section, Street

#: The plugin in the studio's words.
TITLE = "포스터·전단·쿠폰·스탬프 투어 인쇄물"

ENABLED_BY_DEFAULT = True

#: Trim sizes in millimetres (width, height).
SIZES = {"A3": (297, 420), "A4": (210, 297), "A5": (148, 210)}
#: Layouts are drawn for A5 and scaled by the width: every ISO A size has the same proportions.
BASE_WIDTH = 148
FLYER_SIZES = ("A5", "A4")
POSTER_SIZES = ("A4", "A3")


#: Coupons per A4 sheet: two columns of four, each 99 × 68 mm between cut lines.
COUPONS_PER_SHEET = 8


class Coupon(Section):
    """A discount coupon a merchant offers, printed eight to an A4 sheet with cut lines."""

    model_config = ConfigDict(title="쿠폰")

    merchant: MerchantRef = Field(title="가게", description="Id of the merchant offering it.")
    offer: str = Field(title="혜택", min_length=1, description="The offer in a few words, e.g. 아메리카노 500원 할인.")
    conditions: str | None = Field(None, title="조건", description="Conditions, e.g. 1인 1매, 다른 할인과 중복 불가.")
    valid_until: date | None = Field(None, title="쓸 수 있는 마지막 날", description="Last day it can be used.")


class StampTour(Section):
    """Section `stamp_tour`: a card visitors get stamped at participating shops (스탬프 투어)."""

    model_config = ConfigDict(title="스탬프 투어")

    title: str = Field("골목 스탬프 투어", title="스탬프 투어 이름", description="Title on the card.")
    merchants: list[MerchantRef] = Field(title="참여 가게",
                                         min_length=2, max_length=12, description="Ids of the participating merchants.")
    goal: int = Field(title="모아야 하는 도장 수", ge=1, description="Stamps needed for the reward.")
    reward: str = Field(title="보상", description="What a full card earns, e.g. 북구사랑상품권 5,000원.")
    claim_at: str | None = Field(None, title="보상 받는 곳", description="Where to claim the reward, e.g. 상인회 사무실.")
    until: date | None = Field(None, title="마지막 날", description="Last day of the tour.")


@streetkit.hookimpl
def config_schema():
    return {"coupons": list[Coupon], "stamp_tour": StampTour}


def _merchants(street: Street, ids: list[str]) -> list:
    """The merchants `ids` name, in order (the profile model has checked that they exist)."""
    by_id = {m.id: m for m in street.profile.merchants}
    return [by_id[i] for i in ids]


@functools.lru_cache(maxsize=4096)
def qr_data_uri(text: str, dark: str = "#000000") -> str:
    """A vector QR code (SVG data URI) that prints sharp at any size; error level M survives smudges.

    Cached in memory and on disk: segno picks the best of eight masks in pure Python (~50 ms a
    code), which made QR codes most of a no-change rebuild."""
    key = streetkit.cache_key("m", dark, text, code=[__name__], libraries=["segno"])
    data = streetkit.cached_bytes("qr", key, lambda: segno.make(
        text, error="m", micro=False).svg_data_uri(scale=1, border=0, dark=dark).encode("ascii"))
    return data.decode("ascii")


def page_size(size: str) -> dict:
    """Template context for a trim size: `size` for @page, width/height in mm, and the scale `k`."""
    width, height = SIZES[size]
    return {"size": size, "width_mm": width, "height_mm": height, "k": round(width / BASE_WIDTH, 4)}


@streetkit.hookimpl
def jinja_environment(env, output):
    if output == "print":
        env.filters["qr"] = qr_data_uri
        env.globals["campaign_url"] = streetkit.campaign_url
        env.globals["page_size"] = page_size


@streetkit.hookimpl
def artifacts(street: Street):
    if street.portal is not None:  # a district portal has no shops or events of its own to hand out
        return []
    p = street.profile
    upcoming = street.upcoming_events()
    out = [Document(path=f"print/flyers/street-{size.lower()}.pdf", template="print/flyer-street.html",
                    title=f"{p.name} 안내 전단 ({size})", showcase="A5 전단" if size == "A5" else "", kind="flyer",
                    context={**page_size(size), "events": upcoming,
                             "qr_target": streetkit.campaign_url(p.base_url, "", f"street-{size.lower()}")})
           for size in FLYER_SIZES]
    out += [Document(path=f"print/flyers/merchant-{m.id}-a5.pdf", template="print/flyer-merchant.html",
                     title=f"{m.name} 안내 전단 (A5)", kind="flyer",
                     context={**page_size("A5"), "merchant": m, "category": CATEGORIES[m.category],
                              "badges": street.badges.get(m.id, []),
                              "qr_target": streetkit.campaign_url(p.base_url, f"merchants/{m.id}/", f"flyer-{m.id}")})
            for m in p.merchants if m.photo]
    out += _coupons_and_stamps(street)
    # A poster only for an event still ahead (one already over would advertise a past date); a
    # repeating event's poster shows its next date.
    for e in upcoming:
        out += [Document(path=f"print/posters/event-{e.id}-{size.lower()}.pdf", template="print/poster-event.html",
                         title=f"{e.title} 포스터 ({size})", kind="poster",
                         context={**page_size(size), "event": e,
                                  "qr_target": streetkit.campaign_url(p.base_url, f"events/{e.id}/", f"poster-{e.id}")})
                for size in POSTER_SIZES]
    return out


def _coupons_and_stamps(street: Street) -> list[Document]:
    p = street.profile
    out = []
    coupons = street.section("coupons") or []
    if coupons:
        shops = _merchants(street, [c.merchant for c in coupons])
        items = [{"coupon": c, "merchant": m,
                  "qr_target": streetkit.campaign_url(p.base_url, f"merchants/{m.id}/", f"coupon-{m.id}")}
                 for c, m in zip(coupons, shops)]
        # A sheet has no empty slot between cut lines: the last one is filled by printing the
        # coupons again, in order (the association gets more of each, the print shop a full sheet).
        slots = -(-len(items) // COUPONS_PER_SHEET) * COUPONS_PER_SHEET
        filled = [items[i % len(items)] for i in range(slots)]
        sheets = [filled[i:i + COUPONS_PER_SHEET] for i in range(0, slots, COUPONS_PER_SHEET)]
        out.append(Document(path="print/flyers/coupons-a4.pdf", template="print/coupons.html",
                            title=f"{p.name} 할인 쿠폰 ({len(items)}종, {slots}장)", kind="coupon",
                            context={**page_size("A4"), "sheets": sheets}))
    tour = street.section("stamp_tour")
    if tour:
        shops = _merchants(street, tour.merchants)
        out.append(Document(path="print/flyers/stamp-tour-a5.pdf", template="print/stamp-tour.html",
                            title=f"{p.name} {tour.title}", kind="coupon",
                            context={**page_size("A5"), "tour": tour, "shops": shops,
                                     "qr_target": streetkit.campaign_url(p.base_url, "", "stamp-tour")}))
    return out
