"""Incremental builds: unchanged PDFs and images are reused from the previous build, changed ones
are rebuilt, and the result is byte-for-byte what a clean build gives."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import REPO, make_workspace, pdfs_afresh, pdfs_rendered, run_cli
from streetkit.build import Builder
from streetkit.record import RECORD_NAME
from streetkit.workspace import Workspace

TODAY = date(2026, 1, 1)


def _build(root: Path, folder: Path, out: Path, only: set[str] | None = None):
    return Builder(Workspace.open(root), out_root=out, only=only, today=TODAY).build(folder)


def _files(out_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(out_dir).as_posix(): p.read_bytes() for p in sorted(out_dir.rglob("*")) if p.is_file()}


def _street_with_photo(tmp_path: Path, size: tuple[int, int] = (2000, 1400)) -> Path:
    folder = make_workspace(tmp_path / "ws")
    (folder / "images").mkdir(exist_ok=True)
    from PIL import Image as PILImage

    PILImage.new("RGB", size, "#336699").save(folder / "images/shop.jpg", quality=80)
    yaml = folder / "street.yaml"
    yaml.write_text(re.sub(r"(    category: food[^\n]*\n)", r"\1    photo: images/shop.jpg\n", yaml.read_text("utf-8"),
                           count=1), "utf-8")
    return folder


def test_a_rebuild_reuses_every_pdf_and_image_whose_inputs_did_not_change(tmp_path):
    folder = _street_with_photo(tmp_path)
    first = _build(tmp_path / "ws", folder, tmp_path / "out")
    before = _files(first.out_dir)
    expensive = [p for p in first.written if p.endswith((".pdf", ".docx", ".zip")) or p.startswith("site/images/")]
    assert first.reused == 0 and len(expensive) >= 6

    (folder / "memo.txt").write_text("상인회 회의 메모", "utf-8")  # an input, but nothing shows it
    again = _build(tmp_path / "ws", folder, tmp_path / "out")
    assert not again.up_to_date and again.reused == len(expensive)
    after = _files(again.out_dir)
    assert after.pop(RECORD_NAME) != before.pop(RECORD_NAME)  # the inputs' hash changed
    assert after == before  # the same bytes as the first build


def test_a_street_whose_inputs_did_not_change_is_up_to_date(tmp_path):
    """Nothing is rendered or written; the previous build's notes and warnings are reported again."""
    import os

    folder = _street_with_photo(tmp_path, (900, 600))  # too few pixels for print: a warning
    # A primary too light for text: the build notes the darker shade it uses.
    (folder / "street.yaml").write_text((folder / "street.yaml").read_text("utf-8").replace(
        'primary: "#1F6F5C"', 'primary: "#E4572E"'), "utf-8")
    first = _build(tmp_path / "ws", folder, tmp_path / "out")
    assert any("ppi" in w for w in first.warnings) and first.notes
    stamps = {p: p.stat().st_mtime_ns for p in first.out_dir.rglob("*")}
    os.utime(folder / "street.yaml")  # a newer time is not a change: the contents are hashed

    again = _build(tmp_path / "ws", folder, tmp_path / "out")
    assert again.up_to_date and again.reused == len(again.written)
    assert again.written == sorted(first.written)  # the files the kept build reported (not the sites' gzip twins)
    assert {p: p.stat().st_mtime_ns for p in again.out_dir.rglob("*")} == stamps  # nothing was written
    assert again.warnings == first.warnings and again.notes == first.notes
    assert again.seconds < first.seconds / 5

    proc = run_cli("build", folder, "--out", tmp_path / "out", "--today", TODAY.isoformat())
    assert proc.returncode == 0 and "all unchanged: up to date" in proc.stdout
    assert f": {len(first.written)} files (" in proc.stdout  # as many as the build it kept said it wrote
    assert "ppi" in proc.stderr  # the warning still reaches the user


