"""Rows out of the spreadsheets associations keep: `.xlsx` (openpyxl) and `.csv` in any of the
encodings and separators Korean office software writes.

A member list rarely starts at A1: there is a title row ("2026년 신안동 상인회 회원 명부"), a date,
a blank row, and then the headers, sometimes in merged cells. The header row is the first row in
which at least two cells are known header names; merged cells are read as if each held the value.
"""
from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from streetkit import _

from .headers import field_for

#: Rows looked at for the header row.
HEADER_SEARCH = 30


class SheetError(ValueError):
    """A file that is not a sheet we can read; the message says what to do."""


@dataclass
class Row:
    number: int  # the row number a person sees in Excel (1-based), or the CSV line
    cells: dict[str, Any]  # header as written -> value


@dataclass
class Sheet:
    name: str
    headers: list[str]
    rows: list[Row] = field(default_factory=list)
    header_row: int = 0
    format: str = ""


def read(path: Path, sheet: str | None = None) -> list[Sheet]:
    """The sheets of `path` (one for a CSV; `sheet` picks one of a workbook's)."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx(path, sheet)
    if suffix in (".csv", ".tsv", ".txt"):
        return [_csv(path)]
    if suffix == ".xls":
        raise SheetError(_("{file}: the old Excel format (.xls) cannot be read; in Excel choose "
                           "'다른 이름으로 저장' → 'Excel 통합 문서 (*.xlsx)' and import that file", file=path.name))
    raise SheetError(_("{file}: expected an .xlsx or .csv file", file=path.name))


def _xlsx(path: Path, wanted: str | None) -> list[Sheet]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, data_only=True, read_only=False)
    except Exception as exc:  # zip, XML and openpyxl's own errors: the file is not a workbook
        raise SheetError(_("{file}: not an Excel workbook we can read ({error})", file=path.name,
                           error=type(exc).__name__)) from None
    names = book.sheetnames
    if wanted is not None and wanted not in names:
        raise SheetError(_("{file}: no sheet {sheet!r}; the sheets are: {sheets}", file=path.name, sheet=wanted,
                           sheets=", ".join(names)))
    out = []
    for ws in [book[wanted]] if wanted else book.worksheets:
        grid = [list(r) for r in ws.iter_rows(values_only=True)]
        for merged in ws.merged_cells.ranges:  # every cell of a merged range reads as its top-left value
            value = ws.cell(merged.min_row, merged.min_col).value
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if r - 1 < len(grid) and c - 1 < len(grid[r - 1]):
                        grid[r - 1][c - 1] = value
        out.append(_sheet(ws.title, grid, "xlsx"))
    return out


def _csv(path: Path) -> Sheet:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SheetError(_("{file}: neither UTF-8 nor cp949 (EUC-KR) text; save it as 'CSV UTF-8'", file=path.name))
    # The separator the widest line uses most (a title line above the table has none; csv.Sniffer
    # is misled by it).
    lines = text[:16384].splitlines()[:40]
    delimiter = max(",\t;|", key=lambda d: max((line.count(d) for line in lines), default=0))
    grid = [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    sep = {",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe"}[delimiter]
    return _sheet(path.stem, grid, f"csv, {'UTF-8' if encoding == 'utf-8-sig' else 'cp949'}, {sep}-separated")


def _sheet(name: str, grid: list[list[Any]], fmt: str) -> Sheet:
    header_at = None
    for i, row in enumerate(grid[:HEADER_SEARCH]):
        if sum(field_for(_text(v)) is not None for v in row) >= 2:
            header_at = i
            break
    if header_at is None:
        return Sheet(name, [], [], 0, fmt)
    headers = [_text(v) for v in grid[header_at]]
    sheet = Sheet(name, headers, header_row=header_at + 1, format=fmt)
    for i, row in enumerate(grid[header_at + 1:], start=header_at + 2):
        cells = {h: row[j] for j, h in enumerate(headers) if h and j < len(row)}
        if all(_text(v) == "" for v in cells.values()):
            continue  # blank rows and the empty rows at a sheet's end
        if _text(row[0] if row else "") == headers[0] and len({_text(v) for v in row} & set(headers)) >= 2:
            continue  # the header repeated (a printed list's page break)
        sheet.rows.append(Row(i, cells))
    return sheet


def _text(value: Any) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFC", " ".join(str(value).split()))
