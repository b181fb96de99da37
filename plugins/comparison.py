"""The district comparison for the consultant: the streets of a district portal side by side —
merchant count and mix, vacancy, gift-certificate and ZeroPay acceptance, delivery, evening and
weekend opening, events per quarter, English coverage — with ranks, small multiples and a page per
street (`print/comparison.pdf`), and the figures as a spreadsheet (`print/comparison.csv`).

Everything is worked out from the streets' build records (`street.portal`), so a comparison of
streets built on other machines needs no street folder."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import streetkit
from streetkit import CATEGORIES, Asset, Document, Street, charts

#: The plugin in the studio's words.
TITLE = "골목 비교 보고서 (구 포털)"

ENABLED_BY_DEFAULT = True

#: A shop "open in the evening" is open at this minute of a weekday (20:00).
EVENING = 20 * 60


@dataclass(frozen=True)
class Indicator:
    """One compared figure: its key, Korean and English names, unit, and whether less is better."""

    key: str
    ko: str
    en: str
    unit: str = "%"
    lower_is_better: bool = False
    note: str = ""


INDICATORS = (
    Indicator("merchants", "점포 수", "Shops", "곳"),
    Indicator("vacancy", "공실률", "Vacancy", "%", lower_is_better=True, note="상인회 조사 (프로필의 consulting.vacancy)"),
    Indicator("local", "지역화폐 가맹", "Local gift certificate", note="지역사랑상품권을 받는 점포 비율"),
    Indicator("zeropay", "제로페이 가맹", "ZeroPay", note="제로페이를 받는 점포 비율"),
    Indicator("delivery", "배달 앱 입점", "Delivery apps", note="배달 앱 한 곳 이상에 입점한 점포 비율"),
    Indicator("evening", "평일 저녁 영업", "Open weekday evenings", note="평일 하루 이상 저녁 8시에 문을 연 점포 비율"),
    Indicator("weekend", "주말 영업", "Open all weekend", note="토요일과 일요일 모두 여는 점포 비율"),
    Indicator("events", "분기당 행사", "Events per quarter", "건", note="앞으로 네 분기의 행사 일정(반복 행사는 날마다) 평균"),
    Indicator("english", "영어 상호", "English names", note="영어 이름이 있는 점포 비율"),
)


@dataclass
class StreetFigures:
    """The compared figures of one street, and its ranks among the district's streets."""

    number: int
    slug: str
    name: str
    short: str
    designation: str
    place: str
    mix: dict[str, int]
    values: dict[str, float | None]
    #: (units, vacant) as counted, for the district's pooled rate.
    vacancy: tuple[int, int] | None
    quarters: list[tuple[str, int]]
    ranks: dict[str, int] = field(default_factory=dict)


def _share(count: int, total: int) -> float | None:
    return round(100 * count / total, 1) if total else None


def _open_evening(hours: Any) -> bool:
    days = hours.minutes()["d"][:5]
    return any(span and (span[0] <= EVENING < span[1] or span[1] <= span[0]) for span in days)


def _open_weekend(hours: Any) -> bool:
    days = hours.minutes()["d"]
    return bool(days[5]) and bool(days[6])


def _quarters(today: date) -> list[tuple[date, date, str]]:
    """The four calendar quarters from the one `today` is in: (first day, first day after, label)."""
    out, year, q = [], today.year, (today.month - 1) // 3
    for _ in range(4):
        start = date(year, 3 * q + 1, 1)
        year2, q2 = (year + 1, 0) if q == 3 else (year, q + 1)
        out.append((start, date(year2, 3 * q2 + 1, 1), f"{str(year)[2:]}년 {q + 1}분기"))
        year, q = year2, q2
    return out


