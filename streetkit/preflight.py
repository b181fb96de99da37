"""Preflight: the checks a print shop runs on a PDF before it goes to plate, read from the file.

Page boxes and bleed, fonts embedded, photo resolution at the size placed, colour spaces (RGB in a
file that declares a CMYK output intent), rich black in small text, total ink coverage, hairlines,
and text inside the safe zone. Each finding is an error (the shop would send the file back) or a
warning (worth a look), said in Korean and English.

The content streams are walked with pikepdf (the graphics state: transformation, colours, line
width, text size); photo resolution and word positions come from poppler (`pdfimages -list`,
`pdftotext -bbox`), which already knows where each image and word lands on the page.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MM = 72 / 25.4
#: Bleed print shops ask for on every side.
BLEED_MM = 3.0
#: Text closer than this to the trim may be cut off.
SAFE_MM = 3.0
#: Photos below this at their placed size print soft (an error); below GOOD_PPI, a warning.
#: A page whose longer side passes this (mm) is a large format (sign, banner): seen from afar, it
#: needs 100 ppi, as large-format shops ask, and fails under 72.
LARGE_FORMAT_MM = 1000
LARGE_MIN_PPI, LARGE_GOOD_PPI = 72, 100
MIN_PPI = 150
GOOD_PPI = 300
#: Total area coverage most sheet-fed presses accept (Japan Color 2001 Coated: 350 %; we ask 300).
INK_LIMIT = 300.0
#: Text smaller than this in more than one plate misregisters.
SMALL_TEXT_PT = 12.0
#: Lines thinner than this may not print.
HAIRLINE_PT = 0.25


@dataclass
class Finding:
    severity: str  # "error" or "warning"
    check: str  # "bleed", "fonts", "resolution", "colour", "rich-black", "ink", "hairline", "safe-zone"
    ko: str
    en: str
    page: int = 0  # from 1; 0 for the whole file

    def text(self, lang: str) -> str:
        where = (f"{self.page}쪽: " if lang == "ko" else f"page {self.page}: ") if self.page else ""
        return where + (self.ko if lang == "ko" else self.en)


@dataclass
class Report:
    path: str
    pages: int = 0
    findings: list[Finding] = field(default_factory=list)
    #: Every image as placed (what the resolution check read), for readers that say more of them.
    images: list[PlacedImage] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]


def preflight(pdf: bytes, name: str = "", *, ink_limit: float = INK_LIMIT) -> Report:
    """Every check on `pdf` (its bytes); `name` is how the report calls it."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:  # poppler reads files
        f.write(pdf)
        f.flush()
        return _check(Path(f.name), name, ink_limit)


def preflight_file(path: Path, *, ink_limit: float = INK_LIMIT) -> Report:
    return _check(path, str(path), ink_limit)


def _check(path: Path, name: str, ink_limit: float) -> Report:
    """The checks, with the file opened once by pikepdf and read once by each poppler tool."""
    import pikepdf

    report = Report(name, images=placed_images(path))
    with pikepdf.open(path) as doc:
        report.pages = len(doc.pages)
        cmyk_intent = _cmyk_output_intent(doc)
        report.findings += _boxes(doc)
        report.findings += _fonts(doc)
        report.findings += _transparency(doc)
        for number, page in enumerate(doc.pages, 1):
            walker = _Walker(number, ink_limit)
            walker.walk(page.obj, pikepdf.parse_content_stream(page), _matrix_identity())
            report.findings += walker.findings
            if cmyk_intent and walker.rgb:
                report.findings.append(Finding("error", "colour",
                                               "CMYK로 인쇄할 파일에 RGB 색이 있습니다: 인쇄소에서 색이 달라집니다",
                                               "RGB colour in a file meant for CMYK printing: colours will shift", number))
        report.findings += _images(report.images, cmyk_intent, _large_pages(doc)) + _image_ink(doc, ink_limit)
        report.findings += _safe_zone(doc, path)
    return report


# --- the file's structure --------------------------------------------------------------------

def _cmyk_output_intent(doc: Any) -> bool:
    """The file says it is for CMYK printing: an output intent whose profile has four channels."""
    for intent in doc.Root.get("/OutputIntents", []) or []:
        profile = intent.get("/DestOutputProfile")
        if profile is not None and int(profile.get("/N", 0)) == 4:
            return True
    return False


