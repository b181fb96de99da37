"""Typed data sets of a trade area, as consultants get them from 상권정보-type services: foot
traffic by time band × weekday and by month, card sales by trade × quarter and by time band ×
weekday, resident and working population by age band. Each has a fixed shape (docs/data.md), is
read and checked when the profile is validated, and gives its section of the report's demand
chapter with its source and period."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, PrivateAttr, ValidationInfo, model_validator

from streetkit import CATEGORIES, Chapter, Section, StreetFile, _, charts, josa

from .tables import need_columns, number, read_rows

WEEKDAYS = ["월", "화", "수", "목", "금", "토", "일"]


class DataSet(Section):
    """A data file with where its figures come from and the period they cover."""

    file: StreetFile = Field(description="CSV file inside the street folder, e.g. data/foot-traffic-hours.csv.")
    source: str = Field(description="Where the figures come from, e.g. 소상공인365 상권분석.")
    period: str = Field(description="The period they cover, e.g. 2026년 3분기.")
    unit: str = Field("", description="Unit of the figures, e.g. 명, 만원.")

    @model_validator(mode="after")
    def _read(self, info: ValidationInfo) -> DataSet:
        root = (info.context or {}).get("street_root")
        if root is not None:  # schema tests validate without a folder
            self.load(Path(root))
        return self

    def load(self, root: Path) -> None:
        """Read and check the file (subclasses)."""

    @property
    def source_line(self) -> str:
        return f"자료: {self.source}, {self.period}"


class WeekGrid(DataSet):
    """Figures by time band (rows) and weekday (columns 월 … 일): the first column names the band."""

    _bands: list[str] = PrivateAttr(default_factory=list)
    _grid: list[list[float]] = PrivateAttr(default_factory=list)  # 7 weekdays × bands

    def load(self, root: Path) -> None:
        header, rows = read_rows(root, self.file)
        need_columns(self.file, header, WEEKDAYS)
        self._bands = [cells[header[0]] for _line, cells in rows]
        self._grid = [[number(self.file, line, day, cells[day]) for line, cells in rows] for day in WEEKDAYS]

    @property
    def bands(self) -> list[str]:
        return self._bands

    @property
    def grid(self) -> list[list[float]]:
        return self._grid

    def peak(self) -> tuple[str, str, float]:
        """(weekday, band, value) of the busiest cell."""
        day, band = max(((d, b) for d in range(7) for b in range(len(self._bands))),
                        key=lambda db: self._grid[db[0]][db[1]])
        return WEEKDAYS[day], self._bands[band], self._grid[day][band]

    def weekend_share(self) -> float:
        """Percentage of the week's total on Saturday and Sunday."""
        total = sum(map(sum, self._grid))
        return round(100 * (sum(self._grid[5]) + sum(self._grid[6])) / total, 1) if total else 0.0


class MonthSeries(DataSet):
    """Figures by month: the first column the month, then one to three columns of figures."""

    _labels: list[str] = PrivateAttr(default_factory=list)
    _series: dict[str, list[float]] = PrivateAttr(default_factory=dict)

    def load(self, root: Path) -> None:
        header, rows = read_rows(root, self.file)
        if not 2 <= len(header) <= 4:
            raise ValueError(_("{file}: expected a month column and one to three columns of figures (its columns: "
                               "{columns}); see docs/data.md", file=self.file, columns=", ".join(header)))
        self._labels = [cells[header[0]] for _line, cells in rows]
        self._series = {c: [number(self.file, line, c, cells[c]) for line, cells in rows] for c in header[1:]}

    @property
    def labels(self) -> list[str]:
        return self._labels

    @property
    def series(self) -> dict[str, list[float]]:
        return self._series


class TradeQuarters(DataSet):
    """Figures by trade (rows; column 업종: a category in Korean such as 음식, or its key) and
    quarter (the other columns, oldest first)."""

    _trades: list[str] = PrivateAttr(default_factory=list)
    _quarters: list[str] = PrivateAttr(default_factory=list)
    _values: list[list[float]] = PrivateAttr(default_factory=list)

    def load(self, root: Path) -> None:
        header, rows = read_rows(root, self.file)
        need_columns(self.file, header, ["업종"])
        self._quarters = [h for h in header if h != "업종"]
        if not self._quarters:
            raise ValueError(_("{file}: expected a column per quarter after 업종, e.g. 2026년 1분기", file=self.file))
        names = {c.ko: c.ko for c in CATEGORIES.values()} | {k: c.ko for k, c in CATEGORIES.items()}
        self._trades, self._values = [], []
        for line, cells in rows:
            trade = cells["업종"]
            if trade not in names:
                raise ValueError(_("{file}:{line}: column '업종': unknown trade {trade!r}; expected one of {trades}",
                                   file=self.file, line=line, trade=trade,
                                   trades=", ".join(c.ko for c in CATEGORIES.values())))
            self._trades.append(names[trade])
            self._values.append([number(self.file, line, q, cells[q]) for q in self._quarters])

    @property
    def trades(self) -> list[str]:
        return self._trades

    @property
    def quarters(self) -> list[str]:
        return self._quarters

    @property
    def values(self) -> list[list[float]]:
        return self._values

    def change(self, row: int) -> float | None:
        """Percent change from the first quarter to the last."""
        first, last = self._values[row][0], self._values[row][-1]
        return round(100 * (last - first) / first, 1) if first else None


