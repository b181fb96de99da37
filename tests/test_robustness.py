"""Bad input fails clean: every case named in the robustness issue, each with the answer we expect.

docs/robustness.md lists these cases with what the tool says.
"""
from __future__ import annotations

import os
import re
import signal
import struct
import subprocess
import sys
import time
import zlib
from datetime import date
from pathlib import Path

import pytest
from PIL import Image as PILImage

from conftest import SCAFFOLD_DAY, interruptible, make_workspace, run_cli
from streetkit.build import Builder
from streetkit.errors import BuildError, PluginError, ProfileError
from streetkit.loader import load_street
from streetkit.scaffold import profile_text
from streetkit.workspace import Workspace

SCAFFOLD = profile_text("test-street", "streets/test-street", SCAFFOLD_DAY)


def problems(root: Path, folder: Path) -> str:
    ws = Workspace.open(root)
    with pytest.raises(ProfileError) as exc:
        load_street(folder, ws.host, ws.themes)
    return str(exc.value)


def street_with(tmp_path: Path, text: str | bytes) -> Path:
    folder = make_workspace(tmp_path)
    if isinstance(text, bytes):
        (folder / "street.yaml").write_bytes(text)
    else:
        (folder / "street.yaml").write_text(text, "utf-8")
    return folder


BAD_PROFILES = {
    "empty": ("", "street.yaml:1:1: the file is empty"),
    "binary": (b"\x7fELF\x02\x01\x01\x00\x00\x00", "street.yaml:1:1: this is a binary file"),
    "latin-1": ("slug: café\n".encode("latin-1"), "not UTF-8 text (byte 0xe9"),
    "syntax": ("slug: [unclosed\nname: x\n", "YAML syntax error"),
    "tabs": ("slug: x\nregion:\n\tsido: 광주\n", "a tab: YAML indentation must use spaces"),
    "duplicate key": (SCAFFOLD.replace("name: 새 골목형상점가", "name: 새 골목형상점가\nname: 또"), "duplicate key `name`"),
    "wrong type": (SCAFFOLD.replace("merchants:\n", "merchants: 3\nx_merchants:\n"), "merchants: expected a valid list"),
    "misspelt key": (SCAFFOLD.replace("tagline:", "tagilne:"), "unknown key `tagilne`: did you mean `tagline`?"),
    "missing key": (SCAFFOLD.replace("slug: test-street", "#"), "required field `slug` is missing"),
    "alias bomb": ("a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdefg", "bcdefgh")), "runaway YAML aliases"),
    "python tag": (SCAFFOLD.replace("tagline: 걸어서 만나는 동네 가게들", "tagline: !!python/object/apply:os.system [touch /tmp/pwned]"),
                   "tagline: unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'"),
    "impossible date": (SCAFFOLD.replace("updated: 2026-01-01", "updated: 2026-02-30"), "updated: invalid value '2026-02-30': day is out of range"),
    "25 o'clock": (SCAFFOLD.replace('mon: "10:00-21:00"', 'mon: "25:00-26:00"'), "25:00 is not a time of day"),
    "unknown category": (SCAFFOLD.replace("category: food", "category: bakery"), "merchants[0].category: expected 'food'"),
    "javascript url": (SCAFFOLD.replace("base_url: https://example.kr/test-street/", "base_url: javascript:alert(1)"),
                       "base_url: expected an http:// or https:// address"),
}


@pytest.mark.parametrize("case", BAD_PROFILES, ids=list(BAD_PROFILES))
def test_bad_profiles_fail_clean(tmp_path, case):
    text, expected = BAD_PROFILES[case]
    folder = street_with(tmp_path, text)
    report = problems(tmp_path, folder)
    assert expected in report, report
    assert all(re.match(r"^\S*streets/test-street/street\.yaml:\d+:\d+: ", line) for line in report.splitlines()), report
    assert not Path("/tmp/pwned").exists()


def test_bad_profile_cli_exit_code_and_no_traceback(tmp_path):
    street_with(tmp_path, BAD_PROFILES["python tag"][0])
    for command in ("validate", "build"):
        result = run_cli(command, "streets/test-street", cwd=tmp_path)
        assert result.returncode == 1 and "Traceback" not in result.stderr and "unsupported YAML tag" in result.stderr


def test_front_matter_errors_are_located(tmp_path):
    folder = street_with(tmp_path, SCAFFOLD)
    (folder / "news" / "a.md").write_text("---\ntitle: 소식\ndate: 2026-13-01\n---\n본문\n", "utf-8")
    (folder / "news" / "b.md").write_text("---\ntitle: [\n---\n", "utf-8")
    report = problems(tmp_path, folder)
    assert "news/a.md:3:7: date: invalid value '2026-13-01'" in report
    assert "news/b.md:" in report and "YAML syntax error" in report