def _transparency(doc: Any) -> list[Finding]:
    """PDF/X-1a and X-3 allow no transparency: a soft mask, an opacity below 1 or a transparency
    group in a file that claims either is an error (X-4 allows them)."""
    claim = str(doc.docinfo.get("/GTS_PDFXVersion", ""))
    if claim.startswith(("PDF/X-1", "PDF/X-3")) and any(_transparent(page.obj, set()) for page in doc.pages):
        return [Finding("error", "transparency", f"{claim} 파일에 투명 효과가 있습니다: 이 규격은 투명을 허용하지 않습니다",
                        f"Transparency in a {claim} file, which allows none")]
    return []


def _transparent(holder: Any, seen: set[tuple[int, int]]) -> bool:
    """A page or form XObject, its graphics states, images and forms use transparency."""
    import pikepdf

    if holder.is_indirect:
        if holder.objgen in seen:
            return False
        seen.add(holder.objgen)
    group = holder.get("/Group")
    if group is not None and group.get("/S") == "/Transparency":
        return True
    resources = holder.get("/Resources") or {}
    for state in (resources.get("/ExtGState") or {}).values():
        if state.get("/SMask", pikepdf.Name.None_) != pikepdf.Name.None_ or \
                any(float(state.get(k, 1)) < 1 for k in ("/CA", "/ca")):
            return True
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.get("/SMask") is not None or (xobject.get("/Subtype") == "/Form" and _transparent(xobject, seen)):
            return True
    return False


#: A document made for office printers says so in its keywords: no bleed is asked of it (it keeps
#: every mark well inside the page instead).
OFFICE = "office-printer"


def _boxes(doc: Any) -> list[Finding]:
    out = []
    office = OFFICE in str(doc.docinfo.get("/Keywords", ""))
    for number, page in enumerate(doc.pages, 1):
        media = [float(v) for v in page.obj.get("/MediaBox")]
        if "/TrimBox" not in page.obj:
            out.append(Finding("warning", "bleed", "재단 크기(TrimBox)가 없습니다: 인쇄소가 종이 크기로 자릅니다",
                               "No TrimBox: the shop will cut at the page size", number))
            continue
        trim = [float(v) for v in page.obj.TrimBox]
        bleed = [float(v) for v in page.obj.get("/BleedBox", media)]
        least = min(trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]) / MM
        if least < BLEED_MM - 0.05 and not office:
            out.append(Finding("warning", "bleed",
                               f"도련이 {max(least, 0):.1f} mm입니다 (가장자리까지 인쇄하려면 {BLEED_MM:g} mm)",
                               f"Bleed is {max(least, 0):.1f} mm ({BLEED_MM:g} mm needed to print to the edge)", number))
    return _dedupe(out)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per check and message: the same missing bleed on 30 pages is said once, on the first."""
    seen: set[tuple[str, str]] = set()
    out = []
    for f in findings:
        if (f.check, f.en) not in seen:
            seen.add((f.check, f.en))
            out.append(f)
    return out


def _fonts(doc: Any) -> list[Finding]:
    missing: dict[str, int] = {}

    def visit(resources: Any, number: int, depth: int = 0) -> None:
        if resources is None or depth > 8:
            return
        for _name, font in (resources.get("/Font", {}) or {}).items():
            if font.get("/Subtype") == "/Type3":
                continue  # drawn with PDF operators: nothing to embed
            children = font.get("/DescendantFonts", []) or []
            descriptors = [font.get("/FontDescriptor")] + [c.get("/FontDescriptor") for c in children]
            if not any(d is not None and any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3")) for d in descriptors):
                missing.setdefault(str(font.get("/BaseFont", "?")).lstrip("/"), number)
        for _name, xobject in (resources.get("/XObject", {}) or {}).items():
            if xobject.get("/Subtype") == "/Form":
                visit(xobject.get("/Resources"), number, depth + 1)

    for number, page in enumerate(doc.pages, 1):
        visit(page.obj.get("/Resources"), number)
    return [Finding("error", "fonts", f"글꼴 {name}이(가) 파일에 들어 있지 않습니다: 인쇄소에서 다른 글꼴로 바뀝니다",
                    f"Font {name} is not embedded: the shop's machine will substitute another", page)
            for name, page in sorted(missing.items())]


# --- what the pages draw ---------------------------------------------------------------------

def _matrix_identity() -> list[float]:
    return [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]


def _multiply(m: list[float], n: list[float]) -> list[float]:
    """m × n for PDF matrices [a b c d e f] (m applied first)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F]


