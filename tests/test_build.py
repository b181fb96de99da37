"""End to end: both example streets build into a real site and print-ready PDFs."""
from __future__ import annotations

import hashlib
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from markupsafe import escape
from PIL import Image

from conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    GOLDEN_STREET,
    REPO,
    STREETS,
    TODAY,
    copy_street,
    edit_profile,
    make_workspace,
    missing_links,
    pdfs_afresh,
    static_file,
)
from streetkit.build import Builder
from streetkit.errors import BuildError
from streetkit.workspace import Workspace


def test_every_merchant_event_and_page_has_a_page(built):
    for result in built.values():
        p = result.street.profile
        site = result.out_dir / "site"
        assert (site / "index.html").exists() and (site / "en" / "index.html").exists()
        for m in p.merchants:
            ko = (site / "merchants" / m.id / "index.html").read_text("utf-8")
            assert f"<h1>{escape(m.name)}</h1>" in ko
            en = (site / "en" / "merchants" / m.id / "index.html").read_text("utf-8")
            english = escape(m.name_en) if m.name_en else f'<span lang="ko">{escape(m.name)}</span>'
            assert f"<h1>{english}</h1>" in en
        for e in p.events:
            assert (site / "events" / e.id / "index.html").exists()
        for d in result.street.pages:
            assert (site / d.slug / "index.html").exists()


def test_home_page_is_korean_first_with_brand_tokens(built):
    result = built["sinan-alley"]
    home = (result.out_dir / "site/index.html").read_text("utf-8")
    assert '<html lang="ko">' in home
    assert "<h1>신안 모퉁이길 골목형상점가</h1>" in home
    assert 'hreflang="en" href="https://moturi.example.kr/en/"' in home
    tokens = static_file(result.out_dir, "tokens.css").read_text("utf-8")
    assert f'href="static/{static_file(result.out_dir, "tokens.css").name}"' in home
    assert "--color-primary: #E4572E;" in tokens
    # The seed fails AA on white (3.68:1); text uses a derived, darker shade that reaches 4.5:1
    # even on the brand tint it also sits on.
    assert re.search(r"--color-primary-text: (#[0-9A-F]{6});", tokens)[1] != "#E4572E"
    assert any("3.68:1" in n for n in result.notes)


def test_upcoming_and_past_events_follow_the_build_date(built):
    site = built["sinan-alley"].out_dir / "site"
    home = (site / "index.html").read_text("utf-8")
    assert "영수증 모아 오면 경품 추첨" in home and "가을 플리마켓" not in home  # 2026-10-17 is past on TODAY
    events = (site / "events/index.html").read_text("utf-8")
    assert events.index("지난 행사") < events.index("가을 플리마켓")


def test_local_currency_badges_shown(built):
    page = (built["jinju-bidan-market"].out_dir / "site/merchants/jinju-bibimbap/index.html").read_text("utf-8")
    assert "진주사랑상품권 (지류)" in page and "온누리상품권" in page
    en = (built["sinan-alley"].out_dir / "site/en/merchants/haru-coffee/index.html").read_text("utf-8")
    assert "Buk-gu Gift Certificate (paper, card, mobile)" in en


def test_no_broken_internal_links(built):
    for result in built.values():
        site = result.out_dir / "site"
        assert len(list(site.rglob("*.html"))) > 50
        assert not missing_links(site)


