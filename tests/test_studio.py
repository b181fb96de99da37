"""The studio, walked as its users walk it: in Debian's Chromium against a real studio server on a
copy of the example street; and its gate, with real HTTP requests."""
from __future__ import annotations

import contextlib
import io
import re
import subprocess
from pathlib import Path

import httpx
import pytest
from PIL import Image
from playwright.sync_api import expect

from conftest import REPO, TODAY, axe_context, axe_violations, copy_street
from streetkit.loader import load_street
from streetkit.studio import StudioServer
from streetkit.workspace import Workspace

SLUG = "sinan-alley"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    copy_street(REPO / "streets" / SLUG, root)
    return root


@pytest.fixture
def server(ws: Path):
    s = StudioServer(ws, today=TODAY).start()
    yield s
    s.stop()


@pytest.fixture
def page(browser, server):
    # bypass_csp: Playwright's wait_for_function evaluates its expression, which the studio's CSP refuses.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True, accept_downloads=True)
    p = context.new_page()
    # The token traded for the cookie on a file that costs nothing to serve: each test opens its own screen.
    p.goto(server.url.replace("/?", "/static/studio.css?"))
    yield p
    context.close()


def profile(ws: Path) -> str:
    return (ws / "streets" / SLUG / "street.yaml").read_text("utf-8")


def english(page, selector: str):
    """An English field, folded under its Korean one: open the fold, return the field."""
    field = page.locator(selector)
    if not field.is_visible():
        field.locator("xpath=ancestor::details[1]/summary").click()
    expect(field).to_be_visible()
    return field


def loads(ws: Path):
    w = Workspace.open(ws)
    return load_street(ws / "streets" / SLUG, w.host, w.themes)


# ---------------------------------------------------------------------------------------------
# The users' paths

def test_a_new_street_from_the_form(page, server, ws):
    page.goto(server.base + "/new")
    page.get_by_label("상점가 이름").fill("풍향동 골목형상점가")
    page.get_by_label("웹 주소 이름").fill("pung-alley")
    page.get_by_label("시·군·구").fill("북구")
    page.locator("#f-designation").select_option("alley")
    page.locator("#f-primary").fill("#8a3b12")
    page.get_by_role("button", name="상점가 만들기").click()
    page.wait_for_url(re.compile(r".*/s/pung-alley/\?created=1$"))
    assert page.get_by_role("heading", name="무엇을 하시겠어요?").is_visible()
    w = Workspace.open(ws)
    street = load_street(ws / "streets" / "pung-alley", w.host, w.themes)
    assert street.profile.name == "풍향동 골목형상점가"
    assert street.profile.brand.primary == "#8A3B12"
    assert street.profile.designation == "alley"
    # The scaffold's comments survive the edit (a person can still read the file).
    assert "# short ASCII name used in URLs" in (ws / "streets" / "pung-alley" / "street.yaml").read_text("utf-8")


def test_a_merchant_with_a_wrong_phone_and_no_hours_is_explained_in_korean_then_saved(page, server, ws):
    before = profile(ws)
    page.goto(server.base + f"/s/{SLUG}/merchants/new")
    page.get_by_label("가게 이름", exact=False).first.fill("골목 국수집")
    page.locator("#f-category").select_option("food")
    phone = page.locator("#f-phone")
    phone.fill("12345")
    phone.blur()
    # As you type (htmx): the message appears beside the field before anything is saved.
    expect(page.locator("#e-f-phone")).to_contain_text("전화번호 형식이 아닙니다")
    # ... and only of what was written: the hours not reached yet are not wrong yet, and no box
    # appears above the form while it is being filled in.
    assert page.locator("#e-f-hours").inner_text() == "" and page.locator(".error-summary").count() == 0
    page.get_by_role("button", name="저장", exact=True).click()
    summary = page.locator(".error-summary")
    # the box names each field (the message under a field need not)
    assert "가게 전화번호: 전화번호 형식이 아닙니다" in summary.inner_text()
    assert "영업시간" in summary.inner_text() and "영업시간을 적어 주세요" in summary.inner_text()
    assert "전화번호 형식이 아닙니다" in page.locator("#e-f-phone").inner_text()
    assert "영업시간" in page.locator("#e-f-hours").inner_text()
    assert profile(ws) == before  # refused: the file is untouched ...
    assert "아직 저장하지 않은" in page.content()  # ... and what was typed is kept as a draft
    page.goto(server.base + f"/s/{SLUG}/merchants/new")  # even across a reload
    assert page.locator("#f-phone").input_value() == "12345"

    page.locator("#f-phone").fill("062 555 1234")
    english(page, "#f-name_en").fill("Alley Noodles")
    for day in ("mon", "tue", "wed", "thu", "fri", "sat"):
        page.locator(f"input[name='hours.{day}.open']").fill("11:00")
        page.locator(f"input[name='hours.{day}.close']").fill("20:30")
    page.locator("input[name='hours.sun.closed']").check()
    page.get_by_role("button", name="저장", exact=True).click()
    page.wait_for_url(re.compile(r".*/merchants/alley-noodles\?saved=\d+"))
    assert "저장했습니다" in page.locator(".notice").inner_text()
    # The live preview shows the merchant's page as it will be published.
    frame = page.frame_locator("iframe")
    assert frame.locator("h1").inner_text() == "골목 국수집"
    saved = next(m for m in loads(ws).profile.merchants if m.id == "alley-noodles")
    assert saved.phone == "062-555-1234"  # normalised as the build would
    assert saved.hours.mon == "11:00-20:30" and saved.hours.sun == "closed"
    assert not (ws / "streets" / SLUG / ".streetkit" / "drafts" / "merchants-new.json").exists()


