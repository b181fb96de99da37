"""The association's own spreadsheets: `streetkit import sheet` reads a member list (.xlsx or .csv,
as messy as people keep them) into the street's merchants and events; `streetkit export sheet`
writes them as a workbook to edit and import back.

A merge, like the SEMAS import's: merchants are matched by 웹주소 (id), then by name; a field still
as the last import of this file left it follows the sheet, a field edited by hand in the profile
keeps the hand edit (the last imported values are kept in `data/sheet-import.json`), an empty one
is filled. Rows that cannot be read are reported with their row number and skipped; the profile is
written once, through streetkit's round-trip writer, or not at all.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

import streetkit
from streetkit import _

from . import headers as hd
from . import values as val
from .read import Row, Sheet, SheetError, read

#: The plugin in the studio's words.
TITLE = "회원 명부(엑셀) 가져오기·내보내기"

ENABLED_BY_DEFAULT = True
#: Where the values the last import wrote are kept (per file name), for the three-way merge.
RECORD = "data/sheet-import.json"
#: Merchant fields a sheet can set, in the profile's order.
MERCHANT_FIELDS = ("name", "name_en", "category", "subcategory", "address", "address_en", "floor", "phone", "hours",
                   "description", "description_en", "tags", "website", "pay")
EVENT_FIELDS = ("title", "title_en", "start", "end", "place", "description")


@dataclass
class Report:
    sheet: str = ""
    added: list[tuple[str, str]] = field(default_factory=list)
    updated: list[tuple[str, str, list[str]]] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # (id, field): hand edits kept
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)  # one line per row not imported, with why
    columns: list[str] = field(default_factory=list)  # notes on columns left out
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)


# ---------------------------------------------------------------------------------------------
# Rows -> profile values

def _columns(sheet: Sheet, report: Report, fname: str) -> dict[str, str]:
    """header -> field for the sheet's columns; unknown and ignored ones reported once."""
    mapping = {}
    for h in sheet.headers:
        if not h:
            continue
        if (f := hd.field_for(h)) is not None:
            mapping[h] = f
        elif why := hd.ignored(h):
            report.columns.append(f"{fname}: 열 '{h}'은(는) 가져오지 않습니다 ({why})")
        else:
            close = hd.did_you_mean(h)
            report.columns.append(f"{fname}: 알 수 없는 열 '{h}'" + (f": '{close}'을(를) 말하나요?" if close else "")
                                  + " — 이 열은 빼고 가져옵니다")
    return mapping


def merchant_values(row: Row, mapping: dict[str, str], currency_forms: list[str] | None) -> dict[str, Any]:
    """A merchant's profile values from one row; raises val.Unclear naming the column."""
    cell = {f: row.cells[h] for h, f in mapping.items() if val.text(row.cells.get(h))}
    out: dict[str, Any] = {}

    def take(name: str, fn: Any = val.text) -> None:
        if name in cell:
            try:
                out[name] = fn(cell[name])
            except val.Unclear as exc:
                raise val.Unclear(f"{_header(mapping, name)} {exc}") from None

    for name in ("id", "name", "name_en", "address", "address_en", "description", "description_en", "website"):
        take(name)
    if "floor" in cell:
        floor = val.text(cell["floor"])
        out["floor"] = f"{floor}층" if floor.isdigit() else floor
    if "trade" in cell:
        try:
            out["category"], sub = val.trade(cell["trade"])
        except val.Unclear as exc:
            raise val.Unclear(f"{_header(mapping, 'trade')} {exc}") from None
        if sub:
            out["subcategory"] = sub
    take("subcategory")
    take("phone", val.phone)
    hours = _hours(cell, mapping)
    if hours:
        out["hours"] = hours
    if "tags" in cell or "delivery" in cell:
        tags = [t.strip() for t in re.split(r"[,，、]", val.text(cell.get("tags"))) if t.strip()]
        if "delivery" in cell and val.yes_no(cell["delivery"]) is not False:
            tags.append("배달")
        if tags:
            out["tags"] = list(dict.fromkeys(tags))
    if currency_forms is not None:
        pay = _pay(cell, currency_forms)
        if pay:
            out["pay"] = pay
    return out


def _header(mapping: dict[str, str], name: str) -> str:
    return next((h for h, f in mapping.items() if f == name), name)


