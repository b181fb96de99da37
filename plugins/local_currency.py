"""Local gift currency (지역사랑상품권), ZeroPay and Onnuri acceptance: badges, and window stickers."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Literal

from pydantic import ConfigDict, Field

import streetkit
from streetkit import (
    CATEGORIES,
    Badge,
    Chapter,
    Document,
    Finding,
    LatLng,
    NavItem,
    Page,
    Section,
    Street,
    Url,
    _,
    about_won,
    charts,
    compare_peers,
    josa,
)

#: The plugin in the studio's words.
TITLE = "지역화폐·제로페이·온누리 가맹 표시와 가맹점 스티커"
#: Sections this plugin cannot work without: `streetkit validate` says so when one is missing.
REQUIRES = ("local_currency",)

Form = Literal["paper", "card", "mobile"]
FORM_KO = {"paper": "지류", "card": "카드", "mobile": "모바일"}
FORM_EN = {"paper": "paper", "card": "card", "mobile": "mobile"}


#: The explainer page's words, per language.
EXPLAINER = {
    "ko": {"eyebrow": "상품권 안내", "accepted": "우리 골목 {total}곳 중 {n}곳에서 쓸 수 있습니다.",
           "buy": "사는 곳", "benefit": "혜택", "discount": "{d:g}% 할인된 값으로 구입",
           "limit": "1인당 월 {w} 구입 가능", "forms": "쓸 수 있는 형태", "shops": "사용 가능한 가게",
           "also": "이 가게들은 다음 결제도 받습니다: 제로페이, 온누리상품권 (가게마다 다름)",
           "places": "가까운 판매처", "sold": "파는 형태", "apps": "모바일 상품권 앱", "app_sells": "구매·충전",
           "app_pays": "가게에서 결제", "how": "쓰는 방법", "form_title": "{f} 상품권", "delivery": "상품권으로 주문하는 배달 앱",
           "delivery_note": "앱에서 결제할 때 모바일 {name}을 고르세요."},
    "en": {"eyebrow": "Gift certificates", "accepted": "Accepted at {n} of the {total} shops here.",
           "buy": "Where to buy", "benefit": "What you get", "discount": "Bought at {d:g}% off",
           "limit": "Up to {w} per person per month", "forms": "Forms", "shops": "Shops that accept it",
           "also": "Many also take ZeroPay and Onnuri vouchers (see each shop)",
           "places": "Branches nearby", "sold": "Sells", "apps": "Apps for the mobile certificate",
           "app_sells": "buy and top up", "app_pays": "pay in shops", "how": "How to pay", "form_title": "{f} certificate",
           "delivery": "Delivery apps that take it",
           "delivery_note": "Choose the mobile {name} when you pay in the app."},
}


#: How to pay with each form, in steps ({name}: the currency; {apps}: its apps, or "the app").
STEPS = {
    "ko": {"paper": ["가게 문이나 계산대에 붙은 {name} 스티커를 확인합니다.",
                     "계산할 때 현금처럼 상품권을 냅니다. 여러 장을 함께 낼 수 있습니다."],
           "card": ["충전식 {name} 카드에 돈을 충전합니다. 할인은 충전할 때 붙습니다.",
                    "계산할 때 카드를 냅니다. 신용카드처럼 결제됩니다."],
           "mobile": ["{apps}에서 {name_obj} 충전(구매)합니다. 할인은 충전할 때 붙습니다.",
                      "가게 계산대의 제로페이 QR을 앱으로 찍거나, 앱의 내 QR을 가게에 보여 줍니다.",
                      "금액을 확인하고 결제합니다. 가게 화면에도 결제가 뜹니다."]},
    "en": {"paper": ["Look for the {name} sticker on the shop's door or counter.",
                     "Pay with the certificates as with cash; several can go together."],
           "card": ["Top up the {name} card; the discount is given when you top up.",
                    "Pay with the card at the counter, like a credit card."],
           "mobile": ["Buy (top up) the {name} in {apps}; the discount is given when you top up.",
                      "Scan the shop's ZeroPay QR code with the app, or show the app's own QR code.",
                      "Check the amount and pay; the shop sees the payment too."]},
}


def pay_steps(currency: Currency, lang: str) -> list[tuple[str, list[str]]]:
    """(form, steps) for each form the currency is issued in, in the page's language."""
    sellers = [a.name if lang == "ko" else a.name_en or a.name for a in currency.apps if a.sells]
    apps = ("·".join(sellers) + " 앱" if lang == "ko" else " or ".join(sellers)) if sellers else (
        "상품권 앱" if lang == "ko" else "its app")
    name = currency.name if lang == "ko" else currency.name_en or currency.name
    return [(f, [step.format(name=name, name_obj=josa(name, "을", "를"), apps=apps) for step in STEPS[lang][f]])
            for f in currency.forms]


