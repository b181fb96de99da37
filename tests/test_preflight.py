"""`streetkit preflight`: every PDF the examples build passes, and each planted fault is caught."""
from __future__ import annotations

import io

import pikepdf
from PIL import Image

from conftest import run_cli
from streetkit.preflight import preflight

MM = 72 / 25.4


def _pdf(content: bytes, *, bleed: bool = True, fonts: dict | None = None, images: dict | None = None,
         cmyk_intent: bool = False, states: dict | None = None, claim: str = "",
         page_mm: tuple[float, float] = (148, 210)) -> bytes:
    """A one-page A5 PDF drawing `content`, with 3 mm bleed unless told not to; `images` maps an
    XObject name to (mode, pixels square) for a photo-like JPEG."""
    pdf = pikepdf.new()
    w, h = page_mm[0] * MM, page_mm[1] * MM
    b = 3 * MM if bleed else 0
    xobjects = {name: _image(pdf, mode, size) for name, (mode, size) in (images or {}).items()}
    resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(fonts or {}), XObject=pikepdf.Dictionary(xobjects),
                                   ExtGState=pikepdf.Dictionary(states or {}))
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, w + 2 * b, h + 2 * b],
                              TrimBox=[b, b, b + w, b + h], BleedBox=[0, 0, w + 2 * b, h + 2 * b],
                              Resources=resources, Contents=pdf.make_stream(content))
    pdf.pages.append(pikepdf.Page(page))
    if cmyk_intent:
        profile = pdf.make_stream(b"not a real profile: preflight reads only its channel count")
        profile.N = 4
        pdf.Root.OutputIntents = [pikepdf.Dictionary(Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
                                                     OutputConditionIdentifier="Japan Color 2001 Coated",
                                                     DestOutputProfile=profile)]
    if claim:
        pdf.docinfo["/GTS_PDFXVersion"] = claim
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _helvetica() -> dict:
    return {"/F1": pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)}


def _image(pdf: pikepdf.Pdf, mode: str, size: int) -> pikepdf.Stream:
    """A photo-like JPEG of `size` pixels square (RGB blue, or CMYK at 100 % of every ink)."""
    picture = Image.new(mode, (size, size), (40, 90, 160) if mode == "RGB" else (255, 255, 255, 255))
    buf = io.BytesIO()
    picture.save(buf, "JPEG", quality=90)
    stream = pdf.make_stream(buf.getvalue())
    stream.Type, stream.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    stream.Width = stream.Height = size
    stream.ColorSpace = pikepdf.Name.DeviceRGB if mode == "RGB" else pikepdf.Name.DeviceCMYK
    stream.BitsPerComponent = 8
    stream.Filter = pikepdf.Name.DCTDecode
    return stream


def _found(pdf: bytes, check: str, severity: str = "error") -> list[str]:
    return [f.en for f in preflight(pdf).findings if f.check == check and f.severity == severity]


def test_a_clean_file_passes():
    assert preflight(_pdf(b"0 0 0 1 k 60 60 100 100 re f")).findings == []