def test_text_of_the_site_has_a_gzip_twin_a_host_serves(built):
    """Pages, stylesheets, scripts, data and SVGs of 1 KiB or more carry a `.gz` twin with the same
    content (a host with gzip_static sends it as it is); photos and print files do not."""
    import gzip
    import threading

    import httpx
    from sitepages import page_types
    from static_host import make_host

    from streetkit.precompress import COMPRESS_FROM, COMPRESSED

    site = built["sinan-alley"].out_dir / "site"
    files = [p for p in site.rglob("*") if p.is_file() and p.suffix != ".gz"]
    text = [p for p in files if p.suffix in COMPRESSED and p.stat().st_size >= COMPRESS_FROM]
    assert {".html", ".css", ".js", ".json", ".xml", ".ics"} <= {p.suffix for p in text}
    for p in text:
        assert gzip.decompress(p.with_name(p.name + ".gz").read_bytes()) == p.read_bytes(), p
    others = [p for p in files if p not in text]
    assert others and not any(p.with_name(p.name + ".gz").exists() for p in others)
    assert not list((built["sinan-alley"].out_dir / "print").rglob("*.gz"))
    directory = site / "merchants/index.html"
    assert (site / "merchants/index.html.gz").stat().st_size < directory.stat().st_size / 4

    host = make_host(str(site))
    threading.Thread(target=host.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{host.server_address[1]}/"
        sent = httpx.get(base + page_types(site)["directory"], headers={"Accept-Encoding": "gzip"})
        assert sent.headers["content-encoding"] == "gzip" and sent.content == directory.read_bytes()
        plain = httpx.get(base + "merchants/", headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers and plain.content == directory.read_bytes()
        assert httpx.get(base + "no-such-page/").status_code == 404
    finally:
        host.shutdown()


def test_gzip_twins_of_unchanged_files_are_the_previous_build_s(tmp_path):
    """A rebuild compresses only what changed: an unchanged page gets the previous twin (a hard
    link), a changed one a new twin."""
    import gzip

    from streetkit.precompress import compress_site

    before, after = tmp_path / "before", tmp_path / "after"
    for site, about in ((before, "옛 소개 " * 300), (after, "새 소개 " * 300)):
        (site / "about").mkdir(parents=True)
        (site / "index.html").write_text("<p>골목</p>" * 200, "utf-8")
        (site / "about/index.html").write_text(about, "utf-8")
        (site / "small.css").write_text("p{}", "utf-8")
    assert compress_site(before, None) == 2
    assert compress_site(after, before) == 1
    assert (after / "index.html.gz").stat().st_ino == (before / "index.html.gz").stat().st_ino
    assert gzip.decompress((after / "about/index.html.gz").read_bytes()).decode() == "새 소개 " * 300
    assert not (after / "small.css.gz").exists()


def _poppler(*args: str) -> str:
    return subprocess.run(list(args), check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize("slug", [s.name for s in STREETS])
def test_flyer_is_print_ready(built, slug, tmp_path):
    result = built[slug]
    pdf = result.out_dir / "print/flyers/street-a5.pdf"
    boxes = _poppler("pdfinfo", "-box", str(pdf))
    trim = [float(x) for x in re.search(r"TrimBox:\s+(.*)", boxes)[1].split()]
    bleed = [float(x) for x in re.search(r"BleedBox:\s+(.*)", boxes)[1].split()]
    mm = 72 / 25.4
    assert trim[2] - trim[0] == pytest.approx(148 * mm, abs=0.1) and trim[3] - trim[1] == pytest.approx(210 * mm, abs=0.1)
    assert trim[0] - bleed[0] == pytest.approx(3 * mm, abs=0.05)  # 3 mm bleed on every side
    assert bleed[2] - trim[2] == pytest.approx(3 * mm, abs=0.05)
    fonts = _poppler("pdffonts", str(pdf)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" and line.split()[-4] == "yes" for line in fonts), fonts  # emb, sub
    assert any("CJK-KR" in line or "Nanum" in line for line in fonts)
    text = _poppler("pdftotext", str(pdf), "-")
    assert result.street.profile.name.replace(" ", "") in text.replace(" ", "").replace("\u2060", "")
    assert "\u2060" not in _poppler("pdfinfo", str(pdf))  # metadata without word joiners
    # The QR code decodes to the street's site with a campaign tag.
    subprocess.run(["pdftoppm", "-png", "-r", "200", "-singlefile", str(pdf), str(tmp_path / "flyer")], check=True)
    decoded = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "flyer.png")], capture_output=True, text=True).stdout.strip()
    assert decoded == f"{result.street.profile.base_url}?utm_source=print&utm_medium=qr&utm_campaign=street-a5"


def test_home_hero_is_painted_in_the_brand_colour(built, tmp_path):
    """Real Chromium renders the page; the hero's pixels are the brand surface colour."""
    result = built["jinju-bidan-market"]
    shot = tmp_path / "home.png"
    subprocess.run([CHROMIUM, "--headless", *CHROMIUM_ARGS, "--hide-scrollbars", f"--user-data-dir={tmp_path / 'chr'}",
                    "--window-size=800,600", f"--screenshot={shot}", (result.out_dir / "site/index.html").as_uri()],
                   check=True, capture_output=True, timeout=120)
    image = Image.open(shot).convert("RGB")
    assert image.getpixel((790, 250)) == (0x2B, 0x4C, 0x7E)  # right edge of the hero band: #2B4C7E


def test_rebuild_is_byte_identical(built, workspace, tmp_path, monkeypatch):
    """A second build writes the same bytes, every file; and WeasyPrint, given the same HTML, makes
    the same PDF. The rebuild takes a PDF from the content cache only under the key of its HTML and
    the files that HTML links, so its PDFs show that the HTML is the same; one PDF made each way a
    PDF is made (a plain document, a fillable form, a form filled in, a sheet in parts, a page cut
    from a sheet; the smallest of each) and an event poster (photo, QR code, Hangul) are then
    rendered again afresh."""
    from streetkit.artifacts import Document

    again = Builder(workspace, out_root=tmp_path / "out", today=TODAY).build(STREETS[0])
    first = built[again.street.slug].out_dir

    def digest(root: Path) -> dict[str, str]:
        return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file()}
    assert digest(first) == digest(again.out_dir)

    pdfs_afresh(monkeypatch, tmp_path / "cache")  # WeasyPrint's output, not the cache's
    fresh = Builder(workspace, out_root=tmp_path / "fresh", today=TODAY)
    try:
        ways: dict[tuple[bool, ...], list[tuple[int, str]]] = {}
        posters = []
        for doc in fresh.preview_plan(STREETS[0])[1].artifacts:
            if isinstance(doc, Document):
                way = (doc.forms, bool(doc.parts), doc.page_of is not None, doc.filled_from is not None)
                ways.setdefault(way, []).append(((first / doc.path).stat().st_size, doc.path))
                posters += [doc.path] if doc.template == "print/poster-event.html" else []
        assert len(ways) == 5 and posters
        for path in [min(made)[1] for made in ways.values()] + posters[:1]:
            assert fresh.render_artifact(STREETS[0], path) == (first / path).read_bytes(), path
    finally:
        fresh.close()


