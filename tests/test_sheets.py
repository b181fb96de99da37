"""`streetkit import sheet` / `export sheet`: an association's own member list, as messy as real
ones, in and out (plugins/sheets)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import REPO, copy_street, run_cli
from streetkit.workspace import load
from streetkit_plugins.sheets import headers, values

FIXTURES = REPO / "tests" / "fixtures" / "sheets"
MESSY = FIXTURES / "members-messy.xlsx"


@pytest.fixture
def street(tmp_path: Path) -> Path:
    return copy_street(REPO / "streets" / "sinan-alley", tmp_path / "ws")


def merchants(folder: Path) -> dict:
    return {m.id: m for m in load(folder).profile.merchants}


@pytest.mark.parametrize("field,words", list(headers.FIELDS.items()))
def test_every_header_variant_is_understood(field, words):
    for word in words:
        assert headers.field_for(word) == field, word
        assert headers.field_for(f" {word.upper()} ") == field  # spaces and case do not matter
    assert headers.field_for("지역화폐 (지류)") == "local_paper"


@pytest.mark.parametrize("written,expected", [
    ("09:00~21:00", ("09:00-21:00", None)), ("오전 10시 ~ 오후 9시", ("10:00-21:00", None)),
    ("11:30-14:30, 17:00-22:00", ("11:30-22:00", "14:30-17:00")), ("24시간", ("00:00-24:00", None)),
    ("10시-20시(브레이크 15-17시)", ("10:00-20:00", "15:00-17:00")), ("18:00-02:00", ("18:00-02:00", None)),
    ("오후 6시~새벽 2시", ("18:00-02:00", None)), ("11-9시", ("11:00-21:00", None)), ("9시 30분 - 18시", ("09:30-18:00", None)),
])
def test_hours_as_people_write_them(written, expected):
    assert values.hours(written) == expected


@pytest.mark.parametrize("written,expected", [
    ("매주 월요일", (["mon"], [])), ("연중무휴", ([], [])), ("일요일", (["sun"], [])), ("월, 화", (["mon", "tue"], [])),
    ("월·화요일", (["mon", "tue"], [])), ("", ([], [])),
    ("둘째·넷째 일요일", ([], [{"weekday": "sun", "nth": [2, 4]}])),
    ("월, 마지막 주 일요일", (["mon"], [{"weekday": "sun", "nth": [-1]}])),
    ("매월 첫째 월요일", ([], [{"weekday": "mon", "nth": [1]}])),
])
def test_closed_days_as_people_write_them(written, expected):
    assert values.closed_days(written) == expected


@pytest.mark.parametrize("written,expected", [
    ("062 5123009", "062-512-3009"), (625121234, "062-512-1234"), (625121234.0, "062-512-1234"),
    ("010-1234-5678", "010-1234-5678"), (1012345678, "010-1234-5678"), ("1588-1234", "1588-1234"),
    ("(062) 512-3009", "062-512-3009"), ("0625123009", "062-512-3009"),
])
def test_phone_numbers_including_those_that_lost_their_zero(written, expected):
    assert values.phone(written) == expected


@pytest.mark.parametrize("mark", ["O", "○", "●", "Y", "y", "예", "가맹", "V", "✓"])
def test_yes_marks(mark):
    assert values.yes_no(mark) is True


@pytest.mark.parametrize("mark", ["X", "×", "N", "아니오", "", None, "-", "미가맹"])
def test_no_marks(mark):
    assert values.yes_no(mark) is False


@pytest.mark.parametrize("written,expected", [
    ("한식", ("food", "한식")), ("국밥집", ("food", "한식")), ("카페", ("food", "카페")), ("제과", ("food", "제과점")),
    ("치킨", ("food", "치킨")), ("주점", ("food", "주점")), ("정육점", ("food", "정육점")), ("반찬", ("food", "반찬가게")),
    ("편의점", ("retail", "편의점")), ("꽃집", ("retail", "꽃집")), ("미용실", ("repair_personal", "미용실")),
    ("네일", ("repair_personal", "네일")), ("세탁소", ("repair_personal", "세탁소")), ("수선", ("repair_personal", "수선")),
    ("약국", ("retail", "약국")), ("치과", ("health", "치과")), ("한의원", ("health", "한의원")), ("안경", ("retail", "안경점")),
    ("학원", ("education", "학원")), ("공방", ("arts_sports", "공방")), ("부동산", ("real_estate", None)), ("공인중개사", ("real_estate", "부동산중개")),
    ("숙박", ("lodging", None)), ("음식", ("food", None)), ("food", ("food", None)),
])
def test_trade_words(written, expected):
    assert values.trade(written) == expected


def test_excel_dates_and_times_and_written_ones():
    assert values.when(datetime(2026, 12, 12, 10, 0)) == (datetime(2026, 12, 12, 10, 0), None)
    assert values.when("2026.12.24 19:00~21:00") == (datetime(2026, 12, 24, 19, 0), datetime(2026, 12, 24, 21, 0))
    assert values.when("2026년 12월 12일(토) 오후 2시") == (datetime(2026, 12, 12, 14, 0), None)


def test_a_messy_member_list_imports_every_valid_row_and_reports_every_broken_one(street):
    before = (street / "street.yaml").read_text("utf-8")
    result = run_cli("import", "sheet", MESSY, "--street", street)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    shops = merchants(street)
    noodle = next(m for m in shops.values() if m.name == "골목 국수집")
    assert (noodle.category, noodle.subcategory, noodle.phone) == ("food", "한식", "062-514-2201")
    assert noodle.hours.tue == "11:00-21:00" and noodle.hours.mon == "closed"
    assert noodle.pay.local == ["paper"] and noodle.pay.zeropay and noodle.pay.onnuri
    chicken = shops["sinan-chicken"]  # an id from the English name
    assert chicken.hours.fri == "17:00-02:00" and chicken.hours.sun == "closed" and chicken.floor == "2층"
    assert chicken.pay.local == ["mobile"] and not chicken.pay.zeropay
    korean = next(m for m in shops.values() if m.name == "정다운 한식")
    assert korean.hours.wed == "11:30-22:00" and korean.hours.break_time == "14:30-17:00"
    assert [(c.weekday, c.nth) for c in korean.hours.closed_monthly] == [("sun", [2, 4])]  # the model says it
    assert korean.hours.sun == "11:30-22:00" and korean.pay.local == ["paper", "mobile"]
    gukbap = next(m for m in shops.values() if m.name == "소문난 국밥")  # its 업태 is a merged cell
    assert gukbap.category == "food" and gukbap.subcategory == "한식"
    hair = shops["star-hair"]
    assert (hair.category, hair.hours.break_time, hair.hours.tue) == ("repair_personal", "15:00-17:00", "closed")
    assert next(m for m in shops.values() if m.name == "24 편의점").hours.sun == "00:00-24:00"
    # Existing shops matched by name (spaces ignored): empty fields filled, hand-made values kept.
    assert shops["haru-coffee"].floor == "1층"
    assert shops["haru-coffee"].description != "직접 볶은 원두" and "= haru-coffee" in out
    assert shops["moon-pocha"].name == "달빛포차"
    # Every broken row, with its sheet row, column and value; nothing of them imported.
    assert "[회원명부]:row 13: 운영시간 '모름'" in out
    assert "[회원명부]:row 14: 상호 칸이 비어 있어" in out
    assert "[회원명부]:row 15: 업태 '우주여행사'" in out
    assert "[행사]:row 4: 일시 '언젠가'" in out
    assert not any(m.name in ("모름 식당", "이상한 가게") for m in shops.values())
    assert "알 수 없는 열 '영업시강': '영업시간'을(를) 말하나요?" in out and "'대표자'은(는) 가져오지 않습니다" in out
    events = {e.title: e for e in load(street).profile.events}
    assert events["골목 김장 나눔"].start == datetime(2026, 12, 12, 10, 0)
    assert events["연말 버스킹"].end == datetime(2026, 12, 24, 21, 0)
    # Written through the round-trip writer: the file's comments are all still there.
    after = (street / "street.yaml").read_text("utf-8")
    assert [line for line in before.splitlines() if line.lstrip().startswith("#")] == \
           [line for line in after.splitlines() if line.lstrip().startswith("#")]


def test_importing_the_same_file_again_changes_nothing(street):
    run_cli("import", "sheet", MESSY, "--street", street)
    first = (street / "street.yaml").read_text("utf-8")
    again = run_cli("import", "sheet", MESSY, "--street", street)
    assert "added 0, updated 0" in again.stdout
    assert (street / "street.yaml").read_text("utf-8") == first


def test_a_hand_edit_after_an_import_survives_the_next_one(street, tmp_path):
    from openpyxl import load_workbook as open_book

    run_cli("import", "sheet", MESSY, "--street", street)
    path = street / "street.yaml"
    path.write_text(path.read_text("utf-8").replace("phone: 010-9876-5432", "phone: 010-5555-6666"), "utf-8")  # by hand
    book = open_book(MESSY)
    ws = book["회원명부"]
    ws.cell(7, 8).value = "오후 4시-새벽 1시"  # 신안 치킨's hours change in the sheet
    ws.cell(7, 5).value = "010-1111-2222"  # and so does its phone
    changed = tmp_path / "members-messy.xlsx"  # the same file name: the same import record
    book.save(changed)
    out = run_cli("import", "sheet", changed, "--street", street).stdout
    chicken = merchants(street)["sinan-chicken"]
    assert chicken.hours.mon == "16:00-01:00"  # still as the last import left it: follows the sheet
    assert chicken.phone == "010-5555-6666" and "= sinan-chicken" in out  # edited by hand: kept


@pytest.mark.parametrize("name", ["members-utf8-bom.csv", "members-cp949.csv"])
def test_csv_in_both_encodings_and_separators_reads_like_the_workbook(street, name):
    result = run_cli("import", "sheet", FIXTURES / name, "--street", street)
    assert result.returncode == 0, result.stderr
    assert ("UTF-8" if "utf8" in name else "cp949") in result.stdout
    shops = merchants(street)
    assert shops["sinan-chicken"].hours.fri == "17:00-02:00"
    assert next(m for m in shops.values() if m.name == "골목 국수집").phone == "062-514-2201"
    assert "row 12: 운영시간 '모름'" in result.stdout  # the CSV's own line (two lines above its header)


def test_dry_run_writes_nothing(street):
    before = (street / "street.yaml").read_text("utf-8")
    result = run_cli("import", "sheet", MESSY, "--street", street, "--dry-run", env={"STREETKIT_LANG": "ko"})
    assert "더함 8" in result.stdout and "아무것도 쓰지 않았습니다" in result.stdout  # an association's office reads Korean
    assert (street / "street.yaml").read_text("utf-8") == before
    assert not (street / "data" / "sheet-import.json").exists()


@pytest.mark.parametrize("slug", ["sinan-alley", "jinju-bidan-market"])
def test_export_then_import_changes_nothing(tmp_path, slug):
    folder = copy_street(REPO / "streets" / slug, tmp_path / "ws")
    before = (folder / "street.yaml").read_text("utf-8")
    book = tmp_path / "members.xlsx"
    assert run_cli("export", "sheet", "--street", folder, "-o", book).returncode == 0
    result = run_cli("import", "sheet", book, "--street", folder)
    assert result.returncode == 0, result.stderr
    assert "added 0, updated 0" in result.stdout and " = " not in result.stdout
    assert (folder / "street.yaml").read_text("utf-8") == before


def test_the_exported_workbook_is_ready_to_edit(tmp_path):
    book_path = tmp_path / "members.xlsx"
    run_cli("export", "sheet", "--street", REPO / "streets" / "sinan-alley", "-o", book_path)
    book = load_workbook(book_path)
    ws = book["가게"]
    assert ws.freeze_panes == "A2"
    head = [c.value for c in ws[1]]
    assert head[:4] == ["웹주소", "상호", "영문상호", "업종"] and "지역화폐(지류)" in head
    lists = {str(dv.sqref).split(":")[0][:-1]: dv.formula1 for dv in ws.data_validations.dataValidation}
    trade_col = ws.cell(1, head.index("업종") + 1).column_letter
    assert "음식" in lists[trade_col] and lists[ws.cell(1, head.index("제로페이") + 1).column_letter] == '"O,X"'
    assert ws.column_dimensions[ws.cell(1, head.index("주소") + 1).column_letter].width > 20
    assert len(list(book["행사"].iter_rows())) > 1


def test_a_file_that_is_no_sheet_is_a_clean_error(street, tmp_path):
    fake = tmp_path / "members.xlsx"
    fake.write_bytes(b"not a zip at all")
    result = run_cli("import", "sheet", fake, "--street", street)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "not an Excel workbook" in result.stderr
    old = tmp_path / "members.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    assert ".xlsx" in run_cli("import", "sheet", old, "--street", street).stderr


def test_docs_list_every_header_and_the_template_imports(street):
    docs = (REPO / "docs" / "import.md").read_text("utf-8")
    for words in headers.FIELDS.values():
        for word in words:
            assert word in docs, word
    result = run_cli("import", "sheet", REPO / "docs" / "member-list-template.xlsx", "--street", street, "--dry-run")
    assert result.returncode == 0 and "skipped 0" in result.stdout
