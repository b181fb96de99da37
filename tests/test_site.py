"""The website as visitors meet it: in a real browser (Playwright + Debian's Chromium) and as feeds."""
from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime, timedelta, timezone

import feedparser
import icalendar
import pytest

from streetkit.korean import floor_label

KST = timezone(timedelta(hours=9))


@pytest.fixture
def visit(browser, built, site_url):
    """visit(slug, path, width=…, when=…, js=…) -> a page on the served site; contexts closed after the test."""
    contexts = []

    def go(slug, path, width=1280, when=None, js=True):
        context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=js)
        contexts.append(context)
        page = context.new_page()
        if when is not None:
            page.clock.set_fixed_time(when)
        page.goto(site_url[slug] + path)
        return page
    yield go
    for context in contexts:
        context.close()


def _visible_ids(page) -> list[str]:
    return page.eval_on_selector_all(".card:not([hidden]) a", "els => els.map(a => a.href.split('/').slice(-2)[0])")


def test_directory_filters_and_search(built, visit):
    result = built["sinan-alley"]
    merchants = result.street.profile.merchants
    page = visit("sinan-alley", "merchants/")
    assert len(_visible_ids(page)) == len(merchants)
    page.check("input[name=category][value=retail]")
    assert sorted(_visible_ids(page)) == sorted(m.id for m in merchants if m.category == "retail")
    assert page.is_hidden("section#food")
    page.check("input[name=category][value='']")
    page.check("input[name=badge][value=zeropay]")
    assert sorted(_visible_ids(page)) == sorted(m.id for m in merchants if m.pay and m.pay.zeropay)
    page.fill("input[name=q]", "커피")
    assert _visible_ids(page) == ["haru-coffee"]
    assert page.inner_text(".result-count") == "1개 점포 표시"
    page.fill("input[name=q]", "없는가게")
    assert page.inner_text(".result-count") == "조건에 맞는 상점이 없습니다."


def _expected_open(merchants, when: datetime) -> set[str]:
    """Python's own reading of the profile's hours, to compare with the browser's."""
    day, minute = when.weekday(), when.hour * 60 + when.minute
    def span(text):
        if text == "closed":
            return None
        a, b = text.split("-")
        return int(a[:2]) * 60 + int(a[3:]), int(b[:2]) * 60 + int(b[3:])
    out = set()
    for m in merchants:
        if not m.hours:
            continue
        y, s = span(m.hours.day((day - 1) % 7)), span(m.hours.day(day))
        is_open = bool(y and y[1] <= y[0] and minute < y[1])
        if not is_open and s:
            is_open = (s[0] <= minute < s[1]) if s[1] > s[0] else minute >= s[0]
            brk = span(m.hours.break_time) if m.hours.break_time else None
            if is_open and brk and brk[0] <= minute < brk[1]:
                is_open = False
        if is_open:
            out.add(m.id)
    return out


@pytest.mark.parametrize("when", [
    datetime(2026, 11, 24, 12, 0, tzinfo=KST),   # Tuesday lunch
    datetime(2026, 11, 24, 16, 0, tzinfo=KST),   # break time for restaurants
    datetime(2026, 11, 25, 0, 30, tzinfo=KST),   # after midnight: the late bars from Tuesday
    datetime(2026, 11, 29, 10, 0, tzinfo=KST),   # Sunday morning
    datetime(2026, 11, 24, 3, 0, tzinfo=UTC),  # noon in Seoul, seen from a UTC browser
], ids=["tue-12", "tue-16-break", "wed-0030", "sun-10", "utc-visitor"])
def test_open_now_follows_korean_time(built, visit, when):
    result = built["sinan-alley"]
    page = visit("sinan-alley", "merchants/", when=when)
    page.check("input[name=open]")
    expected = _expected_open(result.street.profile.merchants, when.astimezone(KST))
    assert set(_visible_ids(page)) == expected and expected
    if when.hour == 16:
        assert "sinan-gukbap" not in expected  # 15:00-16:30 break
    if when.hour == 0:
        assert "board-game" in expected and "moon-pocha" in expected  # open until 01:00


def test_merchant_page_marks_today(visit):
    page = visit("sinan-alley", "merchants/sinan-gukbap/", when=datetime(2026, 11, 24, 15, 30, tzinfo=KST))
    assert page.inner_text(".hours tr.today th").startswith("화")
    assert page.inner_text("#open-state") == "영업 종료"  # in its break