def test_an_only_build_is_up_to_date_against_the_last_build_of_the_same_areas(tmp_path):
    """`--only site` again (serve's restart, a shard's re-run, the gallery) writes nothing when no
    input changed; a full build, another area or a changed input builds again."""
    folder = make_workspace(tmp_path / "ws")
    site = _build(tmp_path / "ws", folder, tmp_path / "out", only={"site"})
    assert not site.up_to_date and all(p.startswith("site/") for p in site.written)
    stamps = {p: p.stat().st_mtime_ns for p in site.out_dir.rglob("*")}
    again = _build(tmp_path / "ws", folder, tmp_path / "out", only={"site"})
    assert again.up_to_date and again.written == sorted(site.written)
    assert {p: p.stat().st_mtime_ns for p in again.out_dir.rglob("*")} == stamps  # nothing was written
    proc = run_cli("build", folder, "--only", "site", "--out", tmp_path / "out", "--today", TODAY.isoformat())
    assert proc.returncode == 0 and "all unchanged: up to date" in proc.stdout, proc.stdout + proc.stderr

    printed = _build(tmp_path / "ws", folder, tmp_path / "out", only={"print"})  # another area: built
    assert not printed.up_to_date and printed.changed == ["only"]
    assert (printed.out_dir / "print/flyers/street-a5.pdf").is_file()
    assert (printed.out_dir / "site/index.html").is_file()  # the site's files stay
    assert not _build(tmp_path / "ws", folder, tmp_path / "out", only={"site"}).up_to_date  # the print build was last
    assert not _build(tmp_path / "ws", folder, tmp_path / "out").up_to_date  # a full build is not a site build
    assert not _build(tmp_path / "ws", folder, tmp_path / "out", only={"site"}).up_to_date
    (folder / "pages/about.md").write_text("---\ntitle: 상점가 소개\n---\n\n새로 쓴 소개입니다.\n", "utf-8")
    # The command line says why it built, in the reader's language.
    proc = run_cli("build", folder, "--only", "site", "--out", tmp_path / "out", "--today", TODAY.isoformat(),
                   env={"STREETKIT_LANG": "ko"})
    assert proc.returncode == 0 and "다시 만든 까닭: 지난 빌드 뒤 바뀐 거리 폴더의 파일" in proc.stdout, proc.stdout + proc.stderr
    assert "새로 쓴 소개" in (site.out_dir / "site/about/index.html").read_text("utf-8")
    assert _build(tmp_path / "ws", folder, tmp_path / "out", only={"site"}).up_to_date


def test_a_file_saved_while_a_build_reads_it_is_built_by_the_next_build(tmp_path, monkeypatch):
    """The up-to-date hash is taken before the street is read: a save just after the read (the
    studio saving while a build runs) is never recorded as built."""
    folder = make_workspace(tmp_path / "ws")
    page = folder / "pages/about.md"  # on the site only: the PDFs come from the content cache
    real_load = Builder.load

    def load_then_save(builder: Builder, street_dir: Path):
        street = real_load(builder, street_dir)
        page.write_text(page.read_text("utf-8").replace("소개합니다", "새로 소개합니다"), "utf-8")
        return street

    monkeypatch.setattr(Builder, "load", load_then_save)
    first = _build(tmp_path / "ws", folder, tmp_path / "out")
    monkeypatch.setattr(Builder, "load", real_load)
    assert "새로 소개" not in (first.out_dir / "site/about/index.html").read_text("utf-8")  # built as read

    again = _build(tmp_path / "ws", folder, tmp_path / "out")
    assert not again.up_to_date
    assert "새로 소개" in (again.out_dir / "site/about/index.html").read_text("utf-8")


