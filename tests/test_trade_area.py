"""Trade-area analysis from SEMAS snapshots: the import keeps them, the computations on a small
hand-checked case (openings, closures, survival, churn; mix against 동 and 구; competition rings),
and the report's chapter on both examples."""
from __future__ import annotations

import csv
import math
import shutil
import subprocess

import pytest

import streetkit
from conftest import REPO, edit_profile, run_cli
from streetkit_plugins.semas import snapshots
from streetkit_plugins.semas.area import Area
from streetkit_plugins.semas.snapshots import Row, Snapshot

# A square street of about 91 × 111 m: lat 35.000–35.001, lng 127.000–127.001.
SQUARE = [(35.000, 127.000), (35.001, 127.000), (35.001, 127.001), (35.000, 127.001)]
AREA = Area(polygon=SQUARE)
M_PER_LNG = 111_320 * math.cos(math.radians(35.0005))


def east_of_street(metres: float) -> tuple[float, float]:
    """A point `metres` east of the street's east edge."""
    return 35.0005, 127.001 + metres / M_PER_LNG


def row(id: str, category: str = "food", sub: str = "카페", dong: str = "신안동", gu: str = "북구",
        at: tuple[float, float] = (35.0005, 127.0005)) -> Row:
    return Row(id, id, category, sub, gu, dong, *at)


# Before: three shops on the street (a, b, c), two more in its 동 (d, e), one elsewhere in the 구 (f).
# After: b closed, g opened on the street; e closed and h, i opened in the 동; f still there.
BEFORE = Snapshot("2026-06", "data/semas/2026-06.csv", (
    row("a"), row("b", "retail", "편의점"), row("c"),
    row("d", at=east_of_street(800)), row("e", "retail", "약국", at=east_of_street(900)),
    row("f", dong="용봉동", at=east_of_street(2000))))
AFTER = Snapshot("2026-09", "data/semas/2026-09.csv", (
    row("a"), row("c"), row("g", "retail", "편의점"),
    row("d", at=east_of_street(800)), row("h", at=east_of_street(850)), row("i", at=east_of_street(950)),
    row("f", dong="용봉동", at=east_of_street(2000))))


def test_openings_closures_survival_and_churn_by_quarter():
    then, now = snapshots.zones(BEFORE, AREA, "북구", "신안동"), snapshots.zones(AFTER, AREA, "북구", "신안동")
    assert [r.id for r in now.street] == ["a", "c", "g"]
    street = snapshots.flow(then.street, now.street)
    assert (street.before, street.after, street.opened, street.closed, street.net) == (3, 3, 1, 1, 0)
    assert street.survival == 66.7 and street.churn == 66.7 and street.rate(street.opened) == 33.3
    dong = snapshots.flow(then.dong, now.dong)  # a b c d e → a c g d h i
    assert (dong.before, dong.opened, dong.closed, dong.net, dong.churn) == (5, 3, 2, 1, 100.0)
    gu = snapshots.flow(then.gu, now.gu)  # the 동's six and f
    assert (gu.before, gu.opened, gu.closed, gu.churn) == (6, 3, 2, 83.3)
    old, new = snapshots.by_trade(then.street), snapshots.by_trade(now.street)
    food = snapshots.flow(old["food"], new["food"])
    retail = snapshots.flow(old["retail"], new["retail"])
    assert (food.before, food.opened, food.closed, food.survival) == (2, 0, 0, 100.0)
    assert (retail.before, retail.opened, retail.closed, retail.survival) == (1, 1, 1, 0.0)


def test_mix_against_the_dong_and_the_gu_from_the_same_file():
    now = snapshots.zones(AFTER, AREA, "북구", "신안동")
    street, dong, gu = (snapshots.shares(z) for z in (now.street, now.dong, now.gu))
    assert (street["food"], street["retail"]) == (66.7, 33.3)
    assert (dong["food"], dong["retail"]) == (83.3, 16.7)        # 5 of 6
    assert (gu["food"], gu["retail"]) == (85.7, 14.3)            # 6 of 7
    assert sum(gu.values()) == pytest.approx(100, abs=0.1)


def test_competitors_are_counted_in_rings_from_the_street_edge():
    shops = [row("on1"), row("on2", sub="한식")]
    rivals = [row(f"r{m}", at=east_of_street(m)) for m in (100, 250, 400, 600)]  # cafés 100 … 600 m out
    other_trade = row("x", "retail", "약국", at=east_of_street(50))
    snap = Snapshot("2026-09", "x.csv", (*shops, *rivals, other_trade))
    assert AREA.distance_m(*east_of_street(250)) == pytest.approx(250, abs=1)
    assert AREA.distance_m(35.0005, 127.0005) == 0
    trades, subs = snapshots.competition(snap, AREA, shops)
    assert [(t.label, t.on_street, t.within) for t in trades] == [("음식", 2, (2, 3))]
    assert [(s.label, s.on_street, s.within) for s in subs] == [("카페", 1, (2, 3)), ("한식", 1, (0, 0))]


def test_the_month_comes_from_the_file_name():
    assert snapshots.period_of("소상공인시장진흥공단_상가(상권)정보_광주_202509.csv") == "2025-09"
    assert snapshots.period_of("stores-2026-06.csv") == "2026-06"
    assert snapshots.period_of("current-utf8-bom.csv") is None


@pytest.fixture
def street(tmp_path):
    folder = tmp_path / "streets/sinan-alley"
    shutil.copytree(REPO / "streets/sinan-alley", folder, ignore=shutil.ignore_patterns(".streetkit", "semas"))
    shutil.copytree(REPO / "districts", tmp_path / "districts")  # Sinan inherits from its district
    profile = folder / "street.yaml"
    profile.write_text(profile.read_text("utf-8").replace(", semas]", "]"), "utf-8")
    return folder


