"""Dated snapshots of the SEMAS store file around a street, and what they show.

`streetkit import semas` keeps, from each quarterly file it reads, the stores of the street's
행정동 and 시군구 and every store within `NEAR_M` of the street as `data/semas/<YYYY-MM>.csv`: a
small, readable CSV a consultant can open, and all the report needs later — the street's trade mix
against its 동 and 구 from the same file, same-trade competition around it, and, between two
snapshots, openings, closures, survival and churn. Stores are followed by 상가업소번호 from one
quarter to the next; whether a store is on the street is decided at report time by the profile's
current area, the same rule the import uses.
"""
from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from streetkit import CATEGORIES, Problem, ProfileError, Street, StreetkitError, _

from .area import Area
from .reader import Store

FOLDER = "data/semas"
#: Stores this close to the street are kept for the competition count, whatever their 동 or 구.
NEAR_M = 500
#: The rings the report counts competitors in.
RINGS_M = (300, 500)
HEADER = ("상가업소번호", "상호명", "업종", "상권업종소분류명", "시군구명", "행정동명", "위도", "경도")
_PERIOD = re.compile(r"^(20\d\d)-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Row:
    """One store of a snapshot."""

    id: str
    name: str
    category: str
    subcategory: str
    sigungu: str
    dong: str
    lat: float
    lng: float


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: the caches below key on it
class Snapshot:
    """The stores of one file, as of a month (`period`, YYYY-MM)."""

    period: str
    file: str
    rows: tuple[Row, ...]

    @property
    def label(self) -> str:
        """"2026년 3분기 (2026.09)": how the report names the quarter."""
        year, month = (int(x) for x in self.period.split("-"))
        return f"{year}년 {(month - 1) // 3 + 1}분기 ({year}.{month:02d})"


def period_of(file_name: str) -> str | None:
    """The month a SEMAS download is of, from its name (`…_광주_202509.csv` → 2025-09), or None."""
    found = re.findall(r"(?<!\d)(20\d\d)[-_.]?(0[1-9]|1[0-2])(?!\d)", Path(file_name).stem)
    return f"{found[-1][0]}-{found[-1][1]}" if found else None


def keep(stores: list[Store], area: Area, sigungu: str, dong: str) -> list[Store]:
    """The stores a snapshot keeps: placed, of a known trade, in the street's 구 or 동 or near it."""
    kept, seen = [], set()
    for s in stores:
        if not s.id or s.id in seen or s.category is None or s.lat is None or s.lng is None:
            continue
        near = area.distance_m(s.lat, s.lng)
        if (sigungu and s.sigungu == sigungu) or (dong and s.dong == dong) or (near is not None and near <= NEAR_M):
            seen.add(s.id)
            kept.append(s)
    return kept


def target(street_dir: Path, period: str) -> Path:
    """Where the snapshot of `period` goes, checked before anything is written: the street folder may
    come from someone else, and a link planted as data/semas (or as the file) must not carry the
    snapshot out of it."""
    path = street_dir / FOLDER / f"{period}.csv"
    folder = path.parent
    # The nearest folder (or link, even a broken one) that exists decides where a new one would be made.
    while not folder.exists() and not folder.is_symlink():
        folder = folder.parent
    if not folder.resolve().is_relative_to(street_dir.resolve()) or path.is_symlink():
        raise StreetkitError(_("{path} leads outside the street folder; remove the link and import again",
                               path=f"{FOLDER}/{period}.csv"))
    return path


def write(path: Path, stores: list[Store]) -> None:
    """Write a snapshot to `path` (from `target`), sorted by store id, so two imports of one file give
    one file; atomic, so a failed write leaves the previous snapshot."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for s in sorted(stores, key=lambda s: s.id):
        writer.writerow([s.id, s.name, s.category, s.subcategory, s.sigungu, s.dong, f"{s.lat:.6f}", f"{s.lng:.6f}"])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(out.getvalue())
    tmp.replace(path)


#: Snapshots already read, by file and its size and time: the studio loads the street for every
#: preview, and a snapshot of a 구 is thousands of rows.
_READ: dict[tuple[str, int, int], Snapshot] = {}


def read_all(street: Street) -> list[Snapshot]:
    """The street's snapshots, oldest first; a malformed file is a ProfileError naming file and line."""
    snapshots, problems = [], []
    for relative, path in sorted(street.files(f"{FOLDER}/*.csv")):
        period = Path(relative).stem
        if not _PERIOD.match(period):
            problems.append(Problem(relative, message=_("a snapshot's name is its month, e.g. {example}",
                                                         example=FOLDER + "/2026-09.csv")))
            continue
        stat = path.stat()
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        if key in _READ:
            snapshots.append(_READ[key])
            continue
        try:
            snapshot = Snapshot(period, relative, tuple(_rows(relative, street.read_text(relative))))
        except ValueError as exc:
            line, column, message = exc.args
            problems.append(Problem(relative, line, field=column, message=message))
            continue
        if len(_READ) > 32:
            _READ.clear()
        _READ[key] = snapshot
        snapshots.append(snapshot)
    if problems:
        raise ProfileError(problems)
    return snapshots


def _rows(name: str, text: str) -> list[Row]:
    reader = csv.reader(io.StringIO(unicodedata.normalize("NFC", text), newline=""))
    header = [h.strip() for h in next(reader, [])]
    if missing := [h for h in HEADER if h not in header]:
        raise ValueError(1, "", _("missing column(s) {columns}: write snapshots with `streetkit import semas`",
                                  columns=", ".join(missing)))
    col = {h: header.index(h) for h in HEADER}
    rows = []
    for line, cells in enumerate(reader, 2):
        if not any(c.strip() for c in cells):
            continue
        get = {h: cells[i].strip() if i < len(cells) else "" for h, i in col.items()}
        if get["업종"] not in CATEGORIES:
            raise ValueError(line, "업종", _("unknown trade {trade!r}; expected one of {keys}", trade=get["업종"],
                                             keys=", ".join(CATEGORIES)))
        try:
            lat, lng = float(get["위도"]), float(get["경도"])
        except ValueError:
            raise ValueError(line, "위도/경도", _("expected numbers, got {lat!r}, {lng!r}", lat=get["위도"],
                                                   lng=get["경도"])) from None
        rows.append(Row(get["상가업소번호"], get["상호명"], get["업종"], get["상권업종소분류명"], get["시군구명"],
                        get["행정동명"], lat, lng))
    return rows


# -- what the snapshots show -------------------------------------------------------------------------

@dataclass(frozen=True)
class Flow:
    """Stores of one group between two snapshots."""

    before: int
    after: int
    opened: int
    closed: int

    @property
    def net(self) -> int:
        return self.opened - self.closed

    def rate(self, n: int) -> float:
        """`n` as a percentage of the stores there were before."""
        return round(100 * n / self.before, 1) if self.before else 0.0

    @property
    def survival(self) -> float:
        """Percentage of the earlier stores still there."""
        return self.rate(self.before - self.closed)

    @property
    def churn(self) -> float:
        """Openings and closures together, as a percentage of the earlier stores (교체율)."""
        return self.rate(self.opened + self.closed)


def flow(before: list[Row], after: list[Row]) -> Flow:
    """Openings, closures and counts of a group, stores followed by 상가업소번호."""
    old, new = {r.id for r in before}, {r.id for r in after}
    return Flow(len(old), len(new), len(new - old), len(old - new))


def by_trade(rows: list[Row]) -> dict[str, list[Row]]:
    """The rows of each category, in the taxonomy's order (categories without stores left out)."""
    return {k: group for k in CATEGORIES if (group := [r for r in rows if r.category == k])}


def shares(rows: list[Row]) -> dict[str, float]:
    """Percentage of the rows in each category (every category, 0 for the absent)."""
    return {k: round(100 * sum(1 for r in rows if r.category == k) / len(rows), 1) if rows else 0.0 for k in CATEGORIES}


@dataclass(frozen=True)
class Zones:
    """A snapshot split the way the report compares: the street, its 행정동, its 시군구."""

    street: list[Row]
    dong: list[Row]
    gu: list[Row]


#: (snapshot, the area's rules) → (ids on the street, metres from the street by id): worked out once
#: per snapshot and area, however many tables and charts ask.
_PLACED: dict[tuple[int, str], tuple[Snapshot, frozenset[str], dict[str, float]]] = {}


def placed(snapshot: Snapshot, area: Area) -> tuple[frozenset[str], dict[str, float]]:
    """Which stores of the snapshot are on the street, and how far each other store is from it."""
    key = (id(snapshot), repr(area))
    if (hit := _PLACED.get(key)) is not None and hit[0] is snapshot:
        return hit[1], hit[2]
    on = frozenset(r.id for r in snapshot.rows if area.contains(_as_store(r)))
    distances = {r.id: d for r in snapshot.rows if r.id not in on and (d := area.distance_m(r.lat, r.lng)) is not None}
    if len(_PLACED) > 32:
        _PLACED.clear()
    _PLACED[key] = (snapshot, on, distances)
    return on, distances


def zones(snapshot: Snapshot, area: Area, sigungu: str, dong: str) -> Zones:
    on, _distances = placed(snapshot, area)
    return Zones([r for r in snapshot.rows if r.id in on], [r for r in snapshot.rows if dong and r.dong == dong],
                 [r for r in snapshot.rows if sigungu and r.sigungu == sigungu])


def _as_store(row: Row) -> Store:
    return Store(line=0, id=row.id, name=row.name, category=row.category, code="", subcategory=row.subcategory,
                 address="", sigungu=row.sigungu, dong=row.dong, road="", floor="", lat=row.lat, lng=row.lng)


@dataclass(frozen=True)
class Rivals:
    """Same-trade stores outside the street, by distance from it."""

    label: str
    on_street: int
    within: tuple[int, ...]  # one count per ring of RINGS_M, each counting the nearer rings too


def competition(snapshot: Snapshot, area: Area, on_street: list[Row], top: int = 6) -> tuple[list[Rivals], list[Rivals]]:
    """Competitors of the street's trades within each ring: by category, and by the `top` most
    common subcategories (소분류) on the street, where rivalry is really felt (카페 against 카페)."""
    ids = {r.id for r in on_street}
    _on, distances = placed(snapshot, area)
    outside = [(r, distances[r.id]) for r in snapshot.rows if r.id not in ids and r.id in distances]

    def count(label: str, n: int, same) -> Rivals:
        return Rivals(label, n, tuple(sum(1 for r, d in outside if d <= ring and same(r)) for ring in RINGS_M))

    trades = [count(CATEGORIES[k].ko, len(group), lambda r, k=k: r.category == k) for k, group in by_trade(on_street).items()]
    subs: dict[str, int] = {}
    for r in on_street:
        if r.subcategory:
            subs[r.subcategory] = subs.get(r.subcategory, 0) + 1
    common = sorted(subs.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return trades, [count(name, n, lambda r, name=name: r.subcategory == name) for name, n in common]