FAIL_PLUGIN = '''
import streetkit

@streetkit.hookimpl
def artifacts(street):
    return [streetkit.Page(path="site/zzz/index.html", template="site/does-not-exist.html")]
'''


def test_failed_build_keeps_previous_output(tmp_path):
    folder = make_workspace(tmp_path)
    ws = Workspace.open(tmp_path)
    first = Builder(ws, today=date(2026, 1, 1)).build(folder)
    before = {p: p.read_bytes() for p in first.out_dir.rglob("*") if p.is_file()}
    text = (folder / "street.yaml").read_text("utf-8")
    (folder / "street.yaml").write_text(text.replace("plugins: []", "plugins: [fail]").replace("새 골목형상점가", "바뀐 이름"), "utf-8")
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "fail.py").write_text(FAIL_PLUGIN, "utf-8")
    with pytest.raises(BuildError, match="template site/does-not-exist.html not found"):
        Builder(Workspace.open(tmp_path), today=date(2026, 1, 1)).build(folder)
    after = {p: p.read_bytes() for p in first.out_dir.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in (tmp_path / "_build").iterdir()] == ["test-street"]  # no staging left behind


def test_only_rebuilds_the_named_output(tmp_path):
    folder = make_workspace(tmp_path)
    ws = Workspace.open(tmp_path)
    full = Builder(ws, today=date(2026, 1, 1)).build(folder)
    pdf = full.out_dir / "print/flyers/street-a5.pdf"
    stamp = pdf.stat().st_mtime_ns
    Builder(ws, today=date(2026, 1, 1), only={"site"}).build(folder)
    assert pdf.stat().st_mtime_ns == stamp and (full.out_dir / "site/index.html").exists()


def test_output_folder_safety(tmp_path):
    folder = make_workspace(tmp_path)
    ws = Workspace.open(tmp_path)
    for bad in (tmp_path, folder, folder / "out", Path("/")):
        with pytest.raises(BuildError, match="refusing"):
            Builder(ws, out_root=bad).build(folder)