# -- files stay inside the street -------------------------------------------------------------

@pytest.mark.parametrize("path,expected", [
    ("../../../etc/passwd", "points outside the street folder"),
    ("/etc/passwd", "is an absolute path"),
    ("images/missing.png", "file 'images/missing.png' not found"),
    ("https://example.com/logo.png", "is a URL: streetkit never downloads"),
])
def test_profile_paths_cannot_escape(tmp_path, path, expected):
    folder = street_with(tmp_path, SCAFFOLD.replace("  font: sans ", f"  logo: {path}\n  font: sans "))
    assert "brand.logo: " in problems(tmp_path, folder) and expected in problems(tmp_path, folder)


def test_symlink_pointing_out_is_refused(tmp_path):
    outside = tmp_path / "outside.png"
    PILImage.new("RGB", (4, 4)).save(outside)
    folder = street_with(tmp_path, SCAFFOLD.replace("    description: 동네", "    photo: images/shop.png\n    description: 동네"))
    os.symlink(outside, folder / "images" / "shop.png")
    assert "merchants[0].photo: 'images/shop.png' points outside the street folder" in problems(tmp_path, folder)


def test_front_matter_paths_cannot_escape(tmp_path):
    folder = street_with(tmp_path, SCAFFOLD)
    (folder / "news" / "a.md").write_text("---\ntitle: 소식\ndate: 2026-01-01\nimage: ../../x.png\n---\n", "utf-8")
    assert "news/a.md:4:8: image: '../../x.png' points outside" in problems(tmp_path, folder)


