"""The consulting report (상권 분석·활성화 전략 보고서): an A4 PDF from the profile, its data files and
the chapters other plugins contribute through this plugin's own hook, `report_sections`.

This plugin contributes the chapters every street has (summary, overview, merchant mix, opening
hours, trends, SWOT, strategy, appendix) the same way a third-party plugin would; a chapter whose
data is missing is simply not contributed, so the report never shows an empty heading.
"""
from __future__ import annotations

import datetime as dt
import itertools
import math
from pathlib import Path
from types import SimpleNamespace
from typing import Literal

import jinja2
from markupsafe import Markup
from pydantic import Field, PrivateAttr, ValidationInfo, field_validator, model_validator

import streetkit
from streetkit import CATEGORIES, Chapter, Document, Section, Street, StreetFile, WordDocument, charts

from .consulting.datasets import DataSets, demand_sections
from .consulting.kpis import Kpi, kpi_sections
from .consulting.survey import Survey, survey_sections
from .consulting.tables import need_columns, number, read_rows

#: The plugin in the studio's words.
TITLE = "상권 분석·활성화 전략 보고서"

ENABLED_BY_DEFAULT = True


@streetkit.hookspec
def report_sections(street: Street) -> list[Chapter] | None:
    """Chapters and sections a plugin adds to the consulting report (called once the street is
    loaded and enriched, when the report is planned)."""


@streetkit.hookspec(firstresult=True)
def report_benchmark(street: Street) -> dict | None:
    """A comparison trade mix computed from data, which the merchant-mix chapter shows instead of
    the profile's typed-in `consulting.benchmark`: `{"label": "북구 전체", "shares": {category key:
    percent}, "note": "where the figures come from"}` (the first plugin to answer wins)."""


#: The hooks this plugin defines for the others (the host adds them to pluggy's specifications).
HOOKSPECS = SimpleNamespace(report_sections=report_sections, report_benchmark=report_benchmark)


def chapters_of(sections: list[Chapter]) -> list[tuple[Chapter, list[Chapter]]]:
    """The report's chapters in order, each with its sections in order; sections whose chapter no
    plugin contributed are dropped (their chapter has nothing to frame them)."""
    chapters = sorted((s for s in sections if not s.parent), key=lambda s: (s.order, s.id))
    return [(c, sorted((s for s in sections if s.parent == c.id), key=lambda s: (s.order, s.id))) for c in chapters]

WEEKDAYS_KO = ("월", "화", "수", "목", "금", "토", "일")
#: The designation threshold of the 전통시장법 for 골목형 상점가: stores per 2,000 m² (districts may lower it).
STORES_PER_2000M2 = 30


class Chart(Section):
    """A chart of figures from a CSV file in the street's `data/` folder (first row: column names)."""

    file: StreetFile = Field(description="CSV file inside the street folder, e.g. data/foot-traffic.csv.")
    title: str = Field(description="Chart title in Korean, e.g. 월별 유동인구.")
    kind: Literal["line", "bar"] = Field("line", description="line (trends) or bar (comparisons).")
    x: str = Field(description="Column holding the labels along the axis, e.g. 월.")
    y: list[str] = Field(min_length=1, max_length=3, description="One to three columns of numbers to plot.")
    unit: str = Field("", description="Unit appended to the numbers, e.g. 명, 만원, %.")
    caption: str | None = Field(None, description="What the reader should see in the chart.")
    source: str | None = Field(None, description="Where the figures come from, e.g. 소상공인365 상권분석.")
    _labels: list[str] = PrivateAttr(default_factory=list)
    _series: dict[str, list[float]] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _read(self, info: ValidationInfo) -> Chart:
        root = (info.context or {}).get("street_root")
        if root is None:  # schema tests validate without a folder
            return self
        self._labels, self._series = read_table(Path(root), self.file, self.x, self.y)
        return self

    @property
    def labels(self) -> list[str]:
        return self._labels

    @property
    def series(self) -> dict[str, list[float]]:
        return self._series


