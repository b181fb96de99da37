"""Reading the consultant's CSV files: UTF-8 (Excel's BOM dropped), every fault a ValueError that
names the file, the line and the column, which validation shows under the profile field naming
the file."""
from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import streetkit
from streetkit import _


def read_rows(root: Path, name: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and the (line, {column: cell}) rows of the CSV file `name` in the street folder
    `root`; blank rows are skipped."""
    try:
        # NFC, so labels compare with the profile's (NFC) names however they were typed.
        text = unicodedata.normalize("NFC", streetkit.read_inside(root, name).decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ValueError(_("{file} is not UTF-8 text: save it as 'CSV UTF-8' from the spreadsheet", file=name)) from None
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or not any(c.strip() for c in rows[0]):
        raise ValueError(_("{file} is empty: expected a header row and rows of figures", file=name))
    header = [h.strip() for h in rows[0]]
    body = [(line, dict(zip(header, (c.strip() for c in row)))) for line, row in enumerate(rows[1:], 2)
            if any(c.strip() for c in row)]
    if not body:
        raise ValueError(_("{file} has a header but no rows", file=name))
    return header, body


def number(name: str, line: int, column: str, raw: str, negative: bool = False) -> float:
    """A figure as spreadsheets write them (12,300 · 45% · 3.5); below zero only when `negative`
    (a change may fall, a count may not)."""
    try:
        value = float(raw.replace(",", "").rstrip("%").strip())
    except ValueError:
        raise ValueError(_("{file}:{line}: column {column!r}: expected a number, got {raw!r}", file=name, line=line,
                           column=column, raw=raw)) from None
    if value < 0 and not negative:
        raise ValueError(_("{file}:{line}: column {column!r}: expected a number of zero or more, got {raw!r}", file=name,
                           line=line, column=column, raw=raw))
    return value


def need_columns(name: str, header: list[str], columns: list[str]) -> None:
    if missing := [c for c in columns if c not in header]:
        raise ValueError(_("{file} has no column {missing} (its columns: {columns}); see docs/data.md", file=name,
                           missing=", ".join(map(repr, missing)), columns=", ".join(header)))
