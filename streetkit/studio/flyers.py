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

#: The kinds of print documents (`Document.kind`) the flyer maker offers, in the order people
#: ask for them: (kind, Korean name, English name). A plugin's own kind is shown after them.
KINDS: list[tuple[str, str, str]] = [
    ("poster", "행사 포스터", "Event posters"),
    ("flyer", "안내 전단", "Flyers"),
    ("coupon", "쿠폰·스탬프 투어", "Coupons and stamp tours"),
    ("sticker", "가맹점 스티커", "Window stickers"),
    ("notice", "지원사업 안내문", "Programme notices"),
    ("card", "가게 맞춤 정보 카드", "Merchant cards"),
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
    """Trim size, bleed, fonts embedded and pages, read from the PDF itself."""
    checks: list[Check] = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        trim = [float(v) for v in page.obj.get("/TrimBox", page.mediabox)]
        bleed = [float(v) for v in page.obj.get("/BleedBox", page.mediabox)]
        w, h = (trim[2] - trim[0]) * MM_PER_PT, (trim[3] - trim[1]) * MM_PER_PT
        name = next((n for n, (pw, ph) in PAPER.items() if {round(w), round(h)} == {pw, ph}), "")
        checks.append(Check(True, f"재단 크기 {w:.0f} × {h:.0f} mm" + (f" ({name})" if name else ""),
                            f"Trim size {w:.0f} × {h:.0f} mm" + (f" ({name})" if name else "")))
        margin = (trim[0] - bleed[0]) * MM_PER_PT
        if margin >= 2.9:
            checks.append(Check(True, f"재단 여백(도련) {margin:.0f} mm: 잘라도 가장자리에 흰 줄이 생기지 않습니다",
                                f"Bleed {margin:.0f} mm on each side"))
        else:
            checks.append(Check(True, "도련 없음: 가장자리까지 인쇄하는 인쇄소라면 '재단선 넣기'를 고르세요",
                                "No bleed: choose crop marks for edge-to-edge printing"))
        fonts, missing = _fonts(doc)
        if missing:
            checks.append(Check(False, f"글꼴이 파일에 들어 있지 않습니다: {', '.join(missing)}",
                                f"Fonts not embedded: {', '.join(missing)}"))
        else:
            checks.append(Check(True, f"글꼴 {fonts}개가 모두 파일에 들어 있습니다: 인쇄소에서 글자가 바뀌지 않습니다",
                                f"All {fonts} fonts embedded"))
        pages = len(doc.pages)
        checks.append(Check(True, f"{pages}쪽", f"{pages} page(s)"))
    checks += _photo_checks(pdf)
    return checks


def _fonts(doc: pikepdf.Pdf) -> tuple[int, list[str]]:
    seen: dict[str, bool] = {}
    for page in doc.pages:
        resources: Any = page.obj.get("/Resources", {})
        for _name, font in (resources.get("/Font", {}) or {}).items():
            base = str(font.get("/BaseFont", "?"))
            descriptors = [font.get("/FontDescriptor")]
            for child in font.get("/DescendantFonts", []) or []:
                descriptors.append(child.get("/FontDescriptor"))
            embedded = any(d is not None and any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                           for d in descriptors)
            seen[base] = seen.get(base, False) or embedded
    return len(seen), sorted(n.lstrip("/") for n, ok in seen.items() if not ok)


#: Below this, a photo printed at its size looks soft (print shops ask for 300; 150 is the floor
#: for posters seen from a step away).
MIN_PPI = 150


def _photo_checks(pdf: bytes) -> list[Check]:
    """The lowest resolution of the photos as placed (poppler's `pdfimages -list`); nothing when
    the PDF has no photo or poppler is not installed."""
    import shutil
    import subprocess
    import tempfile

    tool = shutil.which("pdfimages")
    if tool is None:
        return []
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        listing = subprocess.run([tool, "-list", f.name], capture_output=True, text=True, timeout=30).stdout
    ppis = []
    for line in listing.splitlines()[2:]:
        cols = line.split()
        # page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
        if len(cols) >= 14 and cols[2] == "image" and int(cols[3]) > 64 and cols[12].isdigit():
            ppis.append(min(int(cols[12]), int(cols[13])))
    if not ppis:
        return []
    low = min(ppis)
    if low >= MIN_PPI:
        return [Check(True, f"사진 해상도 {low} ppi 이상: 인쇄해도 선명합니다", f"Photos at {low} ppi or more")]
    return [Check(False, f"사진 해상도가 {low} ppi로 낮아 인쇄하면 흐릴 수 있습니다. 더 큰 사진을 올려 주세요 "
                         f"({MIN_PPI} ppi 이상)", f"A photo is at {low} ppi; use a larger one ({MIN_PPI}+ ppi)")]