def _semas_file(path, rows):
    header = ["상가업소번호", "상호명", "상권업종대분류코드", "상권업종소분류코드", "상권업종소분류명", "시군구명", "행정동명", "경도", "위도"]
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def test_the_import_keeps_a_dated_snapshot_of_the_gu_the_dong_and_the_surroundings(street, tmp_path):
    raw = tmp_path / "소상공인시장진흥공단_상가(상권)정보_광주_202509.csv"
    _semas_file(raw, [
        ["S1", "하루커피", "I2", "I21201", "카페", "북구", "신안동", "126.9060", "35.1750"],      # on the street
        ["S2", "용봉분식", "I2", "I21001", "분식", "북구", "용봉동", "126.9300", "35.1900"],      # elsewhere in 북구
        ["S3", "옆동네약국", "G2", "G21501", "약국", "동구", "계림동", "126.9100", "35.1750"],     # 동구, 100 m east of the street
        ["S4", "먼동구식당", "I2", "I20101", "한식", "동구", "충장동", "126.9500", "35.1500"],    # 동구, far: left out
        ["S5", "이상한가게", "Z9", "Z90101", "기타", "북구", "신안동", "126.9060", "35.1751"],    # unknown trade
    ])
    profile = (street / "street.yaml").read_text("utf-8")
    result = run_cli("import", "semas", raw, "--street", street, "--snapshot-only", cwd=street.parent.parent)
    assert result.returncode == 0, result.stderr
    assert "data/semas/2025-09.csv: 3 stores" in result.stdout
    rows = list(csv.DictReader((street / "data/semas/2025-09.csv").open(encoding="utf-8")))
    assert [(r["상가업소번호"], r["업종"], r["시군구명"]) for r in rows] == [
        ("S1", "food", "북구"), ("S2", "food", "북구"), ("S3", "retail", "동구")]
    # The merchants are as they were; only the plugin that reads snapshots was switched on.
    assert (street / "street.yaml").read_text("utf-8") == profile.replace("merchant_cards]", "merchant_cards, semas]")
    loaded = streetkit.load(street, enriched=True)
    assert [s.period for s in loaded.data["semas_snapshots"]] == ["2025-09"]


def test_a_file_without_its_month_is_refused_for_a_snapshot_with_the_fix(street, tmp_path):
    raw = tmp_path / "stores.csv"
    _semas_file(raw, [["S1", "하루커피", "I2", "I21201", "카페", "북구", "신안동", "126.9060", "35.1750"]])
    result = run_cli("import", "semas", raw, "--street", street, "--snapshot-only", cwd=street.parent.parent)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "--as-of 2025-09" in result.stderr
    ok = run_cli("import", "semas", raw, "--street", street, "--snapshot-only", "--as-of", "2026-03",
                 cwd=street.parent.parent)
    assert ok.returncode == 0, ok.stderr and (street / "data/semas/2026-03.csv").is_file()


def test_a_damaged_snapshot_is_reported_with_file_line_and_column(street):
    edit_profile(street, "merchant_cards]", "merchant_cards, semas]")
    folder = street / "data/semas"
    folder.mkdir(parents=True)
    (folder / "2026-09.csv").write_text(",".join(snapshots.HEADER) + "\nS1,가게,food,카페,북구,신안동,35.17,126.9\n"
                                        "S2,가게2,food,카페,북구,신안동,북쪽,126.9\n", "utf-8")
    result = run_cli("validate", street, cwd=street.parent.parent)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "data/semas/2026-09.csv:3" in result.stderr + result.stdout and "위도" in result.stderr + result.stdout


@pytest.mark.parametrize("slug", ["sinan-alley", "jinju-bidan-market"])
def test_the_report_has_the_store_dynamics_chapter_with_its_sources(built, slug):
    pdf = built[slug].out_dir / "print/report.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    for heading in ("상가 변동과 경쟁", "비교한 업종 구성", "개업·폐업과 생존", "주변 경쟁 점포"):
        assert heading in flat
    assert "자료: 소상공인시장진흥공단 상가(상권)정보, 2026년 2분기 (2026.06) → 2026년 3분기 (2026.09)" in flat
    # The merchant mix is compared with the 구 computed from the same file, and says so.
    street = built[slug].street
    gu = street.profile.region.sigungu
    assert f"{gu} 전체" in flat
    typed = street.section("consulting").benchmark  # a typed-in benchmark gives way, and the report says so
    assert ("프로필에 입력한 비교값" in flat) == bool(typed)
    # The chapter's figures are those of the snapshots.
    snaps = street.data["semas_snapshots"]
    from streetkit_plugins.semas import area_of
    area = area_of(street, None)
    then, now = (snapshots.zones(s, area, gu, street.profile.region.dong) for s in snaps)
    f = snapshots.flow(then.street, now.street)
    assert f"상점가 {f.before} {f.opened} {f.closed} {f.net:+d} {f.rate(f.opened)}% {f.rate(f.closed)}% {f.churn}%" in flat


def test_a_snapshot_folder_linked_out_of_the_street_is_refused(street, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (street / "data").mkdir(exist_ok=True)
    (street / "data/semas").symlink_to(outside)
    raw = tmp_path / "소상공인시장진흥공단_상가(상권)정보_광주_202509.csv"
    _semas_file(raw, [["S1", "하루커피", "I2", "I21201", "카페", "북구", "신안동", "126.9060", "35.1750"]])
    profile = (street / "street.yaml").read_bytes()
    result = run_cli("import", "semas", raw, "--street", street, "--snapshot-only", cwd=street.parent.parent)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "leads outside the street folder" in result.stderr and not any(outside.iterdir())
    assert (street / "street.yaml").read_bytes() == profile  # refused before anything changed