def test_language_switch(visit):
    page = visit("jinju-bidan-market", "merchants/naengmyeon-hwa/")
    page.click("a.lang")
    assert page.url.endswith("/en/merchants/naengmyeon-hwa/")
    assert page.get_attribute("html", "lang") == "en"
    assert page.inner_text("h1") == "Hwaseon Jinju Naengmyeon"
    page.click("a.lang")
    assert page.get_attribute("html", "lang") == "ko" and page.inner_text("h1") == "화선 진주냉면"


def test_floor_is_written_in_each_language(built):
    site = built["jinju-bidan-market"].out_dir / "site"
    ko = (site / "merchants/bidan-cafe/index.html").read_text("utf-8")
    en = (site / "en/merchants/bidan-cafe/index.html").read_text("utf-8")
    assert "<dd>경상남도 진주시 비단시장길 28 2층</dd>" in ko
    assert "<dd>28, Bidansijang-gil, Jinju 2F</dd>" in en


def test_footer_and_home_speak_the_pages_language(built):
    site = built["sinan-alley"].out_dir / "site"
    footer = {lang: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.search(r"<footer.*?</footer>", (site / path).read_text("utf-8"), re.S)[0]))
              for lang, path in (("ko", "index.html"), ("en", "en/index.html"))}
    assert "광주광역시 북구 신안로 57번길 14, 2층" in footer["ko"] and "광주광역시 북구 · 골목형 상점가" in footer["ko"]
    assert "2F, 14, Sinan-ro 57beon-gil, Buk-gu, Gwangju" in footer["en"] and "Buk-gu, Gwangju · Alley-type shopping street" in footer["en"]
    assert not re.search(r"[\uac00-\ud7a3]", footer["en"])
    home = (site / "en/index.html").read_text("utf-8")
    assert '<p class="eyebrow">Buk-gu · Alley-type shopping street</p>' in home
    assert "</a> · Weekdays 10:00–17:00</p>" in home  # the association's office hours


def test_common_trades_are_named_in_english(built):
    site = built["sinan-alley"].out_dir / "site"
    page = (site / "en/merchants/bomnal-bunsik/index.html").read_text("utf-8")
    assert '<p class="eyebrow">Food &amp; drink · Korean snacks</p>' in page  # 분식, with no subcategory_en given
    assert '<p class="eyebrow">음식 · 분식</p>' in (site / "merchants/bomnal-bunsik/index.html").read_text("utf-8")


def test_korean_text_on_english_pages_is_marked_korean(built):
    site = built["sinan-alley"].out_dir / "site"
    en = (site / "en/merchants/gwangju-tteokgalbi/index.html").read_text("utf-8")
    assert '<h1><span lang="ko">광주떡갈비</span></h1>' in en  # no name_en: the Korean name, read as Korean
    assert "<h1>Haru Coffee</h1>" in (site / "en/merchants/haru-coffee/index.html").read_text("utf-8")
    head = en.split("</head>")[0]
    assert "<title>광주떡갈비 · " in head and 'lang="ko">' not in head.split("<title>")[1]  # the title holds text only
    body = re.sub(r"<(script|svg)\b.*?</\1>", "", en.split("</head>")[1], flags=re.S)
    for text in re.findall(r">([^<]+)<", body):  # every Hangul text is inside a lang="ko" span
        if re.search(r"[\uac00-\ud7a3]", text):
            assert re.search(r'lang="ko"[^>]*>\s*' + re.escape(text.strip()), body), text
    ko = (site / "merchants/gwangju-tteokgalbi/index.html").read_text("utf-8")
    assert "<h1>광주떡갈비</h1>" in ko and '<span lang="ko">' not in ko


@pytest.mark.parametrize("floor, english", [("2층", "2F"), ("지하1층", "B1"), ("지하 2층", "B2"), ("B1", "B1"), ("나동 47호", "나동 47호")])
def test_english_floor_labels(floor, english):
    assert floor_label(floor, "en") == english and floor_label(floor, "ko") == floor


def test_map_markers_lead_to_their_merchants(built, visit):
    result = built["sinan-alley"]
    page = visit("sinan-alley", "map/")
    markers = page.query_selector_all("svg.street-map a")
    items = page.query_selector_all("ol.map-list li a")
    assert len(markers) == len(items) == sum(1 for m in result.street.profile.merchants if m.location)
    name = items[6].inner_text()
    markers[6].click()
    assert page.inner_text("h1") == name


