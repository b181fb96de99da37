"""Merchant cards (#30): each sentence's numbers against a street computed by hand, the ranked
steps, the private pages kept out of the sitemap and the assistant, the print checks, the
spreadsheet and the command."""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess

import pytest

import streetkit
from conftest import TODAY, make_workspace, run_cli
from streetkit.studio.flyers import print_checks

HAND = """\
slug: hand
name: 손셈 골목
name_en: Hand Alley
designation: alley
region: {sido: 광주광역시, sigungu: 북구, dong: 신안동}
address: 광주광역시 북구 신안동 1
location: {lat: 35.174, lng: 126.912}
association: {name: 손셈 골목 상인회, phone: 062-514-7700}
base_url: https://hand.example.kr/
brand: {primary: "#1F6F5C"}
plugins: [local_currency, delivery, programmes, merchant_cards]
updated: 2026-11-01
local_currency:
  currency: {name: 북구사랑상품권, forms: [paper, mobile]}
  card_sales: 20000000
delivery: {monthly_orders: 3000000}
programmes:
  - {id: p-food, title: 음식점 지원, agency: 북구청, who: 북구 음식점, benefit: 50만 원, opens: 2026-11-01,
     closes: 2026-12-31, apply_at: 북구청, eligibility: {trades: [food], areas: [북구]}}
  - {id: p-retail, title: 소매점 지원, agency: 북구청, who: 소매점, benefit: 30만 원, closes: 2026-12-20,
     apply_at: 북구청, eligibility: {trades: [retail]}}
  - {id: p-small, title: 작은 가게 지원, agency: 북구청, who: 2인 이하, benefit: 20만 원, closes: 2026-12-10,
     apply_at: 북구청, eligibility: {max_employees: 2}}
merchants:
  - id: a
    name: 가국수
    category: food
    address: 광주광역시 북구 신안로 1
    business: {employees: 3}
    hours: {mon: "11:00-19:00", tue: "11:00-19:00", wed: "11:00-19:00", thu: "11:00-19:00",
            fri: "11:00-19:00", sat: "11:00-19:00"}
    pay: {local: [paper]}
    delivery: {baemin: https://order.example.kr/baemin/a}
  - id: b
    name: 나식당
    category: food
    address: 광주광역시 북구 신안로 2
    hours: {mon: "11:00-21:00", tue: "11:00-21:00", wed: "11:00-21:00", thu: "11:00-21:00",
            fri: "11:00-21:00", sat: "11:00-21:00", sun: "11:00-21:00"}
    pay: {local: [paper, mobile], zeropay: true}
    delivery: {ddangyo: https://order.example.kr/ddangyo/b}
  - id: c
    name: 다분식
    category: food
    hours: {mon: "10:00-22:00", tue: "10:00-22:00", wed: "10:00-22:00", thu: "10:00-22:00",
            fri: "10:00-22:00", sat: "10:00-22:00", sun: "10:00-22:00"}
    pay: {zeropay: true, onnuri: true}
  - id: d
    name: 라밥집
    category: food
    hours: {mon: "09:00-18:00", tue: "09:00-18:00", wed: "09:00-18:00", thu: "09:00-18:00", fri: "09:00-18:00"}
  - id: e
    name: 마상회
    category: retail
    hours: {mon: "10:00-20:30", tue: "10:00-20:30", wed: "10:00-20:30", thu: "10:00-20:30",
            fri: "10:00-20:30", sat: "10:00-20:30", sun: "10:00-20:30"}
    pay: {zeropay: true}
"""


@pytest.fixture(scope="module")
def hand(tmp_path_factory):
    folder = make_workspace(tmp_path_factory.mktemp("cards"), HAND, slug="hand")
    return folder, streetkit.load(folder, enriched=True, today=TODAY)


def card_of(street, ident):
    from streetkit_plugins.cards import cards

    return next(c for c in cards(street) if c.merchant.id == ident)


def sentences(card, topic):
    return [f.ko for t, _en, found in card.groups if t == topic for f in found]