def test_the_week_grid_changes_only_the_hours_it_changes(page, server, ws):
    before = profile(ws).splitlines()
    page.goto(server.base + f"/s/{SLUG}/merchants/haru-coffee")
    page.locator("input[name='hours.mon.open']").fill("09:30")
    page.locator("input[name='hours.sun.closed']").check()
    page.get_by_role("button", name="저장", exact=True).click()
    page.wait_for_url(re.compile(r".*/merchants/haru-coffee\?saved=\d+"))
    after = profile(ws).splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after)
    assert changed == [('      mon: "10:00-21:00"', '      mon: "09:30-21:00"'),
                       ('      sun: "11:00-20:00"', '      sun: "closed"')]
    assert loads(ws).profile.merchants[0].hours.sun == "closed"


def test_a_photo_uploaded_from_the_computer_is_checked_resized_and_kept_inside(page, server, ws, tmp_path):
    photo = tmp_path / "IMG_2041.JPG"
    Image.new("RGB", (4000, 3000), (200, 120, 40)).save(photo, "JPEG")
    page.goto(server.base + f"/s/{SLUG}/merchants/haru-coffee")
    page.locator("input[name='photo.upload']").set_input_files(str(photo))
    page.get_by_role("button", name="저장", exact=True).click()
    page.wait_for_url(re.compile(r".*\?saved=\d+"))
    m = loads(ws).profile.merchants[0]
    assert m.photo.startswith("images/haru-coffee") and m.photo != "images/haru-coffee.jpg"
    kept = Image.open(ws / "streets" / SLUG / m.photo)
    assert kept.format == "JPEG" and max(kept.size) == 3000
    assert (ws / "streets" / SLUG / "images" / "haru-coffee.jpg").exists()  # the old photo stays for undo


def test_an_event_added_in_the_studio_gets_a_print_ready_a4_poster(page, server, ws, tmp_path):
    page.goto(server.base + f"/s/{SLUG}/events/new")
    page.get_by_label("행사 이름", exact=False).first.fill("골목 김장 나눔 잔치")
    english(page, "#f-title_en").fill("Kimjang Day")
    page.locator("#f-start").fill("2026-12-12T10:00")
    page.locator("#f-end").fill("2026-12-12T15:00")
    page.locator("#f-place").fill("신안 모퉁이 쉼터")
    page.get_by_role("button", name="저장", exact=True).click()
    page.wait_for_url(re.compile(r".*/events/kimjang-day\?saved=\d+"))
    page.get_by_role("link", name="이 행사의 포스터 만들기").click()
    page.get_by_role("link", name=re.compile("골목 김장 나눔 잔치 포스터 \\(A4\\)")).click()
    preview = page.locator(".flyer-preview img")
    preview.wait_for()
    page.wait_for_function("document.querySelector('.flyer-preview img').naturalWidth > 0")
    checks = page.locator(".checks").inner_text()
    assert "A4" in checks and "글꼴" in checks
    with page.expect_download() as download:
        page.get_by_role("button", name="인쇄용 PDF 받기").click()
    pdf = tmp_path / "poster.pdf"
    download.value.save_as(pdf)
    info = subprocess.run(["pdfinfo", "-box", str(pdf)], capture_output=True, text=True, check=True).stdout
    trim = re.search(r"TrimBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", info)
    w_mm = (float(trim[3]) - float(trim[1])) * 25.4 / 72
    h_mm = (float(trim[4]) - float(trim[2])) * 25.4 / 72
    assert (round(w_mm), round(h_mm)) == (210, 297)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "골목 김장 나눔 잔치" in text.replace("\n", " ")
    png = tmp_path / "poster"
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(png)], check=True)
    decoded = subprocess.run(["zbarimg", "-q", "--raw", f"{png}.png"], capture_output=True, text=True).stdout.strip()
    assert decoded.startswith("https://") and "events/kimjang-day" in decoded