@pytest.mark.parametrize("slug", ["sinan-alley", "jinju-bidan-market"])
@pytest.mark.parametrize("lang", ["", "en/"])
def test_phone_layout_has_no_horizontal_scroll(built, visit, site_url, slug, lang):
    profile = built[slug].street.profile
    page = visit(slug, lang, width=390)
    for path in ("", "merchants/", f"merchants/{profile.merchants[0].id}/", f"events/{profile.events[0].id}/", "map/"):
        page.goto(site_url[slug] + lang + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{lang}{path}"


def test_directory_is_complete_without_javascript(built, visit):
    page = visit("sinan-alley", "merchants/", js=False)
    assert page.is_hidden("#filters")
    assert len(page.query_selector_all(".card:visible")) == len(built["sinan-alley"].street.profile.merchants)


def test_calendar_feeds_parse(built):
    result = built["sinan-alley"]
    site = result.out_dir / "site"
    raw = (site / "events.ics").read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    cal = icalendar.Calendar.from_ical(raw)
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert len(events) == len(result.street.profile.events)
    night = events["night-market-2026-12@moturi.example.kr"]
    assert str(night["SUMMARY"]) == "모퉁이 야시장 — 겨울편"
    start = night.decoded("DTSTART")
    assert start.utcoffset() == timedelta(hours=9) and (start.hour, start.minute) == (17, 0)
    assert "**" not in str(night["DESCRIPTION"]) and "어묵, 붕어빵" in str(night["DESCRIPTION"])
    single = icalendar.Calendar.from_ical((site / "events/night-market-2026-12/event.ics").read_bytes())
    assert len(single.walk("VEVENT")) == 1
    page = (site / "events/night-market-2026-12/index.html").read_text("utf-8")
    assert 'href="../../events/night-market-2026-12/event.ics"' in page  # links go up to the root, then down


def test_news_feed_parses(built):
    result = built["sinan-alley"]
    feed = feedparser.parse((result.out_dir / "site/news/atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    titles = [e.title for e in feed.entries]
    assert titles == ["겨울 야시장 참여 상점을 모집합니다", "골목 간판 정비 사업이 마무리되었습니다"]
    assert feed.entries[0].link == "https://moturi.example.kr/news/2026-11-02-winter-night-market/"
    assert "<strong>12월 12일(토) 모퉁이 야시장</strong>" in feed.entries[0].content[0].value


def test_sitemap_robots_and_404(built):
    site = built["sinan-alley"].out_dir / "site"
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    pages = [p.relative_to(site).as_posix() for p in site.rglob("index.html")]
    public = [p for p in pages if "cards/" not in p]  # a merchant's private card is in no list
    assert len(public) < len(pages) and sitemap.count("<url>") == len(public)
    assert '<loc>https://moturi.example.kr/merchants/haru-coffee/</loc><xhtml:link rel="alternate" hreflang="ko"' in sitemap
    assert "Sitemap: https://moturi.example.kr/sitemap.xml" in (site / "robots.txt").read_text("utf-8")
    assert '<base href="/">' in (site / "404.html").read_text("utf-8")


def test_open_graph_and_jsonld(built):
    site = built["sinan-alley"].out_dir / "site"
    page = (site / "merchants/sinan-gukbap/index.html").read_text("utf-8")
    assert '<meta property="og:title" content="신안국밥 · 신안 모퉁이길 골목형상점가">' in page
    assert '<meta property="og:url" content="https://moturi.example.kr/merchants/sinan-gukbap/">' in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1])
    assert data["@type"] == "Restaurant" and data["telephone"].startswith("+82-62-")
    assert data["geo"]["latitude"] > 35 and len(data["openingHoursSpecification"]) == 6


def test_map_deep_links_use_each_services_coordinate_order(built):
    page = (built["sinan-alley"].out_dir / "site/merchants/haru-coffee/index.html").read_text("utf-8")
    m = built["sinan-alley"].street.profile.merchants[0]
    assert f"?c={m.location.lng},{m.location.lat},17,0,0,0,dh" in page  # Naver: longitude first
    assert f"/link/map/%ED%95%98%EB%A3%A8%EC%BB%A4%ED%94%BC,{m.location.lat},{m.location.lng}" in page  # Kakao: latitude first


@pytest.mark.parametrize("slug", ["sinan-alley", "jinju-bidan-market"])
def test_home_page_weight_within_budget(browser, site_url, slug):
    """HTML + CSS + JS + fonts as the browser fetches them: at most 200 KB (no photos on the home page)."""
    sizes = {}
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())) if r.ok else None)
    page.goto(site_url[slug], wait_until="networkidle")
    context.close()
    assert any(url.endswith(".woff2") for url in sizes)
    assert sum(sizes.values()) <= 200 * 1024, {u.rsplit("/", 1)[-1]: s for u, s in sizes.items()}


