"""PDFs embed from Hangul subsets of Noto CJK KR, and fall back to the full face for anything else."""
from __future__ import annotations

import io
import subprocess

import pytest

from conftest import make_workspace, run_cli
from streetkit import find_font, fonts
from streetkit.render.hangulfonts import CUTS, HangulFonts, hangul_fonts, in_repertoire, is_common, subset_hangul
from streetkit.render.pdf import PdfRenderer


def _run(*args: str) -> str:
    return subprocess.run(list(args), check=True, capture_output=True).stdout.decode("utf-8", "replace")


def _fonts(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return [line.split()[0].split("+", 1)[1] for line in _run("pdffonts", str(path)).splitlines()[2:]]


def test_repertoire_keeps_korean_print_text_and_leaves_hanja_and_kana():
    kept = "가힣똠쌰 ABCxyz 0-9 ₩ ① ㈜ ㎡ 「」 · … — ☎ ★ ● ▶ é ㄱ ㅏ"
    assert all(in_repertoire(ord(c)) for c in kept)
    assert all(in_repertoire(c) for c in range(0xAC00, 0xD7A4))  # every Hangul syllable
    assert not any(in_repertoire(ord(c)) for c in "市場あア中文")


def test_common_cut_holds_the_ks_x_1001_syllables_and_everything_else_but_old_hangul():
    assert all(is_common(ord(c)) for c in "가각힝 ABC ₩ ① ㈜ 「」 · ㄱ ㅏ ㅋㅋ")
    assert sum(is_common(c) for c in range(0xAC00, 0xD7A4)) == 2350  # KS X 1001's syllables
    assert not any(is_common(ord(c)) for c in "똠쀍햏\u1100\u1161\ua960")  # rarer syllables, conjoining jamo


def test_cuts_split_the_repertoire_with_the_same_metrics():
    from fontTools.ttLib import TTFont

    path, index = find_font("Noto Sans CJK KR:style=Regular")
    full = TTFont(path, fontNumber=index, lazy=True)
    full_cmap = full.getBestCmap()
    cuts = [TTFont(io.BytesIO(subset_hangul(path, index, keeps))) for _, keeps in CUTS]
    common, extra = (cut.getBestCmap() for cut in cuts)
    assert set(common) | set(extra) == {c for c in full_cmap if in_repertoire(c)}
    # Only the common syllables are the common cut's alone: Pango sets a space after a rare
    # syllable in the rare syllable's font, so the Extra cut has Latin and symbols too.
    assert set(common) - set(extra) == {c for c in range(0xAC00, 0xD7A4) if is_common(c)}
    # The cut nearly every document embeds from is small: its per-document subset is what is fast.
    assert len(cuts[0].getGlyphOrder()) < len(full.getGlyphOrder()) / 10
    for cut, cmap, sample in zip(cuts, (common, extra), ("골목 Market ₩1,000", "똠쀍")):
        # CID = glyph index, as in the full face: WeasyPrint writes glyph indices as CIDs, and
        # Ghostscript (a shop's RIP) reads them through the charset, so any other charset garbles the text.
        assert all(name == f"cid{i:05d}" for i, name in enumerate(cut.getGlyphOrder()) if i)
        # Same advances, so a line breaks where it did with the full face.
        for ch in sample:
            assert cut["hmtx"][cmap[ord(ch)]][0] == full["hmtx"][full_cmap[ord(ch)]][0]


def test_apply_rewrites_css_and_svg_font_names_but_not_text():
    fonts = HangulFonts("", {"Noto Sans CJK KR": ("Noto Sans CJK KR Hangul", "Noto Sans CJK KR Hangul Extra")})
    html = ('<style>:root { --font-sans: "Noto Sans CJK KR", sans-serif } p { font-family: \'Noto Sans CJK KR\' }'
            '</style><p>서체: "Noto Sans CJK KR"</p>'
            '<svg font-family=\'"Noto Sans CJK KR", sans-serif\'><text>"Noto Sans CJK KR"</text></svg>')
    out = fonts.apply(html)
    assert ('--font-sans: "Noto Sans CJK KR Hangul", "Noto Sans CJK KR Hangul Extra", "Noto Sans CJK KR", '
            'sans-serif') in out
    assert "font-family: 'Noto Sans CJK KR Hangul', 'Noto Sans CJK KR Hangul Extra', 'Noto Sans CJK KR' }" in out
    assert ('font-family=\'"Noto Sans CJK KR Hangul", "Noto Sans CJK KR Hangul Extra", "Noto Sans CJK KR", '
            'sans-serif\'') in out
    assert '<p>서체: "Noto Sans CJK KR"</p>' in out and '<text>"Noto Sans CJK KR"</text>' in out
    assert HangulFonts().apply(html) == html


def test_pdf_embeds_the_cuts_and_takes_hanja_from_the_full_face(tmp_path):
    assert hangul_fonts().families == {
        "Noto Sans CJK KR": ("Noto Sans CJK KR Hangul", "Noto Sans CJK KR Hangul Extra"),
        "Noto Serif CJK KR": ("Noto Serif CJK KR Hangul", "Noto Serif CJK KR Hangul Extra")}
    html = ('<html lang="ko"><style>p { font-family: "Noto Sans CJK KR" } h1 { font-family: "Noto Serif CJK KR" }'
            '</style><h1>신안 모퉁이길</h1><p>전통 市場 시장 Market ₩5,000</p><p><b>굵게</b> 똠양꿍 햏 쀍. 끝</p></html>')
    pdf = PdfRenderer().render(html, tmp_path.as_uri() + "/", [tmp_path])
    fonts = _fonts(pdf, tmp_path)
    assert {"Noto-Sans-CJK-KR-Hangul", "Noto-Sans-CJK-KR-Hangul-Bold", "Noto-Serif-CJK-KR-Hangul-Bold"} <= set(fonts)
    assert "Noto-Sans-CJK-KR-Hangul-Extra" in fonts  # 똠 only
    assert "Noto-Sans-CJK-KR" in fonts  # 市場 only
    (tmp_path / "doc.pdf").write_bytes(pdf)
    text = _run("pdftotext", str(tmp_path / "doc.pdf"), "-").replace("\u2060", "")
    assert "신안 모퉁이길" in text and "전통 市場 시장 Market ₩5,000" in text and "굵게 똠양꿍 햏 쀍. 끝" in text


def _png(pdf: bytes, tmp_path, name: str):
    from PIL import Image

    (tmp_path / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-singlefile", str(tmp_path / f"{name}.pdf"),
                    str(tmp_path / name)], check=True)
    return Image.open(tmp_path / f"{name}.png").convert("RGB")


