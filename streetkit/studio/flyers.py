"""The flyer maker's catalogue and checks: what the street can print, a picture of its first page,
and the print checks a print shop makes, said in plain words.

Everything here reads the street's own plan (the same documents a build makes); nothing is a
second renderer. The page picture comes from PDFium (pypdfium2), a few milliseconds a page.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pikepdf
import pypdfium2

from ..preflight import preflight

#: The kinds of print documents (`Document.kind`) the flyer maker offers, in the order people
#: ask for them: (kind, Korean name, English name). A plugin's own kind is shown after them.
KINDS: list[tuple[str, str, str]] = [
    ("poster", "행사 포스터", "Event posters"),
    ("flyer", "안내 전단", "Flyers"),
    ("coupon", "쿠폰·스탬프 투어", "Coupons and stamp tours"),
    ("sticker", "가맹점 스티커", "Window stickers"),
    ("notice", "지원사업 안내문", "Programme notices"),
    ("card", "가게 맞춤 정보 카드", "Merchant cards"),
    ("form", "지원사업 신청서", "Application forms"),
]
MM_PER_PT = 25.4 / 72
#: Paper sizes people know by name, in millimetres (portrait).
PAPER = {"A3": (297, 420), "A4": (210, 297), "A5": (148, 210), "A6": (105, 148)}


@dataclass
class Flyer:
    path: str
    title: str
    kind: str


def catalogue(documents: list[Any]) -> list[tuple[str, str, str, list[Flyer]]]:
    """The street's hand-out documents grouped by kind: (kind, Korean, English, flyers), the
    known kinds first, only kinds it has."""
    groups: dict[str, list[Flyer]] = {}
    for doc in documents:
        if doc.kind:
            groups.setdefault(doc.kind, []).append(Flyer(doc.path, doc.title or doc.path, doc.kind))
    known = [(k, ko, en, groups.pop(k)) for k, ko, en in KINDS if k in groups]
    return known + [(k, "그 밖의 인쇄물", "Other prints", flyers) for k, flyers in groups.items()]


def first_page_png(pdf: bytes, width_px: int = 900) -> bytes:
    """A PNG of the PDF's first page, `width_px` wide."""
    doc = pypdfium2.PdfDocument(pdf)
    try:
        page = doc[0]
        try:
            scale = width_px / page.get_width()
            image = page.render(scale=scale).to_pil()
        finally:
            page.close()
    finally:
        doc.close()
    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=False, compress_level=3)
    return buf.getvalue()


@dataclass
class Check:
    ok: bool
    ko: str
    en: str


def print_checks(pdf: bytes) -> list[Check]:
    """The trim size and page count, then the preflight's findings (streetkit.preflight, what
    `streetkit preflight` says), each check that found nothing said as passed in plain words."""
    checks: list[Check] = []
    report = preflight(pdf)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        trim = [float(v) for v in page.obj.get("/TrimBox", page.mediabox)]
        bleed = [float(v) for v in page.obj.get("/BleedBox", page.mediabox)]
        w, h = (trim[2] - trim[0]) * MM_PER_PT, (trim[3] - trim[1]) * MM_PER_PT
        name = next((n for n, (pw, ph) in PAPER.items() if {round(w), round(h)} == {pw, ph}), "")
        checks.append(Check(True, f"재단 크기 {w:.0f} × {h:.0f} mm" + (f" ({name})" if name else ""),
                            f"Trim size {w:.0f} × {h:.0f} mm" + (f" ({name})" if name else "")))
        margin = (trim[0] - bleed[0]) * MM_PER_PT
    found = {f.check for f in report.findings}
    checks += [Check(False, f.text("ko"), f.text("en")) for f in report.errors + report.warnings]
    if "bleed" not in found:
        checks.append(Check(True, f"재단 여백(도련) {margin:.0f} mm: 잘라도 가장자리에 흰 줄이 생기지 않습니다"
                            if margin >= 2.9 else "사무용 프린터용 문서: 도련이 필요 없습니다",
                            f"Bleed {margin:.0f} mm on each side" if margin >= 2.9 else "For office printers: no bleed needed"))
    if "fonts" not in found:
        checks.append(Check(True, "글꼴이 모두 파일에 들어 있습니다: 인쇄소에서 글자가 바뀌지 않습니다", "All fonts embedded"))
    if "resolution" not in found and (low := min((i.ppi for i in report.images if i.photo), default=None)):
        checks.append(Check(True, f"사진 해상도 {low} ppi 이상: 인쇄해도 선명합니다", f"Photos at {low} ppi or more"))
    if not found - {"bleed", "fonts", "resolution"}:
        checks.append(Check(True, "잉크 총량, 작은 글자의 검정, 선 굵기, 글자 위치: 문제없습니다",
                            "Ink, small black text, line widths, text positions: fine"))
    checks.append(Check(True, f"{report.pages}쪽", f"{report.pages} page(s)"))
    return checks