class BuyPlace(Section):
    """A place that sells the currency: a bank branch, the district office."""

    model_config = ConfigDict(title="사는 곳")

    name: str = Field(title="이름", description="e.g. NH농협은행 진주중앙지점.")
    name_en: str | None = Field(None, title="이름 (영어)")
    address: str | None = Field(None, title="주소")
    location: LatLng | None = Field(None, title="지도 위치", json_schema_extra={
        "hint": "지도 앱에서 그곳을 길게 눌러 나오는 숫자 두 개 (위도, 경도)"})
    hours: str | None = Field(None, title="여는 시간", description="e.g. 평일 09:00~16:00.")
    hours_en: str | None = Field(None, title="여는 시간 (영어)")
    sells: list[Form] = Field(default_factory=list, title="파는 형태", description="Forms sold here, e.g. [paper].")


class CurrencyApp(Section):
    """An app for the mobile currency: buying (charging) it, paying with it, or both."""

    model_config = ConfigDict(title="모바일 상품권 앱")

    name: str = Field(title="앱 이름", description="e.g. 비플제로페이.")
    name_en: str | None = Field(None, title="앱 이름 (영어)")
    url: Url | None = Field(None, title="앱 안내 주소", description="Where to get the app (its page or store link).")
    sells: bool = Field(True, title="상품권 구매·충전")
    pays: bool = Field(True, title="가게에서 결제")


class DeliveryApp(Section):
    """A delivery app that takes the mobile currency as payment."""

    model_config = ConfigDict(title="상품권 배달 앱")

    name: str = Field(title="앱 이름", description="e.g. 배달의 진주.")
    name_en: str | None = Field(None, title="앱 이름 (영어)")
    url: Url | None = Field(None, title="앱 안내 주소")


class Currency(Section):
    """The street's local gift currency (e.g. 북구사랑상품권, 진주사랑상품권)."""

    model_config = ConfigDict(title="상품권")

    name: str = Field(title="상품권 이름", description="Korean name, e.g. 북구사랑상품권.")
    name_en: str | None = Field(None, title="상품권 이름 (영어)", description="English name, e.g. Buk-gu Gift Certificate.")
    forms: list[Form] = Field(title="발행 형태", description="Forms issued: paper, card, mobile.")
    discount: float | None = Field(None, title="할인율 (%)", ge=0, le=50, description="Purchase discount in percent, e.g. 10.")
    monthly_limit: int | None = Field(None, title="한 달 구매 한도 (원)",
                                      ge=0, description="Purchase limit per person per month, in won.")
    where_to_buy: list[str] = Field(title="사는 곳",
                                    default_factory=list, description="Where to buy, e.g. NH농협은행 지점, 제로페이 앱.")
    where_to_buy_en: list[str] = Field(title="사는 곳 (영어)", default_factory=list)
    places: list[BuyPlace] = Field(default_factory=list, title="사는 곳 (지도에 표시)", description=(
        "Branches and offices that sell it, with address and location: the page links each to Naver and Kakao Map."))
    apps: list[CurrencyApp] = Field(default_factory=list, title="모바일 상품권 앱", description=(
        "Apps that sell the mobile currency and pay with it, e.g. 비플제로페이, 올원뱅크."))
    delivery_apps: list[DeliveryApp] = Field(default_factory=list, title="상품권을 받는 배달 앱", description=(
        "Delivery apps that take the mobile currency, e.g. 배달의 진주, 띵동."))


