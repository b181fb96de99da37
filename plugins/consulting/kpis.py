"""Performance indicators of the plan: each with its baseline, target and the year it is due, and
the values measured since; the report shows the plan's indicators with the strategy and, once a
value has been measured after the baseline, a progress chapter."""
from __future__ import annotations

from pydantic import Field, model_validator

from streetkit import Chapter, Section, _, charts


class Measured(Section):
    """A value of an indicator measured in a year."""

    year: int = Field(ge=2000, le=2100)
    value: float


class Kpi(Section):
    """An indicator of the plan (성과 지표)."""

    name: str = Field(description="What is measured, e.g. 주말 유동인구, 지역화폐 가맹률.")
    unit: str = Field("", description="Unit, e.g. 명, %, 곳.")
    baseline: float = Field(description="The value when the plan starts.")
    baseline_year: int = Field(ge=2000, le=2100, description="The year of the baseline.")
    target: float = Field(description="The value the plan aims for.")
    year: int = Field(ge=2000, le=2100, description="The year the target is due.")
    measured: list[Measured] = Field(default_factory=list, description="Values measured since the baseline, by year.")
    source: str | None = Field(None, description="Where the values come from.")

    @model_validator(mode="after")
    def _years(self) -> Kpi:
        if self.year <= self.baseline_year:
            raise ValueError(_("year ({year}) must come after baseline_year ({baseline})", year=self.year,
                               baseline=self.baseline_year))
        if self.target == self.baseline:
            raise ValueError(_("target equals baseline: an indicator must aim to change something"))
        return self

    @property
    def latest(self) -> Measured | None:
        later = [m for m in self.measured if m.year > self.baseline_year]
        return max(later, key=lambda m: m.year) if later else None

    @property
    def progress(self) -> float | None:
        """How far the latest value has come from the baseline toward the target, in percent (may
        be below 0 or above 100)."""
        latest = self.latest
        return round(100 * (latest.value - self.baseline) / (self.target - self.baseline), 1) if latest else None

    @property
    def on_track(self) -> bool | None:
        """Whether the progress keeps pace with the time elapsed (None before a measurement)."""
        latest, progress = self.latest, self.progress
        if latest is None or progress is None:
            return None
        elapsed = 100 * (latest.year - self.baseline_year) / (self.year - self.baseline_year)
        return progress >= elapsed


def kpi_sections(kpis: list[Kpi], color: str, parent: str = "strategy") -> list[Chapter]:
    """The indicators (a section of the strategy chapter, or a chapter of their own without
    `parent`) and, once any has been measured, the progress chapter."""
    if not kpis:
        return []
    out = [Chapter("kpis", "성과 지표", "print/report/kpis.html", parent=parent, order=90 if parent else 72,
                   context={"kpis": kpis})]
    measured = [k for k in kpis if k.latest is not None]
    if measured:
        chart = charts.hbar_chart([(k.name, max(0.0, min(k.progress or 0.0, 150.0))) for k in measured], color=color,
                                  title="목표 대비 달성률", unit="%", decimals=1, label_width=50)
        on_track = sum(1 for k in measured if k.on_track)
        out.append(Chapter("progress", "추진 성과 점검", "print/report/progress.html", order=75,
                           context={"measured": measured, "chart": chart, "on_track": on_track},
                           highlights=[("계획대로 가는 성과 지표", f"{on_track}/{len(measured)}개")]))
    return out