def test_a_one_off_poster_from_the_flyer_screen_with_crop_marks_and_cmyk(page, server, ws, tmp_path):
    import pikepdf

    page.goto(server.base + f"/s/{SLUG}/flyers")
    page.get_by_text("아직 없는 행사의 포스터 만들기").click()
    page.locator("#f-title").fill("골목 버스킹의 밤")
    page.get_by_role("button", name="포스터 만들기").click()  # no date yet: said in Korean, nothing added
    assert "시작: 꼭 적어야 하는 칸입니다" in page.locator(".error-summary").inner_text()
    assert "골목 버스킹의 밤" not in profile(ws)
    page.locator("#f-start").fill("2026-12-19T19:00")
    page.get_by_role("button", name="포스터 만들기").click()
    page.wait_for_url(re.compile(r".*/flyer\?doc=print/posters/event-event-\d+-a4\.pdf$"))
    assert "골목 버스킹의 밤 포스터 (A4)" in page.locator("h1").inner_text()
    page.get_by_label("재단선 넣기").check()
    page.get_by_label("CMYK로 만들기 (PDF/X-4)").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="인쇄용 PDF 받기").click()
    pdf = tmp_path / "poster.pdf"
    download.value.save_as(pdf)
    assert download.value.suggested_filename.endswith("-a4-marks-cmyk.pdf")
    with pikepdf.open(pdf) as doc:
        assert str(doc.Root.OutputIntents[0].S) == "/GTS_PDFX"
        assert str(doc.Root.OutputIntents[0].OutputConditionIdentifier) == "FOGRA39"
        assert b"PDF/X-4" in doc.Root.Metadata.read_bytes()
        media = [float(v) for v in doc.pages[0].mediabox]
        trim = [float(v) for v in doc.pages[0].obj.TrimBox]
        assert (media[2] - media[0]) - (trim[2] - trim[0]) > 20  # room for the crop marks around the trim


def test_cmyk_is_offered_for_what_a_print_shop_prints_not_for_office_documents(server):
    with httpx.Client(base_url=server.base, follow_redirects=True, timeout=120) as c:  # each renders its PDF
        c.get(f"/?token={server.guard.token}")
        poster = c.get(f"/s/{SLUG}/flyer", params={"doc": "print/posters/event-night-market-2026-12-a4.pdf"}).text
        notice = c.get(f"/s/{SLUG}/flyer", params={"doc": "print/programmes/smart-store-2027.pdf"}).text
    assert "CMYK로 만들기 (PDF/X-4)" in poster and "재단선 넣기" in poster
    assert "사무용 프린터용 문서" in notice and "CMYK" not in notice  # the office printer's: no press copy


def test_the_print_checks_warn_of_a_photo_too_small_to_print(server, ws):
    from streetkit.studio.flyers import print_checks

    street = ws / "streets" / SLUG
    doc = "print/flyers/merchant-haru-coffee-a5.pdf"
    assert any("선명합니다" in c.ko and c.ok for c in print_checks(server.studio.render(SLUG, doc)))
    Image.new("RGB", (160, 120), (90, 60, 30)).save(street / "images" / "haru-coffee.jpg", "JPEG")
    warned = [c for c in print_checks(server.studio.render(SLUG, doc)) if not c.ok]
    assert warned and "흐리게 인쇄됩니다" in warned[0].ko and "ppi" in warned[0].ko


def test_an_edit_in_a_text_editor_while_the_form_is_open_is_shown_not_lost(page, server, ws):
    page.goto(server.base + f"/s/{SLUG}/merchants/haru-coffee")
    path = ws / "streets" / SLUG / "street.yaml"
    path.write_text(profile(ws).replace("phone: 062-512-3009", "phone: 062-512-9999"), "utf-8")  # the editor
    page.locator("#f-description").fill("새로 고친 소개입니다.")
    page.get_by_role("button", name="저장", exact=True).click()
    conflict = page.locator(".conflict")
    assert "다른 곳에서 이 항목을 고쳤습니다" in conflict.inner_text()
    assert "062-512-9999" in conflict.inner_text() and "새로 고친 소개입니다." in conflict.inner_text()
    assert "062-512-9999" in profile(ws) and "새로 고친 소개입니다." not in profile(ws)  # nothing overwritten
    page.get_by_role("button", name="내 것으로 저장").click()  # the person chooses
    page.wait_for_url(re.compile(r".*\?saved=\d+"))
    assert "새로 고친 소개입니다." in profile(ws)