class LocalCurrency(Section):
    """Section `local_currency`: the currency the street's merchants accept."""

    model_config = ConfigDict(title="지역화폐")

    currency: Currency = Field(title="지역화폐")
    card_sales: int | None = Field(None, ge=0, title="가게 한 곳의 한 달 카드 매출 (원)", description=(
        "A typical shop's card sales per month in won, for the merchant card's ZeroPay estimate "
        f"(default {10_000_000:,})."))


#: The merchant card's ZeroPay estimate: a small shop's monthly card sales (unless the profile's
#: `local_currency.card_sales` says otherwise), the share of them assumed to move to ZeroPay, and
#: the card fee that share no longer pays — the 2025 preferential credit-card rate for shops with
#: up to 300 million won a year (영세가맹점 우대수수료율); ZeroPay charges such shops 0 %.
CARD_SALES = 10_000_000
ZEROPAY_SHARE = 0.10
CARD_FEE_PERCENT = 0.40


class Acceptance(Section):
    """Merchant field `pay`: which payments a merchant takes."""

    model_config = ConfigDict(title="상품권·간편결제 가맹")

    local: list[Form] = Field(default_factory=list, title="받는 지역화폐", description="Forms of the local currency accepted.")
    zeropay: bool = Field(False, title="제로페이", description="ZeroPay QR payments (제로페이).")
    onnuri: bool = Field(False, title="온누리상품권", description="Onnuri vouchers (온누리상품권), the national market voucher.")


def _accepts(merchant: Any, what: str) -> bool:
    """The merchant takes `what`: a form of the local currency ("paper" …), "zeropay" or "onnuri"."""
    pay = getattr(merchant, "pay", None)
    if pay is None:
        return False
    return what in pay.local if what in FORM_KO else bool(getattr(pay, what))


#: Stickers per rendered part of the combined sheet. A 1,000-merchant street's 665-sticker sheet in
#: one piece peaked at 598 MB, in parts of 100 at 382 MB, in the same time; each part embeds its own
#: font subsets, so the file grows from 2.5 to 4.2 MB.
STICKERS_PER_PART = 100


def _takes_local(merchant: Any) -> bool:
    """The merchant accepts the local currency in some form (`pay` is this plugin's merchant field)."""
    pay = getattr(merchant, "pay", None)
    return bool(pay and pay.local)


@streetkit.hookimpl
def config_schema():
    return {"local_currency": LocalCurrency, "merchant.pay": Acceptance}


@streetkit.hookimpl
def street_loaded(street: Street):
    section = street.section("local_currency")
    for m in street.profile.merchants:
        pay = getattr(m, "pay", None)
        if pay is None:
            continue
        if pay.local:
            if section is None:
                raise streetkit.PluginError(_("merchant {merchant} accepts the local currency, but the profile has "
                                              "no `local_currency:` section naming it", merchant=m.id))
            c = section.currency
            forms_ko = "·".join(FORM_KO[f] for f in pay.local)
            forms_en = ", ".join(FORM_EN[f] for f in pay.local)
            street.add_badge(m.id, Badge("pay", "local", c.name, c.name_en or c.name, forms_ko, forms_en, tuple(pay.local)))
        if pay.zeropay:
            street.add_badge(m.id, Badge("pay", "zeropay", "제로페이", "ZeroPay"))
        if pay.onnuri:
            street.add_badge(m.id, Badge("pay", "onnuri", "온누리상품권", "Onnuri voucher"))
    accepting = [m for m in street.profile.merchants if _takes_local(m)]
    street.data["local_currency"] = {"accepting": accepting, "total": len(street.profile.merchants)}
    if section is not None:
        street.add_nav(NavItem("local-currency/", "상품권 안내", "Gift certificates", order=30))


