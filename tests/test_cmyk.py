"""CMYK for the press made natively (#27): the plates Ghostscript separates from the example street's
press files carry black text on the K plate alone and the brand colour at the brand guideline's CMYK
figures; the files claim PDF/X-4 in XMP under the FOGRA39 output intent and pass preflight. Also the
colour rules themselves (separation.py) and the rewriting of a document's colours (render/cmyk.py)."""
from __future__ import annotations

import base64
import io
import re
import subprocess

import pikepdf
import pytest
from PIL import Image, ImageCms

from conftest import STREETS, TODAY, pdf_words, pdfs_afresh
from streetkit.artifacts import Document
from streetkit.build import Builder
from streetkit.planning import press_copy_path
from streetkit.preflight import preflight
from streetkit.printprofile import default_profile
from streetkit.render.cmyk import Restyler
from streetkit.separation import Separation

#: One worker renders the press files for all of this module's tests (--dist loadgroup).
pytestmark = pytest.mark.xdist_group("cmyk-press")
SINAN = next(s for s in STREETS if s.name == "sinan-alley")
PLATES = ("Cyan", "Magenta", "Yellow", "Black")
DPI = 100


@pytest.fixture(scope="module")
def separation() -> Separation:
    profile = default_profile()
    assert profile is not None, "scripts/setup.sh makes the FOGRA39 profile (argyll, icc-profiles-free)"
    return Separation(profile)


@pytest.fixture(scope="module")
def press(workspace, tmp_path_factory):
    """The Sinan street's press copies of a poster, a sticker, the report and the brand guidelines,
    rendered on demand through the build's code, and the street as that build saw it."""
    builder = Builder(workspace, today=TODAY, cmyk=True)
    try:
        street = builder.load(SINAN)
        planned = builder.plan(street)
        poster = next(a.path for a in planned.artifacts if a.path.startswith("print/cmyk/posters/") and a.path.endswith("-a4.pdf"))
        files = {"poster": poster, "sticker": "print/cmyk/stickers/local-currency-haru-coffee.pdf",
                 "report": "print/cmyk/report.pdf", "guide": "brand/cmyk/brand-guidelines.pdf"}
        made = {name: builder.render_artifact(SINAN, path) for name, path in files.items()}
        # What is made for the office printer has no press copy.
        paths = {a.path for a in planned.artifacts}
        office = [a.path for a in planned.artifacts if isinstance(a, Document) and (not a.press or a.forms)]
        assert any(p.startswith("print/cards/") for p in office) and any(p.startswith("print/applications/") for p in office)
        assert not [p for p in office if press_copy_path(p) in paths]
        with pytest.MonkeyPatch.context() as patch:  # WeasyPrint's output again, not the cache's
            pdfs_afresh(patch, tmp_path_factory.mktemp("cache"))
            again = builder.render_artifact(SINAN, poster)
    finally:
        builder.close()
    return {"street": street, "files": made, "again": again}


def _plates(pdf: bytes, page: int, tmp_path) -> dict[str, list[list[int]]]:
    """Ghostscript's separations of one page: ink in percent per plate, as rows of pixels."""
    source = tmp_path / "in.pdf"
    source.write_bytes(pdf)
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", f"-r{DPI}", f"-dFirstPage={page}",
                    f"-dLastPage={page}", f"-sOutputFile={tmp_path / 'sep.tif'}", str(source)], check=True)
    plates = {}
    for name in PLATES:
        with Image.open(tmp_path / f"sep({name}).tif") as im:
            width = im.width
            values = [round((255 - v) * 100 / 255) for v in im.tobytes()]  # tiffsep: 255 is no ink
        plates[name] = [values[i:i + width] for i in range(0, len(values), width)]
    return plates


def _words(pdf: bytes, page: int, tmp_path) -> list[tuple[float, float, float, float]]:
    """The boxes (points, from the page's corner) of the words on a page, as poppler finds them."""
    source = tmp_path / "words.pdf"
    source.write_bytes(pdf)
    return pdf_words(source, page)[2]


def _black_text_inks(pdf: bytes, page: int, tmp_path) -> list[tuple[int, int, int, int]]:
    """The inks of every pixel inside a word's box that carries 50 % black or more."""
    plates, found = _plates(pdf, page, tmp_path), []
    scale = DPI / 72
    for x0, y0, x1, y1 in _words(pdf, page, tmp_path):
        for y in range(int(y0 * scale), int(y1 * scale)):
            for x in range(int(x0 * scale), int(x1 * scale)):
                if plates["Black"][y][x] >= 50:
                    found.append(tuple(plates[p][y][x] for p in PLATES))
    return found


@pytest.mark.parametrize("name, page", [("poster", 1), ("sticker", 1), ("report", 3)])
def test_black_text_is_on_the_black_plate_alone(press, name, page, tmp_path):
    inks = _black_text_inks(press["files"][name], page, tmp_path)
    assert len(inks) > 300, "the page has black text to look at"
    rich = [ink for ink in inks if ink[:3] != (0, 0, 0)]
    assert not rich, f"{len(rich)} of {len(inks)} text pixels carry C, M or Y: {rich[:5]}"