def test_a_shop_closed_on_sundays_among_peers_that_open(hand):
    card = card_of(hand[1], "a")
    hours = sentences(card, "영업시간")
    # Peers of `a` (food): b, c, d; b and c open on Sundays. Of all four others, b, c and e do.
    assert ("일요일에 쉽니다. 이 골목의 다른 음식 업종 3곳 중 2곳(골목 전체 4곳 중 3곳)은 일요일에 문을 엽니다."
            in hours)
    # b (21:00) and c (22:00) close after 8 pm, as does e (20:30); a closes at 19:00.
    assert "저녁 8시 전에 닫습니다. 이 골목의 다른 음식 업종 3곳 중 2곳(골목 전체 4곳 중 3곳)은 저녁 8시 넘어서까지 엽니다." in hours
    assert not any("토요일" in s for s in hours)  # open on Saturdays like most peers: nothing to say
    # c opens on Sundays where most of its peers do not (a and d do not, b does: 1 of 3; of all
    # four others b and e): a strength.
    assert "일요일에도 엽니다. 이 골목의 다른 음식 업종 3곳 중 1곳(골목 전체 4곳 중 2곳)만 엽니다." in sentences(card_of(hand[1], "c"), "영업시간")


def test_a_shop_without_zeropay_gets_the_card_fees_it_would_save(hand):
    payments = sentences(card_of(hand[1], "a"), "결제")
    zeropay = next(s for s in payments if s.startswith("제로페이"))
    assert zeropay.startswith("제로페이는 받지 않습니다. 이 골목의 다른 음식 업종 3곳 중 2곳(골목 전체 4곳 중 3곳)은 받습니다.")
    # 20,000,000 won of card sales a month x 10 % moved x 0.40 % fee x 12 months = 96,000 won.
    assert "카드 수수료를 한 해 약 96,000원 아낍니다 (추정: 한 달 카드 매출 20,000,000원" in zeropay
    # b takes paper too (1 of 3 food peers; b and nobody else of the 4): only they, beside a.
    assert payments[0] == "북구사랑상품권(지류)를 받습니다. 이 골목의 다른 음식 업종 3곳 중 1곳(골목 전체 4곳 중 1곳)만 받습니다."
    assert any(s.startswith("북구사랑상품권(모바일)은 받지 않습니다. 이 골목의 다른 음식 업종 3곳 중 1곳") for s in payments)
    # b takes ZeroPay, as c does (1 of its 3 food peers) and e: fewer than half of its peers.
    assert "제로페이를 받습니다. 이 골목의 다른 음식 업종 3곳 중 1곳(골목 전체 4곳 중 2곳)만 받습니다." in sentences(card_of(hand[1], "b"), "결제")


def test_a_shop_on_a_commercial_app_only_gets_the_commission_a_public_app_saves(hand):
    (delivery,) = sentences(card_of(hand[1], "a"), "배달")
    # 3,000,000 won a month x (6 - 2) % x 12 = 1,440,000; x (12 - 2) % x 12 = 3,600,000.
    assert delivery == ("배달의민족에만 있습니다 (중개수수료 6~12%). 주문을 공공배달앱(수수료 2%)으로 옮기면 한 해 약 144만 원~"
                        "360만 원을 아낍니다 (추정: 한 달 배달 주문 3,000,000원).")
    assert card_of(hand[1], "c").groups and sentences(card_of(hand[1], "c"), "배달")[0].startswith("배달 앱에 없습니다. 이 골목의 다른 음식 업종 3곳 중 2곳")
    assert not sentences(card_of(hand[1], "e"), "배달")  # a shop (not food, on no app): no delivery on its card