def test_web_fonts_are_subsets_of_the_text_used(built, visit):
    from fontTools.ttLib import TTFont

    site = built["jinju-bidan-market"].out_dir / "site"
    css = (site / "static/fonts/fonts.css").read_text("utf-8")
    assert css.count("font-display:swap") == 2  # sans 400 and serif 700 headings (brand.font: serif); bold body text is synthesised
    assert not (site / "static/fonts/sans-700.woff2").exists()
    regular = TTFont(site / "static/fonts/sans-400.woff2")
    cmap = regular.getBestCmap()
    used = {c for p in site.rglob("*.html") for c in p.read_text("utf-8") if "\uac00" <= c <= "\ud7a3"}
    assert used and all(ord(c) in cmap for c in used)  # every Hangul syllable on the site has a glyph
    assert len(cmap) < 1500 and (site / "static/fonts/sans-400.woff2").stat().st_size < 120 * 1024
    page = visit("jinju-bidan-market", "")
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('700 20px \"Street Heading\"')")
    # The browser took both cuts (a font its sanitiser rejects has the status "error").
    statuses = page.evaluate("document.fonts.ready.then(s => [...s].map(f => `${f.family} ${f.weight} ${f.status}`))")
    # "Street Sans Fallback" is the local regular for the moment before the cut arrives
    # (webfont.fonts_css): loaded or not, depending on whether that moment came.
    assert sorted(s for s in statuses if "Fallback" not in s) == ["Street Heading 700 loaded", "Street Sans 400 loaded"], statuses
    assert all(s.endswith("loaded") for s in statuses), statuses
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily").startswith('"Street Heading"')


def test_photos_are_responsive(built, visit):
    site = built["sinan-alley"].out_dir / "site"
    from PIL import Image as PILImage

    for w in (480, 960, 1600):
        with PILImage.open(site / f"images/haru-coffee-{w}.webp") as im:
            assert im.format == "WEBP" and im.width == w
    merchant = (site / "merchants/haru-coffee/index.html").read_text("utf-8")
    assert 'srcset="../../images/haru-coffee-480.webp 480w, ../../images/haru-coffee-960.webp 960w' in merchant
    assert 'width="1600" height="1067" fetchpriority="high"' in merchant  # above the fold: not lazy
    directory = (site / "merchants/index.html").read_text("utf-8")
    assert 'class="card-photo" src="../images/haru-coffee.jpg" alt="" width="1600" height="1067" loading="lazy"' in directory
    page = visit("sinan-alley", "merchants/haru-coffee/", width=390)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.querySelector('picture img').currentSrc").endswith(".webp")


def test_every_page_has_a_share_image(built):
    from PIL import Image as PILImage

    result = built["jinju-bidan-market"]
    site = result.out_dir / "site"
    for m in result.street.profile.merchants:
        page = (site / "merchants" / m.id / "index.html").read_text("utf-8")
        image = f"images/{m.id}.jpg" if m.photo else f"social/merchants/{m.id}.jpg"
        assert f'<meta property="og:image" content="https://bidan.example.kr/{image}">' in page
        assert (site / image).is_file()
    with PILImage.open(site / "social/events/kimjang-2026.jpg") as im:
        assert im.size == (1200, 630)


def test_share_card_text_always_fits():
    from PIL import Image as PILImage
    from PIL import ImageDraw

    from streetkit_plugins.social import fit_lines

    draw = ImageDraw.Draw(PILImage.new("RGB", (10, 10)))
    for text in ("진주 비단길시장", "아주 " * 200, "골목" * 500, "Very-long-English-word-" * 30):
        font, lines = fit_lines(draw, text.strip(), "Noto Sans CJK KR:style=Bold", 92, 1040, 3, 36)
        assert 1 <= len(lines) <= 3
        assert all(draw.textlength(line, font=font) <= 1040 for line in lines)