def test_two_tabs_editing_different_merchants_both_save(page, server, ws):
    other = page.context.new_page()
    page.goto(server.base + f"/s/{SLUG}/merchants/haru-coffee")
    other.goto(server.base + f"/s/{SLUG}/merchants/moturi-bakery")
    page.locator("#f-floor").fill("2층")
    other.locator("#f-floor").fill("1층")
    page.get_by_role("button", name="저장", exact=True).click()
    page.wait_for_url(re.compile(r".*\?saved=\d+"))
    other.get_by_role("button", name="저장", exact=True).click()
    other.wait_for_url(re.compile(r".*\?saved=\d+"))
    merchants = {m.id: m for m in loads(ws).profile.merchants}
    assert merchants["haru-coffee"].floor == "2층" and merchants["moturi-bakery"].floor == "1층"


def test_every_save_can_be_undone(page, server, ws):
    original = profile(ws)
    page.goto(server.base + f"/s/{SLUG}/merchants/haru-coffee")
    page.locator("#f-floor").fill("3층")
    page.get_by_role("button", name="저장", exact=True).click()
    page.wait_for_url(re.compile(r".*\?saved=\d+"))
    assert profile(ws) != original
    page.get_by_role("button", name="저장하기 전으로 되돌리기").click()
    page.wait_for_url(re.compile(r".*/history\?undone=1$"))
    assert profile(ws) == original
    # A merchant a coupon still names is not deleted, and the person is told why.
    page.goto(server.base + f"/s/{SLUG}/merchants/haru-coffee")
    page.get_by_role("button", name="이 가게 지우기").click()
    assert "쿠폰에서 쓰고 있어 지울 수 없습니다" in page.locator(".error-summary").inner_text()
    assert profile(ws) == original
    # Deleting is undoable too.
    page.goto(server.base + f"/s/{SLUG}/merchants/pet-maru")
    page.get_by_role("button", name="이 가게 지우기").click()
    page.wait_for_url(re.compile(r".*/merchants/\?deleted=\d+\.street\.yaml$"))
    assert "pet-maru" not in [m.id for m in loads(ws).profile.merchants]
    page.get_by_role("button", name="지우기 전으로 되돌리기").click()
    assert profile(ws) == original


def test_the_brand_colour_shows_its_derived_colours_and_contrast_as_it_is_picked(page, server, ws):
    page.goto(server.base + f"/s/{SLUG}/settings/brand")
    before = page.locator("#palette").inner_text()
    assert "4.5 : 1" in before and "통과" in before
    page.locator("#f-primary").fill("#f5d90a")  # a pale yellow: white text on it fails
    expect(page.locator("#palette")).not_to_contain_text("#E4572E")
    after = page.locator("#palette").inner_text()
    assert "#F5D90A" in after and "더 진한" in after  # text in it is darkened, and the page says so
    page.get_by_role("button", name="저장", exact=True).click()
    page.wait_for_url(re.compile(r".*/settings/brand\?saved=\d+"))
    assert loads(ws).profile.brand.primary == "#F5D90A"
    assert "primary: \"#F5D90A\"" in profile(ws)  # the quoting the file had


def test_features_are_switched_on_and_off(page, server, ws):
    page.goto(server.base + f"/s/{SLUG}/plugins")
    page.get_by_label("소상공인 상가 정보 가져오기").check()
    page.get_by_role("button", name="저장", exact=True).click()
    page.wait_for_url(re.compile(r".*/plugins\?saved=\d+"))
    assert "semas" in loads(ws).profile.plugins
    # The gift currency has its settings in the profile: switching it off is refused, and said why.
    page.get_by_label("지역화폐·제로페이·온누리 가맹 표시와 가맹점 스티커").uncheck()
    page.get_by_role("button", name="저장", exact=True).click()
    assert "'지역화폐' 설정이 남아 있어 이 기능을 끌 수 없습니다" in page.locator(".error-summary").inner_text()
    assert "local_currency" in loads(ws).profile.plugins