class AgeBands(DataSet):
    """Population by age band: columns 연령대, 거주인구, 직장인구."""

    _bands: list[str] = PrivateAttr(default_factory=list)
    _resident: list[float] = PrivateAttr(default_factory=list)
    _working: list[float] = PrivateAttr(default_factory=list)

    def load(self, root: Path) -> None:
        header, rows = read_rows(root, self.file)
        need_columns(self.file, header, ["연령대", "거주인구", "직장인구"])
        self._bands = [cells["연령대"] for _line, cells in rows]
        self._resident = [number(self.file, line, "거주인구", cells["거주인구"]) for line, cells in rows]
        self._working = [number(self.file, line, "직장인구", cells["직장인구"]) for line, cells in rows]

    @property
    def bands(self) -> list[str]:
        return self._bands

    @property
    def resident(self) -> list[float]:
        return self._resident

    @property
    def working(self) -> list[float]:
        return self._working

    def largest(self, values: list[float]) -> tuple[str, float]:
        """The largest band and its share in percent."""
        i = max(range(len(values)), key=values.__getitem__)
        total = sum(values)
        return self._bands[i], round(100 * values[i] / total, 1) if total else 0.0


class DataSets(Section):
    """Section `consulting.data`: the trade-area data sets the report analyses (docs/data.md)."""

    foot_traffic_hours: WeekGrid | None = Field(None, description="Foot traffic by time band × weekday.")
    foot_traffic_months: MonthSeries | None = Field(None, description="Foot traffic by month.")
    sales_by_trade: TradeQuarters | None = Field(None, description="Card sales by trade × quarter.")
    sales_hours: WeekGrid | None = Field(None, description="Card sales by time band × weekday.")
    population: AgeBands | None = Field(None, description="Resident and working population by age band.")


def demand_sections(data: DataSets | None, color: str) -> list[Chapter]:
    """The demand chapter and a section per data set present; none without data."""
    if data is None or not any((data.foot_traffic_hours, data.foot_traffic_months, data.sales_by_trade,
                                data.sales_hours, data.population)):
        return []
    out = [Chapter("demand", "상권 수요: 유동인구·매출·인구", "print/report/demand.html", order=38, context={"data": data})]
    if grid := data.foot_traffic_hours:
        out.append(_grid_section("demand-foot", "시간대·요일별 유동인구", grid, color, "유동인구", 10))
    if months := data.foot_traffic_months:
        out.append(Chapter("demand-months", "월별 유동인구", "print/report/demand-months.html", parent="demand", order=20,
                           context={"set": months, "chart": charts.line_chart(months.labels, months.series, color=color,
                                                                             title="월별 유동인구", unit=months.unit)}))
    if sales := data.sales_by_trade:
        top = sorted(range(len(sales.trades)), key=lambda i: -sales.values[i][-1])[:4]
        chart = charts.line_chart(sales.quarters, {sales.trades[i]: sales.values[i] for i in top}, color=color,
                                  title="업종별 카드 매출", unit=sales.unit)
        total = [sum(col) for col in zip(*sales.values)]
        out.append(Chapter("demand-sales", "업종별 카드 매출", "print/report/demand-sales.html", parent="demand", order=30,
                           context={"set": sales, "chart": chart, "total": total,
                                    "changes": [sales.change(i) for i in range(len(sales.trades))]},
                           highlights=[("카드 매출 변화 (첫 분기 대비)", f"{100 * (total[-1] - total[0]) / total[0]:+.1f}%")]
                           if total[0] else []))
    if grid := data.sales_hours:
        out.append(_grid_section("demand-sales-hours", "시간대·요일별 카드 매출", grid, color, "카드 매출", 40))
    if pop := data.population:
        chart = charts.bar_chart(pop.bands, {"거주인구": pop.resident, "직장인구": pop.working}, color=color,
                                 title="연령대별 거주·직장 인구", unit=pop.unit)
        out.append(Chapter("demand-population", "거주·직장 인구", "print/report/demand-population.html", parent="demand",
                           order=50, context={"set": pop, "chart": chart, **{
                               f"{name}_top": (josa(band, "이", "가"), share)
                               for name, (band, share) in (("resident", pop.largest(pop.resident)),
                                                           ("working", pop.largest(pop.working)))}}))
    return out


def _grid_section(id: str, title: str, grid: WeekGrid, color: str, what: str, order: int) -> Chapter:
    day, band, value = grid.peak()
    context: dict[str, Any] = {
        "set": grid, "what": what, "what_topic": josa(what, "은", "는"), "peak": (day, band, value),
        "weekend": grid.weekend_share(),
        "chart": charts.heatmap(WEEKDAYS, grid.bands, grid.grid, color=color, title=title)}
    return Chapter(id, title, "print/report/demand-grid.html", parent="demand", order=order, context=context,
                   highlights=[(f"{what} 최다 시간대", f"{day} {band}")])