def test_dangerous_output_folders_are_refused(tmp_path, monkeypatch):
    folder = street_with(tmp_path, SCAFFOLD)
    ws = Workspace.open(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    for out in (Path("/"), tmp_path / "home", tmp_path, folder, folder / "sub"):
        with pytest.raises(BuildError, match="refusing"):
            Builder(ws, out_root=out).build(folder)


# -- images -----------------------------------------------------------------------------------

def _photo_street(tmp_path: Path, filename: str) -> Path:
    return street_with(tmp_path, SCAFFOLD.replace("    description: 동네", f"    photo: images/{filename}\n    description: 동네"))


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims the given size (no pixel data needed to trip the bomb check)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def test_corrupt_image_named_at_validation(tmp_path):
    folder = _photo_street(tmp_path, "shop.jpg")
    (folder / "images" / "shop.jpg").write_bytes(os.urandom(2048))
    assert "merchants[0].photo: images/shop.jpg: not an image Pillow can read" in problems(tmp_path, folder)


def test_truncated_image_named_at_build(tmp_path):
    import weasyprint  # noqa: F401  # its import makes Pillow accept truncated files process-wide
    folder = _photo_street(tmp_path, "shop.jpg")
    PILImage.effect_noise((800, 600), 60).convert("RGB").save(folder / "images" / "shop.jpg", quality=90)
    data = (folder / "images" / "shop.jpg").read_bytes()
    (folder / "images" / "shop.jpg").write_bytes(data[: len(data) // 2])
    with pytest.raises(BuildError, match=r"images/shop.jpg: cannot decode image"):
        Builder(Workspace.open(tmp_path), only={"site"}).build(folder)


def test_unsupported_format(tmp_path):
    folder = _photo_street(tmp_path, "shop.bmp")
    PILImage.new("RGB", (4, 4)).save(folder / "images" / "shop.bmp")
    assert "images/shop.bmp: unsupported image type .bmp" in problems(tmp_path, folder)


def test_decompression_bomb(tmp_path):
    folder = _photo_street(tmp_path, "bomb.png")
    (folder / "images" / "bomb.png").write_bytes(_png_header(60000, 60000))
    assert "images/bomb.png: too many pixels (a decompression bomb?)" in problems(tmp_path, folder)


def test_unsafe_svg_logo(tmp_path):
    folder = street_with(tmp_path, SCAFFOLD.replace("  font: sans ", "  logo: images/logo.svg\n  font: sans "))
    (folder / "images" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "utf-8")
    assert "brand.logo: images/logo.svg: the event attribute onload= is not allowed (it runs script)" \
        in problems(tmp_path, folder)


def test_huge_photo_downscaled_in_little_memory(tmp_path):
    src = tmp_path / "big.jpg"
    PILImage.new("RGB", (8000, 6000), (200, 120, 40)).save(src, quality=80)  # 48 megapixels
    # VmHWM, not ru_maxrss: the latter keeps the parent's peak across fork+exec on Linux.
    script = ("import re, sys; from pathlib import Path; from streetkit.images import web_version; "
              "web_version(Path(sys.argv[1]), Path(sys.argv[2]), 1600); "
              "print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1])")
    out = subprocess.run([sys.executable, "-c", script, str(src), str(tmp_path / "small.jpg")],
                         capture_output=True, text=True, check=True)
    peak_mb = int(out.stdout) / 1024
    assert peak_mb < 120, f"{peak_mb:.0f} MB peak; a full decode of the photo alone is 144 MB"
    with PILImage.open(tmp_path / "small.jpg") as im:
        assert im.width == 1600 and im.height == 1200


def test_photo_metadata_removed(tmp_path):
    folder = _photo_street(tmp_path, "shop.jpg")
    exif = PILImage.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    PILImage.new("RGB", (2400, 1800), (10, 80, 60)).save(folder / "images" / "shop.jpg", exif=exif)
    result = Builder(Workspace.open(tmp_path), only={"site"}, today=date(2026, 1, 1)).build(folder)
    with PILImage.open(result.out_dir / "site/images/shop.jpg") as im:
        assert im.width == 1600 and not im.getexif()


# -- atomic output ----------------------------------------------------------------------------

SLOW_PLUGIN = '''
import time
from pathlib import Path
import streetkit

@streetkit.hookimpl
def post_render(artifact, content):
    Path(__file__).with_name("started").touch()
    time.sleep(0.3)
'''


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupted_build_keeps_previous_output(tmp_path, sig):
    folder = street_with(tmp_path, SCAFFOLD)
    assert run_cli("build", "streets/test-street", cwd=tmp_path).returncode == 0
    before = _snapshot(tmp_path / "_build")
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "slow.py").write_text(SLOW_PLUGIN, "utf-8")
    text = (folder / "street.yaml").read_text("utf-8").replace("plugins: []", "plugins: [slow]")
    (folder / "street.yaml").write_text(text.replace("새 골목형상점가", "바뀐 상점가"), "utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "streetkit", "build", "streets/test-street"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=interruptible)
    deadline = time.time() + 60
    while not (tmp_path / "plugins" / "started").exists():
        assert time.time() < deadline and proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    time.sleep(0.4)  # a few pages into the staging folder
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "previous output left unchanged" in err and "Traceback" not in err
    assert _snapshot(tmp_path / "_build") == before
    assert sorted(p.name for p in (tmp_path / "_build").iterdir()) == ["test-street"]


def test_plugin_failure_midway_keeps_previous_output(tmp_path):
    folder = street_with(tmp_path, SCAFFOLD)
    ws = Workspace.open(tmp_path)
    Builder(ws, today=date(2026, 1, 1)).build(folder)
    before = _snapshot(tmp_path / "_build")
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "late.py").write_text(
        "import streetkit\n@streetkit.hookimpl\ndef post_render(artifact):\n"
        "    if 'merchants/' in artifact.path:\n        raise RuntimeError('disk full')\n", "utf-8")
    (folder / "street.yaml").write_text(SCAFFOLD.replace("plugins: []", "plugins: [late]"), "utf-8")
    with pytest.raises(PluginError, match="plugin late failed in post_render: RuntimeError: disk full"):
        Builder(Workspace.open(tmp_path), today=date(2026, 1, 1)).build(folder)
    assert _snapshot(tmp_path / "_build") == before


# -- escaping ---------------------------------------------------------------------------------

EVIL = '</script><script>alert(1)</script>"\'><img src=x onerror=alert(2)>'


def test_profile_text_escaped_in_html_attributes_and_jsonld(tmp_path):
    name = EVIL.replace("'", "''")  # YAML single-quoted
    folder = street_with(tmp_path, SCAFFOLD.replace("    name: 첫 가게", f"    name: '{name}'"))
    result = Builder(Workspace.open(tmp_path), only={"site"}, today=date(2026, 1, 1)).build(folder)
    for page in (result.out_dir / "site").rglob("*.html"):
        html = page.read_text("utf-8")
        assert "<script>alert(1)" not in html and "onerror=alert(2)>" not in html, page
        assert html.count("</script>") == html.count("<script"), page  # no early close of a script block
    merchant = (result.out_dir / "site/merchants/first-shop/index.html").read_text("utf-8")
    assert '"name": "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)' in merchant  # JSON-LD, escaped
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in merchant  # HTML text, escaped


def test_markdown_cannot_inject_script(tmp_path):
    folder = street_with(tmp_path, SCAFFOLD)
    (folder / "pages" / "about.md").write_text(
        "---\ntitle: 소개\n---\n<script>alert(1)</script>\n<a href=\"javascript:alert(2)\">x</a>\n"
        "<img src=x onerror=alert(3)>\n[y](javascript:alert(4))\n", "utf-8")
    result = Builder(Workspace.open(tmp_path), only={"site"}, today=date(2026, 1, 1)).build(folder)
    html = (result.out_dir / "site/about/index.html").read_text("utf-8")
    assert "alert(" not in html.split("<main", 1)[1]


# -- no network, no file escape while rendering ------------------------------------------------

@pytest.mark.parametrize("url", ["https://example.com/tracker.png", "file:///etc/passwd", "http://127.0.0.1:9/x.css"])
def test_pdf_rendering_refuses_outside_resources(tmp_path, url):
    folder = street_with(tmp_path, SCAFFOLD)
    (folder / "templates" / "print").mkdir(parents=True)
    (folder / "templates" / "print" / "flyer-street.html").write_text(
        f'<!doctype html><html><body><img src="{url}"><p>전단</p></body></html>', "utf-8")
    with pytest.raises(BuildError, match=rf"refused to load: {url}"):
        Builder(Workspace.open(tmp_path), only={"print"}).build(folder)


def test_a_template_runtime_error_names_the_template_line(tmp_path):
    """A template that does arithmetic on nothing fails the build with file:line, not a traceback."""
    folder = street_with(tmp_path, SCAFFOLD)
    (folder / "templates" / "print").mkdir(parents=True)
    (folder / "templates" / "print" / "flyer-street.html").write_text(
        '<!doctype html>\n<html><body>\n<p>{{ profile.name * none }}</p>\n</body></html>\n', "utf-8")
    with pytest.raises(BuildError, match=r"flyer-street\.html:3: TypeError: .*\(rendering print/flyers/street-a5\.pdf\)"):
        Builder(Workspace.open(tmp_path), only={"print"}).build(folder)
    result = run_cli("build", "--only", "print", folder, cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "flyer-street.html:3" in result.stderr


def test_a_weasyprint_failure_is_a_build_error_and_keeps_the_output(tmp_path):
    """WeasyPrint's own exceptions (here: a PDF variant it does not know) become a BuildError."""
    folder = street_with(tmp_path, SCAFFOLD.replace("plugins: []", "plugins: [odd_pdf]"))
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "odd_pdf.py").write_text(
        "import streetkit\n@streetkit.hookimpl\ndef artifacts(street):\n"
        "    return [streetkit.Document(path='print/odd.pdf', template='print/flyer-street.html', pdf_variant='pdf/x-9',\n"
        "                               context={'size': 'A5', 'width_mm': 148, 'height_mm': 210, 'k': 1, 'events': [], 'qr_target': 'x'})]\n",
        "utf-8")
    builder = Builder(Workspace.open(tmp_path), only={"print"})
    with pytest.raises(BuildError, match=r"print/odd\.pdf .*WeasyPrint failed: KeyError in \w+\.py:\d+: 'pdf/x-9'"):
        builder.build(folder)
    assert not (tmp_path / "_build" / "test-street").exists()


# -- plugins ----------------------------------------------------------------------------------

@pytest.mark.parametrize("meddling, blamed", [
    ("street.profile.merchants[0].name = '가짜'", "meddler"),  # an attribute assigned
    ("street.profile.merchants.append(street.profile.merchants[0])", "meddler"),  # a section's list grown
    ("street.profile.merchants[0] = street.profile.merchants[0].model_copy(update={'name': '가짜'})", "meddler"),
    # Inside a merchant, out of sight of the cheap checks: still stopped, naming the hook's plugins.
    ("street.profile.merchants[0].tags.append('가짜')", r"(\w+ or )*meddler( or \w+)*"),
])
def test_plugin_cannot_silently_change_the_profile(tmp_path, meddling, blamed):
    folder = street_with(tmp_path, SCAFFOLD.replace("plugins: []", "plugins: [meddler]"))
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "meddler.py").write_text(
        f"import streetkit\n@streetkit.hookimpl\ndef street_loaded(street):\n    {meddling}\n", "utf-8")
    with pytest.raises(PluginError, match=f"^plugin {blamed} failed in street_loaded: changed the profile section merchants"):
        Builder(Workspace.open(tmp_path)).build(folder)