def test_a_list_section_of_a_plugin_is_edited_as_repeatable_groups(page, server, ws):
    page.goto(server.base + f"/s/{SLUG}/settings/coupons")
    page.locator("input[name='coupons.0.offer']").fill("아메리카노 1,000원 할인")
    page.locator("input[name='coupons.1.remove']").check()
    new = page.locator("fieldset.entry").last
    new.locator("select").select_option(label="꽃담꽃집")
    new.locator("input[name$='.offer']").fill("장미 한 송이 덤")
    page.get_by_role("button", name="저장", exact=True).click()
    page.wait_for_url(re.compile(r".*/settings/coupons\?saved=\d+"))
    coupons = loads(ws).section("coupons")
    assert coupons[0].offer == "아메리카노 1,000원 할인"
    assert "moturi-bakery" not in [c.merchant for c in coupons]
    assert (coupons[-1].merchant, coupons[-1].offer) == ("kkot-dam", "장미 한 송이 덤")


def test_the_street_s_own_fields(page, server, ws):
    page.goto(server.base + f"/s/{SLUG}/settings/street")
    page.get_by_label("한 줄 소개", exact=True).fill("골목마다 단골이 있는 동네")
    page.get_by_role("button", name="저장", exact=True).click()
    page.wait_for_url(re.compile(r".*/settings/street\?saved=\d+"))
    assert loads(ws).profile.tagline == "골목마다 단골이 있는 동네"


def test_news_is_written_with_a_markdown_preview_and_published_as_a_page(page, server, ws):
    page.goto(server.base + f"/s/{SLUG}/docs/news/new")
    page.locator("#f-title").fill("골목 김장 나눔 소식")
    body = page.locator("#f-body")
    body.fill("올해도 **김장 나눔**을 합니다.\n\n- 12월 12일\n- 신안 모퉁이 쉼터")
    page.wait_for_function("document.querySelector('#markdown strong') && "
                           "document.querySelector('#markdown strong').textContent === '김장 나눔'")
    page.get_by_role("button", name="저장", exact=True).click()
    page.wait_for_url(re.compile(r".*/docs/news/2026-11-23-1\?saved=\d+\.news~2026-11-23-1\.md$"))
    post = next(d for d in loads(ws).news if d.slug == "2026-11-23-1")
    assert post.title == "골목 김장 나눔 소식" and str(post.meta.date) == "2026-11-23" and "**김장 나눔**" in post.body
    # The site's own page for it, rendered by the build's code.
    page.goto(server.base + f"/s/{SLUG}/preview/site/news/2026-11-23-1/")
    assert "골목 김장 나눔 소식" in page.locator("h1").inner_text()
    assert page.locator("main strong", has_text="김장 나눔").count() == 1
    # Undo takes the new post away again.
    page.goto(server.base + f"/s/{SLUG}/history")
    page.get_by_role("button", name="이때로 되돌리기").first.click()
    assert not (ws / "streets" / SLUG / "news" / "2026-11-23-1.md").exists()


def test_a_page_s_front_matter_keeps_its_comments(page, server, ws):
    path = ws / "streets" / SLUG / "pages" / "about.md"
    path.write_text(path.read_text("utf-8").replace("---\n", "---\n# 메뉴 맨 앞\n", 1), "utf-8")
    page.goto(server.base + f"/s/{SLUG}/docs/pages/about")
    page.locator("#f-title").fill("우리 골목 이야기")
    page.get_by_role("button", name="저장", exact=True).click()
    page.wait_for_url(re.compile(r".*/docs/pages/about\?saved=.*"))
    text = path.read_text("utf-8")
    assert text.startswith("---\n# 메뉴 맨 앞\n") and "title: 우리 골목 이야기" in text


def test_the_preview_tab_reloads_itself_after_a_save(page, server, ws):
    preview = page.context.new_page()
    preview.goto(server.base + f"/s/{SLUG}/preview/site/merchants/haru-coffee/")
    assert "새 소개 문장" not in preview.content()
    page.goto(server.base + f"/s/{SLUG}/merchants/haru-coffee")
    page.locator("#f-description").fill("새 소개 문장입니다.")
    page.get_by_role("button", name="저장", exact=True).click()
    page.wait_for_url(re.compile(r".*\?saved=.*"))
    preview.wait_for_function("document.body.innerText.includes('새 소개 문장입니다.')", timeout=10_000)


def test_the_studio_speaks_english_when_asked(page, server):
    page.goto(server.base + f"/s/{SLUG}/")
    page.get_by_role("button", name="English").click()
    assert page.get_by_role("heading", name="What would you like to do?").is_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("button", name="한국어").click()
    assert page.get_by_role("heading", name="무엇을 하시겠어요?").is_visible()


