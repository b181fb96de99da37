"""Print-ready PDFs: trim and bleed boxes, embedded fonts, text inside the safe zone, QR codes that
decode to the exact page, the combined sticker sheet, and crop marks on request."""
from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path
from unittest.mock import ANY

import pytest
from PIL import Image as PILImage

from conftest import add_local_plugin, assert_print_ready, make_workspace, pdfs_afresh, pdfs_rendered, run_cli
from streetkit.build import Builder
from streetkit.workspace import Workspace

MM = 72 / 25.4
DOCS = {  # path below print/ -> trim size in mm
    "flyers/street-a5.pdf": (148, 210),
    "flyers/street-a4.pdf": (210, 297),
    "posters/event-night-market-2026-12-a4.pdf": (210, 297),
    "posters/event-night-market-2026-12-a3.pdf": (297, 420),
    "stickers/local-currency-haru-coffee.pdf": (150, 150),
    "flyers/coupons-a4.pdf": (210, 297),
    "flyers/stamp-tour-a5.pdf": (148, 210),
    "report.pdf": (210, 297),
}


def _run(*args: str) -> str:
    return subprocess.run(list(args), check=True, capture_output=True).stdout.decode("utf-8", "replace")


@pytest.mark.parametrize("doc", list(DOCS))
def test_boxes_fonts_and_safe_zone(built, doc):
    assert_print_ready(built["sinan-alley"].out_dir / "print" / doc, *DOCS[doc])


def _qr(pdf: Path, tmp_path: Path, page: int = 1) -> str:
    out = tmp_path / "qr"
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(out)],
                   check=True)
    return subprocess.run(["zbarimg", "-q", "--raw", f"{out}.png"], capture_output=True, text=True).stdout.strip()


def test_qr_codes_lead_to_the_exact_page(built, tmp_path):
    out = built["sinan-alley"].out_dir / "print"
    base = "https://moturi.example.kr"
    assert _qr(out / "posters/event-night-market-2026-12-a4.pdf", tmp_path) == (
        f"{base}/events/night-market-2026-12/?utm_source=print&utm_medium=qr&utm_campaign=poster-night-market-2026-12")
    assert _qr(out / "stickers/local-currency-haru-coffee.pdf", tmp_path) == (
        f"{base}/merchants/haru-coffee/?utm_source=print&utm_medium=qr&utm_campaign=sticker-haru-coffee")


def test_coupon_sheet_and_stamp_card(built, tmp_path):
    """Eight coupons to an A4 sheet, each QR leading to its shop; the stamp card lists its shops."""
    result = built["sinan-alley"]
    out, base = result.out_dir / "print/flyers", "https://moturi.example.kr"
    coupons = result.street.profile.coupons
    png = tmp_path / "coupons"
    subprocess.run(["pdftoppm", "-png", "-r", "200", "-singlefile", str(out / "coupons-a4.pdf"), str(png)], check=True)
    decoded = subprocess.run(["zbarimg", "-q", "--raw", f"{png}.png"], capture_output=True, text=True).stdout.split()
    assert sorted(decoded) == sorted(f"{base}/merchants/{c.merchant}/?utm_source=print&utm_medium=qr"
                                     f"&utm_campaign=coupon-{c.merchant}" for c in coupons)
    text = _run("pdftotext", str(out / "coupons-a4.pdf"), "-").replace("\u2060", "")
    assert "아메리카노 500원 할인" in text and "2027. 2. 28.까지" in text and "✂" in text
    # Cut lines: dashed rules across the sheet at a quarter of its height and down the middle.
    with PILImage.open(f"{png}.png") as im:
        gray = im.convert("L")
        y = round((3 + 74.25) / 303 * im.height)  # the first cut, 74.25 mm below the trim (3 mm of bleed above)
        assert max(sum(1 for x in range(im.width) if gray.getpixel((x, r)) < 160) for r in range(y - 3, y + 4)) > im.width * 0.3
    assert _qr(out / "stamp-tour-a5.pdf", tmp_path) == f"{base}/?utm_source=print&utm_medium=qr&utm_campaign=stamp-tour"
    card = _run("pdftotext", str(out / "stamp-tour-a5.pdf"), "-").replace("\u2060", "")
    names = {m.id: m.name for m in result.street.profile.merchants}
    assert all(names[mid] in card for mid in result.street.profile.stamp_tour.merchants)
    assert "도장 5개를 모으면 북구사랑상품권 5,000원" in card


