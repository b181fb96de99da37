"""Support-programme window: sorted by deadline, archived when closed, a reminder per deadline, a notice per open programme."""
from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest

from conftest import REPO, copy_street, make_workspace
from streetkit.build import Builder
from streetkit.errors import ProfileError
from streetkit.workspace import Workspace


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    return out.decode("utf-8", "replace").replace("\u2060", "")


def test_open_programmes_by_deadline_and_closed_ones_archived(built):
    site = built["sinan-alley"].out_dir / "site"
    page = (site / "programmes/index.html").read_text("utf-8")
    main = page.split("<main", 1)[1]
    # Open (closes 4 Dec) before coming (opens 7 Dec, closes 15 Jan); the one that closed in October is archived.
    assert main.index("2027 스마트상점 기술보급사업") < main.index("북구 소상공인 간판 개선 지원")
    assert "공공배달앱 할인쿠폰" not in main and "마감된 지원사업 1건 보기" in main
    assert "마감 D-11" in main and "접수 예정" in main  # built "today" is 2026-11-23
    archive = (site / "programmes/archive/index.html").read_text("utf-8")
    assert "공공배달앱 할인쿠폰 가맹점 모집" in archive and "마감됨" in archive
    assert '<a href="programmes/">지원사업</a>' in (site / "index.html").read_text("utf-8")  # in the navigation
    english = (site / "en/programmes/index.html").read_text("utf-8")
    assert "2027 Smart Store Technology Support" in english and "Closes D-11" in english


def test_a_later_build_date_moves_programmes_to_the_archive(tmp_path, workspace):
    street = copy_street(REPO / "streets/sinan-alley", tmp_path)
    # What a build on that date would write: its plan, and the pages and notice rendered on demand
    # through the build's code (every other PDF of the street, all dated, is not this test's).
    builder = Builder(workspace, out_root=tmp_path / "out", today=date(2026, 12, 8))
    try:
        _street, planned = builder.preview_plan(street)
        paths = {a.path for a in planned.artifacts}
        main = builder.render_artifact(street, "site/programmes/index.html").decode("utf-8").split("<main", 1)[1]
        archive = builder.render_artifact(street, "site/programmes/archive/index.html").decode("utf-8")
        assert "스마트상점" not in main and "스마트상점" in archive and "마감된 지원사업 2건 보기" in main
        # The signboard grant opened on 7 December: it now has a board notice, the closed one none.
        assert sorted(p for p in paths if p.startswith("print/programmes/")) == ["print/programmes/buk-gu-signboard-2026.pdf"]
        notice = tmp_path / "notice.pdf"
        notice.write_bytes(builder.render_artifact(street, "print/programmes/buk-gu-signboard-2026.pdf"))
        assert "북구 소상공인 간판 개선 지원" in _text(notice)
        assert "site/programmes/smart-store-2027.ics" not in paths and "site/programmes/buk-gu-signboard-2026.ics" in paths
    finally:
        builder.close()


def test_deadline_reminder_is_an_all_day_event_with_an_alarm(built):
    site = built["sinan-alley"].out_dir / "site"
    cal = icalendar.Calendar.from_ical((site / "programmes/smart-store-2027.ics").read_bytes())
    (event,) = cal.walk("VEVENT")
    assert event.decoded("DTSTART") == date(2026, 12, 4) and event.decoded("DTEND") == date(2026, 12, 5)
    assert str(event["SUMMARY"]) == "[마감] 2027 스마트상점 기술보급사업"
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -timedelta(days=3)
    assert str(event["URL"]).endswith("/programmes/#smart-store-2027")
    assert 'href="../programmes/smart-store-2027.ics" download' in (site / "programmes/index.html").read_text("utf-8")


def test_board_notice_for_each_open_programme(built, tmp_path):
    out = built["sinan-alley"].out_dir / "print/programmes"
    assert sorted(p.name for p in out.iterdir()) == ["smart-store-2027.pdf"]  # coming and closed ones: none
    pdf = out / "smart-store-2027.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info and "595.276 x 841.89 pts (A4)" in info
    text = _text(pdf)
    for expected in ("2027 스마트상점 기술보급사업", "D-11", "2026. 12. 4.(금)", "사업자등록증 사본", "통장 사본", "www.sbiz24.kr"):
        assert expected in text, expected
    png = tmp_path / "notice"
    subprocess.run(["pdftoppm", "-png", "-r", "200", "-singlefile", str(pdf), str(png)], check=True)
    scanned = subprocess.run(["zbarimg", "--quiet", "--raw", f"{png}.png"], capture_output=True, text=True).stdout
    assert scanned.strip() == ("https://moturi.example.kr/programmes/?utm_source=print&utm_medium=qr"
                               "&utm_campaign=programme-smart-store-2027#smart-store-2027")


