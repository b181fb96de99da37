"""Public-data import: `streetkit import semas FILE --street streets/<slug>` merges the SEMAS store
file (소상공인시장진흥공단 상가(상권)정보) into a profile, keeping hand edits, comments and order."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click
from pydantic import ConfigDict, Field

import streetkit
from streetkit import Section, Street, _

from . import chapter, merge, reader, snapshots
from .area import Area

#: The plugin in the studio's words.
TITLE = "소상공인 상가 정보 가져오기"

#: Without an outline in the profile, stores this close to the street's centre belong to it.
DEFAULT_RADIUS_M = 200
#: The largest radius a street may claim (a neighbourhood, not a city), in the profile and on the command line.
MAX_RADIUS_M = 5000
RECORD = "data/semas-import.json"


class SemasSettings(Section):
    """Section `semas`: which stores of the file belong to the street."""

    model_config = ConfigDict(title="상가 정보 가져오기")

    radius: float = Field(DEFAULT_RADIUS_M, title="상점가 가운데에서 반경 (m)", gt=0, le=MAX_RADIUS_M, description=(
        "Metres around the street's `location`, used when the profile has no `area` outline."))
    dongs: list[str] = Field(title="이 행정동의 가게만",
                             default_factory=list, description="Keep only stores in these 행정동, e.g. [신안동].")
    roads: list[str] = Field(title="이 길의 가게만",
                             default_factory=list, description="Keep only stores on these roads, e.g. [신안로57번길].")


@streetkit.hookimpl
def config_schema():
    return {"semas": SemasSettings, "merchant.missing_since": date | None,
            "merchant.semas_id": str | None}  # 상가업소번호: what the next import matches the merchant by


@streetkit.hookimpl
def street_loaded(street: Street):
    # Read (and checked, with file and line) once, when the street loads: validate reports a bad one.
    street.data["semas_snapshots"] = snapshots.read_all(street)
    gone = [m for m in street.profile.merchants if getattr(m, "missing_since", None)]
    if gone:
        names = ", ".join(m.name for m in gone[:5]) + (" …" if len(gone) > 5 else "")
        street.warn(f"{len(gone)} merchant(s) were not in the last SEMAS file ({names}): check whether they "
                    "closed or moved, then delete them or remove `missing_since`")


def area_of(street: Street, radius: float | None) -> Area:
    p = street.profile
    settings = street.section("semas") or SemasSettings.model_validate({})
    return Area(polygon=[(c.lat, c.lng) for c in p.area] if p.area else None,
                centre=(p.location.lat, p.location.lng) if p.location else None,
                radius_m=radius or settings.radius, dongs=tuple(settings.dongs), roads=tuple(settings.roads))


@streetkit.hookimpl
def report_sections(street: Street):
    return chapter.sections(street, street.data.get("semas_snapshots", []), area_of(street, None))


@streetkit.hookimpl
def report_benchmark(street: Street):
    return chapter.benchmark(street, street.data.get("semas_snapshots", []), area_of(street, None))


def select(stores: list[reader.Store], area: Area, report: merge.Report) -> list[reader.Store]:
    """The stores to merge: with coordinates, a known trade, a first occurrence of their id, in the area."""
    kept, seen = [], set()
    for s in stores:
        reason = ("no store id" if not s.id else "no name (상호명 is empty)" if not s.name
                  else "no coordinates" if s.lat is None or s.lng is None
                  else f"unknown trade code {s.code or '(empty)'}" if s.category is None
                  else "duplicate store id" if s.id in seen else None)
        if reason:
            report.skipped.append((s.line, s.name or s.id, reason))
            continue
        seen.add(s.id)
        if area.contains(s):
            kept.append(s)
        else:
            report.outside += 1
    return kept


def run(file: Path, street_dir: Path, *, dry_run: bool = False, radius: float | None = None,
        today: date | None = None, as_of: str | None = None, snapshot_only: bool = False) -> tuple[merge.Report, str]:
    """Import `file` into the street; returns the report and a line on the file's format. The
    file's stores around the street are also kept as the snapshot of its month (`as_of`, YYYY-MM,
    else read from the file's name) for the report's store dynamics."""
    period = as_of or snapshots.period_of(file.name)
    if period is None and snapshot_only:
        raise streetkit.StreetkitError(_(
            "{file}: the file's name does not say which month it is of (SEMAS names end in YYYYMM, e.g. _202509); "
            "give it with --as-of 2025-09", file=file.name))
    snapshot = snapshots.target(street_dir, period) if period else None  # refused before anything changes
    street = streetkit.load(street_dir)
    stores, fmt = reader.read(file)
    area = area_of(street, radius)
    report = merge.Report()
    chosen = select(stores, area, report)
    region = street.profile.region
    kept = snapshots.keep(stores, area, region.sigungu, region.dong or "")
    record_path = street_dir / RECORD
    last = json.loads(record_path.read_text("utf-8"))["stores"] if record_path.exists() else {}
    merged: dict = {}

    def change(doc) -> None:
        if not snapshot_only:
            merged["result"], merged["record"] = merge.merge(doc, chosen, last, today or date.today(), report)
        if (report.changed or (kept and period)) and "semas" not in (doc.get("plugins") or []):
            # it owns `missing_since`, the `semas:` settings and the report's store-dynamics chapter
            doc.setdefault("plugins", []).append("semas")

    # streetkit's round-trip writer: comments and order kept, checked before it is written (a merge
    # that would not validate leaves the profile as it was), atomic, the old version kept for undo.
    streetkit.profile_editor(street_dir).apply(change, dry_run=dry_run)
    summary = f"{file.name}: {len(stores)} stores ({fmt}); kept {area.describe()}"
    if dry_run:
        return report, summary
    if snapshot is None:
        summary += "\n  " + _("no snapshot kept for the report: the file's name does not say which month it is of; "
                               "import it again with --as-of YYYY-MM")
    else:
        snapshots.write(snapshot, kept)
        summary += "\n  " + _("snapshot {path}: {count} stores of {gu} {dong} and within {near} m of the street",
                               path=snapshot.relative_to(street_dir).as_posix(), count=len(kept), gu=region.sigungu,
                               dong=region.dong or "", near=snapshots.NEAR_M)
    if snapshot_only:
        return report, summary
    record = merged["record"]
    record_text = json.dumps({"file": file.name, "stores": dict(sorted(record.items()))}, ensure_ascii=False,
                             indent=1, sort_keys=True) + "\n"
    if not record_path.exists() or record_path.read_text("utf-8") != record_text:
        record_path.parent.mkdir(exist_ok=True)
        record_path.write_text(record_text, "utf-8")
    return report, summary


def print_report(report: merge.Report, summary: str, dry_run: bool) -> None:
    echo = click.echo
    echo(summary)
    echo("  " + _("added {added}, updated {updated}, unchanged {unchanged}, missing {missing}, skipped {skipped}, "
                  "outside the area {outside}", added=len(report.added), updated=len(report.updated),
                  unchanged=report.unchanged, missing=len(report.missing), skipped=len(report.skipped),
                  outside=report.outside))
    for mid, name in report.added:
        echo(f"  + {mid}  {name}")
    for mid, name, fields in report.updated:
        echo(f"  ~ {mid}  {name}: {', '.join(fields)}")
    for mid, name in report.back:
        echo(f"  ↺ {mid}  {name}: " + _("in the file again (missing_since removed)"))
    for mid, name in report.missing:
        echo(f"  ? {mid}  {name}: " + _("not in the file; flagged missing_since (kept, not deleted)"))
    for mid, name in report.kept:
        echo(f"  = {mid}  {name}: " + _("differs from the file; the profile's value is kept (edited by hand)"))
    for line, name, reason in report.skipped:
        echo("  - " + _("row {line}  {name}: skipped, {reason}", line=line, name=name or _("(no name)"), reason=reason))
    if dry_run:
        echo(_("dry run: nothing written"))
    elif not report.changed:
        echo(_("no changes"))


@click.command("semas", help=_(
        "Merge a SEMAS 상가(상권)정보 store file into a street's merchants (UTF-8, cp949 or "
        "pipe-separated)."))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--street", "street_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help=_("The street folder to merge into, e.g. streets/sinan-alley."))
@click.option("--dry-run", is_flag=True, help=_("Show what would change; write nothing."))
@click.option("--radius", type=click.FloatRange(0, MAX_RADIUS_M, min_open=True), default=None,
              help=_("Metres around the street's centre when it has no area outline [default: the profile's "
                     "semas.radius, else {radius}].", radius=DEFAULT_RADIUS_M))
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help=_("Date written to missing_since [default: today]."))
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m"]), default=None,
              help=_("The month the file is of, e.g. 2025-09 [default: from the file's name, …_202509.csv]."))
@click.option("--snapshot-only", is_flag=True,
              help=_("Only keep the file as a dated snapshot for the report; leave the merchants as they are."))
def semas_command(file: Path, street_dir: Path, dry_run: bool, radius: float | None, today, as_of,
                  snapshot_only: bool) -> None:
    report, summary = run(file, street_dir, dry_run=dry_run, radius=radius, today=today.date() if today else None,
                          as_of=as_of.strftime("%Y-%m") if as_of else None, snapshot_only=snapshot_only)
    if snapshot_only:
        click.echo(summary)
    else:
        print_report(report, summary, dry_run)


@streetkit.hookimpl
def cli_commands(cli: click.Group):
    group = cli.commands.get("import")
    if not isinstance(group, click.Group):
        group = click.Group("import", help=_("Bring data into a street's profile."))
        cli.add_command(group)
    group.add_command(semas_command)