def test_unknown_merchant_in_a_coupon_is_named_with_a_suggestion(tmp_path):
    folder = make_workspace(tmp_path / "ws")
    yaml = folder / "street.yaml"
    first = re.search(r"- id: ([a-z0-9-]+)", yaml.read_text("utf-8"))[1]
    yaml.write_text(yaml.read_text("utf-8") + f"\ncoupons:\n  - {{merchant: {first}x, offer: 10% 할인}}\n", "utf-8")
    proc = run_cli("validate", folder)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert re.search(rf"street\.yaml:\d+:\d+: coupons\[0\]\.merchant: no merchant with id '{first}x': "
                     rf"did you mean `{first}`\?", proc.stderr)


def test_combined_sticker_sheet(built, tmp_path):
    result = built["jinju-bidan-market"]
    accepting = [m for m in result.street.profile.merchants if m.pay and m.pay.local]
    sheet = result.out_dir / "print/stickers/local-currency-all.pdf"
    assert f"Pages:           {len(accepting)}" in _run("pdfinfo", str(sheet))
    assert len(list((result.out_dir / "print/stickers").glob("local-currency-*.pdf"))) == len(accepting) + 1
    last = accepting[-1]
    assert _qr(sheet, tmp_path, page=len(accepting)).endswith(f"/merchants/{last.id}/?utm_source=print&utm_medium=qr"
                                                             f"&utm_campaign=sticker-{last.id}")
    text = _run("pdftotext", "-f", "1", "-l", "1", str(sheet), "-").replace("\u2060", "")
    assert "진주사랑상품권" in text and "카드" not in text  # Jinju's currency has no card form
    # Each merchant's sticker is its page of the sheet, under its own title.
    for page, m in enumerate(accepting, 1):
        sticker = result.out_dir / f"print/stickers/local-currency-{m.id}.pdf"
        assert f"Title:           진주사랑상품권 사용 가능 스티커 — {m.name}" in _run("pdfinfo", str(sticker))
        alone = _run("pdftotext", str(sticker), "-")
        assert alone == _run("pdftotext", "-f", str(page), "-l", str(page), str(sheet), "-")
        assert m.name in alone.replace("\u2060", "")