def test_report_lists_the_programmes_open_to_apply(built):
    text = _text(built["jinju-bidan-market"].out_dir / "print/report.pdf")
    assert "활용할 수 있는 지원사업" in text and "전통시장 시설현대화" in text


@pytest.mark.parametrize("programme, message", [
    ("{id: x, title: 가, agency: 나, who: 다, benefit: 라, opens: 2026-12-01, closes: 2026-11-01, apply_at: 구청}",
     "closes 2026-11-01 is before opens 2026-12-01"),
    ("{id: x, title: 가, agency: 나, who: 다, benefit: 라, closes: 2026-11-01}",
     "say how to apply: apply_url (online), apply_at (office) or apply_email"),
])
def test_bad_programmes_are_reported_with_their_line(tmp_path, programme, message):
    folder = make_workspace(tmp_path)
    text = (folder / "street.yaml").read_text("utf-8").replace("plugins: []", "plugins: [programmes]")
    (folder / "street.yaml").write_text(text + f"\nprogrammes:\n  - {programme}\n", "utf-8")
    with pytest.raises(ProfileError) as caught:
        Builder(Workspace.open(tmp_path)).build(folder)
    assert "street.yaml:" in str(caught.value) and message in str(caught.value) and "programmes[0]" in str(caught.value)


# -- the self-check: the same rules in the browser as on the merchant cards ------------------------

def _self_check(browser, site_url):
    page = browser.new_page()
    page.goto(site_url["sinan-alley"] + "programmes/")
    box = page.locator("#smart-store-2027 .self-check")
    box.locator("summary").click()
    return page, box


def test_the_self_check_leads_an_eligible_shop_to_the_application(browser, site_url):
    page, box = _self_check(browser, site_url)
    result, next_step = box.locator(".self-check-result"), box.locator(".self-check-next")
    box.get_by_role("button", name="확인하기").click()  # nothing answered yet: the open conditions are named
    assert result.inner_text() == "아직 모르는 조건이 있습니다: 상시근로자 4명 이하, 유흥·사행업종이 아닌 곳. 확인한 뒤 신청하세요."
    box.get_by_label("상시근로자 수", exact=False).fill("2")
    box.get_by_label("유흥·사행업종이 아닌 곳").check()
    box.get_by_role("button", name="확인하기").click()
    assert result.inner_text() == "신청할 수 있습니다. 아래 다음 단계를 보세요."
    assert next_step.is_visible() and next_step.get_by_role("link", name="온라인 신청").get_attribute("href") \
        == "https://www.sbiz24.kr/"
    assert "제출 서류 5가지" in next_step.inner_text()
    page.close()


def test_the_self_check_tells_an_ineligible_shop_why(browser, site_url):
    page, box = _self_check(browser, site_url)
    box.get_by_label("상시근로자 수", exact=False).fill("6")
    box.get_by_label("유흥·사행업종이 아닌 곳").check()
    box.get_by_role("button", name="확인하기").click()
    assert box.locator(".self-check-result").inner_text() == "신청할 수 없습니다: 상시근로자 4명 이하 조건에 맞지 않습니다."
    assert not box.locator(".self-check-next").is_visible()
    page.close()


def test_the_browser_and_the_cards_judge_alike(browser, site_url):
    """One rule set, two evaluators (Python for the cards, JavaScript for the self-check): every
    combination of conditions and answers below gets the same verdict from both."""
    from streetkit_plugins.programmes import Eligibility, judge

    rules = [{"trades": ["food"], "areas": ["북구"], "max_employees": 4, "min_years": 3, "other": ["a", "b"]},
             {"trades": ["retail", "food"]}, {"areas": ["북구", "동구"]}, {"max_employees": 0}, {"min_years": 0}, {}]
    facts = [{"trade": t, "in_area": a, "employees": e, "opened": o, "confirmed": c}
             for t in (None, "food", "health") for a in (None, True, False) for e in (None, 0, 4, 5)
             for o in (None, 2020, 2023, 2026) for c in ([], [0], [0, 1])]
    page = browser.new_page()
    page.goto(site_url["sinan-alley"] + "programmes/")
    cases = [(Eligibility.model_validate(r).model_dump(mode="json"), f) for r in rules for f in facts]
    from_js = page.evaluate("cases => cases.map(([rule, facts]) => window.streetkitJudge(rule, facts, 2026))", cases)
    from_python = [judge(Eligibility.model_validate(rule), f, 2026) for rule, f in cases]
    assert len(cases) == 2592 and from_js == from_python
    page.close()