def test_text_across_the_cuts_looks_as_with_the_full_face(tmp_path, monkeypatch):
    """Rare syllables next to common ones, spaces and punctuation between them (which Pango sets in
    the rare syllable's font: a cut without them drew tofu boxes), bold, serif and Hanja render
    exactly as from the installed faces alone."""
    from PIL import ImageChops

    from streetkit.render import pdf as pdf_module

    html = ('<style>@page { size: 150mm 45mm; margin: 5mm } p { font-family: "Noto Sans CJK KR"; font-size: 18pt; '
            'margin: 0 } h1 { font-family: "Noto Serif CJK KR"; font-size: 18pt; margin: 0 }</style>'
            '<h1>똠방각하 햏. 골목</h1><p>똠양꿍 햏 쀍, <b>똠방 가게</b> 市場 Market ₩5,000 「끝」</p>')
    ours = PdfRenderer().render(html, tmp_path.as_uri() + "/", [tmp_path])
    assert "Noto-Sans-CJK-KR-Hangul-Extra" in _fonts(ours, tmp_path)
    monkeypatch.setattr(pdf_module, "hangul_fonts", HangulFonts)  # no substitution: the installed faces
    reference = PdfRenderer().render(html, tmp_path.as_uri() + "/", [tmp_path])
    assert not any("Hangul" in f for f in _fonts(reference, tmp_path))
    assert ImageChops.difference(_png(ours, tmp_path, "ours"), _png(reference, tmp_path, "reference")).getbbox() is None


def test_example_flyer_embeds_only_the_common_cut(built, tmp_path):
    flyer = built["sinan-alley"].out_dir / "print/flyers/street-a5.pdf"
    fonts = _fonts(flyer.read_bytes(), tmp_path)
    assert fonts and all(f.startswith("Noto-Sans-CJK-KR-Hangul") and "Extra" not in f for f in fonts), fonts


def test_without_a_writable_cache_pdfs_use_the_installed_fonts(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("STREETKIT_CACHE", str(blocker))
    hangul_fonts.cache_clear()
    try:
        assert hangul_fonts().families == {} and hangul_fonts().folder is None
        pdf = PdfRenderer().render('<p style="font-family: \'Noto Sans CJK KR\'">골목</p>', tmp_path.as_uri() + "/",
                                   [tmp_path])
        assert _fonts(pdf, tmp_path) == ["Noto-Sans-CJK-KR"]
    finally:
        hangul_fonts.cache_clear()


@pytest.mark.parametrize("weight, css", [(80, 400), (200, 700), (210, 900), (55, 300)])
def test_fontconfig_weights_map_to_css(weight, css, monkeypatch):
    line = f"/f.ttc|1|{weight}|Noto Sans CJK KR\n/g.ttc|0|80|Noto Sans CJK JP\n"
    monkeypatch.setattr(fonts.subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, 0, line, ""))
    assert fonts.installed_faces("Noto Sans CJK KR") == [("/f.ttc", 1, css)]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_builds_leave_no_font_copies_in_the_temporary_folder(tmp_path, jobs):
    """WeasyPrint copies @font-face fonts (12 MB) to a temporary folder it deletes only when the font
    configuration is collected: the build process and its PDF workers must let go before exiting."""
    folder = make_workspace(tmp_path / "ws")
    temp = tmp_path / "temp"
    temp.mkdir()
    # A cache of its own: PDFs from the shared content cache would never reach WeasyPrint.
    proc = run_cli("build", folder, "--only", "print", "--jobs", jobs, "--out", tmp_path / "out",
                   env={"TMPDIR": str(temp), "STREETKIT_CACHE": str(tmp_path / "cache")})
    assert proc.returncode == 0, proc.stderr
    assert list((tmp_path / "out" / folder.name / "print").rglob("*.pdf"))
    assert not list(temp.glob("weasyprint-*"))