def read_table(root: Path, name: str, x: str, ys: list[str]) -> tuple[list[str], dict[str, list[float]]]:
    """Labels and numeric columns of the CSV file `name` in the street folder `root`; errors name
    the file, line and column."""
    header, rows = read_rows(root, name)
    need_columns(name, header, [x, *ys])
    return ([cells.get(x, "") for _line, cells in rows],
            {y: [number(name, line, y, cells.get(y, ""), negative=True) for line, cells in rows] for y in ys})


class Action(Section):
    """One step of a strategy: what, who does it, when, and its budget."""

    what: str
    who: str | None = Field(None, description="Who carries it out, e.g. 상인회, 북구청 지역경제과.")
    when: str | None = Field(None, description='When, e.g. "2027년 상반기".')
    budget: int | None = Field(None, ge=0, description="Budget in won.")


class Strategy(Section):
    """A strategy with its goal and actions."""

    title: str
    goal: str | None = None
    description: str | None = None
    term: Literal["short", "mid", "long"] | None = Field(None, description="short (1 yr), mid (2–3 yrs), long (5 yrs).")
    actions: list[Action] = Field(default_factory=list)


class Swot(Section):
    """Strengths, weaknesses, opportunities and threats, a few short points each."""

    strengths: list[str] = Field(default_factory=list)
    weaknesses: list[str] = Field(default_factory=list)
    opportunities: list[str] = Field(default_factory=list)
    threats: list[str] = Field(default_factory=list)


class Vacancy(Section):
    """Units on the street and how many stand empty (공실)."""

    units: int = Field(gt=0, description="Ground-floor commercial units counted.")
    vacant: int = Field(ge=0, description="Vacant units among them.")
    as_of: dt.date | None = Field(None, description="Date of the count.")
    benchmark: float | None = Field(None, ge=0, le=100, description="Comparison vacancy rate in percent, e.g. 7.6.")
    benchmark_label: str = "전국 평균"

    @model_validator(mode="after")
    def _fits(self) -> Vacancy:
        if self.vacant > self.units:
            raise ValueError(f"vacant ({self.vacant}) cannot exceed units ({self.units})")
        return self


class Consulting(Section):
    """Section `consulting`: what the consultant adds to the data for the report."""

    title: str = Field("상권 활성화 전략 보고서", description="Report title on the cover.")
    subtitle: str | None = None
    author: str = Field(description="Author(s) of the report.")
    organization: str | None = Field(None, description="Consultancy, e.g. 골목연구소.")
    client: str | None = Field(None, description="Who commissioned it, e.g. 광주광역시 북구청.")
    date: dt.date = Field(description="Date of the report; also the PDF's creation date.")
    summary: str | None = Field(None, description="Executive summary (Markdown).")
    benchmark: dict[str, float] | None = Field(None, description="Comparison merchant mix: share in percent per "
                                               "category key, e.g. {food: 45, retail: 30}.")
    benchmark_label: str = Field("비교 상권", description="What the benchmark is, e.g. 북구 평균.")
    vacancy: Vacancy | None = None
    charts: list[Chart] = Field(default_factory=list)
    swot: Swot | None = None
    strategy: list[Strategy] = Field(default_factory=list)
    data: DataSets | None = Field(None, description="Trade-area data sets: foot traffic, card sales, population "
                                  "(docs/data.md).")
    survey: Survey | None = Field(None, description="A merchant or visitor survey (docs/data.md).")
    kpis: list[Kpi] = Field(default_factory=list, description="The plan's performance indicators: baseline, "
                            "target, the year due, values measured since.")
    pdf_variant: Literal["pdf/a-3b", "pdf/a-2b"] | None = Field(
        None, description="Write an archival PDF/A (e.g. pdf/a-3b) instead of plain PDF.")

    @field_validator("benchmark")
    @classmethod
    def _known_categories(cls, value: dict[str, float] | None) -> dict[str, float] | None:
        for key in value or {}:
            if key not in CATEGORIES:
                raise ValueError(f"unknown category {key!r}; expected one of {', '.join(CATEGORIES)}")
        return value