def _hours(cell: dict[str, Any], mapping: dict[str, str]) -> dict[str, Any]:
    if not cell.keys() & {"hours", "closed", "hours_by_day"}:
        return {}
    out: dict[str, Any] = {}
    try:
        span, brk = val.hours(cell["hours"]) if "hours" in cell else (None, None)
    except val.Unclear as exc:
        raise val.Unclear(f"{_header(mapping, 'hours')} {exc}") from None
    try:
        closed, monthly = val.closed_days(cell.get("closed"))
    except val.Unclear as exc:
        raise val.Unclear(f"{_header(mapping, 'closed')} {exc}") from None
    if "break" in cell:
        try:
            brk = val.hours(cell["break"])[0]
        except val.Unclear as exc:
            raise val.Unclear(f"{_header(mapping, 'break')} {exc}") from None
    by_day = _by_day(cell.get("hours_by_day"), mapping)
    for day in streetkit.WEEKDAYS:
        if day in by_day:
            if by_day[day]:
                out[day] = by_day[day]
        elif day in closed:
            out[day] = "closed"
        elif span:
            out[day] = span
    if brk:
        out["break"] = brk
    if monthly:
        out["closed_monthly"] = monthly
    if "hours_note" in cell:
        out["note"] = val.text(cell["hours_note"])
    return out


def _by_day(value: Any, mapping: dict[str, str]) -> dict[str, str | None]:
    """`금 10:00~22:00; 토 11:00~22:00; 일 -` -> {fri: …, sat: …, sun: None (left out)}."""
    out: dict[str, str | None] = {}
    for part in re.split(r"\s*[;\n]\s*", val.text(value)):
        if not part:
            continue
        m = re.match(r"([월화수목금토일])(?:요일)?\s*:?\s*(.*)$", part)
        if not m:
            raise val.Unclear(f"{_header(mapping, 'hours_by_day')} {part!r}: '금 10:00~22:00; 토 휴무'처럼 적어 주세요")
        day = streetkit.WEEKDAYS[streetkit.WEEKDAY_KO.index(m[1])]
        rest = m[2].strip()
        if rest in ("-", "", "없음"):
            out[day] = None
        elif rest in ("휴무", "쉼", "closed"):
            out[day] = "closed"
        else:
            try:
                out[day] = val.hours(rest)[0]
            except val.Unclear as exc:
                raise val.Unclear(f"{_header(mapping, 'hours_by_day')} {exc}") from None
    return out


def _pay(cell: dict[str, Any], street_forms: list[str]) -> dict[str, Any]:
    forms: list[str] = []
    for name, form in (("local_paper", "paper"), ("local_mobile", "mobile"), ("local_card", "card")):
        if name in cell and val.yes_no(cell[name]):
            forms.append(form)
    if "local" in cell:
        mark = val.yes_no(cell["local"])
        forms += street_forms if mark else [] if mark is False else val.currency_forms(cell["local"])
    pay: dict[str, Any] = {}
    if forms:
        pay["local"] = [f for f in ("paper", "card", "mobile") if f in forms]
    for name in ("zeropay", "onnuri"):
        if name in cell and val.yes_no(cell[name]):
            pay[name] = True
    return pay


def event_values(row: Row, mapping: dict[str, str]) -> dict[str, Any]:
    cell = {f: row.cells[h] for h, f in mapping.items() if val.text(row.cells.get(h))}
    out: dict[str, Any] = {}
    for name in ("id", "title", "title_en", "place", "description"):
        if name in cell:
            out[name] = val.text(cell[name])
    source = "when" if "when" in cell else "start" if "start" in cell else None
    if source:
        try:
            start, end = val.when(cell[source])
        except val.Unclear as exc:
            raise val.Unclear(f"{_header(mapping, source)} {exc}") from None
        out["start"] = start.strftime("%Y-%m-%d %H:%M")
        if "end" in cell:
            end = val.when(cell["end"])[0]
        if end:
            out["end"] = end.strftime("%Y-%m-%d %H:%M")
    return out


# ---------------------------------------------------------------------------------------------
# Merge

def _same_name(a: Any, b: Any) -> bool:
    def key(x: Any) -> str:
        return re.sub(r"\s+", "", unicodedata.normalize("NFC", str(x or "")))
    return bool(key(a)) and key(a) == key(b)