@streetkit.hookimpl
def report_sections(street: Street):
    return [_report_section(street, street.section("local_currency"))] if street.profile.merchants else None


def _report_section(street: Street, section: LocalCurrency | None) -> Chapter:
    """Payment acceptance for the report: overall rates and the local-currency rate by trade."""
    merchants = street.profile.merchants
    total = len(merchants)

    def count(ms: list, test) -> int:
        return sum(1 for m in ms if getattr(m, "pay", None) and test(m.pay))

    def rate(ms: list, test) -> float:
        return round(100 * count(ms, test) / len(ms), 1) if ms else 0.0

    name = section.currency.name if section else "지역사랑상품권"
    tests = [(name, lambda p: p.local), ("제로페이", lambda p: p.zeropay), ("온누리상품권", lambda p: p.onnuri)]
    rows = [(label, rate(merchants, test)) for label, test in tests]
    counts = [count(merchants, test) for _label, test in tests]
    by_trade = []
    for key, cat in CATEGORIES.items():
        ms = [m for m in merchants if m.category == key]
        if ms:
            by_trade.append((cat.ko, len(ms), sum(1 for m in ms if _takes_local(m)),
                             rate(ms, lambda p: p.local)))
    color = street.tokens.get("color-primary-surface", street.profile.brand.primary)
    return Chapter(
        "payments", "결제 수단 수용률", "print/report/payments.html", parent="mix", order=20,
        context={"pay_rows": [(label, r, n) for (label, r), n in zip(rows, counts)], "by_trade": by_trade,
                 "currency_name": name, "total": total,
                 "pay_chart": charts.hbar_chart(rows, color=color, unit="%", title="결제 수단별 가맹 점포 비율",
                                                decimals=1),
                 "trade_chart": charts.hbar_chart([(t[0], t[3]) for t in by_trade], color=color, unit="%",
                                                  title=f"업종별 {name} 가맹률", decimals=1)},
        highlights=[(f"{name} 가맹률", f"{rows[0][1]:g}%")])


@streetkit.hookimpl
def template_dirs():
    return [Path(__file__).parent / "templates"]


@streetkit.hookimpl
def artifacts(street: Street):
    """The "how to buy and use" page (both languages), a 150 mm square window sticker for each
    accepting merchant, and all the stickers in one PDF."""
    section = street.section("local_currency")
    pages = []
    if section is not None:
        langs = street.languages
        pages = [Page(path=f"site/{streetkit.site_path(lang, 'local-currency/index.html')}",
                      template="site/local-currency.html", lang=lang,
                      context={"currency": section.currency, "accepting": street.data["local_currency"]["accepting"],
                               "text": EXPLAINER[lang], "form_names": FORM_KO if lang == "ko" else FORM_EN,
                               "steps": pay_steps(section.currency, lang)})
                 for lang in langs]
    accepting = street.data["local_currency"]["accepting"]
    if section is None or not accepting:
        return pages
    base = street.profile.base_url.rstrip("/")

    def qr_target(m) -> str:
        # The same campaign tagging as other prints: utm_campaign tells scans of stickers apart.
        return streetkit.campaign_url(base, f"merchants/{m.id}/", f"sticker-{m.id}")

    common = {"currency": section.currency, "forms": [(f, FORM_KO[f]) for f in section.currency.forms],
              "qr_targets": {m.id: qr_target(m) for m in accepting}}
    title = f"{section.currency.name} 사용 가능 스티커"
    # One file for the print shop, rendered STICKERS_PER_PART at a time (a long street's sheet in
    # one piece held its whole layout in memory); each merchant's own sticker is its page of it.
    sheet = "print/stickers/local-currency-all.pdf"
    return pages + [
        Document(path=sheet, template="print/sticker-local-currency.html", title=f"{title} (전체 {len(accepting)}매)",
                 kind="sticker", context={**common, "merchants": accepting},
                 parts=[{"merchants": accepting[i:i + STICKERS_PER_PART]}
                        for i in range(0, len(accepting), STICKERS_PER_PART)]),
        *(Document(path=f"print/stickers/local-currency-{m.id}.pdf", title=f"{title} — {m.name}", page_of=(sheet, i),
                   kind="sticker")
          for i, m in enumerate(accepting))]