@streetkit.hookimpl
def config_schema():
    return {"consulting": Consulting}


@streetkit.hookimpl
def street_summary(street: Street):
    """For the district's comparison: the vacancy the association counted."""
    c = street.section("consulting")
    if not (c and c.vacancy):
        return None
    v = c.vacancy
    return {"vacancy": {"units": v.units, "vacant": v.vacant, "as_of": v.as_of.isoformat() if v.as_of else None}}


def percent(part: int | float, whole: int | float) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def polygon_area_m2(points: list) -> float:
    """Area of a small lat/lng polygon in square metres (equirectangular projection; fine for a street)."""
    lat0 = math.radians(sum(p.lat for p in points) / len(points))
    xy = [(math.radians(p.lng) * math.cos(lat0) * 6371000, math.radians(p.lat) * 6371000) for p in points]
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(xy, xy[1:] + xy[:1]))) / 2


#: The designation rule counts shops in 2,000 m²: a circle of that area has this radius (25.2 m).
DENSE_RADIUS_M = math.sqrt(2000 / math.pi)


def densest_2000m2(points: list[tuple[float, float]]) -> int:
    """The most shops in any circle of 2,000 m² centred on a shop, from (lat, lng) points: the
    density the designation rule means (shops clustered in one spot), not the average over the
    drawn area. Shops are bucketed in cells of the radius, so each looks only at its neighbours."""
    if not points:
        return 0
    lat0 = math.radians(sum(lat for lat, _lng in points) / len(points))
    xy = [(math.radians(lng) * math.cos(lat0) * 6371000, math.radians(lat) * 6371000) for lat, lng in points]
    r = DENSE_RADIUS_M
    cells: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for x, y in xy:
        cells.setdefault((int(x // r), int(y // r)), []).append((x, y))
    best = 0
    for x, y in xy:
        cx, cy = int(x // r), int(y // r)
        near = sum(1 for dx in (-1, 0, 1) for dy in (-1, 0, 1) for qx, qy in cells.get((cx + dx, cy + dy), [])
                   if (qx - x) ** 2 + (qy - y) ** 2 <= r * r)
        best = max(best, near)
    return best


#: The hours the matrix counts, each at half past: 06:30 to 05:30 the next morning.
_SLOT_HOURS = range(6, 30)


def hours_matrix(merchants: list) -> tuple[list[str], list[list[int]], int]:
    """Merchants open at half past each hour, Monday to Sunday, from 06 to 29 (05 the next morning):
    the column labels, a 7 × N matrix and how many merchants have hours at all."""
    parsed = [m.hours.minutes() for m in merchants if m.hours]  # parsed once, not once per slot
    matrix = []
    for day in range(7):
        # Each merchant adds one to the slots of its opening span and takes one from those of its
        # break inside it: two interval ends per merchant, summed once, instead of testing every slot.
        change = [0] * (len(_SLOT_HOURS) + 1)
        for h in parsed:
            if not (span := _overnight(h["d"][day])):
                continue
            start, end = _slot_range(span)
            change[start] += 1
            change[end] -= 1
            if pause := _overnight(h["b"]):
                start, end = _slot_range((max(span[0], pause[0]), min(span[1], pause[1])))
                change[start] -= 1
                change[end] += 1
        matrix.append(list(itertools.accumulate(change[:-1])))
    used = [i for i in range(len(_SLOT_HOURS)) if any(row[i] for row in matrix)]
    lo, hi = (used[0], used[-1]) if used else (0, len(_SLOT_HOURS) - 1)
    labels = [f"{_SLOT_HOURS[i] % 24}" for i in range(lo, hi + 1)]
    return labels, [row[lo:hi + 1] for row in matrix], len(parsed)


def _slot_range(span: tuple[int, int]) -> tuple[int, int]:
    """The slots [first, end) whose half-past minute lies in `span` (an empty range when none do)."""
    first_minute = _SLOT_HOURS[0] * 60 + 30
    start = min(max(0, -((first_minute - span[0]) // 60)), len(_SLOT_HOURS))  # ceil((t - first) / 60)
    end = min(max(0, -((first_minute - span[1]) // 60)), len(_SLOT_HOURS))
    return start, max(start, end)


def _overnight(span: list[int] | None) -> tuple[int, int] | None:
    """A span whose end is at or before its start closes after midnight: end + 24 h."""
    if span is None:
        return None
    start, end = span
    return start, end + 1440 if end <= start else end


def _own_sections(street: Street) -> list[Chapter]:
    """The chapters every street has, when it has their data."""
    out: list[Chapter] = []
    p = street.profile
    c = street.section("consulting")
    merchants = p.merchants
    color = street_color(street)
    # The summary lists every chapter's key figures, so it exists even without a written summary.
    out.append(Chapter("summary", "요약", "print/report/summary.html", order=10,
                             context={"summary": c.summary if c else None}))
    overview = {"area_m2": polygon_area_m2(p.area) if p.area and len(p.area) >= 3 else None}
    if overview["area_m2"]:
        overview["per_2000"] = len(merchants) * 2000 / overview["area_m2"]
    located = [(m.location.lat, m.location.lng) for m in merchants if m.location]
    if located:
        overview["densest"] = densest_2000m2(located)
        overview["located"] = len(located)
    overview["threshold"] = STORES_PER_2000M2
    out.append(Chapter("overview", "상권 개요", "print/report/overview.html", order=20, context=overview))
    if merchants:
        out.append(_mix_section(street, c, color))
    labels, matrix, counted = hours_matrix(merchants)
    if counted:
        weekend = max(max(matrix[5], default=0), max(matrix[6], default=0))
        out.append(Chapter(
            "hours", "영업시간 분포", "print/report/hours.html", parent="mix", order=40,
            context={"chart": charts.heatmap(WEEKDAYS_KO, labels, matrix, color=color, high=counted,
                                             title="요일·시간대별 영업 점포 수"),
                     "counted": counted},
            highlights=[("주말 최다 영업 점포", f"{weekend}곳")]))
    if c and c.vacancy:
        v = c.vacancy
        out.append(Chapter(
            "vacancy", "공실 현황", "print/report/vacancy.html", parent="mix", order=50,
            context={"vacancy": v, "rate": percent(v.vacant, v.units)},
            highlights=[("공실률", f"{percent(v.vacant, v.units):g}%")]))
    if c and c.charts:
        out.append(Chapter("trends", "데이터로 본 추이", "print/report/trends.html", order=40,
                                 context={"charts": [(ch, _draw(ch, color)) for ch in c.charts]}))
    if c:
        out += demand_sections(c.data, color) + survey_sections(c.survey, color)
        out += kpi_sections(c.kpis, color, parent="strategy" if c.strategy else "")
    if c and c.swot:
        out.append(Chapter("swot", "SWOT 분석", "print/report/swot.html", order=60, context={"swot": c.swot}))
    if c and c.strategy:
        total = sum(a.budget or 0 for s in c.strategy for a in s.actions)
        out.append(Chapter(
            "strategy", "활성화 전략과 실행 계획", "print/report/strategy.html", order=70,
            context={"strategies": c.strategy, "total_budget": total},
            highlights=[("제안 전략", f"{len(c.strategy)}개 · 실행과제 {sum(len(s.actions) for s in c.strategy)}개")]))
    if merchants:
        numbers = street.merchant_numbers()
        out.append(Chapter("appendix", "부록: 점포 목록", "print/report/appendix.html", order=90,
                           context={"numbered": sorted((numbers[m.id], m) for m in merchants)}))
    return out


def street_color(street: Street) -> str:
    """The chart colour: the brand's surface colour, dark enough for white labels and grey-scale prints."""
    return street.tokens.get("color-primary-surface") or street.profile.brand.primary


def _draw(chart: Chart, color: str):
    draw = charts.line_chart if chart.kind == "line" else charts.bar_chart
    return draw(chart.labels, chart.series, color=color, title=chart.title, unit=chart.unit)


def _mix_section(street: Street, c: Consulting | None, color: str) -> Chapter:
    merchants = street.profile.merchants
    counts = {k: sum(1 for m in merchants if m.category == k) for k in CATEGORIES}
    computed = next((b for _plugin, b in street.call_hook("report_benchmark", street=street)), None)
    typed = c.benchmark if c and c.benchmark else None
    benchmark = computed["shares"] if computed else typed
    label = computed["label"] if computed else c.benchmark_label if c else ""
    note = computed["note"] + (f" 프로필에 입력한 비교값({c.benchmark_label}) 대신 씁니다." if typed and c else "") \
        if computed else ""
    rows = sorted(((k, n) for k, n in counts.items() if n or (benchmark and benchmark.get(k))), key=lambda kv: -kv[1])
    shares = [(CATEGORIES[k].ko, percent(n, len(merchants))) for k, n in rows]
    bench = [benchmark.get(k) for k, _n in rows] if benchmark else None
    subs: dict[str, int] = {}
    for m in merchants:
        if m.subcategory:
            subs[m.subcategory] = subs.get(m.subcategory, 0) + 1
    top = max(rows, key=lambda kv: kv[1])
    return Chapter(
        "mix", "점포 구성 분석", "print/report/mix.html", order=30,
        context={"rows": [(CATEGORIES[k], n, percent(n, len(merchants)), bench[i] if bench else None)
                          for i, (k, n) in enumerate(rows)],
                 "benchmark_label": label, "benchmark_note": note,
                 "chart": charts.hbar_chart(shares, color=color, unit="%", title="우리 상권", decimals=1,
                                            compare=bench, compare_label=label if bench else ""),
                 "subcategories": sorted(subs.items(), key=lambda kv: (-kv[1], kv[0]))[:10]},
        highlights=[("점포 수", f"{len(merchants)}곳"),
                    ("최다 업종", f"{CATEGORIES[top[0]].ko} {percent(top[1], len(merchants)):g}%")])


@streetkit.hookimpl
def template_dirs():
    return [Path(__file__).parent / "templates"]


@jinja2.pass_context
def report_part(ctx: jinja2.runtime.Context, section: Chapter) -> Markup:
    """Render a contributed section's template with its own context on top of the report's."""
    template = ctx.environment.get_template(section.template)
    return Markup(template.render({**ctx.get_all(), **section.context}))


@streetkit.hookimpl
def jinja_environment(env, output):
    if output == "print":
        env.globals["won_short"] = won_short
        env.globals["report_part"] = report_part
        env.globals["categories"] = CATEGORIES
        env.filters["number"] = charts.number


def won_short(amount: int) -> str:
    """Budgets the way Korean plans write them: 1억 2,000만 원, 900만 원, 35만 원."""
    eok, rest = divmod(int(amount), 100_000_000)
    man = rest // 10_000
    parts = ([f"{eok:,}억"] if eok else []) + ([f"{man:,}만"] if man else [])
    return (" ".join(parts) or f"{amount:,}") + " 원"


@streetkit.hookimpl
def artifacts(street: Street):
    if street.portal is not None:  # a district portal: its comparison (the comparison plugin) is the report
        return []
    sections = _own_sections(street) + [s for _plugin, items in street.call_hook("report_sections", street=street)
                                         for s in items]
    if not sections:
        return []
    c = street.section("consulting")
    title = f"{street.profile.name} {c.title if c else '상권 분석 보고서'}"
    chapters = chapters_of(sections)
    highlights = [h for chapter, sections in chapters for part in [chapter, *sections] for h in part.highlights]
    context = {"consulting": c, "chapters": chapters, "highlights": highlights}
    # The same report as a Word file the client edits before it is final; the PDF is for print.
    return [Document(path="print/report.pdf", template="print/report.html", title=title, showcase="보고서 표지",
                     pdf_variant=c.pdf_variant if c else None, context=context),
            WordDocument(path="print/report.docx", template="print/report.html", title=title, context=context)]
