"""A merchant or visitor survey: one CSV row per response, one column per question (the question
in the header). Each column's kind is read from its answers — numbers 1 to 5 make a scale,
answers from a short list that recur (several joined with `;`) a multiple choice, anything else
free text —
and the report shows distributions, the mean of each scale by trade (the column named by `by`),
and the quotes the consultant picked."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, PrivateAttr, ValidationInfo, model_validator

from streetkit import Chapter, Section, StreetFile, _, charts

from .tables import read_rows

#: A column whose answers take at most this many distinct values (after splitting on `;`) is a choice.
MAX_CHOICES = 8


class Question:
    """One column of the survey, with its answers (in row order; "" for none)."""

    def __init__(self, text: str, answers: list[str]) -> None:
        self.text = text
        self.answers = answers
        given = [a for a in answers if a]
        options = [p.strip() for a in given for p in a.split(";") if p.strip()]
        # Options of a choice come back again and again; people's own words rarely repeat.
        self.kind: Literal["scale", "choice", "text"] = (
            "scale" if given and all(a in {"1", "2", "3", "4", "5"} for a in given)
            else "choice" if given and len(set(options)) <= MAX_CHOICES and len(options) >= 1.5 * len(set(options))
            else "text")

    @property
    def scores(self) -> list[int]:
        return [int(a) for a in self.answers if a]

    @property
    def mean(self) -> float:
        scores = self.scores
        return round(sum(scores) / len(scores), 2) if scores else 0.0

    def distribution(self) -> list[int]:
        """How many answered 1, 2, 3, 4 and 5."""
        scores = self.scores
        return [scores.count(n) for n in range(1, 6)]

    @property
    def agree(self) -> float:
        """Percentage answering 4 or 5."""
        scores = self.scores
        return round(100 * sum(1 for s in scores if s >= 4) / len(scores), 1) if scores else 0.0

    def shares(self) -> list[tuple[str, int, float]]:
        """(option, count, percent of respondents) of a choice, most chosen first; several options
        per answer count once each, so shares may add up to more than 100 %."""
        given = [a for a in self.answers if a]
        counts: dict[str, int] = {}
        for answer in given:
            for option in {p.strip() for p in answer.split(";") if p.strip()}:
                counts[option] = counts.get(option, 0) + 1
        return [(o, n, round(100 * n / len(given), 1)) for o, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


class Survey(Section):
    """Section `consulting.survey`: a survey's responses (docs/data.md)."""

    file: StreetFile = Field(description="CSV file, one row per response, questions in the header row.")
    title: str = Field("상인 설문 조사", description="What the survey was, e.g. 상인 설문 조사, 방문객 설문 조사.")
    source: str = Field(description="Who surveyed whom, e.g. 골목연구소 현장 조사.")
    period: str = Field(description="When, e.g. 2026년 10월.")
    by: str | None = Field(None, description="The column to compare answers by, e.g. 업종 (a cross-tab of the scales).")
    quotes: list[int] = Field(default_factory=list, description="Rows (line numbers of the CSV) whose free-text "
                              "answers the report quotes; without it, the first five.")
    _questions: list[Question] = PrivateAttr(default_factory=list)
    _groups: list[str] = PrivateAttr(default_factory=list)
    _lines: list[int] = PrivateAttr(default_factory=list)

    @model_validator(mode="after")
    def _read(self, info: ValidationInfo) -> Survey:
        root = (info.context or {}).get("street_root")
        if root is None:
            return self
        header, rows = read_rows(Path(root), self.file)
        if self.by and self.by not in header:
            raise ValueError(_("{file} has no column {column!r} to compare by (its columns: {columns})", file=self.file,
                               column=self.by, columns=", ".join(header)))
        self._lines = [line for line, _cells in rows]
        if bad := [n for n in self.quotes if n not in self._lines]:
            raise ValueError(_("quotes: {file} has no response on line {line} (responses are on lines {first}–{last})",
                               file=self.file, line=bad[0], first=self._lines[0], last=self._lines[-1]))
        self._groups = [cells.get(self.by, "") for _line, cells in rows] if self.by else []
        self._questions = [Question(h, [cells.get(h, "") for _line, cells in rows]) for h in header if h != self.by]
        return self

    @property
    def respondents(self) -> int:
        return len(self._lines)

    @property
    def questions(self) -> list[Question]:
        return self._questions

    def crosstab(self) -> tuple[list[str], list[tuple[str, int, list[float]]]]:
        """(scale questions, [(group, respondents, mean per question)]) by the `by` column, the
        largest group first; groups are the values of that column."""
        scales = [q for q in self._questions if q.kind == "scale"]
        groups = sorted(set(self._groups), key=lambda g: (-self._groups.count(g), g))
        rows = []
        for g in groups:
            idx = [i for i, x in enumerate(self._groups) if x == g]
            means = []
            for q in scales:
                scores = [int(q.answers[i]) for i in idx if q.answers[i]]
                means.append(round(sum(scores) / len(scores), 2) if scores else 0.0)
            rows.append((g or "(무응답)", len(idx), means))
        return [q.text for q in scales], rows

    def picked_quotes(self) -> list[tuple[str, str]]:
        """(question, answer) of the quoted rows' free-text answers."""
        texts = [q for q in self._questions if q.kind == "text"]
        wanted = [self._lines.index(n) for n in self.quotes] if self.quotes else range(len(self._lines))
        out = [(q.text, q.answers[i]) for i in wanted for q in texts if q.answers[i]]
        return out if self.quotes else out[:5]


def survey_sections(survey: Survey | None, color: str) -> list[Chapter]:
    if survey is None or not survey.respondents:
        return []
    scales = [q for q in survey.questions if q.kind == "scale"]
    choices = [q for q in survey.questions if q.kind == "choice"]
    context: dict[str, Any] = {"survey": survey, "scales": scales, "choices": []}
    if scales:
        context["scale_chart"] = charts.hbar_chart([(_short(q.text), q.mean) for q in scales], color=color,
                                                   title="문항별 평균 (5점 척도)", decimals=2, label_width=60)
    for q in choices:
        shares = q.shares()
        context["choices"].append((q, shares, charts.hbar_chart([(_short(o, 20), p) for o, _n, p in shares], color=color,
                                                                 title=q.text, unit="%", decimals=1, label_width=48)))
    if survey.by and scales:
        context["crosstab"] = survey.crosstab()
    out = [Chapter("survey", survey.title, "print/report/survey.html", order=55, context=context)]
    if scales:
        best = max(scales, key=lambda q: q.mean)
        out[0].highlights.append(("설문 최고 평균", f"{_short(best.text, 14)} {best.mean:.2f}점"))
    return out


def _short(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