def test_local_currency_explainer(built):
    result = built["jinju-bidan-market"]
    site = result.out_dir / "site"
    accepting = [m for m in result.street.profile.merchants if m.pay and m.pay.local]
    page = (site / "local-currency/index.html").read_text("utf-8")
    assert f"우리 골목 {len(result.street.profile.merchants)}곳 중 {len(accepting)}곳에서 쓸 수 있습니다." in page
    assert "1인당 월 300,000원 구입 가능" in page and "NH농협은행 진주 지점" in page
    assert page.count('href="../merchants/') >= len(accepting)
    english = (site / "en/local-currency/index.html").read_text("utf-8")
    assert "Jinju Gift Certificate" in english and "NH Nonghyup Bank Jinju branches" in english
    # Every page's navigation links to it: the core's NavItem, rendered by the theme.
    assert '<a href="../local-currency/">상품권 안내</a>' in (site / "merchants/index.html").read_text("utf-8")


def test_delivery_links_put_public_apps_first(built, visit):
    site = built["jinju-bidan-market"].out_dir / "site"
    page = (site / "merchants/chungmu-kimbap/index.html").read_text("utf-8")
    order = [page.index(f"https://order.example.kr/{app}/chungmu-kimbap") for app in ("baedal_jinju", "ttingdong", "baemin")]
    assert order == sorted(order)  # public (2 %) before commercial (6~12 %)
    assert "공공배달앱 · 중개수수료 2%" in page and "배달 (배달의 진주·띵동·배달의민족)" in page
    directory = visit("jinju-bidan-market", "merchants/")
    directory.check("input[name=badge][value=public-delivery]")
    shown = set(_visible_ids(directory))
    assert shown == {"jinju-bibimbap", "naengmyeon-hwa", "market-sundae", "chungmu-kimbap", "haemul-pajeon"}


def test_font_subsets_are_the_same_bytes_whenever_they_are_made():
    """fontTools stamps head.modified with the time of saving unless told not to: two builds (or two
    processes filling the cache at once) must not write different fonts for the same text."""
    import time

    import streetkit
    from streetkit_plugins.webfont import _subset

    path, index = streetkit.find_font("Noto Sans CJK KR:style=Regular")
    first = _subset(path, index, "골목 상점 ABC")
    time.sleep(1.1)
    assert _subset(path, index, "골목 상점 ABC") == first


def test_web_font_collection_keeps_every_character_outside_ascii():
    from streetkit_plugins.webfont import non_ascii

    text = "<h1>골목 café</h1> 😀 ① 지역사랑상품권 ABC\ud800"  # Hangul, Latin-1, an emoji, a lone surrogate
    assert non_ascii(text) == "".join(c for c in text if ord(c) > 0x7F)


def test_english_counts_agree_with_their_number(built, visit):
    """"1 shop", not "1 shops" (#27): on the home page's trades and as the directory counts what it shows."""
    site = built["sinan-alley"].out_dir / "site"
    home = (site / "en/index.html").read_text("utf-8")
    assert "<span>1 shop</span>" in home and "<span>1 shops</span>" not in home
    assert "<span>15 shops</span>" in home
    page = visit("sinan-alley", "en/merchants/")
    page.fill("#filters input[name=q]", "haru coffee")
    assert page.inner_text(".result-count") == "1 shop shown"
    page.fill("#filters input[name=q]", "카페")
    assert re.fullmatch(r"\d+ shops shown", page.inner_text(".result-count"))
    page = visit("sinan-alley", "merchants/")
    page.fill("#filters input[name=q]", "하루커피")
    assert page.inner_text(".result-count") == "1개 점포 표시"