def test_a_shop_that_qualifies_for_one_programme_and_not_another(hand):
    a = card_of(hand[1], "a")
    found = {f.ko.split("」")[0].lstrip("「"): f for t, _e, fs in a.groups if t == "지원사업" for f in fs}
    assert found["음식점 지원"].mark_ko == "신청 가능" and "업종(음식)·지역(북구) 조건에 맞습니다" in found["음식점 지원"].ko
    assert found["소매점 지원"].mark_ko == "해당 없음"
    assert found["소매점 지원"].ko == "「소매점 지원」은 업종(소매) 조건에 맞지 않아 신청할 수 없습니다."
    assert found["작은 가게 지원"].ko == "「작은 가게 지원」은 상시근로자 2명 이하 조건에 맞지 않아 신청할 수 없습니다."  # a has 3
    b = {f.ko.split("」")[0].lstrip("「"): f for t, _e, fs in card_of(hand[1], "b").groups if t == "지원사업" for f in fs}
    assert b["작은 가게 지원"].mark_ko == "확인 후 신청" and "확인할 조건: 상시근로자 2명 이하" in b["작은 가게 지원"].ko
    e = {f.ko.split("」")[0].lstrip("「"): f for t, _e, fs in card_of(hand[1], "e").groups if t == "지원사업" for f in fs}
    assert e["소매점 지원"].mark_ko == "신청 가능" and "업종(소매) 조건에 맞습니다" in e["소매점 지원"].ko
    assert "지역" not in e["소매점 지원"].ko  # the programme sets no area: nothing said of one


def test_the_three_steps_are_ranked_by_the_figures(hand):
    steps = [s.step_ko for s in card_of(hand[1], "a").steps]
    # 1,440,000 won a year (delivery), then 96,000 (ZeroPay), then the programme a qualifies for;
    # the Sunday and evening steps (2 of 3 peers) come after: one step per heading first.
    assert steps == ["공공배달앱 입점 (땡겨요 등, 수수료 2%)", "제로페이 가맹 신청", "「음식점 지원」 신청 (2026. 12. 31.(목) 마감)"]
    # Closer than URGENT_DAYS, a deadline outranks money: b may apply for 작은 가게 지원 (17 days).
    assert card_of(hand[1], "b").steps[0].step_ko.startswith("「작은 가게 지원」 신청")


def test_the_card_pdf_prints_the_sentences_on_one_page(hand):
    pdf = streetkit.render_artifact(hand[0], "print/cards/a.pdf", today=TODAY)
    checks = print_checks(pdf)
    assert all(c.ok for c in checks), [c.ko for c in checks if not c.ok]
    assert any("210 × 297 mm (A4)" in c.ko for c in checks) and any("1쪽" == c.ko for c in checks)
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    flat = re.sub(r"\s+", "", text.replace("\u2060", ""))
    assert re.sub(r"\s+", "", "카드 수수료를 한 해 약 96,000원 아낍니다") in flat
    assert "※추정치" in flat and "먼저해볼일" in flat


# ---------------------------------------------------------------------------------------------
# The example streets, as built


@pytest.mark.parametrize("slug", ["sinan-alley", "jinju-bidan-market"])
def test_every_merchant_has_a_card_a_page_and_a_row(built, slug):
    result = built[slug]
    out, merchants = result.out_dir, result.street.profile.merchants
    sheet = out / "print" / "cards" / "merchant-cards.pdf"
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(sheet)], capture_output=True, text=True).stdout)[1])
    assert pages == len(merchants)  # one A4 page each: no card runs over
    assert all((out / "print" / "cards" / f"{m.id}.pdf").is_file() for m in merchants)
    rows = list(csv.DictReader(io.StringIO((out / "print" / "cards" / "merchant-cards.csv").read_text("utf-8-sig"))))
    assert [r["가게 ID"] for r in rows] == [m.id for m in merchants]
    links = [r["비공개 링크"] for r in rows]
    base = result.street.profile.base_url
    assert len(set(links)) == len(links) and all(re.fullmatch(re.escape(base) + r"cards/[0-9a-f]{20}/", u) for u in links)
    for link in links:  # each link is a page of the site that says noindex
        page = out / "site" / link.removeprefix(base) / "index.html"
        assert '<meta name="robots" content="noindex, nofollow">' in page.read_text("utf-8")
    # The folder of tokens has a page of its own, so a host that lists folders lists nothing.
    assert "noindex" in (out / "site" / "cards" / "index.html").read_text("utf-8")