def test_the_build_button_builds_the_street_with_progress(page, server, ws):
    page.goto(server.base + f"/s/{SLUG}/build")
    page.get_by_role("button", name="지금 만들기").click()
    expect(page.locator("#build-status")).to_contain_text("다 만들었습니다", timeout=240_000)
    out = ws / "_build" / SLUG
    assert (out / "site" / "index.html").is_file() and (out / "print" / "posters" / "event-corner-market-a4.pdf").is_file()
    page.goto(server.base + "/")
    assert "마지막으로 만든 때" in page.locator(".card").first.inner_text()


def test_the_publish_button_builds_and_publishes_to_the_profile_s_target(page, server, ws, tmp_path):
    live = tmp_path / "www"
    path = ws / "streets" / SLUG / "street.yaml"
    path.write_text(path.read_text("utf-8").replace("\nmerchants:", f"\npublish: {{target: {live}}}\nmerchants:", 1), "utf-8")
    page.goto(server.base + f"/s/{SLUG}/build")
    page.get_by_role("button", name="만들고 사이트에 올리기").click()
    expect(page.locator("#build-status")).to_contain_text("올렸습니다", timeout=240_000)
    assert (live / "index.html").is_file() and (live / "merchants" / "haru-coffee" / "index.html").is_file()


def test_a_publish_that_fails_says_so_and_that_the_live_site_is_unchanged(page, server, ws, tmp_path):
    path = ws / "streets" / SLUG / "street.yaml"
    target = f"git+file://{tmp_path}/missing.git#gh-pages"
    path.write_text(path.read_text("utf-8").replace("\nmerchants:", f"\npublish: {{target: '{target}'}}\nmerchants:", 1), "utf-8")
    page.goto(server.base + f"/s/{SLUG}/build")
    page.get_by_role("button", name="만들고 사이트에 올리기").click()
    expect(page.locator("#build-status")).to_contain_text("올리지 못했습니다", timeout=240_000)
    status = page.locator("#build-status").inner_text()
    assert "지금 올라가 있는 사이트는 그대로입니다" in status and "missing.git" in status and "만들지 못했습니다" not in status


def test_the_list_is_searchable(page, server):
    page.goto(server.base + f"/s/{SLUG}/merchants/")
    page.locator("#q").fill("빵")
    page.wait_for_function("document.querySelectorAll('#rows li').length < 10")
    names = page.locator("#rows li strong").all_inner_texts()
    assert names and all("빵" in n for n in names)


def test_a_form_can_be_filled_and_saved_by_keyboard_alone(page, server, ws):
    page.goto(server.base + f"/s/{SLUG}/merchants/haru-coffee")
    page.locator("#f-floor").focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("지하 1층")
    # Tab on to the save button (each field and fold in order), then press Enter.
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "저장":
            break
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*\?saved=\d+"))
    assert loads(ws).profile.merchants[0].floor == "지하 1층"


FOCUSABLE = ("a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea, summary")


@pytest.mark.parametrize("screen", [f"/s/{SLUG}/", f"/s/{SLUG}/merchants/", f"/s/{SLUG}/flyers",
                                    f"/s/{SLUG}/settings/brand", f"/s/{SLUG}/docs/news/new"])