def figures(entry: Any, today: date) -> StreetFigures:
    """What the comparison shows of one street of the portal."""
    merchants = entry.merchants
    total = len(merchants)

    def share(test: Any) -> float | None:
        return _share(sum(1 for m in merchants if test(m)), total)

    def badge(key: str, kind: str = "") -> Any:
        return lambda m: any(b.key == key or (kind and b.kind == kind) for b in entry.badges.get(m.id, []))

    quarters = []
    for start, end, label in _quarters(today):
        count = 0
        for e in entry.events:
            if e.repeat:
                dates = e.occurrences(start - timedelta(days=1), 100)
                count += sum(1 for d in dates if start <= d.date() < end)
            elif start <= e.start.date() < end:
                count += 1
        quarters.append((label, count))
    vacancy = entry.plugin("report").get("vacancy")
    p = entry.profile
    region = p.get("region", {})
    return StreetFigures(
        number=entry.number, slug=entry.slug, name=p["name"], short=entry.short_name(), designation=entry.designation(),
        place=region.get("dong") or region.get("sigungu", ""),
        mix={key: sum(1 for m in merchants if m.category == key) for key in CATEGORIES},
        values={"merchants": float(total),
                "vacancy": _share(vacancy["vacant"], vacancy["units"]) if vacancy else None,
                "local": share(badge("local")), "zeropay": share(badge("zeropay")),
                "delivery": share(badge("", kind="delivery")),
                "evening": share(lambda m: m.hours is not None and _open_evening(m.hours)),
                "weekend": share(lambda m: m.hours is not None and _open_weekend(m.hours)),
                "events": round(sum(c for _l, c in quarters) / 4, 1),
                "english": share(lambda m: bool(m.name_en))},
        vacancy=(vacancy["units"], vacancy["vacant"]) if vacancy else None, quarters=quarters)


def rank(rows: list[StreetFigures]) -> None:
    """1 for the best street on each indicator (the lowest vacancy), ties sharing a rank; a street
    without the figure gets none."""
    for ind in INDICATORS:
        known = [v for r in rows if (v := r.values[ind.key]) is not None]
        for r in rows:
            if (v := r.values[ind.key]) is not None:
                r.ranks[ind.key] = 1 + sum(1 for other in known if (other < v if ind.lower_is_better else other > v))


def average(rows: list[StreetFigures], key: str) -> float | None:
    """The district's figure: counts summed over its streets, shares over all its shops (not a
    mean of the streets' shares), vacancy over all the units counted."""
    if key == "vacancy":
        counted = [r.vacancy for r in rows if r.vacancy]
        units = sum(u for u, _v in counted)
        return _share(sum(v for _u, v in counted), units) if units else None
    known = [(v, r.values["merchants"] or 0.0) for r in rows if (v := r.values[key]) is not None]
    if key in ("merchants", "events"):
        return round(sum(v for v, _w in known), 1) if known else None
    total = sum(w for _v, w in known)
    return round(sum(v * w for v, w in known) / total, 1) if total else None