@pytest.mark.parametrize("slug", ["sinan-alley", "jinju-bidan-market"])
def test_private_pages_are_absent_from_the_sitemap_the_assistant_and_every_other_page(built, slug):
    out = built[slug].out_dir / "site"
    tokens = {p.name for p in (out / "cards").iterdir() if p.is_dir()}
    assert tokens
    assert "/cards/" not in (out / "sitemap.xml").read_text("utf-8")
    index = (out / "assistant" / "index.json").read_text("utf-8")
    json.loads(index)
    assert not any(t in index for t in tokens) and "/cards/" not in index
    for page in out.rglob("*.html"):
        if "/cards/" not in page.as_posix():
            text = page.read_text("utf-8")
            assert not any(t in text for t in tokens), page  # no page links to a card


def test_the_card_page_reads_as_the_card(built):
    result = built["sinan-alley"]
    street = result.street
    from streetkit_plugins.cards import cards

    card = next(c for c in cards(street) if c.merchant.id == "halmae-kalguksu")
    html = (result.out_dir / "site" / card.path("ko")).read_text("utf-8")
    for step in card.steps:
        assert step.step_ko.replace("「", "").split("」")[0] in html.replace("「", "")
    assert "일요일에 쉽니다." in html and "상인회가 이 가게에만 보내 드리는 주소입니다" in html
    english = (result.out_dir / "site" / card.path("en")).read_text("utf-8")
    assert "You close on Sundays." in english and 'lang="en"' in english


def test_the_key_keeps_links_and_a_new_key_changes_them(tmp_path, monkeypatch):
    monkeypatch.delenv("STREETKIT_SECRET_CARDS")
    folder = make_workspace(tmp_path, HAND, slug="hand")
    from streetkit_plugins.cards import token

    first = token(streetkit.load(folder, enriched=True), "a")
    key = folder / ".streetkit" / "secrets" / "cards"
    assert key.is_file() and oct(key.stat().st_mode & 0o777) == "0o600"
    assert token(streetkit.load(folder, enriched=True), "a") == first  # the same key, the same link
    monkeypatch.setenv("STREETKIT_SECRET_CARDS", "kept-in-the-ci-secrets")
    from_env = token(streetkit.load(folder, enriched=True), "a")
    monkeypatch.delenv("STREETKIT_SECRET_CARDS")
    assert from_env != first
    key.unlink()
    assert token(streetkit.load(folder, enriched=True), "a") != first  # a new key: the old links no longer open


def test_a_key_planted_as_a_link_out_of_the_folder_is_refused(tmp_path, monkeypatch):
    monkeypatch.delenv("STREETKIT_SECRET_CARDS")
    folder = make_workspace(tmp_path / "ws", HAND, slug="hand")
    outside = tmp_path / "stolen"
    (folder / ".streetkit" / "secrets").mkdir(parents=True)
    (folder / ".streetkit" / "secrets" / "cards").symlink_to(outside)
    with pytest.raises(streetkit.PathEscape):
        streetkit.load(folder, enriched=True).secret("cards")
    assert not outside.exists()


def test_the_command_lists_links_and_writes_one_card(tmp_path):
    folder = make_workspace(tmp_path, HAND, slug="hand")
    listed = run_cli("cards", str(folder), cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    rows = [line.split("\t") for line in listed.stdout.splitlines() if "\t" in line]
    assert [r[0] for r in rows] == ["a", "b", "c", "d", "e"]
    assert all(r[3].startswith("https://hand.example.kr/cards/") for r in rows)
    one = run_cli("cards", str(folder), "--merchant", "a", "-o", str(tmp_path / "a.pdf"), cwd=tmp_path)
    assert one.returncode == 0, one.stderr
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF") and len(rows[0]) == 5
    wrong = run_cli("cards", str(folder), "--merchant", "zz", cwd=tmp_path)
    assert wrong.returncode == 1 and "zz" in wrong.stderr and "Traceback" not in wrong.stderr
