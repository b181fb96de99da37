"""The consultant's data for the report: typed data sets, the survey and the indicators, each on a
small hand-checked case; faults named with file, line and column; the chapters on both examples."""
from __future__ import annotations

import subprocess

import pytest
from pydantic import ValidationError

from conftest import REPO, copy_street, edit_profile, run_cli
from streetkit_plugins.consulting.datasets import AgeBands, TradeQuarters, WeekGrid
from streetkit_plugins.consulting.kpis import Kpi
from streetkit_plugins.consulting.survey import Survey


def _load(model, tmp_path, files: dict[str, str], **fields):
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, "utf-8")
    return model.model_validate(fields, context={"street_root": tmp_path})


def test_a_week_grid_finds_its_peak_and_weekend_share(tmp_path):
    grid = _load(WeekGrid, tmp_path, {"data/h.csv": "시간대,월,화,수,목,금,토,일\n"
                                                    "11~14시,1,1,1,1,1,5,5\n17~21시,2,2,2,2,2,2,2\n"},
                 file="data/h.csv", source="예시", period="2026년 3분기", unit="명")
    assert grid.bands == ["11~14시", "17~21시"]
    assert grid.grid[5] == [5, 2] and grid.grid[0] == [1, 2]  # Saturday, Monday
    assert grid.peak() == ("토", "11~14시", 5)
    assert grid.weekend_share() == 48.3  # (5 + 5 + 2 + 2) of 29
    assert grid.source_line == "자료: 예시, 2026년 3분기"


def test_trade_quarters_and_age_bands(tmp_path):
    sales = _load(TradeQuarters, tmp_path, {"s.csv": "업종,2026년 1분기,2026년 2분기\n음식,\"1,000\",1250\nretail,800,600\n"},
                  file="s.csv", source="카드사", period="2026년")
    assert sales.trades == ["음식", "소매"] and sales.values == [[1000, 1250], [800, 600]]
    assert (sales.change(0), sales.change(1)) == (25.0, -25.0)
    pop = _load(AgeBands, tmp_path, {"p.csv": "연령대,거주인구,직장인구\n20대,300,50\n60대 이상,100,150\n"},
                file="p.csv", source="통계청", period="2026년")
    assert pop.largest(pop.resident) == ("20대", 75.0) and pop.largest(pop.working) == ("60대 이상", 75.0)


SURVEY = ("업종,손님이 늘었다,가장 필요한 지원,하고 싶은 말\n"
          "음식,5,주차;홍보,주차장이 없어요\n"
          "음식,4,주차,\n"
          "소매,2,홍보,밤에 어두워요\n"
          "음식,,교육,\n")


def test_the_survey_reads_kinds_distributions_crosstab_and_quotes(tmp_path):
    survey = _load(Survey, tmp_path, {"v.csv": SURVEY}, file="v.csv", source="현장 조사", period="2026년 10월", by="업종",
                   quotes=[4])
    scale, choice, text = survey.questions
    assert (scale.kind, choice.kind, text.kind) == ("scale", "choice", "text")
    assert survey.respondents == 4
    assert scale.mean == 3.67 and scale.distribution() == [0, 1, 0, 1, 1] and scale.agree == 66.7
    assert choice.shares() == [("주차", 2, 50.0), ("홍보", 2, 50.0), ("교육", 1, 25.0)]
    assert survey.crosstab() == (["손님이 늘었다"], [("음식", 3, [4.5]), ("소매", 1, [2.0])])
    assert survey.picked_quotes() == [("하고 싶은 말", "밤에 어두워요")]  # line 4 of the file


def test_indicators_measure_progress_toward_the_target_either_way(tmp_path):
    up = Kpi(name="유동인구", baseline=10, baseline_year=2025, target=20, year=2029, measured=[{"year": 2026, "value": 13}])
    assert up.progress == 30.0 and up.on_track  # 30 % of the way after 25 % of the time
    down = Kpi(name="공실", baseline=25, baseline_year=2025, target=15, year=2029, measured=[{"year": 2027, "value": 24}])
    assert down.progress == 10.0 and down.on_track is False  # 10 % of the way after half the time
    assert Kpi(name="x", baseline=1, baseline_year=2025, target=2, year=2027).progress is None
    with pytest.raises(ValidationError, match="must come after baseline_year"):
        Kpi(name="x", baseline=1, baseline_year=2027, target=2, year=2026)


@pytest.mark.parametrize("file_text, message", [
    ("시간대,월,화,수,목,금,토,일\n11~14시,1,1,1,1,1,5,5\n17~21시,2,둘,2,2,2,2,2\n",
     "data/foot-traffic-hours.csv:3: column '화': expected a number, got '둘'"),
    ("시간대,월,화,수,목,금\n11~14시,1,1,1,1,1\n", "data/foot-traffic-hours.csv has no column '토', '일'"),
])
def test_a_bad_data_file_is_named_with_line_and_column_under_its_profile_field(tmp_path, file_text, message):
    folder = copy_street(REPO / "streets/sinan-alley", tmp_path)
    (folder / "data/foot-traffic-hours.csv").write_text(file_text, "utf-8")
    result = run_cli("validate", folder, cwd=tmp_path)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert message in result.stderr and "consulting.data.foot_traffic_hours" in result.stderr


def test_a_survey_compared_by_a_missing_column_says_which_there_are(tmp_path):
    folder = copy_street(REPO / "streets/sinan-alley", tmp_path)
    edit_profile(folder, "    by: 업종\n", "    by: 업태\n")
    result = run_cli("validate", folder, cwd=tmp_path)
    assert result.returncode != 0 and "has no column '업태' to compare by" in result.stderr


@pytest.mark.parametrize("slug", ["sinan-alley", "jinju-bidan-market"])
def test_the_examples_report_demand_survey_and_progress_with_their_sources(built, slug):
    pdf = built[slug].out_dir / "print/report.pdf"
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.replace("\u2060", "").split())
    c = built[slug].street.section("consulting")
    for heading in ("상권 수요: 유동인구·매출·인구", "시간대·요일별 유동인구", "업종별 카드 매출", "시간대·요일별 카드 매출",
                    "거주·직장 인구", "상인 설문 조사", "성과 지표", "추진 성과 점검"):
        assert heading in text, heading
    for data_set in (c.data.foot_traffic_hours, c.data.sales_by_trade, c.data.population):
        assert data_set.source_line in text
    day, band, value = c.data.foot_traffic_hours.peak()
    assert f"{day}요일 {band}에 가장 많고" in text
    scale = next(q for q in c.survey.questions if q.kind == "scale")
    assert f"{scale.mean:.2f} ({scale.agree:.0f}%)" in text
    measured = [k for k in c.kpis if k.latest]
    assert f"성과 지표 {len(measured)}개 중 {sum(1 for k in measured if k.on_track)}개가" in text
    if c.data.foot_traffic_months:
        assert "월별 유동인구" in text


def test_the_fault_is_said_in_korean_for_a_korean_user(tmp_path):
    folder = copy_street(REPO / "streets/sinan-alley", tmp_path)
    (folder / "data/sales-by-trade.csv").write_text("업종,2026년 1분기\n음식,1000\n꽃집,20\n", "utf-8")
    result = run_cli("--lang", "ko", "validate", folder, cwd=tmp_path)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "data/sales-by-trade.csv:3: '업종' 열: 알 수 없는 업종 '꽃집'입니다" in result.stderr