def table_csv(rows: list[StreetFigures]) -> str:
    """The figures as a spreadsheet (UTF-8 with a BOM, so Excel reads the Hangul): a row per
    street, the mix in counts, each indicator with its rank."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    trades = [k for k in CATEGORIES if any(r.mix[k] for r in rows)]
    w.writerow(["번호", "골목", "지정", "동"] + [f"{CATEGORIES[k].ko} (곳)" for k in trades]
               + [h for ind in INDICATORS for h in (f"{ind.ko} ({ind.unit})", f"{ind.ko} 순위")])
    for r in rows:
        w.writerow([r.number, r.name, r.designation, r.place] + [r.mix[k] for k in trades]
                   + [x for ind in INDICATORS for x in (_plain(r.values[ind.key]), r.ranks.get(ind.key, ""))])
    return "\ufeff" + out.getvalue()


def fmt(value: float | None, unit: str) -> str:
    """A figure as the comparison prints it: `81.8%`, `44`, `2.5`; `—` where a street has none."""
    if value is None:
        return "—"
    if unit == "%":
        return charts.number(value, "%", 1)
    return charts.number(value, "", 1 if unit == "건" else 0)


def _plain(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def ranked(street: Street) -> list[StreetFigures]:
    """Every street's figures and ranks, in the district's order."""
    assert street.portal is not None
    rows = [figures(entry, street.today) for entry in street.portal.streets]
    rank(rows)
    return rows


def context(street: Street) -> dict[str, Any]:
    """What the comparison's template shows."""
    rows = ranked(street)
    colour = street.tokens["color-primary-surface"]
    trades = [k for k in CATEGORIES if any(r.mix[k] for r in rows)]
    multiples = []
    for ind in INDICATORS:
        known = [(f"{r.number}. {r.short}", v) for r in rows if (v := r.values[ind.key]) is not None]
        if known:
            multiples.append(SimpleNamespace(ind=ind, average=average(rows, ind.key), chart=charts.hbar_chart(
                known, color=colour, title=ind.ko, unit=ind.unit if ind.unit == "%" else "", width=86,
                label_width=30, decimals=1 if ind.unit == "%" else None)))
    pages = []
    for r in rows:
        shown = [(ind, v) for ind in INDICATORS if ind.unit == "%" and (v := r.values[ind.key]) is not None]
        pages.append(SimpleNamespace(
            row=r, figures=[SimpleNamespace(ind=ind, value=r.values[ind.key], rank=r.ranks.get(ind.key),
                                            average=average(rows, ind.key)) for ind in INDICATORS],
            shares=charts.hbar_chart([(ind.ko, v) for ind, v in shown], color=colour, title="이 골목",
                                     unit="%", compare=[average(rows, ind.key) for ind, _v in shown],
                                     compare_label="구 전체", decimals=1, width=180, label_width=30),
            mix=charts.hbar_chart([(CATEGORIES[k].ko, r.mix[k]) for k in trades if r.mix[k]], color=colour,
                                  title="업종별 점포", unit="곳", width=180, label_width=30),
            events=charts.bar_chart([label for label, _c in r.quarters], {"행사": [c for _l, c in r.quarters]},
                                    color=colour, title="분기별 행사", unit="건", width=180, height=42)))
    mix_rows = [SimpleNamespace(row=r, shares=[_share(r.mix[k], int(r.values["merchants"] or 0)) for k in trades])
                for r in rows]
    return {"rows": rows, "indicators": INDICATORS, "fmt": fmt, "made_on": streetkit.kdate(street.today),
            "trade_names": {k: CATEGORIES[k].ko for k in trades}, "multiples": multiples, "pages": pages, "trades": trades,
            "mix_rows": mix_rows, "averages": {ind.key: average(rows, ind.key) for ind in INDICATORS},
            "quarters": [label for _s, _e, label in _quarters(street.today)],
            "mix_chart": charts.heatmap([f"{r.number}. {r.short}" for r in rows], [CATEGORIES[k].ko for k in trades],
                                        [[x or 0.0 for x in m.shares] for m in mix_rows], color=colour,
                                        title="업종 구성 (%)", label_width=34)}


@streetkit.hookimpl
def template_dirs():
    return [Path(__file__).parent / "templates"]


#: Beyond this many streets the comparison is a spreadsheet only: a PDF of a national portal would
#: be a thousand pages no one reads side by side (the CSV has every street).
PDF_MAX_STREETS = 100


@streetkit.hookimpl
def artifacts(street: Street):
    """On a district portal only: the comparison PDF and its figures as CSV."""
    if street.portal is None or not street.portal.streets:
        return None
    p = street.profile
    table = Asset(path="print/comparison.csv", data=lambda: table_csv(ranked(street)))
    if len(street.portal.streets) > PDF_MAX_STREETS:
        street.warn(f"print/comparison.pdf is made for a district of up to {PDF_MAX_STREETS} streets; "
                    f"print/comparison.csv compares all {len(street.portal.streets)}")
        return [table]
    return [Document(path="print/comparison.pdf", template="print/comparison.html", title=f"{p.name} 골목 비교",
                     context={"comparison": context(street)}), table]