def test_the_brand_colour_prints_at_the_guideline_s_cmyk_figures(press, tmp_path):
    street = press["street"]
    band = street.tokens["color-primary-surface"]  # the poster's top band, into the bleed
    expected = street.cmyk(band)
    guide = press["files"]["guide"]
    source = tmp_path / "guide.pdf"
    source.write_bytes(guide)
    text = subprocess.run(["pdftotext", str(source), "-"], capture_output=True, text=True, check=True).stdout
    assert f"HEX {street.tokens['color-primary']}" in text and street.tokens["color-primary"] == band
    assert f"CMYK {' '.join(map(str, expected))}" in text  # the guideline states what the plates get
    assert "Coated FOGRA39" in text
    plates = _plates(press["files"]["poster"], 1, tmp_path)
    x = y = round(5 / 25.4 * DPI)  # 5 mm from the sheet's corner: in the band, inside the 3 mm bleed's reach
    printed = tuple(plates[p][y][x] for p in PLATES)
    assert all(abs(a - b) <= 1 for a, b in zip(printed, expected)), (printed, expected)


def test_the_files_claim_pdf_x4_under_the_fogra39_intent_and_pass_preflight(press):
    profile = default_profile()
    assert profile is not None
    for name, pdf in press["files"].items():
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            assert b"<pdfx:GTS_PDFXVersion>PDF/X-4</pdfx:GTS_PDFXVersion>" in doc.Root.Metadata.read_bytes(), name
            intent = doc.Root.OutputIntents[0]
            assert (str(intent.S), str(intent.OutputConditionIdentifier)) == ("/GTS_PDFX", "FOGRA39")
            embedded = ImageCms.ImageCmsProfile(io.BytesIO(intent.DestOutputProfile.read_bytes())).profile
            assert (embedded.model, embedded.profile_description) == ("FOGRA39", profile.info)
            assert embedded.xcolor_space.strip() == "CMYK" and int(intent.DestOutputProfile.N) == 4
        report = preflight(pdf, name)
        assert not report.findings, (name, [f.en for f in report.findings])
    assert press["again"] == press["files"]["poster"]  # the same inputs, the same bytes


def test_neutrals_go_on_black_alone_and_colours_through_the_profile(separation):
    assert separation.cmyk("#FFFFFF") == (0, 0, 0, 0)
    assert separation.cmyk("#1A1A1A") == (0, 0, 0, 100)  # body text: full black, no rich black
    grey = separation.cmyk("#767676")
    assert grey[:3] == (0, 0, 0) and 50 < grey[3] < 80
    tinted = separation.cmyk("#F4F2F0")  # a warm paper tone counts as neutral
    assert tinted[:3] == (0, 0, 0) and tinted[3] < 10
    orange = separation.cmyk("#E4572E")
    assert orange[0] <= 2 and orange[1] > 60 and orange[2] > 70 and sum(orange) <= 300
    assert separation.cmyk("#e4572e") == orange
    assert separation.css("#E4572E", 0.5) == f"device-cmyk({orange[0]}% {orange[1]}% {orange[2]}% {orange[3]}% / 0.5)"


def test_photos_become_cmyk_jpegs_and_transparent_images_stay(separation):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (228, 87, 46)).save(buffer, "JPEG")
    converted = separation.photo(buffer.getvalue())
    assert converted is not None
    with Image.open(io.BytesIO(converted)) as im:
        assert (im.format, im.mode) == ("JPEG", "CMYK")
    see_through = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 0, 0, 0)).save(see_through, "PNG")
    assert separation.photo(see_through.getvalue()) is None
    assert separation.photo(b"not a picture") is None  # left for WeasyPrint to refuse


def test_a_document_s_colours_are_rewritten_but_not_its_selectors(separation):
    restyle = Restyler(separation)
    ink = separation.css("#1A1A1A")
    css = restyle.stylesheet("#add, .x { color: #1a1a1a; border: 1px solid rgb(26 26 26); background: "
                             "linear-gradient(#E4572E, #FFFFFF) } @media print { p { color: black } }")
    # #1A1A1A and black are both full black ink; the gradient is painted in its first colour
    assert css.startswith("#add, .x {") and css.count(ink) == 3 and "#1a1a1a" not in css and "gradient" not in css
    assert f"background: {separation.css('#E4572E')} }}" in css and "@media print { p {" in css
    svg = ('<p style="color: #1A1A1A">x</p><svg viewBox="0 0 1 1"><rect fill=\'#1A1A1A\' stroke="white"/></svg>'
           '<img src="data:image/svg+xml;charset=utf-8,%3Csvg%3E%3Cpath%20stroke%3D%27%23000%27%2F%3E%3C%2Fsvg%3E">')
    out = restyle.html("<html><head></head><body>" + svg + "</body></html>")
    assert "@color-profile device-cmyk" in out and "#1A1A1A" not in out and "white" not in out
    assert '<svg fill="device-cmyk(0% 0% 0% 100%)" color="device-cmyk(0% 0% 0% 100%)" viewBox' in out
    inner = base64.b64decode(re.search(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", out).group(1)).decode()
    assert "stroke='device-cmyk(0% 0% 0% 100%)'" in inner and "#000" not in inner


def test_an_x1a_copy_where_a_shop_asks_for_one(workspace):
    """--pdfx x-1a: PDF 1.4, the X-1a claim in the document information, and nothing transparent
    (preflight fails an X-1a file with transparency; a planted one is in test_preflight)."""
    builder = Builder(workspace, today=TODAY, cmyk=True, pdfx="pdf/x-1a")
    try:
        street = builder.load(SINAN)
        poster = next(a.path for a in builder.plan(street).artifacts if a.path.startswith("print/cmyk/posters/"))
        pdf = builder.render_artifact(SINAN, poster)
    finally:
        builder.close()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert doc.pdf_version == "1.4" and str(doc.docinfo["/GTS_PDFXVersion"]) == "PDF/X-1a:2003"
        assert str(doc.Root.OutputIntents[0].OutputConditionIdentifier) == "FOGRA39"
    assert preflight(pdf, poster).findings == []