def _new_id(values: dict[str, Any], taken: set[str], prefix: str) -> str:
    english = str(values.get("name_en") or values.get("title_en") or "")
    base = re.sub(r"[^a-z0-9]+", "-", english.lower()).strip("-")[:40].strip("-") or prefix
    candidate, n = base, 2
    while candidate in taken or candidate == prefix:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def merge(doc: Any, list_name: str, rows: list[tuple[Row, dict[str, Any]]], last: dict[str, dict[str, Any]],
          report: Report) -> dict[str, dict[str, Any]]:
    """Merge `rows` into `doc[list_name]` in place; returns the record of imported values."""
    items = doc.get(list_name)
    if items is None:
        doc[list_name] = items = streetkit.to_node([])
    key_field = "name" if list_name == "merchants" else "title"
    record: dict[str, dict[str, Any]] = {}
    taken = {str(m.get("id")) for m in items}
    for _row, new in rows:
        found = None
        if new.get("id"):
            found = next((m for m in items if str(m.get("id")) == new["id"]), None)
        if found is None:
            found = next((m for m in items if _same_name(m.get(key_field), new.get(key_field))), None)
        if found is None:
            ident = new.get("id") or _new_id(new, taken, "shop" if list_name == "merchants" else "event")
            taken.add(ident)
            order = MERCHANT_FIELDS if list_name == "merchants" else EVENT_FIELDS
            item = {"id": ident, **{k: new[k] for k in order if k in new}}
            items.append(streetkit.to_node(item))
            report.added.append((ident, str(new.get(key_field))))
            record[ident] = {k: v for k, v in item.items() if k != "id"}
            continue
        ident = str(found["id"])
        previous = last.get(ident, {})
        changes = []
        for name, value in new.items():
            if name == "id":
                continue
            current = streetkit.from_node(found.get(name))
            if current == value:
                continue
            # Empty in the profile, or still as this file's last import left it: the sheet's value.
            # Anything else was typed in the profile (or the studio) by someone: it stays.
            if current not in (None, "", [], {}) and previous.get(name) != current:
                report.kept.append((ident, name))
                continue
            found[name] = streetkit.to_node(value)
            changes.append(name)
        record[ident] = {k: v for k, v in new.items() if k != "id"}
        if changes:
            report.updated.append((ident, str(found.get(key_field)), changes))
        else:
            report.unchanged += 1
    return record


# ---------------------------------------------------------------------------------------------
# The command

def run(file: Path, street_dir: Path, *, sheet: str | None = None, dry_run: bool = False) -> Report:
    street = streetkit.load(street_dir)
    sheets = read(file, sheet)
    report = Report()
    enabled = set(street.enabled_plugins)
    currency = street.section("local_currency") if "local_currency" in enabled else None
    forms = list(currency.currency.forms) if currency is not None else None
    merchant_rows: list[tuple[Row, dict[str, Any]]] = []
    event_rows: list[tuple[Row, dict[str, Any]]] = []
    for sh in sheets:
        fname = f"{file.name}" + (f" [{sh.name}]" if len(sheets) > 1 else "")
        if not sh.headers:
            if len(sheets) == 1:
                raise SheetError(_("{file}: no header row found (상호, 업종, 전화번호 … in one row); see docs/import.md",
                                   file=fname))
            continue
        mapping = _columns(sh, report, fname)
        fields = set(mapping.values())
        is_events = "title" in fields and ("when" in fields or "start" in fields)
        if not is_events and "name" not in fields:
            report.notes.append(f"{fname}: 상호도 행사명도 없는 시트라 건너뜁니다")
            continue
        if forms is None and fields & {"local", "local_paper", "local_mobile", "local_card", "zeropay", "onnuri"}:
            report.columns.append(f"{fname}: 지역화폐·제로페이·온누리 열은 이 상점가에서 지역화폐 기능(local_currency)을 "
                                  "켜야 가져옵니다")
        for row in sh.rows:
            where = f"{fname}:row {row.number}"
            try:
                new = event_values(row, mapping) if is_events else merchant_values(row, mapping, forms)
            except val.Unclear as exc:
                report.skipped.append(f"{where}: {exc}")
                continue
            need = ("title", "start") if is_events else ("name", "category")
            missing = [n for n in need if not new.get(n)]
            if missing:
                report.skipped.append(f"{where}: {'·'.join(_KO[n] for n in missing)} 칸이 비어 있어 건너뜁니다")
                continue
            (event_rows if is_events else merchant_rows).append((row, new))
    report.sheet = ", ".join(f"{s.name} ({s.format}, {len(s.rows)}행)" for s in sheets)
    record_path = street.root / RECORD
    try:
        kept = json.loads(record_path.read_text("utf-8")).get(file.name, {})
    except (OSError, ValueError, AttributeError):
        kept = {}
    records: dict[str, Any] = {}

    def change(doc: Any) -> None:
        if merchant_rows:
            records["merchants"] = merge(doc, "merchants", merchant_rows, kept.get("merchants", {}), report)
        if event_rows:
            records["events"] = merge(doc, "events", event_rows, kept.get("events", {}), report)

    editor = streetkit.profile_editor(street_dir)
    editor.apply(change, dry_run=dry_run)
    if not dry_run and records:
        try:
            everything = json.loads(record_path.read_text("utf-8"))
        except (OSError, ValueError):
            everything = {}
        everything[file.name] = records
        text = json.dumps(everything, ensure_ascii=False, indent=1, sort_keys=True, default=str) + "\n"
        if not record_path.exists() or record_path.read_text("utf-8") != text:
            record_path.parent.mkdir(exist_ok=True)
            record_path.write_text(text, "utf-8")
    return report


