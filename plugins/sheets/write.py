"""`streetkit export sheet`: the street's merchants and events as a workbook an association edits
in Excel and imports back unchanged: Korean headers the import knows, the header row frozen,
drop-down lists for the trade and the O/X columns, widths that fit Korean text."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import streetkit

#: (header, how to read the value from a merchant), in the order the columns appear.
YES, NO = "O", "X"


def _hours_cells(m: Any) -> tuple[str, str, str, str, str]:
    """영업시간 (the most common range), 휴무 (weekdays closed), 브레이크타임, and days that differ."""
    h = m.hours
    if h is None:
        return "", "", "", "", ""
    days = {d: getattr(h, d) for d in streetkit.WEEKDAYS}
    open_ranges = Counter(v for v in days.values() if v and v != "closed")
    common = open_ranges.most_common(1)[0][0] if open_ranges else ""
    closed = [k for d, k in zip(streetkit.WEEKDAYS, streetkit.WEEKDAY_KO) if days[d] == "closed"]
    unusual = [f"{k} {days[d].replace('-', '~')}" if days[d] else f"{k} -"  # `-`: the day is left out
               for d, k in zip(streetkit.WEEKDAYS, streetkit.WEEKDAY_KO) if days[d] not in ("closed", common)]
    monthly = [c.label("ko").removeprefix("매월 ").removesuffix(" 휴무") for c in h.closed_monthly]
    return (common.replace("-", "~"), ", ".join(closed + monthly), (h.break_time or "").replace("-", "~"),
            "; ".join(unusual), h.note or "")


def merchant_rows(street: Any) -> tuple[list[str], list[list[Any]]]:
    currency = "local_currency" in street.enabled_plugins and street.section("local_currency") is not None
    head = ["웹주소", "상호", "영문상호", "업종", "세부업종", "전화번호", "주소", "영문주소", "층", "영업시간", "휴무",
            "브레이크타임", "요일별 영업시간", "영업시간 안내", "설명", "영문설명", "특징", "누리집"]
    if currency:
        head += ["지역화폐(지류)", "지역화폐(카드)", "지역화폐(모바일)", "제로페이", "온누리"]
    rows = []
    for m in street.profile.merchants:
        common, closed, brk, unusual, note = _hours_cells(m)
        row = [m.id, m.name, m.name_en or "", streetkit.CATEGORIES[m.category].ko, m.subcategory or "", m.phone or "",
               m.address or "", m.address_en or "", m.floor or "", common, closed, brk, unusual, note, m.description or "",
               m.description_en or "", ", ".join(m.tags), m.website or ""]
        if currency:
            pay = getattr(m, "pay", None)
            local = list(pay.local) if pay else []
            row += [YES if f in local else NO for f in ("paper", "card", "mobile")]
            row += [YES if pay and pay.zeropay else NO, YES if pay and pay.onnuri else NO]
        rows.append(row)
    return head, rows


def event_rows(street: Any) -> tuple[list[str], list[list[Any]]]:
    head = ["웹주소", "행사명", "영문행사명", "시작", "종료", "장소", "설명"]
    rows = [[e.id, e.title, e.title_en or "", e.start.strftime("%Y-%m-%d %H:%M"),
             e.end.strftime("%Y-%m-%d %H:%M") if e.end else "", e.place or "", e.description or ""]
            for e in street.profile.events if e.repeat is None]  # a repeating event's rule stays in the profile
    return head, rows


def template() -> list[tuple[str, list[str], list[list[Any]]]]:
    """The sheets of an empty member list: every column the import knows best, one example row."""
    shops = ["웹주소", "상호", "영문상호", "업종", "세부업종", "전화번호", "주소", "영문주소", "층", "영업시간", "휴무",
             "브레이크타임", "요일별 영업시간", "영업시간 안내", "설명", "영문설명", "특징", "누리집", "지역화폐(지류)",
             "지역화폐(카드)", "지역화폐(모바일)", "제로페이", "온누리"]
    example = ["", "하루커피", "Haru Coffee", "음식", "카페", "062-512-3009", "광주광역시 북구 신안로 57번길 25", "", "1층",
               "10:00~21:00", "월", "15:00~16:00", "토 11:00~22:00; 일 11:00~20:00", "", "직접 볶은 원두로 내리는 커피", "",
               "포장, 와이파이", "", "O", "X", "O", "O", "X"]
    events = ["웹주소", "행사명", "영문행사명", "시작", "종료", "장소", "설명"]
    return [("가게", shops, [example]), ("행사", events, [["", "모퉁이 야시장", "", "2026-12-12 18:00", "2026-12-12 22:00",
                                                       "골목 입구 광장", ""]])]


def write(street: Any, output: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheets = template() if street is None else [("가게", *merchant_rows(street)), ("행사", *event_rows(street))]
    book.remove(book.active)
    for title, head, rows in sheets:
        ws = book.create_sheet(title)
        ws.append(head)
        for row in rows:
            ws.append(row)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="E8EEF8")
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.freeze_panes = "A2"
        last = max(len(rows) + 1, 200)  # room to add rows that get the same drop-downs
        for i, name in enumerate(head, start=1):
            letter = ws.cell(1, i).column_letter
            longest = max([len(str(name))] + [len(str(r[i - 1])) for r in rows] or [4])
            # Hangul is about twice as wide as a Latin letter in Excel's default font.
            wide = any(ord(ch) > 0x1100 for r in rows for ch in str(r[i - 1])[:20]) or any(ord(c) > 0x1100 for c in name)
            ws.column_dimensions[letter].width = min(60, max(8, longest * (1.8 if wide else 1.1) + 2))
            if name == "업종":
                trades = ",".join(c.ko for c in streetkit.CATEGORIES.values())
                dv = DataValidation(type="list", formula1=f'"{trades}"', allow_blank=True)
                dv.error, dv.errorTitle = "목록에 있는 업종을 골라 주세요.", "업종"
            elif name.startswith(("지역화폐(", "제로페이", "온누리")):
                dv = DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True)
                dv.error, dv.errorTitle = "O 또는 X를 골라 주세요.", name
            else:
                continue
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{last}")
    book.save(output)