def test_a_programme_that_takes_email_opens_a_message_ready_to_send(built):
    from html import unescape
    from urllib.parse import parse_qs, urlsplit

    page = (built["sinan-alley"].out_dir / "site/programmes/index.html").read_text("utf-8")
    (href,) = {unescape(h) for h in __import__("re").findall(r'href="(mailto:sign-support[^"]+)"', page)}
    parts = urlsplit(href)
    assert parts.path == "sign-support@bukgu.example.kr"
    query = parse_qs(parts.query)
    assert query["subject"] == ["[지원사업 신청] 북구 소상공인 간판 개선 지원"]
    body = query["body"][0]
    assert body.startswith("신청합니다.\n\n상호:\n대표자:") and "- 현재 간판 사진\n- 임대차계약서 사본" in body
    assert "+" not in parts.query  # spaces as %20: mail apps show a + literally


def _fields(path: Path) -> dict[str, str]:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return {str(f.T): str(f.get("/V", "")) for f in pdf.Root.AcroForm.Fields}


def test_each_programme_has_a_fillable_application_form_blank_and_filled_in_for_each_shop_that_may_apply(built):
    result = built["sinan-alley"]
    street, out = result.street, result.out_dir / "print/applications"
    verdicts = street.data["programmes"]["verdicts"]
    for programme in street.data["programmes"]["current"]:
        blank = _fields(out / f"{programme.id}.pdf")
        text = subprocess.run(["pdftotext", str(out / f"{programme.id}.pdf"), "-"], capture_output=True, text=True).stdout
        assert programme.title.replace(" ", "") in text.replace("\u2060", "").replace(" ", "")
        assert {"shop_name", "owner", "business_number", "trade", "address", "phone", "plan", "date", "signature"} <= set(blank)
        assert all(v in ("", "/Off") for v in blank.values())  # blank: nothing filled, nothing ticked
        assert sum(k.startswith("document_") for k in blank) == len(programme.documents)
        assert subprocess.run(["pdfinfo", str(out / f"{programme.id}.pdf")], capture_output=True, text=True
                              ).stdout.count("Pages:           1") == 1  # one A4 page
        for merchant in street.profile.merchants:
            verdict = {p.id: v for p, v in verdicts[merchant.id]}.get(programme.id)
            filled = out / programme.id / f"{merchant.id}.pdf"
            assert filled.exists() == (verdict is not None and verdict.state != "no"), merchant.id
    # 하루커피, read back: what the profile says, and the head-count condition it meets ticked.
    haru = next(m for m in street.profile.merchants if m.id == "haru-coffee")
    fields = _fields(out / "smart-store-2027/haru-coffee.pdf")
    assert fields["shop_name"] == haru.name and fields["phone"] == haru.phone and fields["address"] == haru.address
    assert fields["trade"] == "음식 · 카페" and fields["employees"] == f"{haru.business.employees}명"
    assert fields["opened"] == f"{haru.business.opened}년" and fields["owner"] == ""
    assert fields["condition_1"] == "/on" and fields["condition_2"] == "/Off"  # 4명 이하: met; 유흥업종 아님: to confirm
    # and it still is a form a reader can fill: the fields are there, the Hangul font travels with it
    assert len(fields) == len(_fields(out / "smart-store-2027.pdf"))


def test_a_filled_copy_must_name_a_form_of_the_build():
    from streetkit.artifacts import Document
    from streetkit.errors import PluginError
    from streetkit.planning import check_pages_of

    notice = Document(path="print/notice.pdf", template="print/x.html")
    copy = Document(path="print/copy.pdf", filled_from=("print/notice.pdf", {"shop_name": "가게"}))
    with pytest.raises(PluginError, match="not a form"):
        check_pages_of([notice, copy])