def test_a_sheet_rendered_in_parts_is_one_print_ready_pdf(tmp_path, monkeypatch):
    """The combined sheet is rendered in parts (bounded memory) and joined: every sticker once, in
    order, the document's title kept, print-ready, the same bytes serially and in worker processes;
    after one merchant's edit only the part showing it is rendered again."""
    import shutil

    import streetkit_plugins.local_currency as local_currency

    monkeypatch.setattr(local_currency, "STICKERS_PER_PART", 2)
    # The content cache as the suite has it: the sheet's parts of two stickers are this test's own
    # (rendered serially the first time), the street's other PDFs those of the example's build.
    from streetkit.cache import _path, cache_dir, place

    folder = tmp_path / "ws/streets/jinju-bidan-market"
    shutil.copytree(Path(__file__).resolve().parent.parent / "streets/jinju-bidan-market", folder)
    # The merchant cards are a sheet in parts too, rendered twice here for nothing: left out.
    profile = folder / "street.yaml"
    profile.write_text(profile.read_text("utf-8").replace(", merchant_cards", "", 1), "utf-8")
    # So is the report, which names every merchant: after the edit it would be rendered again for nothing.
    real_plan = Builder.plan

    def without_report(self, street, only=None):
        planned = real_plan(self, street, only)
        planned.artifacts = [a for a in planned.artifacts if not a.path.startswith("print/report.")]
        return planned

    monkeypatch.setattr(Builder, "plan", without_report)
    ws = Workspace.open(tmp_path / "ws")
    serial = Builder(ws, out_root=tmp_path / "one", only={"print"}, today=date(2026, 11, 23))
    street = serial.load(folder)
    accepting = [m for m in street.profile.merchants if m.pay and m.pay.local]
    planned = serial.plan(street)
    (sheet,) = [a for a in planned.artifacts if a.path == "print/stickers/local-currency-all.pdf"]
    assert len(sheet.parts) == (len(accepting) + 1) // 2 >= 3

    from streetkit.buildrun import BuildRun

    part_keys: list[str] = []  # the sheet's parts, as the content cache knows them
    real_job = BuildRun.pdf_job

    def noting_job(run, artifact):
        job = real_job(run, artifact)
        if job is not None and artifact.path == sheet.path:
            part_keys.extend(job.part_keys)
        return job

    monkeypatch.setattr(BuildRun, "pdf_job", noting_job)
    pdf = serial.build(folder).out_dir / sheet.path
    assert len(part_keys) == len(sheet.parts)
    info = _run("pdfinfo", str(pdf))
    assert f"Pages:           {len(accepting)}" in info and "사용 가능 스티커 (전체" in info
    for page, m in [(1, accepting[0]), (3, accepting[2]), (len(accepting), accepting[-1])]:
        assert _qr(pdf, tmp_path, page=page).endswith(f"utm_campaign=sticker-{m.id}")
        # A merchant's own sticker is its page of the sheet, whichever part it was rendered in.
        assert _qr(pdf.parent / f"local-currency-{m.id}.pdf", tmp_path).endswith(f"utm_campaign=sticker-{m.id}")
    assert_print_ready(pdf, 150, 150)
    # Copies of the suite's cache, made while it is the cache: its own `place` hard-links an entry.
    shared = cache_dir()
    kept_parts = [_path("pdf", key).relative_to(shared) for key in part_keys]
    # The workers render the sheet's parts; the street's other PDFs come from the cache.
    shutil.copytree(shared / "pdf", tmp_path / "pool-cache/pdf", copy_function=lambda s, d: place(Path(s), Path(d)))
    # A cache of the sheet's parts alone: after the edit, the edited part is rendered, never found from an earlier run.
    for kept in kept_parts:
        (tmp_path / "edit-cache" / kept).parent.mkdir(parents=True, exist_ok=True)
        place(shared / kept, tmp_path / "edit-cache" / kept)
    pdfs_afresh(monkeypatch, tmp_path / "pool-cache")
    for key in part_keys:
        _path("pdf", key).unlink()
    pooled = Builder(ws, out_root=tmp_path / "two", only={"print"}, today=date(2026, 11, 23), pdf_jobs=2)
    try:
        again = pooled.build(folder).out_dir / sheet.path
    finally:
        pooled.close()
    assert again.read_bytes() == pdf.read_bytes()
    assert all(_path("pdf", key).is_file() for key in part_keys)  # rendered by the workers, kept

    pdfs_afresh(monkeypatch, tmp_path / "edit-cache")
    rendered = pdfs_rendered(monkeypatch)
    # A reused output is hard-linked into the new build: the same inode.
    inodes = {f"print/stickers/local-currency-{m.id}.pdf": (pdf.parent / f"local-currency-{m.id}.pdf").stat().st_ino
              for m in accepting}
    yaml = folder / "street.yaml"
    yaml.write_text(yaml.read_text("utf-8").replace(f"name: {accepting[2].name}\n", "name: 새이름상회\n", 1), "utf-8")
    edited = serial.build(folder)
    assert rendered.count("local-currency-all.pdf") == 1  # the part with merchants 3 and 4
    assert "새이름상회" in _run("pdftotext", "-f", "3", "-l", "3", str(pdf), "-").replace("\u2060", "")
    # Of the merchants' own stickers, only the two on that part's pages were copied out again.
    stickers = {f"print/stickers/local-currency-{m.id}.pdf" for m in accepting}
    again = {p for p in stickers if (edited.out_dir / p).stat().st_ino != inodes[p]}
    assert again == {f"print/stickers/local-currency-{m.id}.pdf" for m in accepting[2:4]}
    renamed = edited.out_dir / f"print/stickers/local-currency-{accepting[2].id}.pdf"
    assert "새이름상회" in _run("pdftotext", str(renamed), "-").replace("\u2060", "")