@pytest.mark.parametrize("change", ["deleted output", "damaged output", "workspace plugin", "date", "only"])
def test_a_changed_input_or_output_means_a_build(tmp_path, change):
    folder = make_workspace(tmp_path / "ws")
    ws = tmp_path / "ws"
    (ws / "plugins").mkdir()
    (ws / "plugins/note.py").write_text('"""A workspace plugin that does nothing."""\n', "utf-8")
    first = _build(ws, folder, tmp_path / "out")
    flyer = first.out_dir / "print/flyers/street-a5.pdf"
    original = flyer.read_bytes()
    kwargs = {}
    if change == "deleted output":
        flyer.unlink()
    elif change == "damaged output":  # the record's key still matches: the size tells
        flyer.write_bytes(original[:1000])
    elif change == "workspace plugin":
        (ws / "plugins/note.py").write_text('"""A workspace plugin that still does nothing."""\n', "utf-8")
    elif change == "date":
        kwargs["today"] = date(2026, 1, 2)
    elif change == "only":
        kwargs["only"] = {"print"}
    again = Builder(Workspace.open(ws), out_root=tmp_path / "out", today=kwargs.get("today", TODAY),
                    only=kwargs.get("only")).build(folder)
    assert not again.up_to_date and again.reused > 0
    assert again.changed == {"deleted output": ["output"], "damaged output": ["output"], "workspace plugin": ["code"],
                             "date": ["today"], "only": ["only"]}[change]
    assert flyer.read_bytes() == original


def test_editing_one_merchant_rebuilds_only_what_shows_it(tmp_path):
    folder = make_workspace(tmp_path / "ws")
    out = tmp_path / "out"
    first = _build(tmp_path / "ws", folder, out, only={"print"})
    flyer = (first.out_dir / "print/flyers/street-a5.pdf").read_bytes()
    report = (first.out_dir / "print/report.pdf").read_bytes()

    yaml = folder / "street.yaml"
    yaml.write_text(yaml.read_text("utf-8").replace("phone: 062-000-0001", "phone: 062-000-0002"), "utf-8")
    again = _build(tmp_path / "ws", folder, out, only={"print"})
    record = json.loads((again.out_dir / RECORD_NAME).read_text("utf-8"))["outputs"]
    assert (again.out_dir / "print/flyers/street-a5.pdf").read_bytes() == flyer  # shows no phone numbers
    assert (again.out_dir / "print/report.pdf").read_bytes() != report  # its appendix lists them
    assert again.reused == len([p for p in record if p.endswith(".pdf")]) - 1

    # The rebuilt report is exactly what a clean build makes.
    clean = _build(tmp_path / "ws", folder, tmp_path / "clean", only={"print"})
    assert (clean.out_dir / "print/report.pdf").read_bytes() == (again.out_dir / "print/report.pdf").read_bytes()


def test_a_template_change_rebuilds_the_pdfs_that_use_it(tmp_path):
    folder = make_workspace(tmp_path / "ws")
    out = tmp_path / "out"
    _build(tmp_path / "ws", folder, out, only={"print"})
    override = folder / "templates/print/_flyer-street-body.html"
    override.parent.mkdir(parents=True)
    theme = Path(__file__).resolve().parent.parent / "themes/default/templates/print/_flyer-street-body.html"
    override.write_text(theme.read_text("utf-8").replace("함께하는 점포", "함께하는 가게"), "utf-8")
    again = _build(tmp_path / "ws", folder, out, only={"print"})
    assert again.reused == len([p for p in again.written if p.endswith((".pdf", ".docx"))]) - 2  # the A5 and A4 flyers


def test_a_damaged_record_means_a_full_build(tmp_path):
    folder = make_workspace(tmp_path / "ws")
    first = _build(tmp_path / "ws", folder, tmp_path / "out", only={"print"})
    (first.out_dir / RECORD_NAME).write_text("{not json", "utf-8")
    again = _build(tmp_path / "ws", folder, tmp_path / "out", only={"print"})
    assert again.reused == 0 and (again.out_dir / "print/report.pdf").is_file()


def test_an_only_build_keeps_the_other_areas_in_the_record(tmp_path):
    folder = make_workspace(tmp_path / "ws")
    _build(tmp_path / "ws", folder, tmp_path / "out")
    again = _build(tmp_path / "ws", folder, tmp_path / "out", only={"site"})
    record = json.loads((again.out_dir / RECORD_NAME).read_text("utf-8"))["outputs"]
    assert any(p.startswith("print/") for p in record)  # print was not rebuilt, its keys stay valid
    third = _build(tmp_path / "ws", folder, tmp_path / "out", only={"print"})
    assert third.reused == third.count("print")