def merchant_findings(street: Street, merchant: Any) -> list[Finding] | None:
    """A merchant card's payments: each form of the local currency the street issues, ZeroPay and
    Onnuri, against the shop's peers; what ZeroPay would save in card fees, as an estimate."""
    section = street.section("local_currency")
    if section is None:
        return None
    currency = section.currency

    ways = [(form, f"{currency.name}({FORM_KO[form]})", f"{currency.name_en or currency.name} ({FORM_EN[form]})")
            for form in ("paper", "mobile", "card") if form in currency.forms]
    ways += [("zeropay", "제로페이", "ZeroPay"), ("onnuri", "온누리상품권", "Onnuri vouchers")]
    out: list[Finding] = []
    columns: dict[str, str | int | float] = {}
    for what, ko, en in ways:
        has = _accepts(merchant, what)
        columns[ko] = "예" if has else "아니오"
        peers = compare_peers(street, merchant, functools.partial(_accepts, what=what), key=f"local_currency.{what}")
        peers_ko = peers.ko("받습니다.", peers.beside(has))
        if has:
            out.append(Finding("결제", f"{josa(ko, '을', '를')} 받습니다. " + peers_ko, f"You take {en}. "
                               + peers.en(f"take {en}."), topic_en="Payments", good=True, share=peers.share))
            continue
        finding = Finding("결제", f"{josa(ko, '은', '는')} 받지 않습니다. " + peers_ko,
                          f"You do not take {en}. " + peers.en(f"take {en}."), topic_en="Payments",
                          step_ko=f"{ko} 가맹 신청", step_en=f"Sign up for {en}", share=peers.share)
        if what == "zeropay":
            sales = section.card_sales or CARD_SALES
            saved = sales * ZEROPAY_SHARE * CARD_FEE_PERCENT / 100 * 12
            finding.ko += (f" 카드 결제의 {ZEROPAY_SHARE:.0%}가 제로페이로 옮겨 오면 카드 수수료를 한 해 {about_won(saved)} "
                           f"아낍니다 (추정: 한 달 카드 매출 {sales:,}원, 영세가맹점 카드 수수료 {CARD_FEE_PERCENT:.2f}%, "
                           "제로페이 수수료 0%).")
            finding.en += (f" If {ZEROPAY_SHARE:.0%} of card payments moved to ZeroPay you would save about "
                           f"{round(saved, -3):,.0f} won a year in card fees (estimate: {sales:,} won of card sales a month, "
                           f"a {CARD_FEE_PERCENT:.2f}% card fee, ZeroPay 0%).")
            finding.won, finding.estimate = round(saved), True
        out.append(finding)
    if out:
        out[0].indicators = columns
    return out


@streetkit.hookimpl
def assistant_facts(street: Street):
    """The currency's facts, for the street assistant (where to buy, the monthly limit, the discount)."""
    section = street.section("local_currency")
    if section is None:
        return None
    c = section.currency
    return {"currency": {"n": c.name, "ne": c.name_en or c.name, "buy": c.where_to_buy, "buye": c.where_to_buy_en,
                         "lim": c.monthly_limit, "dc": c.discount, "f": list(c.forms)},
            "pages": {"currency": "local-currency/"}}


@streetkit.hookimpl
def card_findings(street: Street):
    return {m.id: found for m in street.profile.merchants if (found := merchant_findings(street, m))}