def test_posters_in_two_sizes_for_every_event_not_over(built):
    for result in built.values():
        today = result.street.today
        ahead = {e.id for e in result.street.profile.events if e.occurrences(today, 1)}
        over = {e.id for e in result.street.profile.events} - ahead
        assert ahead and over  # both examples have events of both kinds on TODAY
        posters = {p for p in result.written if p.startswith("print/posters/")}
        assert posters == {f"print/posters/event-{e}-{size}.pdf" for e in ahead for size in ("a4", "a3")}, over


def test_crop_marks_only_on_request(tmp_path):
    """Without --marks the page is trim + 3 mm bleed; with it, black marks appear beyond the bleed."""
    folder = make_workspace(tmp_path / "ws")
    workspace = Workspace.open(tmp_path / "ws")

    def render(marks: bool) -> tuple[str, int]:
        result = Builder(workspace, out_root=tmp_path / str(marks), only={"print"}, today=date(2026, 1, 1),
                         marks=marks).build(folder)
        pdf = result.out_dir / "print/flyers/street-a5.pdf"
        png = tmp_path / f"flyer-{marks}"
        subprocess.run(["pdftoppm", "-png", "-r", "100", "-singlefile", str(pdf), str(png)], check=True)
        with PILImage.open(f"{png}.png") as im:
            gray = im.convert("L")
            frame = 8  # the outer 2 mm at 100 dpi: bleed background without marks, mark lines with them
            pixels = [gray.getpixel((x, y)) for x in range(im.width) for y in range(im.height)
                      if x < frame or y < frame or x >= im.width - frame or y >= im.height - frame]
        return _run("pdfinfo", "-box", str(pdf)), sum(1 for v in pixels if v < 60)

    plain_boxes, plain_ink = render(False)
    marked_boxes, marked_ink = render(True)
    assert plain_ink == 0 and marked_ink > 20
    assert re.search(r"MediaBox:\s+-8.50", plain_boxes) and re.search(r"MediaBox:\s+-28.35", marked_boxes)
    assert re.search(r"TrimBox:\s+0.00\s+0.00\s+419.53\s+595.28", marked_boxes)  # trim unchanged


def test_photos_print_as_300_ppi_jpeg(built):
    """A photo is cropped to its box and sent to the PDF as JPEG at 300 ppi for its printed size."""
    listing = _run("pdfimages", "-list", str(built["sinan-alley"].out_dir / "print/flyers/merchant-haru-coffee-a5.pdf"))
    (row,) = [line.split() for line in listing.splitlines()[2:]]
    width, height, enc, x_ppi = int(row[3]), int(row[4]), row[8], int(row[12])
    assert enc == "jpeg" and (width, height) == (1465, 969) and 299 <= x_ppi <= 301
    # The example photos are large enough: no photo warning (profile advice, such as missing English
    # names, is another matter).
    assert [w for w in built["sinan-alley"].warnings if " ppi " in w] == []


