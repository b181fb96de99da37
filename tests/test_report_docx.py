"""The report as an editable Word file: the same chapters, sections, tables and charts as the PDF,
read back with python-docx and opened by LibreOffice (Debian's headless Writer) as a client's
office suite would."""
from __future__ import annotations

import re
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

import docx
import pikepdf
import pytest
from docx.oxml.ns import qn
from PIL import Image

STREETS = ["sinan-alley", "jinju-bidan-market"]


def _outline(pdf: Path) -> list[tuple[int, str]]:
    """(level, title) of the PDF's bookmarks: its chapters (1) and sections (2)."""
    with pikepdf.open(pdf) as doc, doc.open_outline() as outline:
        return [(level, item.title) for top in outline.root
                for level, item in [(1, top), *((2, child) for child in top.children)]]


def _pdf_text(pdf: Path) -> str:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.replace("\u2060", "").split())


@pytest.mark.parametrize("slug", STREETS)
def test_the_word_file_has_the_pdf_s_chapters_tables_and_charts(built, slug):
    out = built[slug].out_dir / "print"
    document = docx.Document(str(out / "report.docx"))
    headings = [(int(p.style.name[-1]), p.text) for p in document.paragraphs
                if p.style.name in ("Heading 1", "Heading 2")]
    assert headings == _outline(out / "report.pdf")
    # Tables are Word tables, with their header rows repeated on each page.
    pdf_text = _pdf_text(out / "report.pdf")
    assert len(document.tables) >= 10
    headers = [t for t in document.tables if t.rows[0]._tr.trPr is not None
               and t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None]
    assert len(headers) >= 8
    appendix = document.tables[-1]
    assert [c.text for c in appendix.rows[0].cells] == ["번호", "상호", "업종", "전화", "결제·배달"]
    merchants = built[slug].street.profile.merchants
    assert len(appendix.rows) == len(merchants) + 1
    for row in appendix.rows[1:]:  # every shop of the PDF's appendix, with its phone number
        number, name, _trade, phone, _pay = (c.text for c in row.cells)
        assert f"{number} {name}" in pdf_text or name in pdf_text
        assert phone == "—" or phone in pdf_text
    # Every chart is a picture at print resolution; figures keep their captions.
    figures = len(re.findall(r"그림 \d+\.", pdf_text))
    captions = [p for p in document.paragraphs if p.style.name == "Caption"]
    assert len(captions) == figures
    pictures = document.inline_shapes
    assert len(pictures) >= figures
    with zipfile.ZipFile(out / "report.docx") as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        chart = max(media, key=lambda n: z.getinfo(n).file_size)
        with Image.open(z.open(chart)) as image:
            widest = image.size[0]
    shape = max(pictures, key=lambda s: s.width)
    assert widest / (shape.width / 914400) >= 290  # pixels per inch of the widest picture as placed


@pytest.mark.parametrize("slug", STREETS[:1])
def test_korean_fonts_metadata_and_a_contents_field(built, slug):
    out = built[slug].out_dir / "print"
    document = docx.Document(str(out / "report.docx"))
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == fonts.get(qn("w:ascii")) == "Noto Sans CJK KR"
    assert document.styles["Normal"].element.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) == "ko-KR"
    with pikepdf.open(out / "report.pdf") as pdf:
        assert document.core_properties.title == str(pdf.docinfo["/Title"])
        assert document.core_properties.author == str(pdf.docinfo["/Author"])
    assert document.core_properties.created.date().isoformat() == "2026-11-16"
    xml = document.element.xml
    assert 'TOC \\o "1-2"' in xml and "2. 상권 개요" in xml  # the field, shown filled in until Word updates it
    assert "\u2060" not in xml  # print's word joiners stay out of the editable text


@pytest.mark.parametrize("slug", STREETS)
def test_libreoffice_opens_it_with_the_same_chapters_and_tables(built, slug, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is installed by scripts/setup.sh (libreoffice-writer-nogui)"
    out = built[slug].out_dir / "print"
    profile = (tmp_path / f"lo-{uuid.uuid4().hex}").as_uri()  # one profile per run: parallel tests
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(out / "report.docx")], check=True, capture_output=True, timeout=180)
    converted = _pdf_text(tmp_path / "report.pdf")
    original = _pdf_text(out / "report.pdf")
    # Every chapter and section heading, in the PDF's order.
    position = 0
    for _level, title in _outline(out / "report.pdf"):
        found = converted.find(title, position)
        assert found >= 0, title
        position = found + len(title)
    # The tables' figures: every number-with-unit cell of the PDF's store-dynamics table survives.
    for row in re.findall(r"상점가 \d+ \d+ \d+ [+-]?\d+ [\d.]+% [\d.]+% [\d.]+%", original):
        assert row in converted
    # The Korean font the file names was found (Noto Sans CJK: one collection, named by its first face).
    fonts = subprocess.run(["pdffonts", str(tmp_path / "report.pdf")], capture_output=True, text=True, check=True).stdout
    assert "NotoSansCJK" in fonts