def test_every_control_of_a_screen_is_reached_by_the_tab_key(page, server, screen):
    page.goto(server.base + screen)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # folds open, as a user would
    visible = page.evaluate(f"""Array.from(document.querySelectorAll({FOCUSABLE!r}))
        .filter(e => e.offsetParent !== null || e.getClientRects().length).length""")
    # Each control focused is noted by the page itself: one round trip per key press, not two.
    page.evaluate("""window.__reached = new Set();
        document.addEventListener('focusin', ({target: e}) => window.__reached.add(e.tagName + '|' +
            (e.name || e.id || e.getAttribute('href') || e.textContent.trim().slice(0, 30)) + '|' +
            Array.from(document.querySelectorAll('*')).indexOf(e)));""")
    reached: list[str] = []
    for _ in range(visible * 4 // 10 + 1):  # a date-time field takes a Tab stop for each of its parts
        for _ in range(10):
            page.keyboard.press("Tab")
        if len(reached := page.evaluate("Array.from(window.__reached)")) >= visible:
            break
    assert len(reached) >= visible, (len(reached), visible)


SCREENS = ["/", "/new", f"/s/{SLUG}/", f"/s/{SLUG}/merchants/", f"/s/{SLUG}/merchants/haru-coffee",
           f"/s/{SLUG}/settings", f"/s/{SLUG}/settings/street", f"/s/{SLUG}/settings/brand", f"/s/{SLUG}/plugins",
           f"/s/{SLUG}/settings/local_currency", f"/s/{SLUG}/settings/coupons", f"/s/{SLUG}/settings/stamp_tour",
           f"/s/{SLUG}/docs/news/", f"/s/{SLUG}/docs/news/2026-09-15-signboard", f"/s/{SLUG}/docs/pages/about",
           f"/s/{SLUG}/docs/news/new", f"/s/{SLUG}/docs/pages/", f"/s/{SLUG}/events/new", f"/s/{SLUG}/settings/programmes",
           f"/s/{SLUG}/settings/assistant", f"/s/{SLUG}/settings/map", "/s/no-such-street/",
           f"/s/{SLUG}/merchants/new", f"/s/{SLUG}/events/", f"/s/{SLUG}/events/corner-market", f"/s/{SLUG}/flyers",
           f"/s/{SLUG}/flyer?doc=print/posters/event-corner-market-a4.pdf", f"/s/{SLUG}/build", f"/s/{SLUG}/history"]


@pytest.mark.parametrize("width", [1280, 390])
def test_every_screen_is_accessible_and_fits_a_phone(browser, server, width):
    context = axe_context(browser, viewport={"width": width, "height": 900})
    p = context.new_page()
    p.goto(server.url)
    problems = []
    screens = [*SCREENS, ("error", f"/s/{SLUG}/merchants/new")]
    for screen in screens:
        if isinstance(screen, tuple):  # the same form after a refused save: the error summary and messages
            p.goto(server.base + screen[1])
            p.locator("#f-phone").fill("12345")
            p.get_by_role("button", name="저장", exact=True).click()
            p.locator(".error-summary").wait_for()
            screen = screen[1] + " (errors)"
        else:
            p.goto(server.base + screen)
        problems += [f"{screen}: {found}" for found in axe_violations(p)]
        overflow = p.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            problems.append(f"{screen}: {overflow}px wider than the {width}px screen")
    context.close()
    assert not problems, problems


def test_the_street_s_problems_are_worked_out_again_when_a_file_it_reads_changes(ws):
    """Every screen shows the street's problems, kept between screens; a photo deleted outside the
    studio is a problem on the next screen."""
    from streetkit.studio.state import Studio

    studio = Studio(ws, today=TODAY)
    try:
        before = studio.problems(SLUG)
        assert studio.problems(SLUG) == before and not any(p.severity == "error" for p in before)
        (ws / "streets" / SLUG / "images" / "haru-coffee.jpg").unlink()
        after = studio.problems(SLUG)
        assert [p.message for p in after if p.severity == "error"] == ["file 'images/haru-coffee.jpg' not found in the street folder"]
    finally:
        studio.close()


# ---------------------------------------------------------------------------------------------
# The gate

def test_no_token_is_refused_and_the_token_becomes_a_strict_cookie(server):
    with httpx.Client(base_url=server.base, follow_redirects=False) as c:
        assert c.get("/").status_code == 403
        assert c.get(f"/s/{SLUG}/merchants/haru-coffee").status_code == 403
        first = c.get(f"/?token={server.guard.token}")
        assert first.status_code == 303 and first.headers["location"] == "/"  # the token leaves the address bar
        cookie = first.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert c.get("/").status_code == 200
        assert c.get("/?token=wrong").status_code == 200  # the cookie lets it in, whatever the query says
    with httpx.Client(base_url=server.base, follow_redirects=False) as stranger:
        assert stranger.get("/?token=wrong").status_code == 403


@contextlib.contextmanager
def _client(server):
    """An HTTP client that has traded the token for the cookie."""
    with httpx.Client(base_url=server.base, follow_redirects=False) as c:
        c.get(f"/?token={server.guard.token}")
        yield c


def test_a_foreign_host_and_another_origin_are_refused(server, ws):
    before = profile(ws)
    with _client(server) as c:
        assert c.get("/", headers={"Host": "evil.example"}).status_code == 400  # DNS rebinding
        form = {"name": "x", "category": "food", "base": ""}
        assert c.post(f"/s/{SLUG}/merchants/new", data=form, headers={"Origin": "http://evil.example"}).status_code == 403
        assert c.post(f"/s/{SLUG}/merchants/new", data=form).status_code == 403  # no Origin at all
        assert c.post(f"/s/{SLUG}/build", headers={"Origin": "http://evil.example"}).status_code == 403
    assert profile(ws) == before


def test_uploads_are_confined_sniffed_and_cleaned(server, ws):
    street = ws / "streets" / SLUG
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (1, 2, 3)).save(buf, "PNG")
    base_of = _base(server, "haru-coffee")
    with _client(server) as c:
        headers = {"Origin": server.base}
        r = c.post(f"/s/{SLUG}/merchants/haru-coffee", headers=headers, data=_form(base_of),
                   files={"photo.upload": ("../../x.png", buf.getvalue(), "image/png")})
        assert r.status_code == 303, r.text
        assert not (ws / "x.png").exists() and not (ws.parent / "x.png").exists()
        photo = loads(ws).profile.merchants[0].photo
        assert re.fullmatch(r"images/haru-coffee(-\d+)?\.jpg", photo) and (street / photo).is_file()
        # An SVG with a script is refused: nothing written, the reason shown.
        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="5" height="5"/></svg>'
        before = set((street / "images").iterdir())
        r = c.post(f"/s/{SLUG}/merchants/haru-coffee", headers=headers, data=_form(_base(server, "haru-coffee")),
                   files={"photo.upload": ("logo.svg", svg, "image/svg+xml")})
        assert r.status_code == 422 and "SVG" in r.text and "script" in r.text
        assert set((street / "images").iterdir()) == before
        # A file that is no picture at all, whatever its name says.
        r = c.post(f"/s/{SLUG}/merchants/haru-coffee", headers=headers, data=_form(_base(server, "haru-coffee")),
                   files={"photo.upload": ("photo.jpg", b"MZ\x90\x00 not a photo", "image/jpeg")})
        assert r.status_code == 422 and "사진 파일이 아니거나" in r.text
        # Larger than the cap: refused before it is read.
        r = c.post(f"/s/{SLUG}/merchants/haru-coffee", headers=headers, data=_form(_base(server, "haru-coffee")),
                   files={"photo.upload": ("big.jpg", b"\xff" * (21 * 1024 * 1024), "image/jpeg")})
        assert r.status_code == 413