_KO = {"name": "상호", "category": "업종", "title": "행사명", "start": "일시"}


def print_report(report: Report, dry_run: bool) -> None:
    echo = click.echo
    echo(report.sheet)
    echo("  " + _("added {added}, updated {updated}, unchanged {unchanged}, skipped {skipped}", added=len(report.added),
                  updated=len(report.updated), unchanged=report.unchanged, skipped=len(report.skipped)))
    for ident, name in report.added:
        echo(f"  + {ident}  {name}")
    for ident, name, fields in report.updated:
        echo(f"  ~ {ident}  {name}: {', '.join(fields)}")
    for ident, name in report.kept:
        echo(f"  = {ident}  {name}: " + _("edited by hand in the profile: kept"))
    for line in report.skipped:
        echo(f"  - {line}")
    for line in report.columns + report.notes:
        echo(f"  ! {line}")
    if dry_run:
        echo(_("dry run: nothing written"))
    elif not report.changed:
        echo(_("no changes"))


@click.command("sheet", help=_("Merge an association's member list (.xlsx or .csv) into a street's merchants and events."))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--street", "street_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help=_("The street folder to merge into, e.g. streets/sinan-alley."))
@click.option("--sheet", default=None, help=_("Read only this sheet of the workbook."))
@click.option("--dry-run", is_flag=True, help=_("Show what would change; write nothing."))
def import_sheet(file: Path, street_dir: Path, sheet: str | None, dry_run: bool) -> None:
    try:
        report = run(file, street_dir, sheet=sheet, dry_run=dry_run)
    except SheetError as exc:
        raise streetkit.StreetkitError(str(exc)) from None
    print_report(report, dry_run)


@click.command("sheet", help=_("Write a street's merchants and events as a workbook to edit and import back."))
@click.option("--street", "street_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help=_("The street folder, e.g. streets/sinan-alley."))
@click.option("--template", is_flag=True, help=_("Write an empty member list with every column the import knows."))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=_("The workbook to write, e.g. members.xlsx."))
def export_sheet(street_dir: Path | None, template: bool, output: Path) -> None:
    from .write import write

    if template:
        write(None, output)
        click.echo(_("wrote {file} (an empty member list with an example row)", file=output))
        return
    if street_dir is None:
        raise streetkit.StreetkitError(_("give --street streets/<slug>, or --template for an empty member list"))
    street = streetkit.load(street_dir)
    write(street, output)
    click.echo(_("wrote {file} ({merchants} merchants, {events} events)", file=output,
                 merchants=len(street.profile.merchants), events=len(street.profile.events)))


@streetkit.hookimpl
def cli_commands(cli: click.Group):
    for name, command, help_text in (("import", import_sheet, _("Bring data into a street's profile.")),
                                     ("export", export_sheet, _("Write a street's data for other tools."))):
        group = cli.commands.get(name)
        if not isinstance(group, click.Group):
            group = click.Group(name, help=help_text)
            cli.add_command(group)
        group.add_command(command)
