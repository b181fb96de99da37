"""`streetkit import semas`: three file variants, area filtering, a round trip that keeps hand edits."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import streetkit
from conftest import REPO, copy_street, run_cli
from streetkit.build import Builder
from streetkit.workspace import Workspace
from streetkit_plugins.semas import run

FIXTURES = Path(__file__).parent / "fixtures/semas"
VARIANTS = {"current-utf8-bom.csv": ("UTF-8 with BOM, comma", "s-ma0101202509a000000"),
            "older-cp949.csv": ("cp949, comma", "s-1000000"),
            "national-2019-pipe.txt": ("UTF-8, pipe", "s-1000000")}


@pytest.fixture
def street(tmp_path) -> Path:
    """A copy of the Sinan alley in its own workspace."""
    return copy_street(REPO / "streets/sinan-alley", tmp_path)


def _merchants(folder: Path) -> dict:
    return {m.id: m for m in streetkit.load(folder).profile.merchants}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_each_file_variant_imports_the_same_stores(street, variant):
    fmt, prefix = VARIANTS[variant]
    report, summary = run(FIXTURES / variant, street, today=date(2026, 11, 24))
    assert f"9 stores ({fmt}-separated)" in summary
    assert [name for _id, name in report.added] == ["골목세탁소", "신안문구", "GS25 신안점"]
    assert {mid for mid, _n, _f in report.updated} == {"haru-coffee", "moturi-bakery"}  # matched by name and place
    assert [reason for _l, _n, reason in report.skipped] == ["no coordinates", "duplicate store id",
                                                              f"unknown trade code {'Z90101' if 'current' in variant else 'Z01A01'}"]
    assert report.outside == 1  # the dentist two blocks away
    merchants = _merchants(street)
    laundry = merchants[f"{prefix}3"]
    # New (I2/S2/G2) and legacy (Q/F/D) trade codes land in the same categories.
    assert (laundry.category, laundry.subcategory, laundry.floor) == ("repair_personal", "세탁소", "1층")
    assert merchants[f"{prefix}5"].category == "retail" and merchants[f"{prefix}5"].name == "GS25 신안점"
    assert merchants["haru-coffee"].semas_id.endswith("0000001") or merchants["haru-coffee"].semas_id == "10000001"


def test_importing_the_same_file_twice_changes_nothing(street):
    run(FIXTURES / "current-utf8-bom.csv", street, today=date(2026, 11, 24))
    profile, record = (street / "street.yaml").read_bytes(), (street / "data/semas-import.json").read_bytes()
    report, _ = run(FIXTURES / "current-utf8-bom.csv", street, today=date(2026, 12, 1))
    assert not report.changed and report.unchanged == 5
    assert (street / "street.yaml").read_bytes() == profile and (street / "data/semas-import.json").read_bytes() == record


def test_hand_edits_survive_a_reimport_and_untouched_fields_follow_the_file(street, tmp_path):
    run(FIXTURES / "current-utf8-bom.csv", street, today=date(2026, 11, 24))
    yaml = street / "street.yaml"
    # The association renames the stationer by hand; SEMAS later renames it too, moves it and
    # changes its trade name.
    yaml.write_text(yaml.read_text("utf-8").replace("    name: 신안문구\n", "    name: 신안문구 (학교 앞 문방구)\n"), "utf-8")
    newer = tmp_path / "newer.csv"
    newer.write_bytes((FIXTURES / "current-utf8-bom.csv").read_bytes()
                      .replace(",신안문구,".encode(), ",신안문구점,".encode())
                      .replace("문구 소매업".encode(), "문구·팬시 소매업".encode())
                      .replace("신안로57번길 22".encode(), "신안로57번길 24".encode()))
    report, _ = run(newer, street, today=date(2026, 12, 1))
    stationer = _merchants(street)["s-ma0101202509a0000004"]
    assert stationer.name == "신안문구 (학교 앞 문방구)"  # the hand edit
    assert (stationer.subcategory, stationer.address) == ("문구·팬시 소매업", "광주광역시 북구 신안로57번길 24")
    assert report.kept == [("s-ma0101202509a0000004", "name")]  # reported: the file says otherwise
    assert report.updated == [("s-ma0101202509a0000004", "신안문구점", ["subcategory", "address"])]


def test_stores_that_disappear_are_flagged_not_deleted_and_comments_stay(street, tmp_path):
    run(FIXTURES / "current-utf8-bom.csv", street, today=date(2026, 11, 24))
    without = tmp_path / "without-gs25.csv"
    without.write_bytes(b"".join(line for line in (FIXTURES / "current-utf8-bom.csv").read_bytes().splitlines(True)
                                 if b"A0000005" not in line))
    report, _ = run(without, street, today=date(2026, 12, 1))
    assert report.missing == [("s-ma0101202509a0000005", "GS25 신안점")]
    text = (street / "street.yaml").read_text("utf-8")
    assert "missing_since: 2026-12-01" in text
    assert "# the logo drops the designation suffix 골목형상점가" in text  # comments survive the edit
    result = Builder(Workspace.open(street.parent.parent), only={"site"}, today=date(2026, 12, 1)).build(street)
    assert any("not in the last SEMAS file (GS25 신안점)" in w for w in result.warnings)
    assert (result.out_dir / "site/merchants/s-ma0101202509a0000003/index.html").is_file()  # imported shops get pages
    back, _ = run(FIXTURES / "current-utf8-bom.csv", street, today=date(2026, 12, 8))
    assert back.back == [("s-ma0101202509a0000005", "GS25 신안점")] and "missing_since" not in (street / "street.yaml").read_text("utf-8")


def test_dry_run_writes_nothing(street):
    before = (street / "street.yaml").read_bytes()
    result = run_cli("import", "semas", FIXTURES / "older-cp949.csv", "--street", street, "--dry-run", cwd=street.parent.parent)
    assert result.returncode == 0, result.stderr
    assert "added 3, updated 2, unchanged 0, missing 0, skipped 3, outside the area 1" in result.stdout
    assert "+ s-10000003  골목세탁소" in result.stdout and "dry run: nothing written" in result.stdout
    assert (street / "street.yaml").read_bytes() == before and not (street / "data/semas-import.json").exists()


@pytest.mark.parametrize("content, message", [
    ("상호명,주소\n하루커피,광주\n".encode(), "not a SEMAS 상가(상권)정보 file — missing column(s) 상가업소번호, 상권업종대분류코드"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "this is a binary file, not a CSV"),
    (b"", "the file is empty"),
])
def test_bad_files_get_a_clear_error(street, tmp_path, content, message):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    before = (street / "street.yaml").read_bytes()
    result = run_cli("import", "semas", bad, "--street", street, cwd=street.parent.parent)
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert (street / "street.yaml").read_bytes() == before