def _base(server, ident: str) -> str:
    from streetkit.profileedit import digest

    return digest(server.studio.editor(SLUG).item("merchants", ident))


def _form(base: str) -> dict[str, str]:
    """The haru-coffee form as the browser would send it, unchanged."""
    m = {"id": "haru-coffee", "name": "하루커피", "name_en": "Haru Coffee", "category": "food", "subcategory": "카페",
         "address": "광주광역시 북구 신안로 57번길 25", "address_en": "25, Sinan-ro 57beon-gil, Buk-gu, Gwangju",
         "phone": "062-512-3009", "photo": "images/haru-coffee.jpg", "location.lat": "35.174001",
         "location.lng": "126.905208", "description": "직접 볶은 원두로 내리는 핸드드립 전문 카페입니다.",
         "description_en": "Hand-drip coffee from beans roasted in the shop.", "tags": "포장, 와이파이",
         "accessibility.step_free": "1", "accessibility.stroller": "1", "pay.local": ["paper", "card", "mobile"],
         "pay.zeropay": "1", "pay.onnuri": "1", "subcategory_en": "Café", "base": base}
    for day, (a, b) in {"mon": ("10:00", "21:00"), "tue": ("10:00", "21:00"), "wed": ("10:00", "21:00"),
                        "thu": ("10:00", "21:00"), "fri": ("10:00", "22:00"), "sat": ("11:00", "22:00"),
                        "sun": ("11:00", "20:00")}.items():
        m[f"hours.{day}.open"], m[f"hours.{day}.close"] = a, b
    return m


def test_paths_out_of_the_workspace_are_not_served(server):
    with _client(server) as c:
        c.follow_redirects = True
        for path in (f"/s/{SLUG}/preview/site/../../street.yaml", f"/s/{SLUG}/preview/..%2f..%2fstreet.yaml",
                     f"/s/{SLUG}/file/../street.yaml", f"/s/{SLUG}/file/images/../street.yaml", "/s/..%2f..%2fetc/",
                     f"/s/{SLUG}/flyer.pdf?doc=print/../../street.yaml", "/static/../app.py"):
            r = c.get(path)
            assert r.status_code in (403, 404), (path, r.status_code)
            assert "slug:" not in r.text and "import " not in r.text


def test_listening_beyond_this_machine_needs_a_password(ws):
    from streetkit.errors import StreetkitError

    with pytest.raises(StreetkitError, match="password"):
        StudioServer(ws, host="0.0.0.0")
    s = StudioServer(ws, host="0.0.0.0", password="골목2026").start()
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{s.port}", follow_redirects=False) as c:
            r = c.get(f"/?token={s.guard.token}")
            assert r.status_code == 401 and "Basic" in r.headers["www-authenticate"]
            r = c.get(f"/?token={s.guard.token}", auth=("staff", "골목2026"))
            assert r.status_code == 303
    finally:
        s.stop()