def _scale(m: list[float]) -> float:
    """How much a length grows under `m` (the geometric mean of the axes' scales)."""
    return float(abs(m[0] * m[3] - m[1] * m[2]) ** 0.5)


class _Walker:
    """Walks a page's content (and the forms it draws) with the graphics state a printer would."""

    def __init__(self, page: int, ink_limit: float) -> None:
        self.page = page
        self.ink_limit = ink_limit
        self.findings: list[Finding] = []
        self.rgb = False
        self._said: set[str] = set()

    def say(self, severity: str, check: str, ko: str, en: str) -> None:
        if check not in self._said:  # once per page and check: the first instance is enough to act on
            self._said.add(check)
            self.findings.append(Finding(severity, check, ko, en, self.page))

    def walk(self, owner: Any, instructions: Any, ctm: list[float], depth: int = 0) -> None:
        import pikepdf

        resources = owner.get("/Resources", {}) or {}
        state: dict[str, Any] = {"ctm": ctm, "fill": ("gray", [0.0]), "stroke": ("gray", [0.0]), "width": 1.0, "size": 0.0,
                 "tm": _matrix_identity(), "fill_space": "/DeviceGray", "stroke_space": "/DeviceGray"}
        stack: list[dict[str, Any]] = []
        for operands, operator in instructions:
            op = str(operator)
            args = list(operands)
            if op == "q":
                stack.append(dict(state))
            elif op == "Q" and stack:
                state = stack.pop()
            elif op == "cm" and len(args) == 6:
                state["ctm"] = _multiply([float(v) for v in args], state["ctm"])
            elif op in ("k", "K") and len(args) == 4:
                self._colour(state, op == "k", "cmyk", [float(v) for v in args])
            elif op in ("rg", "RG") and len(args) == 3:
                self._colour(state, op == "rg", "rgb", [float(v) for v in args])
            elif op in ("cs", "CS") and args:
                state["fill_space" if op == "cs" else "stroke_space"] = self._space(resources, args[0])
            elif op in ("sc", "scn", "SC", "SCN"):
                space = state["fill_space" if op in ("sc", "scn") else "stroke_space"]
                numbers = [float(v) for v in args if _is_number(v)]  # a pattern's name may follow the numbers
                kind = {"/DeviceCMYK": "cmyk", "/DeviceRGB": "rgb"}.get(space, space if space in ("cmyk", "rgb") else "other")
                if kind in ("cmyk", "rgb") and numbers:
                    self._colour(state, op in ("sc", "scn"), kind, numbers)
            elif op == "w" and args:
                state["width"] = float(args[0])
            elif op in ("S", "s", "B", "B*", "b", "b*"):
                width = state["width"] * _scale(state["ctm"])
                if 0 < width < HAIRLINE_PT:
                    self.say("warning", "hairline",
                             f"{width:.2f} pt 굵기의 선이 있습니다: {HAIRLINE_PT:g} pt보다 가늘면 인쇄되지 않을 수 있습니다",
                             f"A {width:.2f} pt line: thinner than {HAIRLINE_PT:g} pt may not print")
            elif op == "BT":
                state["tm"] = _matrix_identity()
            elif op == "Tf" and len(args) == 2:
                state["size"] = float(args[1])
            elif op == "Tm" and len(args) == 6:
                state["tm"] = [float(v) for v in args]
            elif op in ("Tj", "TJ", "'", '"'):
                self._text(state)
            elif op == "Do" and args and depth < 8:
                xobject = (resources.get("/XObject", {}) or {}).get(str(args[0]))
                if xobject is not None and xobject.get("/Subtype") == "/Form":
                    matrix = [float(v) for v in xobject.get("/Matrix", _matrix_identity())]
                    self.walk(xobject, pikepdf.parse_content_stream(xobject), _multiply(matrix, state["ctm"]), depth + 1)

    @staticmethod
    def _space(resources: Any, name: Any) -> str:
        """A colour space by name: the device spaces, or what an ICC-based one has channels for."""
        text = str(name)
        if text in ("/DeviceCMYK", "/DeviceRGB", "/DeviceGray", "/Pattern"):
            return text
        space = (resources.get("/ColorSpace", {}) or {}).get(text)
        try:
            if space is not None and str(space[0]) == "/ICCBased":
                return {4: "cmyk", 3: "rgb"}.get(int(space[1].get("/N", 0)), "other")
        except (TypeError, IndexError, KeyError):
            pass
        return "other"

    def _colour(self, state: dict[str, Any], fill: bool, kind: str, values: list[float]) -> None:
        state["fill" if fill else "stroke"] = (kind, values)
        if kind == "rgb" and not (values[0] == values[1] == values[2]):
            self.rgb = True  # grey written as RGB converts to K alone; colour does not
        if kind == "cmyk":
            total = 100 * sum(values)
            if total > self.ink_limit + 0.5:
                self.say("error", "ink", f"잉크 총량이 {total:.0f}%입니다 (한도 {self.ink_limit:g}%): 번지고 마르지 않습니다",
                         f"Total ink {total:.0f} % (limit {self.ink_limit:g} %): it smears and does not dry")

    def _text(self, state: dict[str, Any]) -> None:
        kind, values = state["fill"]
        size = state["size"] * _scale(_multiply(state["tm"], state["ctm"]))
        if kind == "cmyk" and 0 < size < SMALL_TEXT_PT:
            c, m, y, k = values
            # Rich black is black ink over a roughly even mix of the other three; a deep brand
            # colour (a dark green: C69 M0 Y49 K51) is a colour, printed in its plates on purpose.
            if k >= 0.5 and c + m + y > 0.3 and max(c, m, y) - min(c, m, y) <= 0.2:
                self.say("error", "rich-black",
                         f"작은 글자({size:.0f} pt)가 네 가지 잉크를 섞은 검정입니다: 판이 조금만 어긋나도 번져 보입니다. "
                                                "먹(K) 한 가지로 하세요",
                         f"Small text ({size:.0f} pt) in rich black "
                         f"(C{c * 100:.0f} M{m * 100:.0f} Y{y * 100:.0f} K{k * 100:.0f}): "
                         "it blurs on the slightest misregistration; use K only")