def test_each_planted_fault_is_caught():
    photo = "q 100 0 0 100 60 300 cm /Im1 Do Q"
    # an RGB image in a file that declares a CMYK output intent
    rgb = _pdf(photo.replace("100 0 0 100", "60 0 0 60").encode(), images={"/Im1": ("RGB", 300)}, cmyk_intent=True)
    assert _found(rgb, "colour") == ["An RGB photo in a file meant for CMYK printing: colours will shift"]
    # a 72 ppi photo: 100 pixels across 100 pt
    soft = _pdf(photo.encode(), images={"/Im1": ("RGB", 100)})
    assert _found(soft, "resolution") == ["A photo is 72 ppi at its placed size: it prints soft (300 ppi recommended)"]
    # a missing bleed
    assert _found(_pdf(b"", bleed=False), "bleed", "warning") == ["Bleed is 0.0 mm (3 mm needed to print to the edge)"]
    # an unembedded font
    text = b"BT /F1 9 Tf 80 400 Td (Hello) Tj ET"
    assert _found(_pdf(text, fonts=_helvetica()), "fonts") == [
        "Font Helvetica is not embedded: the shop's machine will substitute another"]
    # rich black in small text
    rich = _pdf(b"0.7 0.67 0.66 0.78 k " + text, fonts=_helvetica())
    assert _found(rich, "rich-black") == ["Small text (9 pt) in rich black (C70 M67 Y66 K78): it blurs on the slightest "
                                          "misregistration; use K only"]
    assert _found(_pdf(b"0 0 0 1 k " + text, fonts=_helvetica()), "rich-black") == []  # K only: fine
    assert _found(_pdf(b"0.69 0 0.49 0.51 k " + text, fonts=_helvetica()), "rich-black") == []  # a deep green: a colour
    # 340 % ink, in a fill and in a photo
    assert _found(_pdf(b"1 1 0.4 1 k 60 60 100 100 re f"), "ink") == [
        "Total ink 340 % (limit 300 %): it smears and does not dry"]
    heavy = _pdf(photo.replace("100 0 0 100", "40 0 0 40").encode(), images={"/Im1": ("CMYK", 200)})
    assert _found(heavy, "ink") == ["A photo carries 400 % total ink (limit 300 %)"]
    # a hairline, and text at the trim
    assert _found(_pdf(b"0.1 w 60 60 m 200 60 l S"), "hairline", "warning") == [
        "A 0.10 pt line: thinner than 0.25 pt may not print"]
    edge = _pdf(b"BT /F1 12 Tf 10 400 Td (Edge) Tj ET", fonts=_helvetica())
    assert any(f.startswith("Text 'Edge' is") for f in _found(edge, "safe-zone", "warning"))
    # a large format (a 2.4 m sign) asks 100 ppi, not 300: 90 ppi is a warning there, 60 an error
    big = photo.replace("100 0 0 100", "800 0 0 800")  # 800 pt across
    assert _found(_pdf(big.encode(), images={"/Im1": ("RGB", 1000)}, page_mm=(2400, 600)), "resolution", "warning") == [
        "A photo is 90 ppi (100 ppi recommended)"]
    assert _found(_pdf(big.encode(), images={"/Im1": ("RGB", 666)}, page_mm=(2400, 600)), "resolution") == [
        "A photo is 60 ppi at its placed size: it prints soft (100 ppi recommended)"]
    # transparency in a PDF/X-1a file (X-4 allows it)
    see_through = {"/GS1": pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, ca=0.5)}
    drawn = b"/GS1 gs 0 0 0 1 k 60 60 100 100 re f"
    assert _found(_pdf(drawn, states=see_through, claim="PDF/X-1a:2003"), "transparency") == [
        "Transparency in a PDF/X-1a:2003 file, which allows none"]
    assert _found(_pdf(drawn, states=see_through, claim="PDF/X-4"), "transparency") == []


def test_every_pdf_the_examples_build_passes(built, tmp_path):
    for slug, result in built.items():
        out = result.out_dir / "print"
        # the sheets and each document of its own (the per-shop copies are pages or forms of these)
        pdfs = [p for p in sorted(out.rglob("*.pdf")) if p.parent.name not in ("cards", "stickers")
                or p.name.endswith(("-all.pdf", "merchant-cards.pdf"))]
        pdfs = [p for p in pdfs if "applications/" not in str(p.relative_to(out)).replace(p.name, "")
                or p.parent.name == "applications"]
        assert len(pdfs) > 10
        failing = {str(p.relative_to(out)): [f.en for f in r.findings]
                   for p in pdfs if (r := preflight(p.read_bytes(), str(p))).findings}
        assert failing == {}, (slug, failing)


def test_the_command_says_it_in_korean_and_fails_on_an_error(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(_pdf(b"1 1 0.4 1 k 60 60 100 100 re f"))
    good = tmp_path / "good.pdf"
    good.write_bytes(_pdf(b""))
    result = run_cli("--lang", "ko", "preflight", bad, good, cwd=tmp_path)
    assert result.returncode == 1
    assert "잉크 총량이 340%입니다 (한도 300%)" in result.stdout and "파일 2개 중 1개를 고쳐야 합니다" in result.stdout
    assert run_cli("preflight", good, cwd=tmp_path).returncode == 0


def test_build_preflight_checks_the_street_s_pdfs(tmp_path):
    from conftest import GOLDEN_STREET

    result = run_cli("build", GOLDEN_STREET, "--only", "print", "--out", tmp_path, "--today", "2026-11-23", "--preflight",
                     "-j", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "preflight: " in result.stdout and "PDFs ready to print" in result.stdout