@pytest.mark.parametrize("lang", ["", "en/"])
def test_on_a_phone_the_chrome_leaves_the_screen_to_the_page(visit, lang):
    """#27's phone details: the header is the name and one row of menu (the English menu took three
    rows), the language switch is on screen, the assistant's button is a 52 px circle, and the home
    page's map has labels a person can read."""
    page = visit("sinan-alley", lang, width=390)
    assert page.eval_on_selector(".masthead", "e => e.getBoundingClientRect().height") <= 140
    switch = page.locator("a.lang").bounding_box()
    assert switch and switch["x"] + switch["width"] <= 390 and switch["y"] < 80
    toggle = page.locator(".sk-toggle").bounding_box()
    assert toggle and toggle["width"] <= 56 and toggle["height"] <= 56
    assert page.locator(".sk-toggle").get_attribute("aria-expanded") == "false"
    assert page.locator(".sk-toggle .sk-label").inner_text() in ("골목 도우미에게 묻기", "Ask the street")  # for screen readers
    heights = page.eval_on_selector_all(".map-teaser svg text", "els => els.map(e => e.getBoundingClientRect().height)")
    assert heights and min(heights) >= 10, heights
    assert page.locator(".map-teaser svg circle").count() >= 40  # the shops, as dots


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_currency_page_says_where_to_buy_how_to_pay_and_where_it_is_taken(built, lang):
    from streetkit_plugins.local_currency import FORM_EN, FORM_KO, STEPS

    result = built["jinju-bidan-market"]
    currency = result.street.section("local_currency").currency
    page = (result.out_dir / "site" / ("en/" if lang == "en" else "") / "local-currency/index.html").read_text("utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    for place in currency.places:  # each branch, its hours and what it sells, pinned on both maps
        assert (place.name if lang == "ko" else place.name_en) in text
        assert f"{place.location.lng},{place.location.lat},17" in page  # Naver: longitude first
        assert f",{place.location.lat},{place.location.lng}\"" in page  # Kakao: latitude first
    for app in currency.apps:
        assert (app.name if lang == "ko" else app.name_en) in text
    assert 'href="https://www.zeropay.or.kr/"' in page
    for form in currency.forms:  # a numbered list of steps for each form the certificate comes in
        assert (FORM_KO if lang == "ko" else FORM_EN)[form] in text
    assert len(re.findall(r"<ol>(.*?)</ol>", page, re.S)) == len(currency.forms)
    assert len(re.findall(r"<ol>(.*?)</ol>", page, re.S)[-1].split("<li>")) - 1 == len(STEPS[lang]["mobile"])
    assert ("비플제로페이·올원뱅크 앱에서 진주사랑상품권을 충전" if lang == "ko" else "in Bizplay ZeroPay or NH Allone Bank") in text
    for app in currency.delivery_apps:
        assert (app.name if lang == "ko" else app.name_en) in text


def test_the_delivery_apps_and_their_commissions_come_from_the_profile(tmp_path):
    import shutil
    from datetime import date

    from conftest import REPO
    from streetkit.build import Builder
    from streetkit.errors import StreetkitError
    from streetkit.workspace import Workspace

    folder = tmp_path / "streets/jinju-bidan-market"
    shutil.copytree(REPO / "streets/jinju-bidan-market", folder)
    profile = folder / "street.yaml"
    text = profile.read_text("utf-8")
    # The district's own new app, at 1.5 %, and a shop on it.
    text = text.replace("  apps:                        # the apps", "  apps:\n    - {id: jinju_eats, name: 진주맛배달, "
                        "name_en: Jinju Eats, public: true, commission: 1.5}\n                               # the apps", 1)
    text = text.replace("    delivery: {baedal_jinju: https://order.example.kr/baedal_jinju/jinju-bibimbap,",
                        "    delivery: {jinju_eats: https://order.example.kr/jinju_eats/jinju-bibimbap, "
                        "baedal_jinju: https://order.example.kr/baedal_jinju/jinju-bibimbap,", 1)
    profile.write_text(text, "utf-8")
    builder = Builder(Workspace.open(tmp_path), out_root=tmp_path / "out", only={"site"}, today=date(2026, 11, 23))
    page = (builder.build(folder).out_dir / "site/merchants/jinju-bibimbap/index.html").read_text("utf-8")
    assert "진주맛배달에서 주문" in page and "공공배달앱 · 중개수수료 1.5%" in page
    assert page.index("jinju_eats/jinju-bibimbap") < page.index("baedal_jinju/jinju-bibimbap")
    # A shop on an app the street does not list: said, with the nearest id.
    profile.write_text(text.replace("{jinju_eats: https", "{jinju_eat: https", 1), "utf-8")
    with pytest.raises(StreetkitError, match="jinju_eat.*did you mean `jinju_eats`"):
        builder.build(folder)