def test_a_photo_too_small_to_print_is_named_with_its_ppi(tmp_path):
    from PIL import Image as PILImage

    folder = make_workspace(tmp_path / "ws")
    (folder / "images").mkdir(exist_ok=True)
    PILImage.new("RGB", (600, 400), "#8899AA").save(folder / "images/small.png")
    yaml = folder / "street.yaml"
    text = yaml.read_text("utf-8")
    first = re.search(r"- id: ([a-z0-9-]+)", text)[1]
    yaml.write_text(re.sub(rf"(- id: {first}[^\n]*\n)", r"\1    photo: images/small.png\n", text, count=1), "utf-8")
    proc = run_cli("build", folder, "--only", "print", "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert (f"warning: images/small.png: 123 ppi at 124×82 mm in print/flyers/merchant-{first}-a5.pdf; "
            "print needs 300 ppi, so supply at least 1465×969 px") in proc.stderr
    # The PNG still went in as a JPEG (PNG photos make WeasyPrint slow and PDFs large).
    listing = _run("pdfimages", "-list", str(tmp_path / "out" / folder.name / f"print/flyers/merchant-{first}-a5.pdf"))
    assert [line.split()[8] for line in listing.splitlines()[2:]] == ["jpeg"]


def test_cmyk_copies_are_pdf_x4_for_the_press_with_text_and_boxes(tmp_path):
    """--cmyk: WeasyPrint writes a PDF/X-4 copy in CMYK of every document made for the press (not
    of office-printer documents or forms); fonts stay embedded, Hangul stays text, the boxes survive,
    nothing is painted in RGB, no link sits on the printed area, and a rebuild gives the same bytes."""
    import pikepdf

    folder = make_workspace(tmp_path / "ws", made_on=date.today())  # built today: its event, with posters, is ahead
    out = tmp_path / "out"
    proc = run_cli("build", folder, "--only", "print", "--cmyk", "--out", out)
    assert proc.returncode == 0, proc.stderr
    print_dir = out / folder.name / "print"
    originals = sorted(p.relative_to(print_dir) for p in print_dir.rglob("*.pdf") if "cmyk" not in p.parts)
    copies = sorted(p.relative_to(print_dir / "cmyk") for p in (print_dir / "cmyk").rglob("*.pdf"))
    office = ("cards", "programmes", "applications")  # A4 for the office printer: no copy for the press
    assert copies == [p for p in originals if p.parts[0] not in office] and len(copies) >= 4
    for name in ("report.pdf", "flyers/street-a5.pdf"):
        pdf = print_dir / "cmyk" / name
        assert "<pdfx:GTS_PDFXVersion>PDF/X-4</pdfx:GTS_PDFXVersion>" in _run("pdfinfo", "-meta", str(pdf))
        fonts = _run("pdffonts", str(pdf)).splitlines()[2:]
        assert fonts and all(line.split()[-5:-3] == ["yes", "yes"] for line in fonts), (name, fonts)
        assert re.search(r"[\uac00-\ud7a3]{2,}", _run("pdftotext", str(pdf), "-"))
        with pikepdf.open(pdf) as doc:
            media, trim = ([float(v) for v in box] for box in (doc.pages[0].mediabox, doc.pages[0].trimbox))
            assert [round(t - m, 1) for t, m in zip(trim[:2], media[:2])] == [8.5, 8.5]  # trim inside 3 mm of bleed
            intent = doc.Root.OutputIntents[0]
            assert str(intent.S) == "/GTS_PDFX" and str(intent.OutputConditionIdentifier) == "FOGRA39"
            for page in doc.pages:
                ops = {str(op) for _operands, op in pikepdf.parse_content_stream(page)}
                assert "scn" in ops and not ops & {"rg", "RG", "g", "G"}, name
                assert not [a for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Link"]
    # Every press copy passes a print shop's preflight (RGB, rich black, ink, fonts, boxes …).
    from streetkit.preflight import preflight_file

    failing = {str(p): [f.en for f in r.findings] for p in (print_dir / "cmyk").rglob("*.pdf")
               if (r := preflight_file(p)).findings}
    assert failing == {}
    again = tmp_path / "again"
    assert run_cli("build", folder, "--only", "print", "--cmyk", "--out", again).returncode == 0
    for name in ("report.pdf", "flyers/street-a5.pdf"):
        assert (again / folder.name / "print/cmyk" / name).read_bytes() == (print_dir / "cmyk" / name).read_bytes()


def test_icc_without_cmyk_is_a_usage_error(tmp_path):
    folder = make_workspace(tmp_path / "ws")
    proc = run_cli("build", folder, "--icc", "/usr/share/color/icc/ghostscript/default_cmyk.icc")
    assert proc.returncode == 2 and "--icc chooses the profile for --cmyk" in proc.stderr


def test_an_archival_document_cannot_be_split_into_parts(tmp_path):
    """Joining parts would not keep PDF/A conformance: the build names the plugin and the file."""
    from streetkit.errors import PluginError

    folder = make_workspace(tmp_path)
    add_local_plugin(folder, "split_pdfa",
                     "import streetkit\n@streetkit.hookimpl\ndef artifacts(street):\n"
                     "    return [streetkit.Document(path='print/archive.pdf', template='print/report.html',\n"
                     "                               pdf_variant='pdf/a-3b', parts=[{}, {}])]\n")
    with pytest.raises(PluginError, match=r"plugin split_pdfa failed in artifacts: print/archive\.pdf: a document in "
                                          r"parts cannot be pdf/a-3b"):
        Builder(Workspace.open(tmp_path), only={"print"}, today=date(2026, 1, 1)).build(folder)


SHEET_PLUGIN = '''import streetkit
PAGE_OF = ("print/sheet.pdf", 1)

@streetkit.hookimpl
def artifacts(street):
    return [streetkit.Document(path="print/sheet.pdf", template="print/sheet.html", title="세 장"),
            streetkit.Document(path="print/second.pdf", title="둘째 장", page_of=PAGE_OF)]
'''


def _sheet_workspace(tmp_path: Path, page_of: str = '("print/sheet.pdf", 1)') -> Path:
    folder = make_workspace(tmp_path / "ws")
    add_local_plugin(folder, "sheet", SHEET_PLUGIN.replace('("print/sheet.pdf", 1)', page_of))
    (folder / "templates/print").mkdir(parents=True)
    (folder / "templates/print/sheet.html").write_text(
        '{% extends "print/base.html" %}{% block style %}@page { size: 100mm 100mm } '
        'div { page-break-after: always; font-size: 40pt }{% endblock %}'
        '{% block body %}<div>가</div><div>나</div><div>다</div>{% endblock %}', "utf-8")
    return folder


def test_a_page_of_a_sheet_is_that_page_with_its_own_title(tmp_path):
    """`Document.page_of`: the PDF is the sheet's page, copied rather than rendered again, with the
    document's own title and the sheet's language; the same sheet gives the same bytes."""
    folder = _sheet_workspace(tmp_path)
    ws = Workspace.open(tmp_path / "ws")
    out = Builder(ws, out_root=tmp_path / "out", only={"print"}, today=date(2026, 11, 23)).build(folder).out_dir
    second = out / "print/second.pdf"
    info = _run("pdfinfo", str(second))
    assert "Pages:           1" in info and "Title:           둘째 장" in info
    assert _run("pdftotext", str(second), "-").strip() == "나"
    import pikepdf

    with pikepdf.open(second) as pdf:
        assert str(pdf.Root.Lang) == "ko"
    pngs = []
    for pdf, page in [(second, 1), (out / "print/sheet.pdf", 2)]:
        subprocess.run(["pdftoppm", "-r", "30", "-f", str(page), "-l", str(page), "-singlefile", "-png", str(pdf),
                        str(tmp_path / f"p{len(pngs)}")], check=True)
        pngs.append(PILImage.open(tmp_path / f"p{len(pngs)}.png").convert("RGB"))
    assert pngs[0].tobytes() == pngs[1].tobytes()
    again = Builder(ws, out_root=tmp_path / "again", only={"print"}, today=date(2026, 11, 23)).build(folder).out_dir
    assert (again / "print/second.pdf").read_bytes() == second.read_bytes()


@pytest.mark.parametrize("page_of, message", [
    ('("print/none.pdf", 0)', r"print/second\.pdf: page_of names print/none\.pdf, which is not a document of this build"),
    ('("print/sheet.pdf", 3)', r"print/second\.pdf: page_of names page 4 of print/sheet\.pdf, which has 3"),
])
def test_a_page_of_a_missing_sheet_or_page_is_a_clear_error(tmp_path, page_of, message):
    folder = _sheet_workspace(tmp_path, page_of)
    proc = run_cli("build", folder, "--only", "print", "--out", tmp_path / "out")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert re.search(rf"plugin sheet failed in artifacts: {message}", proc.stderr), proc.stderr


def _lines(pdf: Path) -> list[tuple[str, float]]:
    """Each text line of the PDF's first page: (its text, its bottom in mm from the top of the media box)."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    out = []
    for line in re.findall(r"<line[^>]*>(.*?)</line>", xml, re.S):
        words = re.findall(r'yMax="([\d.]+)">([^<]*)</word>', line)
        out.append((" ".join(w for _y, w in words).replace("\u2060", ""), max(float(y) for y, _w in words) * 25.4 / 72))
    return out


@pytest.mark.parametrize("size", ["A5", "A4"])
def test_the_street_flyer_lists_what_it_counts_above_the_footer(built, size):
    """The flyer counts the coming events and lists the nearest three; when there are more, its
    heading says how many of how many, and the last row stays 3 mm clear of the footer band."""
    from streetkit_plugins.print import page_size

    for result in built.values():
        coming = [e for e in result.street.profile.events if e.occurrences(result.street.today, 1)]
        lines = _lines(result.out_dir / f"print/flyers/street-{size.lower()}.pdf")
        text = "\n".join(t for t, _y in lines)
        labels = [t for t, _y in lines].index("함께하는 점포")
        assert [t for t, _y in lines][labels - 3:labels] == [str(len(result.street.profile.merchants)), ANY, str(len(coming))]
        if len(coming) > 3:
            assert f"{len(coming)}건 중 가까운 3건" in text
        dims = page_size(size)
        band_top = 3 + dims["height_mm"] - 50 * dims["k"]  # media box: 3 mm bleed above the trim
        rows = [y for t, y in lines if re.match(r"\d{4}\. \d{1,2}\. \d{1,2}\.", t)]
        assert len(rows) == min(3, len(coming)) and max(rows) <= band_top - 3, (rows, band_top)


def test_coupon_sheets_are_full_and_leave_no_syllable_alone(built):
    """Every slot between the cut lines holds a coupon (the last sheet repeats the coupons in
    order), and an offer that needs two lines breaks them evenly, never leaving one syllable on
    the second (it did: "빵 1만 원 이상 사면 우유 한 / 팩")."""
    from streetkit_plugins.print import COUPONS_PER_SHEET

    for result in built.values():
        pdf = result.out_dir / "print/flyers/coupons-a4.pdf"
        coupons = result.street.profile.coupons
        pages = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(pdf)))[1])
        assert pages == -(-len(coupons) // COUPONS_PER_SHEET)
        for page in range(1, pages + 1):
            text = _run("pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-").replace("\u2060", "")
            assert text.count(f"{result.street.profile.name} 쿠폰") == COUPONS_PER_SHEET
        lines = [t for t, _y in _lines(pdf)]
        alone = [t for t in lines if re.fullmatch(r"[가-힣]{1}", t)]
        assert not alone, alone


def test_balanced_lines():
    from streetkit.textfit import balanced_lines

    assert balanced_lines("국밥 곱빼기 무료", 75, 18) == ["국밥 곱빼기 무료"]
    assert balanced_lines("빵 1만 원 이상 사면 우유 한 팩", 75, 18) == ["빵 1만 원 이상", "사면 우유 한 팩"]
    assert balanced_lines("띄어쓰기없는아주긴제안문구입니다정말로길어요", 30, 18) == ["띄어쓰기없는아주긴제안문구입니다정말로길어요"]
