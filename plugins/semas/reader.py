"""Reading the SEMAS store file (소상공인시장진흥공단 상가(상권)정보) in the forms it comes in.

Current downloads are UTF-8 with a BOM and commas; older ones cp949; the 2019 national files are
pipe-delimited. Trade codes changed in 2023 (I2 음식, I21201 카페; store ids like MA0101202509A…);
older files use codes like Q01A01. All of them read into the same `Store` records.
"""
from __future__ import annotations

import csv
import io
import math
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from streetkit import CATEGORIES, StreetkitError, _

#: The columns an import needs; the full file has 39 (see DOMAIN.md).
REQUIRED = ("상가업소번호", "상호명", "상권업종대분류코드", "상권업종소분류명", "경도", "위도")
OPTIONAL = ("지점명", "상권업종소분류코드", "시군구명", "행정동명", "도로명", "도로명주소", "지번주소", "층정보")
NEW_CODES = {c.semas: key for key, c in CATEGORIES.items()}      # I2 → food (2023+)
LEGACY_CODES = {c.legacy: key for key, c in CATEGORIES.items()}  # Q → food (before 2023)


@dataclass(frozen=True)
class Store:
    """One row of the file, cleaned."""

    line: int
    id: str
    name: str
    category: str | None  # a streetkit category key, None when the code is unknown
    code: str
    subcategory: str
    address: str
    sigungu: str
    dong: str
    road: str
    floor: str
    lat: float | None
    lng: float | None


def decode(raw: bytes, name: str) -> str:
    """The text of the file: UTF-8 (with or without BOM), else cp949 (older downloads)."""
    if b"\x00" in raw[:4096]:
        raise StreetkitError(_("{file}: this is a binary file, not a CSV; download the SEMAS 상가(상권)정보 file as CSV",
                               file=name))
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise StreetkitError(_("{file}: neither UTF-8 nor cp949 text; save the file as CSV (UTF-8) and try again", file=name))


def category(code: str) -> str | None:
    """The streetkit category for a SEMAS 대분류 code: new (I2) or legacy (Q). New codes are a
    letter and 1 or 2, so "Q1" (보건의료, new) and "Q" (음식, legacy) never collide."""
    code = code.strip().upper()
    return NEW_CODES.get(code[:2]) or LEGACY_CODES.get(code[:1])


def _number(text: str) -> float | None:
    """A coordinate, or None for an empty, zero or non-finite one (`nan`, as pandas writes a gap)."""
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if value != 0 and math.isfinite(value) else None


def _floor(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    if text.startswith(("B", "b", "지하")):
        return "B" + "".join(ch for ch in text if ch.isdigit())
    return f"{text}층" if text.isdigit() else text


def read(path: Path) -> tuple[list[Store], str]:
    """The stores in the file and a description of its format ("UTF-8, comma" …)."""
    raw = Path(path).read_bytes()
    text = decode(raw, path.name)
    encoding = "UTF-8 with BOM" if raw.startswith(b"\xef\xbb\xbf") else "cp949" if _is_cp949(raw) else "UTF-8"
    first = text.split("\n", 1)[0]
    delimiter = "|" if first.count("|") > first.count(",") else ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().strip('"') for h in next(rows)]
    except StopIteration:
        raise StreetkitError(_("{file}: the file is empty", file=path.name)) from None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        found = ", ".join(header[:6]) + (" …" if len(header) > 6 else "")
        raise StreetkitError(_("{file}: not a SEMAS 상가(상권)정보 file — missing column(s) {missing} (found {found})",
                               file=path.name, missing=", ".join(missing), found=found or _("nothing")))
    col = {name: header.index(name) for name in REQUIRED + OPTIONAL if name in header}

    def get(row: list[str], name: str) -> str:
        i = col.get(name)
        # NFC, as the profile's text is: a name matches its merchant however it was typed.
        return unicodedata.normalize("NFC", row[i].strip()) if i is not None and i < len(row) else ""

    stores = []
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        name = get(row, "상호명")
        branch = get(row, "지점명")
        code = get(row, "상권업종대분류코드")
        stores.append(Store(line=line, id=get(row, "상가업소번호"), name=f"{name} {branch}".strip() if branch else name,
                            category=category(code), code=get(row, "상권업종소분류코드") or code,
                            subcategory=get(row, "상권업종소분류명"), address=get(row, "도로명주소") or get(row, "지번주소"),
                            sigungu=get(row, "시군구명"), dong=get(row, "행정동명"), road=get(row, "도로명"),
                            floor=_floor(get(row, "층정보")),
                            lat=_number(get(row, "위도")), lng=_number(get(row, "경도"))))
    return stores, f"{encoding}, {'pipe' if delimiter == '|' else 'comma'}-separated"


def _is_cp949(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
        return False
    except UnicodeDecodeError:
        return True