def test_a_changed_logo_rebuilds_the_pdfs_that_show_it(tmp_path):
    """The report links the logo by path: the HTML stays the same when the file changes."""
    folder = make_workspace(tmp_path / "ws")
    logo = folder / "images/logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" '
                    'fill="#336699"/></svg>', "utf-8")
    yaml = folder / "street.yaml"
    yaml.write_text(re.sub(r"(  font: sans[^\n]*\n)", r"\1  logo: images/logo.svg\n", yaml.read_text("utf-8")), "utf-8")
    first = _build(tmp_path / "ws", folder, tmp_path / "out", only={"print"})
    report = (first.out_dir / "print/report.pdf").read_bytes()
    logo.write_text(logo.read_text("utf-8").replace("#336699", "#993366"), "utf-8")
    again = _build(tmp_path / "ws", folder, tmp_path / "out", only={"print"})
    assert (again.out_dir / "print/report.pdf").read_bytes() != report
    # The report (PDF and Word) and the street flyers show the logo (the flyers as the brand symbol); posters do not.
    assert again.reused == again.count("print") - 4
    assert "print/report.docx" in again.written
    assert {"print/posters/event-opening-day-a4.pdf", "print/posters/event-opening-day-a3.pdf"} <= set(again.written)


def test_pdfs_rendered_in_worker_processes_are_the_same_bytes(tmp_path, monkeypatch):
    """pdf_jobs > 1 renders PDFs in a process pool: identical output, and a worker's refusal to load
    an outside file still fails the build with the document named."""
    from streetkit.errors import BuildError

    folder = make_workspace(tmp_path / "ws")
    ws = Workspace.open(tmp_path / "ws")
    one = Builder(ws, out_root=tmp_path / "one", only={"print"}, today=TODAY).build(folder)
    pdfs_afresh(monkeypatch, tmp_path / "pool-cache")  # the workers render; none of the serial build's PDFs is theirs
    pooled = Builder(ws, out_root=tmp_path / "two", only={"print"}, today=TODAY, pdf_jobs=2)
    try:
        two = pooled.build(folder)
        assert sorted(two.written) == sorted(one.written)
        assert _files(two.out_dir) == _files(one.out_dir)
        (folder / "templates/print").mkdir(parents=True)
        (folder / "templates/print/flyer-street.html").write_text(
            '<!doctype html><html><body><img src="file:///etc/passwd"><p>전단</p></body></html>', "utf-8")
        before = _files(two.out_dir)
        with pytest.raises(BuildError, match=r"print/flyers/street-a\d\.pdf .*refused to load: file:///etc/passwd"):
            pooled.build(folder)
        assert _files(two.out_dir) == before  # the failed build left the previous output as it was
    finally:
        pooled.close()



def test_a_build_into_a_fresh_folder_takes_its_pdfs_from_the_content_cache(tmp_path, monkeypatch):
    """Every PDF and Word file is kept in the content cache under its inputs: a build into another
    folder (a copy of the street, a new checkout, a CI run with the cache kept) gets the same bytes
    without WeasyPrint or the Word converter, and after an edit only the PDFs that show it are rendered."""
    from streetkit.render import docx

    monkeypatch.setenv("STREETKIT_CACHE", str(tmp_path / "cache"))
    folder = make_workspace(tmp_path / "ws")
    first = _build(tmp_path / "ws", folder, tmp_path / "one", only={"print"})
    assert any(p.endswith(".docx") for p in first.written)
    rendered = pdfs_rendered(monkeypatch)
    converted: list[str] = []
    convert = docx.html_to_docx
    monkeypatch.setattr(docx, "html_to_docx", lambda html, **kw: converted.append(html) or convert(html, **kw))
    shutil.copytree(tmp_path / "ws", tmp_path / "copy")
    second = _build(tmp_path / "copy", tmp_path / "copy/streets/test-street", tmp_path / "two", only={"print"})
    assert rendered == [] and converted == [] and second.reused == 0  # no previous build there: all from the cache
    made, expected = _files(second.out_dir), _files(first.out_dir)
    assert made.pop(RECORD_NAME) != expected.pop(RECORD_NAME)  # each record names its own folder's inputs
    assert made == expected

    # A merchant's new name: rendered again are exactly the PDFs that show it.
    _edit(tmp_path / "copy/streets/test-street/street.yaml", "name: 첫 가게", "name: 햇살빵집")
    third = _build(tmp_path / "copy", tmp_path / "copy/streets/test-street", tmp_path / "three", only={"print"})

    def text(pdf: str) -> str:  # without the word joiners that keep Korean words whole
        return subprocess.run(["pdftotext", str(third.out_dir / pdf), "-"], capture_output=True, text=True).stdout.replace("\u2060", "")

    showing = {Path(p).name for p in third.written if p.endswith(".pdf") and "햇살빵집" in text(p)}
    assert showing and set(rendered) == showing, (rendered, showing)

