"""Support-programme window: sorted by deadline, archived when closed, a reminder per deadline, a notice per open programme."""
from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest

from conftest import REPO, make_workspace
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
    street = tmp_path / "sinan-alley"
    shutil.copytree(REPO / "streets/sinan-alley", street)
    builder = Builder(workspace, out_root=tmp_path / "out", only={"site", "print"}, today=date(2026, 12, 8))
    result = builder.build(street)
    main = (result.out_dir / "site/programmes/index.html").read_text("utf-8").split("<main", 1)[1]
    archive = (result.out_dir / "site/programmes/archive/index.html").read_text("utf-8")
    assert "스마트상점" not in main and "스마트상점" in archive and "마감된 지원사업 2건 보기" in main
    # The signboard grant opened on 7 December: it now has a board notice, the closed one none.
    notices = sorted(p.name for p in (result.out_dir / "print/programmes").iterdir())
    assert notices == ["buk-gu-signboard-2026.pdf"]
    assert not (result.out_dir / "site/programmes/smart-store-2027.ics").exists()


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
     "say how to apply: apply_url (online) or apply_at (office)"),
])
def test_bad_programmes_are_reported_with_their_line(tmp_path, programme, message):
    folder = make_workspace(tmp_path)
    text = (folder / "street.yaml").read_text("utf-8").replace("plugins: []", "plugins: [programmes]")
    (folder / "street.yaml").write_text(text + f"\nprogrammes:\n  - {programme}\n", "utf-8")
    with pytest.raises(ProfileError) as caught:
        Builder(Workspace.open(tmp_path)).build(folder)
    assert "street.yaml:" in str(caught.value) and message in str(caught.value) and "programmes[0]" in str(caught.value)