def _is_number(value: Any) -> bool:
    try:
        float(value)
        return True
    except (TypeError, ValueError):
        return False


# --- what poppler knows of images and words ---------------------------------------------------

def _poppler(tool: str, path: Path, *args: str) -> str | None:
    found = shutil.which(tool)
    if found is None:
        return None
    return subprocess.run([found, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
                          capture_output=True, text=True, timeout=120).stdout


@dataclass
class PlacedImage:
    """An image as a page draws it: its pixels, its colour, and its resolution at the size placed."""

    page: int
    width: int
    height: int
    colour: str  # poppler's word: rgb, cmyk, gray, icc …
    components: int
    ppi: int

    @property
    def photo(self) -> bool:
        return self.width > 64 or self.height > 64  # smaller: an icon or a QR code's grid


def placed_images(path: Path) -> list[PlacedImage]:
    """Every image of the PDF at `path` with its resolution at its placed size (`pdfimages -list`);
    [] without poppler."""
    listing = _poppler("pdfimages", path, "-list")
    out = []
    for line in (listing or "").splitlines()[2:]:
        cols = line.split()
        # page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
        if len(cols) >= 14 and cols[2] == "image" and cols[12].isdigit() and cols[13].isdigit():
            out.append(PlacedImage(int(cols[0]), int(cols[3]), int(cols[4]), cols[5], int(cols[6]),
                                   min(int(cols[12]), int(cols[13]))))
    return out


def _large_pages(doc: Any) -> set[int]:
    """The pages (from 1) of a large format — a sign, a banner — whose longer side passes a metre."""
    large = set()
    for number, page in enumerate(doc.pages, 1):
        box = [float(v) for v in page.obj.get("/TrimBox", page.obj.MediaBox)]
        if max(box[2] - box[0], box[3] - box[1]) / MM > LARGE_FORMAT_MM:
            large.add(number)
    return large


def _images(images: list[PlacedImage], cmyk_intent: bool, large: set[int]) -> list[Finding]:
    """Photos' resolution at their placed size (a large format is seen from metres away: 100 ppi
    suffices there), and RGB ones in a file meant for CMYK."""
    out = []
    for image in images:
        if not image.photo:
            continue
        ppi, page = image.ppi, image.page
        least, good = (LARGE_MIN_PPI, LARGE_GOOD_PPI) if page in large else (MIN_PPI, GOOD_PPI)
        if ppi < least:
            out.append(Finding("error", "resolution",
                               f"사진 해상도가 놓인 크기에서 {ppi} ppi입니다: 흐리게 인쇄됩니다 ({good} ppi 권장)",
                               f"A photo is {ppi} ppi at its placed size: it prints soft ({good} ppi recommended)", page))
        elif ppi < good:
            out.append(Finding("warning", "resolution", f"사진 해상도가 {ppi} ppi입니다 ({good} ppi 권장)",
                               f"A photo is {ppi} ppi ({good} ppi recommended)", page))
        if cmyk_intent and image.colour in ("rgb", "icc") and image.components == 3:
            out.append(Finding("error", "colour", "CMYK로 인쇄할 파일에 RGB 사진이 있습니다: 인쇄소에서 색이 달라집니다",
                               "An RGB photo in a file meant for CMYK printing: colours will shift", page))
    return _dedupe(out)


def _image_ink(doc: Any, ink_limit: float) -> list[Finding]:
    """CMYK images whose darkest pixels carry more ink than the limit."""
    import pikepdf
    from PIL import Image

    out = []
    for number, page in enumerate(doc.pages, 1):
        for _name, raw in page.get_images().items():
            if not isinstance(raw, pikepdf.Stream):
                continue
            try:
                image = pikepdf.PdfImage(raw)
                if image.colorspace != "/DeviceCMYK" and image.mode != "CMYK":
                    continue
                pixels = image.as_pil_image()
            except (pikepdf.PdfError, NotImplementedError, ValueError):
                continue
            if pixels.mode != "CMYK":
                continue
            small = pixels.copy()
            small.thumbnail((256, 256), Image.Resampling.NEAREST)
            data = small.tobytes()  # C, M, Y, K bytes per pixel
            worst = max(sum(data[i:i + 4]) for i in range(0, len(data), 4)) / 255 * 100
            if worst > ink_limit + 0.5:
                out.append(Finding("error", "ink", f"사진의 잉크 총량이 {worst:.0f}%입니다 (한도 {ink_limit:g}%)",
                                   f"A photo carries {worst:.0f} % total ink (limit {ink_limit:g} %)", number))
    return out


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def _safe_zone(doc: Any, path: Path) -> list[Finding]:
    """Words closer to the trim than SAFE_MM (`pdftotext -bbox`: each word's box, top-left origin)."""
    listing = _poppler("pdftotext", path, "-bbox")
    if listing is None:
        return []
    boxes = []
    for page in doc.pages:
        media = [float(v) for v in page.obj.MediaBox]
        trim = [float(v) for v in page.obj.get("/TrimBox", page.obj.MediaBox)]
        # to poppler's top-left coordinates: x from the left, y from the top of the media box
        boxes.append((trim[0] - media[0], media[3] - trim[3], trim[2] - media[0], media[3] - trim[1]))
    out = []
    safe = SAFE_MM * MM
    for number, chunk in enumerate(listing.split("<page ")[1:], 1):
        if number > len(boxes):
            break
        left, top, right, bottom = boxes[number - 1]
        for x0, y0, x1, y1, word in _WORD.findall("<page " + chunk):
            if not word.strip():
                continue
            x0f, y0f, x1f, y1f = float(x0), float(y0), float(x1), float(y1)
            gap = min(x0f - left, y0f - top, right - x1f, bottom - y1f)
            if gap < safe - 0.5:
                out.append(Finding("warning", "safe-zone",
                                   f"글자 '{_plain(word)}'이(가) 재단선에서 {max(gap, 0) / MM:.1f} mm 안에 있습니다 "
                                   f"({SAFE_MM:g} mm 안쪽에 두세요)",
                                   f"Text '{_plain(word)}' is {max(gap, 0) / MM:.1f} mm from the trim "
                                   f"(keep it {SAFE_MM:g} mm in)",
                                   number))
                break  # one word per page is enough to find the box
    return out


def _plain(word: str) -> str:
    import html

    return html.unescape(word).replace("\u2060", "")[:20]