def test_an_unchanged_input_is_not_read_again_and_a_rewritten_one_always_is(tmp_path, monkeypatch):
    """The input hash keeps each file's hash under its inode's stamps: a settled file is not read
    again (the studio hashes a street's photos for every file a preview asks for), while a file
    rewritten to the same size with its modification time set back (as `rsync -t` or an unzip
    does) is read again: its change time moved."""
    import os
    import time

    from streetkit import fingerprint

    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"one")
    monkeypatch.setattr(fingerprint, "SETTLED_NS", 0)  # kept at once, not after two seconds
    first = fingerprint.folders_digest([tmp_path])
    reads: list[str] = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda f, *a, **k: reads.append(str(f)) or real_open(f, *a, **k))
    assert fingerprint.folders_digest([tmp_path]) == first and reads == []
    stat = photo.stat()
    time.sleep(0.05)  # past the clock tick the first write's change time was taken in
    photo.write_bytes(b"two")
    os.utime(photo, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert photo.stat().st_size == stat.st_size and photo.stat().st_mtime_ns == stat.st_mtime_ns
    assert fingerprint.folders_digest([tmp_path]) != first and reads == [str(photo)]


# -- every kind of change --------------------------------------------------------------------------
# An incremental rebuild after any change must give exactly what a clean build of the changed street
# gives: the changed outputs re-rendered, the rest reused, outputs of deleted things gone.

SECOND_SHOP = """  - id: second-shop
    name: 두번째 가게
    category: retail
    subcategory: 꽃집
    address: 광주광역시 북구 신안동 000-2
    photo: images/flowers.jpg
    pay: {local: [paper, card], zeropay: true}
"""


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def _photo(folder: Path, colour: str = "#aa3355") -> None:
    from PIL import Image as PILImage

    PILImage.new("RGB", (1600, 1000), colour).save(folder / "images/flowers.jpg", quality=80)


CHANGES = {
    # kind: (what to do, an output that must change, outputs that must disappear)
    "merchant": (lambda ws, f: _edit(f / "street.yaml", "작은 카페입니다", "작은 빵집입니다"),
                 "site/merchants/first-shop/index.html", ()),
    "deleted merchant": (lambda ws, f: _edit(f / "street.yaml", SECOND_SHOP, ""),
                         "site/merchants/index.html",
                         ("site/merchants/second-shop/index.html", "print/stickers/local-currency-second-shop.pdf")),
    "template": (lambda ws, f: (f / "templates/site").mkdir(parents=True) or (f / "templates/site/page.html").write_text(
        '{% extends "site/base.html" %}{% block main %}<p>바뀐 틀</p>{% endblock %}', "utf-8"),
                 "site/about/index.html", ()),
    "theme token": (lambda ws, f: _edit(ws / "themes/local/theme.yaml", "radius: 6px", "radius: 1px"),
                    "site/index.html", ()),  # links tokens.<new hash>.css
    "plugin option": (lambda ws, f: _edit(f / "street.yaml", "discount: 10", "discount: 5"),
                      "site/local-currency/index.html", ()),
    "markdown page": (lambda ws, f: _edit(f / "pages/about.md", "우리 골목을 소개합니다.", "골목의 역사를 소개합니다."),
                      "site/about/index.html", ()),
    "image": (lambda ws, f: _photo(f, "#33aa55"), "site/images/flowers-960.webp", ()),
    # The brand pack's zip is reused while the files it packs are unchanged: a new colour must remake it.
    "brand colour": (lambda ws, f: _edit(f / "street.yaml", 'primary: "#1F6F5C"', 'primary: "#8A3B12"'),
                     "brand/test-street-brand.zip", ()),
}


@pytest.fixture(scope="module")
def base_build(tmp_path_factory):
    """A street with a second merchant (photo, local currency), a plugin option, a workspace theme
    with its own token, a Markdown page; built once, then copied for each kind of change."""
    root = tmp_path_factory.mktemp("base")
    ws = root / "ws"
    folder = make_workspace(ws)
    _photo(folder)
    (ws / "themes/local").mkdir(parents=True)
    (ws / "themes/local/theme.yaml").write_text("name: local\nparent: default\ntokens:\n  radius: 6px\n", "utf-8")
    yaml = folder / "street.yaml"
    _edit(yaml, "theme: default", "theme: local")
    _edit(yaml, "plugins: []", "plugins: [local_currency]\nlocal_currency:\n  currency: {name: 북구사랑상품권, forms: [paper, card], discount: 10}")
    _edit(yaml, "    description: 동네 사람들이 모이는 작은 카페입니다.\n",
          "    description: 동네 사람들이 모이는 작은 카페입니다.\n    pay: {local: [paper], zeropay: true}\n" + SECOND_SHOP)
    _build(ws, folder, root / "out")
    return root


@pytest.mark.parametrize("kind", list(CHANGES))
def test_every_kind_of_change_gives_what_a_clean_build_gives(kind, base_build, tmp_path):
    import shutil

    change, changed, gone = CHANGES[kind]
    shutil.copytree(base_build, tmp_path, dirs_exist_ok=True)
    ws, folder = tmp_path / "ws", tmp_path / "ws/streets/test-street"
    out_dir = next((tmp_path / "out").iterdir())
    before = _files(out_dir)
    assert changed in before and all(g in before for g in gone)

    change(ws, folder)
    again = _build(ws, folder, tmp_path / "out")
    clean = _build(ws, folder, tmp_path / "clean")
    after = _files(again.out_dir)
    assert after == _files(clean.out_dir)  # incremental = clean, record included
    assert after[changed] != before[changed]
    assert not any(g in after for g in gone)
    assert again.reused > 0  # and it was incremental: unchanged PDFs and images came from the record


def test_linked_files_are_the_local_files_the_html_names(tmp_path):
    from streetkit.record import linked_files

    (tmp_path / "images").mkdir()
    for name in ("logo.svg", "a:b.png", "사진 1.jpg"):
        (tmp_path / "images" / name).write_bytes(b"x")
    html = ('<img src="images/logo.svg"><img src="images/a%3Ab.png"><img src="images/%EC%82%AC%EC%A7%84%201.jpg">'
            '<img src="data:image/svg+xml,%3Csvg%3E"><a href="https://example.kr/images/logo.svg">'
            '<div style="background: url(\'/images/logo.svg\')"></div><img src="images/missing.png">')
    assert [p.name for p in linked_files(html, tmp_path)] == ["logo.svg", "a:b.png", "사진 1.jpg", "logo.svg"]


def test_the_installed_packages_count_alike_from_any_folder(tmp_path):
    """A package's version is an input of every build (its metadata folder's name); the source
    checkout's own `streetkit.egg-info`, seen only from the checkout, is not: a build is up to
    date whichever folder streetkit runs from."""
    from importlib import metadata

    code = "from streetkit.fingerprint import package_versions; print(package_versions())"
    here, there = (subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True).stdout
                   for cwd in (REPO, tmp_path))
    assert here == there and f"'weasyprint-{metadata.version('weasyprint')}.dist-info'" in here