def test_user_text_is_escaped(tmp_path):
    folder = make_workspace(tmp_path)
    text = (folder / "street.yaml").read_text("utf-8")
    text = text.replace("description: 동네 사람들이 모이는 작은 카페입니다.", 'description: "<script>alert(1)</script> & 빵"')
    (folder / "street.yaml").write_text(text, "utf-8")
    result = Builder(Workspace.open(tmp_path), today=date(2026, 1, 1), only={"site"}).build(folder)
    page = (result.out_dir / "site/merchants/first-shop/index.html").read_text("utf-8")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 빵" in page


def test_markdown_raw_html_is_sanitised(tmp_path):
    folder = make_workspace(tmp_path)
    (folder / "pages" / "about.md").write_text(
        '---\ntitle: 소개\n---\n\n안녕 <script>alert(1)</script> [x](javascript:alert(1)) <b>굵게</b>\n', "utf-8")
    result = Builder(Workspace.open(tmp_path), today=date(2026, 1, 1), only={"site"}).build(folder)
    page = (result.out_dir / "site/about/index.html").read_text("utf-8")
    assert "<script>alert" not in page and "javascript:" not in page and "<b>굵게</b>" in page


def test_render_artifact_gives_one_page_or_pdf_as_the_build_makes_it(built, tmp_path):
    """The preview seam: one artifact rendered on demand through the build's own code."""
    import time

    from streetkit.build import Builder

    result = built["sinan-alley"]
    # No previous build in this output folder: rendered afresh (or the same bytes from the content cache).
    builder = Builder(Workspace.open(REPO), out_root=tmp_path, today=TODAY)
    try:
        street_dir = REPO / "streets/sinan-alley"
        merchant = f"site/merchants/{result.street.profile.merchants[0].id}/index.html"
        assert builder.render_artifact(street_dir, merchant) == (result.out_dir / merchant).read_bytes()
        poster = next(p for p in result.written if p.startswith("print/posters/") and p.endswith("-a4.pdf"))
        started = time.perf_counter()
        assert builder.render_artifact(street_dir, poster) == (result.out_dir / poster).read_bytes()
        assert time.perf_counter() - started < 10
        sticker = next(p for p in result.written if p.startswith("print/stickers/local-currency-")
                       and not p.endswith("-all.pdf"))
        assert builder.render_artifact(street_dir, sticker)[:5] == b"%PDF-"  # a page of a sheet
        with pytest.raises(BuildError, match="nothing in this build makes site/nope.html"):
            builder.render_artifact(street_dir, "site/nope.html")
    finally:
        builder.close()


def test_a_preview_plans_the_street_once_for_a_page_and_its_files_and_again_after_an_edit(tmp_path, monkeypatch):
    from streetkit.build import Builder

    folder = copy_street(GOLDEN_STREET, tmp_path)
    builder = Builder(Workspace.open(tmp_path), today=TODAY)
    plans = []
    real = Builder.plan
    monkeypatch.setattr(Builder, "plan", lambda self, *a, **k: plans.append(1) or real(self, *a, **k))
    listing = builder.render_artifact(folder, "site/merchants/index.html").decode("utf-8")
    assets = re.findall(r'(?:href|src)="\.\./(static/[^"]+)"', listing)
    for asset in assets:
        assert builder.render_artifact(folder, f"site/{asset}")
    assert len(assets) >= 3 and len(plans) == 1
    edit_profile(folder, "모서리책방", "모서리책방 2호점")
    assert "모서리책방 2호점" in builder.render_artifact(folder, "site/merchants/index.html").decode("utf-8")
    assert len(plans) == 2
    # The code and themes (a workspace theme here) are hashed again once their hash is older than
    # PREVIEW_CODE_AGE_S: a preview's dozen files do not walk them each; an edit there shows after.
    monkeypatch.setattr("streetkit.build.PREVIEW_CODE_AGE_S", 600.0)
    (tmp_path / "themes").mkdir(exist_ok=True)
    (tmp_path / "themes" / "notes.txt").write_text("a theme's file", "utf-8")
    builder.render_artifact(folder, "site/merchants/index.html")
    assert len(plans) == 2
    monkeypatch.setattr("streetkit.build.PREVIEW_CODE_AGE_S", 0.0)
    builder.render_artifact(folder, "site/merchants/index.html")
    assert len(plans) == 3
