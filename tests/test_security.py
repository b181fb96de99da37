"""A street folder is untrusted input: its templates are sandboxed, its SVGs rebuilt, its files read
only inside it, and faults of the disk or the preview server end in one clear line.

docs/security.md describes the trust boundary; docs/robustness.md lists these cases and the answers.
"""
from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import REPO, TODAY, copy_street, interruptible, make_workspace, run_cli
from streetkit import svgclean
from streetkit.build import Builder
from streetkit.errors import BuildError, ProfileError
from streetkit.loader import load_street
from streetkit.render.html import make_environment
from streetkit.safepath import PathEscape
from streetkit.serve import PreviewState, make_server
from streetkit.serverguard import Guard
from streetkit.workspace import Workspace


def _load(folder: Path):
    ws = Workspace.open(folder.parent.parent)
    return load_street(folder, ws.host, ws.themes)


def _problems(folder: Path) -> str:
    with pytest.raises(ProfileError) as exc:
        _load(folder)
    return str(exc.value)


# -- 1. street templates render in the sandbox ------------------------------------------------------

#: Known Jinja server-side template injection payloads, and streetkit-specific ways out.
SSTI = {
    "lipsum globals": "lipsum.__globals__['os'].popen('id').read()",
    "cycler init": "cycler.__init__.__globals__.os.popen('id').read()",
    "joiner init": "joiner.__init__.__globals__.os.popen('id').read()",
    "namespace init": "namespace.__init__.__globals__.os.popen('id').read()",
    "mro subclasses": "''.__class__.__mro__[1].__subclasses__()",
    "template reference": "self._TemplateReference__context.cycler.__init__.__globals__.os.popen('id').read()",
    "attr filter": "(lipsum|attr('__globals__'))['os'].popen('id').read()",
    "escaped attr name": "(lipsum|attr('\\x5f\\x5fglobals\\x5f\\x5f'))['os']",
    "format string": "'{0.__class__.__mro__}'.format(1)",
    "request-style class": "().__class__.__base__.__subclasses__()",
    "theme helper globals": "url.__globals__['os']",
    "path read": "street.file('street.yaml').read_text()",
    "path climb": "street.root.parent.parent.joinpath('etc/passwd').read_text()",
    "street mutation": "street.add_nav(none)",
    "private-link key": "street.secret('cards')",
    "class call": "street.profile.model_fields['slug'].annotation('x')",
    "memory bomb": "'x' * 100000000",
    "power bomb": "10 ** 100000000",
}


@pytest.fixture(scope="module")
def scaffold_street(tmp_path_factory):
    root = tmp_path_factory.mktemp("ws")
    folder = make_workspace(root)
    return folder, _load(folder)


def _sandboxed(folder: Path, source: str, **context):
    templates = folder / "templates"
    (templates / "site").mkdir(parents=True, exist_ok=True)
    (templates / "site/t.html").write_text(source, "utf-8")
    env = make_environment([templates, REPO / "themes/default/templates"], "site", untrusted=templates)
    return env.get_template("site/t.html").render(context)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pydantic's, for `model_fields` on an instance
@pytest.mark.parametrize("payload", list(SSTI.values()), ids=list(SSTI))
def test_street_templates_cannot_reach_python(scaffold_street, payload):
    from jinja2.sandbox import SecurityError

    folder, street = scaffold_street
    with pytest.raises(SecurityError):
        _sandboxed(folder, "<p>{{ " + payload + " }}</p>", street=street)


def test_the_sandbox_still_shows_the_street(scaffold_street):
    folder, street = scaffold_street
    out = _sandboxed(folder, "{% for m in street.profile.merchants %}{{ m.name }} {{ m.hours.mon }} "
                     "{{ street.root.name }} {{ m.tags|join(',') }}{{ loop.cycle('a', 'b') }}{% endfor %}"
                     "{% set ns = namespace(n=0) %}{% set ns.n = 3 %}{{ ns.n }}{{ dict(a=1).items()|list }}",
                     street=street)
    assert out == "첫 가게 10:00-21:00 test-street a3[(&#39;a&#39;, 1)]"


def test_a_payload_in_a_street_template_is_a_clean_build_error(tmp_path):
    folder = make_workspace(tmp_path)
    (folder / "templates/site").mkdir(parents=True)
    (folder / "templates/site/home.html").write_text(
        '{% extends "site/base.html" %}\n{% block main %}\n<p>{{ lipsum.__globals__["os"].popen("id").read() }}</p>\n'
        "{% endblock %}\n", "utf-8")
    result = run_cli("build", "streets/test-street", "--only", "site", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"streets/test-street/templates/site/home\.html:3: refused: access to attribute '__globals__'",
                     result.stderr), result.stderr
    assert not (tmp_path / "_build/test-street").exists()


def test_a_street_with_every_theme_template_copied_in_builds_the_same_site(tmp_path):
    """The sandbox runs the whole theme chain for a street with templates/: copies of every theme
    and plugin template give the same pages as the theme itself."""
    plain = tmp_path / "plain/streets/jinju-bidan-market"
    shutil.copytree(REPO / "streets/jinju-bidan-market", plain)
    own = tmp_path / "own/streets/jinju-bidan-market"
    shutil.copytree(plain, own)
    shutil.copytree(REPO / "themes/default/templates", own / "templates")
    shutil.copytree(REPO / "plugins/templates", own / "templates", dirs_exist_ok=True)
    outs = []
    for folder in (plain, own):
        builder = Builder(Workspace.open(folder.parent.parent), only={"site"}, today=TODAY)
        outs.append(builder.build(folder).out_dir / "site")
    files = sorted(p.relative_to(outs[0]) for p in outs[0].rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(outs[1]) for p in outs[1].rglob("*") if p.is_file())
    assert [f for f in files if (outs[0] / f).read_bytes() != (outs[1] / f).read_bytes()] == []


def test_a_street_template_linking_outside_is_refused(tmp_path):
    folder = make_workspace(tmp_path)
    secret = tmp_path / "secret.html"
    secret.write_text("SECRET {{ 1 + 1 }}", "utf-8")
    (folder / "templates/site").mkdir(parents=True)
    (folder / "templates/site/home.html").symlink_to(secret)
    result = run_cli("build", "streets/test-street", "--only", "site", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "link to a file outside the street folder" in result.stderr


# -- 2. SVGs are parsed and rebuilt ------------------------------------------------------------------

SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'
HOSTILE_SVGS = {
    "script": SVG_OPEN + "<script>alert(1)</script></svg>",
    "namespaced script": '<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(1)</s:script></s:svg>',
    "script in CDATA": SVG_OPEN + "<script><![CDATA[alert(1)]]></script></svg>",
    "html script": SVG_OPEN + '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></svg>',
    "event attribute": SVG_OPEN + '<rect width="1" height="1" onclick="alert(1)"/></svg>',
    "onload on root": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "foreignObject": SVG_OPEN + '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>',
    "internal entity": '<!DOCTYPE svg [<!ENTITY x "boom">]>' + SVG_OPEN + "<text>&x;</text></svg>",
    "external entity": '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + SVG_OPEN + "<text>&x;</text></svg>",
    "billion laughs": '<!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>' + SVG_OPEN + "<text>&b;</text></svg>",
    "xinclude": SVG_OPEN + '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" parse="text"/></svg>',
    "use data uri": SVG_OPEN + '<use href="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+"/></svg>',
    "use external": SVG_OPEN + '<use xlink:href="https://evil.example/x.svg#a"/></svg>',
    "javascript link": SVG_OPEN + '<a href="javascript:alert(1)"><rect width="1" height="1"/></a></svg>',
    "javascript xlink": SVG_OPEN + '<a xlink:href=" JavaScript:alert(1)"><rect width="1" height="1"/></a></svg>',
    "css import": SVG_OPEN + "<style>@import url(https://evil.example/x.css);</style></svg>",
    "css external url": SVG_OPEN + '<rect style="fill: url(https://evil.example/x)" width="1" height="1"/></svg>',
    "presentation url": SVG_OPEN + '<rect fill="url(file:///etc/passwd)" width="1" height="1"/></svg>',
    "external image": SVG_OPEN + '<image href="https://evil.example/p.png" width="1" height="1"/></svg>',
    "svg image in image": SVG_OPEN + '<image href="data:image/svg+xml;base64,PHN2Zy8+" width="1" height="1"/></svg>',
    "really html": '<html><body><svg xmlns="http://www.w3.org/2000/svg"/><script>alert(1)</script></body></html>',
    "animate to javascript": SVG_OPEN + '<a><set attributeName="href" to="javascript:alert(1)"/></a></svg>',
}


@pytest.mark.parametrize("svg", list(HOSTILE_SVGS.values()), ids=list(HOSTILE_SVGS))
def test_hostile_svgs_are_refused_or_cleaned(svg):
    try:
        out, _dropped = svgclean.clean(svg.encode())
    except svgclean.UnsafeSvg:
        return  # refused: validation names it, nothing is written
    text = out.decode().lower()
    for bad in ("script", "javascript", "onload", "onclick", "foreignobject", "include", "@import", "evil", "set "):
        assert bad not in text, (bad, text)


def test_a_drawing_programs_svg_is_kept_as_a_drawing_without_its_editor_data():
    svg = ('<?xml version="1.0"?><!-- Inkscape --><svg xmlns="http://www.w3.org/2000/svg" '
           'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
           'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" viewBox="0 0 64 64" '
           'inkscape:version="1.3"><sodipodi:namedview pagecolor="#fff"/><metadata><rdf:RDF '
           'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>'
           '<defs><linearGradient id="g"><stop offset="0" stop-color="#E4572E"/></linearGradient></defs>'
           '<g inkscape:label="Layer 1" data-x="1"><rect width="64" height="64" rx="8" fill="url(#g)"/>'
           '<a href="https://example.kr"><text x="4" y="40" font-size="20">골목</text></a>'
           '<image href="data:image/png;base64,iVBORw0KGgo=" width="2" height="2"/></g></svg>')
    out, dropped = svgclean.clean(svg.encode())
    text = out.decode()
    assert "Inkscape" not in text and "inkscape" not in text and "sodipodi" not in text and "metadata" not in text
    assert 'fill="url(#g)"' in text and ">골목</text>" in text and "data:image/png" in text
    assert "https://example.kr" not in text and "data-x" not in text
    assert {"<namedview>", "<metadata>", "version=", "label=", "data-x=", "link"} <= set(dropped)


def test_validate_refuses_a_namespaced_script_in_the_logo(tmp_path):
    folder = make_workspace(tmp_path)
    (folder / "images").mkdir(exist_ok=True)
    (folder / "images/logo.svg").write_text(HOSTILE_SVGS["namespaced script"], "utf-8")
    (folder / "street.yaml").write_text((folder / "street.yaml").read_text("utf-8").replace(
        '  font: sans ', '  logo: images/logo.svg\n  font: sans '), "utf-8")
    assert "brand.logo: images/logo.svg: <script> is not allowed in an SVG image" in _problems(folder)


def test_the_build_writes_the_cleaned_svg_never_the_original_bytes(tmp_path):
    folder = make_workspace(tmp_path)
    (folder / "images").mkdir(exist_ok=True)
    original = ('<?xml version="1.0"?>\n<!-- made by hand -->\n<svg xmlns="http://www.w3.org/2000/svg" '
                'xmlns:i="http://ns.adobe.com/AdobeIllustrator/10.0/" viewBox="0 0 10 10" i:x="1">'
                '<rect width="10" height="10" fill="#1F6F5C"/></svg>')
    (folder / "images/logo.svg").write_text(original, "utf-8")
    (folder / "street.yaml").write_text((folder / "street.yaml").read_text("utf-8").replace(
        '  font: sans ', '  logo: images/logo.svg\n  font: sans '), "utf-8")
    out = Builder(Workspace.open(tmp_path), only={"site", "brand"}, today=TODAY).build(folder).out_dir
    for written in (out / "site/images/logo.svg", out / "brand/logo/original.svg"):
        data = written.read_bytes()
        assert data != original.encode() and b"made by hand" not in data and b"AdobeIllustrator" not in data
        assert b'<rect width="10" height="10" fill="#1F6F5C" />' in data
        assert svgclean.clean(data)[1] == []  # already clean: nothing more to drop


# -- 3. every read stays inside the street folder ---------------------------------------------------

def _outside(tmp_path: Path, name: str, text: str) -> Path:
    target = tmp_path / "elsewhere" / name
    target.parent.mkdir(exist_ok=True)
    target.write_text(text, "utf-8")
    return target


@pytest.mark.parametrize("where", ["pages/leak.md", "news/2026-01-02-leak.md", "pages/leak.en.md"])
def test_symlinked_markdown_outside_the_street_is_refused(tmp_path, where):
    folder = make_workspace(tmp_path)
    secret = _outside(tmp_path, "secret.md", "---\ntitle: SECRET\ndate: 2026-01-02\n---\nSECRET BODY\n")
    (folder / where).parent.mkdir(exist_ok=True)
    (folder / where).symlink_to(secret)
    message = _problems(folder)
    assert f"{where}: '{where}' is a link to a file outside the street folder" in message
    assert "SECRET" not in message


def test_a_symlinked_profile_and_data_file_are_refused(tmp_path):
    folder = make_workspace(tmp_path)
    other = _outside(tmp_path, "street.yaml", (folder / "street.yaml").read_text("utf-8"))
    (folder / "street.yaml").unlink()
    (folder / "street.yaml").symlink_to(other)
    assert "street.yaml is a link to a file outside the street folder" in _problems(folder)

    street = make_workspace(tmp_path / "two")
    _outside(tmp_path, "v.csv", "월,방문객\n1월,10\n")
    (street / "data").mkdir(exist_ok=True)
    (street / "data/v.csv").symlink_to(tmp_path / "elsewhere/v.csv")
    loaded = _load(street)
    with pytest.raises(PathEscape):
        loaded.read_bytes("data/v.csv")
    with pytest.raises(PathEscape):
        loaded.files("data/*.csv")


OPEN_WATCH = """
import sys
secret = sys.argv.pop(1)
def hook(event, args):
    if event == "open" and args and str(args[0]).startswith(secret):
        sys.stderr.write("OPENED OUTSIDE FILE " + str(args[0]) + "\\n")
sys.addaudithook(hook)
from streetkit.cli import main
main()
"""


def test_an_outside_file_is_never_opened_not_even_for_hashing(tmp_path):
    """Links out of the street folder in every place a build looks: the build reports them or
    leaves them alone, and Python's audit hook sees no open() of anything outside."""
    folder = make_workspace(tmp_path)
    secret_dir = tmp_path / "elsewhere"
    _outside(tmp_path, "photo.jpg", "not a photo")
    _outside(tmp_path, "notes.txt", "private")
    (folder / "images").mkdir(exist_ok=True)
    (folder / "images/unused.jpg").symlink_to(secret_dir / "photo.jpg")  # named by nothing: hashed only
    (folder / "notes.txt").symlink_to(secret_dir / "notes.txt")
    (folder / "linked-folder").symlink_to(secret_dir, target_is_directory=True)
    for args in (("validate", "streets/test-street"), ("build", "streets/test-street", "--only", "site")):
        result = subprocess.run([sys.executable, "-c", OPEN_WATCH, str(secret_dir), *args], cwd=tmp_path,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert "OPENED OUTSIDE FILE" not in result.stderr


# -- 4. faults of the disk: one line, previous output intact ----------------------------------------

@pytest.fixture
def built_once(tmp_path):
    folder = make_workspace(tmp_path)
    out = tmp_path / "out"
    builder = Builder(Workspace.open(tmp_path), out_root=out, only={"site"}, today=TODAY)
    builder.build(folder)
    before = {p: p.read_bytes() for p in (out / "test-street").rglob("*") if p.is_file()}
    return folder, out, before


def _check_intact(out: Path, before: dict) -> None:
    after = {p: p.read_bytes() for p in (out / "test-street").rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in out.iterdir() if "staging" in p.name] == []


def _fail_writes(monkeypatch, folder: Path, code: int) -> None:
    """Writes below `folder` fail as a write(2) does: with the error code and no file name."""
    real = Path.write_bytes

    def failing(self, data):
        if self.is_relative_to(folder):
            raise OSError(code, os.strerror(code))
        return real(self, data)
    monkeypatch.setattr(Path, "write_bytes", failing)


def _tmpfs(path: Path, size: str) -> bool:
    path.mkdir(exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True).returncode == 0


def test_a_full_disk_is_one_line_and_keeps_the_previous_output(tmp_path, monkeypatch):
    folder = make_workspace(tmp_path)
    out = tmp_path / "disk"
    mounted = _tmpfs(out, "3m")
    try:
        builder = Builder(Workspace.open(tmp_path), out_root=out, only={"site"}, today=TODAY)
        builder.build(folder)
        before = {p: p.read_bytes() for p in (out / "test-street").rglob("*") if p.is_file()}
        if mounted:  # fill the real file system up to the last few KB
            with open(out / "filler", "wb") as f:
                try:
                    while True:
                        f.write(b"\0" * 65536)
                except OSError:
                    pass
        else:  # no tmpfs here: the disk fills up under the one place the build writes (outfiles)
            _fail_writes(monkeypatch, out, errno.ENOSPC)
        builder = Builder(Workspace.open(tmp_path), out_root=out, only={"site"}, today=date_after())
        with pytest.raises(BuildError) as exc:
            builder.build(folder)
        message = str(exc.value)
        assert re.fullmatch(r"cannot write \S+/disk/test-street/site/\S+: no space left on device "
                            r"\(the previous output is unchanged\)", message), message
        (out / "filler").unlink(missing_ok=True)
        _check_intact(out, before)
    finally:
        if mounted:
            subprocess.run(["umount", str(out)], check=True)


def date_after():
    from datetime import timedelta

    return TODAY + timedelta(days=1)  # another date: every page is rendered again


def test_a_read_only_output_is_one_line_and_keeps_the_previous_output(tmp_path, monkeypatch):
    folder = make_workspace(tmp_path)
    out = tmp_path / "ro"
    mounted = _tmpfs(out, "30m")
    try:
        Builder(Workspace.open(tmp_path), out_root=out, only={"site"}, today=TODAY).build(folder)
        before = {p: p.read_bytes() for p in (out / "test-street").rglob("*") if p.is_file()}
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(out)], check=True)
        else:
            real_mkdir = Path.mkdir

            def read_only(self, *args, **kwargs):
                if self.is_relative_to(out):
                    raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))
                return real_mkdir(self, *args, **kwargs)
            monkeypatch.setattr(Path, "mkdir", read_only)
        with pytest.raises(BuildError) as exc:
            Builder(Workspace.open(tmp_path), out_root=out, only={"site"}, today=date_after()).build(folder)
        assert re.fullmatch(r"cannot write \S+/ro/\S+: the file system is read-only \(the previous output is unchanged\)",
                            str(exc.value)), str(exc.value)
        monkeypatch.undo()
        _check_intact(out, before)
    finally:
        if mounted:
            subprocess.run(["umount", str(out)], check=True)


def test_permission_denied_and_a_file_in_the_way_are_one_line(built_once, monkeypatch, tmp_path):
    folder, out, before = built_once

    _fail_writes(monkeypatch, out, errno.EACCES)
    with pytest.raises(BuildError) as exc:
        Builder(Workspace.open(tmp_path), out_root=out, only={"site"}, today=date_after()).build(folder)
    assert re.fullmatch(r"cannot write \S+/out/test-street/site/\S+: permission denied \(the previous output is "
                        r"unchanged\)", str(exc.value)), str(exc.value)
    monkeypatch.undo()
    _check_intact(out, before)

    (tmp_path / "a-file").write_text("not a folder")
    result = run_cli("build", "streets/test-street", "--only", "site", "--out", "a-file", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "error: cannot write a-file/test-street: a-file is a file, not a folder (the previous output is unchanged)"], \
        result.stderr


# -- 5. the preview server --------------------------------------------------------------------------

@pytest.fixture
def preview(tmp_path):
    site = tmp_path / "site"
    (site / "folder").mkdir(parents=True)
    (site / "index.html").write_text("<html><body>home</body></html>", "utf-8")
    (site / "folder/file.txt").write_text("x", "utf-8")
    guard = Guard()
    server = make_server(site, "127.0.0.1", 0, PreviewState(), guard)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", guard
    server.shutdown()
    server.server_close()


def _status(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_preview_needs_the_token_and_a_local_host(preview):
    base, guard = preview
    status, _headers, body = _status(base + "/")
    # Said to a person, Korean first: which address to open.
    assert status == 403 and '<html lang="ko">' in body.decode() and "열쇠가 붙은 주소" in body.decode()
    assert _status(base + "/?token=wrong")[0] == 403
    status, headers, body = _status(f"{base}/?token={guard.token}")
    assert status == 200 and b"home" in body
    cookie = headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert _status(base + "/", {"Cookie": cookie.split(";")[0]})[0] == 200
    # DNS rebinding: a page of evil.example resolving to 127.0.0.1 sends its own Host.
    assert _status(f"{base}/?token={guard.token}", {"Host": "evil.example:80"})[0] == 403
    assert _status(f"{base}/?token={guard.token}", {"Host": "localhost"})[0] == 200


def test_preview_lists_no_folders_and_refuses_long_requests(preview, capfd):
    base, guard = preview
    cookie = {"Cookie": f"streetkit_token={guard.token}"}
    status, _h, body = _status(base + "/folder/", cookie)
    assert status == 404 and b"file.txt" not in body
    assert _status(base + "/folder/file.txt", cookie)[0] == 200
    assert _status(base + "/" + "a" * 20_000, cookie)[0] == 414
    err = capfd.readouterr().err
    line = next(ln for ln in err.splitlines() if "414" in ln or "request line" in ln)
    assert len(line) < 300 and "aaaa" in line and "a" * 1000 not in line


def test_preview_answers_200_concurrent_requests_quickly(preview):
    base, guard = preview
    cookie = {"Cookie": f"streetkit_token={guard.token}"}
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=200) as pool:
        statuses = list(pool.map(lambda _i: _status(base + "/", cookie)[0], range(200)))
    assert statuses == [200] * 200
    assert time.perf_counter() - started < 5


def test_serve_stops_on_sigterm_without_a_traceback(tmp_path):
    make_workspace(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "streetkit", "serve", "streets/test-street", "--port", "0",
                             "--no-reload"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"}, preexec_fn=interruptible)
    try:
        line = proc.stdout.readline()
        assert re.search(r"http://127\.0\.0\.1:\d+/\?token=[\w-]{20,}", line), line
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0 and "Traceback" not in err and "stopped" in out


# -- 6. validation gaps -----------------------------------------------------------------------------

def test_a_duplicate_id_is_reported_with_other_errors(tmp_path):
    folder = make_workspace(tmp_path)
    text = (folder / "street.yaml").read_text("utf-8")
    text = text.replace("merchants:\n", "merchants:\n  - {id: first-shop, name: 둘째 가게, category: fod}\n", 1)
    (folder / "street.yaml").write_text(text, "utf-8")
    message = _problems(folder)
    assert "merchants[1].id: duplicate id 'first-shop' (also merchants[0])" in message
    assert "merchants[0].category" in message and "did you mean `food`" in message


def test_an_unclosed_bracket_is_reported_where_it_opens_and_later_errors_too(tmp_path):
    folder = make_workspace(tmp_path)
    lines = (folder / "street.yaml").read_text("utf-8").split("\n")
    at = next(i for i, ln in enumerate(lines) if ln.startswith("tagline:"))
    lines[at] = "tagline: [걸어서 만나는"
    cat = next(i for i, ln in enumerate(lines) if "category: food" in ln)
    lines[cat] = lines[cat].replace("food", "fod")
    (folder / "street.yaml").write_text("\n".join(lines), "utf-8")
    message = _problems(folder)
    assert f"street.yaml:{at + 1}:10: YAML syntax error: `[` is never closed" in message
    assert f"street.yaml:{cat + 1}:" in message and "did you mean `food`" in message


def test_text_is_nfc_normalised_on_load(tmp_path):
    import unicodedata

    folder = make_workspace(tmp_path)
    nfd = unicodedata.normalize("NFD", "첫 가게")
    text = (folder / "street.yaml").read_text("utf-8").replace("name: 첫 가게", f"name: {nfd}")
    (folder / "street.yaml").write_text(text, "utf-8")
    (folder / "pages").mkdir(exist_ok=True)
    (folder / "pages/about.md").write_text(f"---\ntitle: {unicodedata.normalize('NFD', '소개')}\n---\n"
                                           f"{unicodedata.normalize('NFD', '우리 골목')}\n", "utf-8")
    street = _load(folder)
    assert street.profile.merchants[0].name == "첫 가게"
    (page,) = street.pages
    assert page.title == "소개" and page.body.strip() == "우리 골목"


@pytest.mark.parametrize("tag", ["!!binary aGVsbG8=", "!!set {a, b}", "!!omap [{a: 1}]", "!custom x"])
def test_non_json_yaml_tags_are_refused(tmp_path, tag):
    folder = make_workspace(tmp_path)
    text = (folder / "street.yaml").read_text("utf-8").replace("tagline: 걸어서 만나는 동네 가게들", f"tagline: {tag}")
    (folder / "street.yaml").write_text(text, "utf-8")
    assert "tagline: unsupported YAML tag" in _problems(folder)


def test_the_directory_search_finds_a_name_typed_as_jamo(browser, site_url):
    import unicodedata

    page = browser.new_page()
    page.goto(site_url["sinan-alley"] + "merchants/")
    page.fill("#filters input[name=q]", unicodedata.normalize("NFD", "하루커피"))
    visible = page.locator(".card[data-category]:not([hidden]) .card-title").all_inner_texts()
    page.close()
    assert visible == ["하루커피"]


# -- 7. the SEMAS import's gaps ---------------------------------------------------------------------

def test_semas_rows_without_a_name_or_with_nan_coordinates_are_skipped_by_row(tmp_path):
    from streetkit_plugins.semas import run

    folder = copy_street(REPO / "streets/sinan-alley", tmp_path)
    rows = (REPO / "tests/fixtures/semas/current-utf8-bom.csv").read_text("utf-8-sig").splitlines()
    header, first = rows[0], rows[1].split(",")
    nameless = list(first)
    nameless[0], nameless[1] = "MA0101202509A0000091", ""
    nan = list(first)
    nan[0], nan[1], nan[-2], nan[-1] = "MA0101202509A0000092", "좌표없는집", "nan", "NaN"
    csv = tmp_path / "stores.csv"
    csv.write_text("\n".join([header, rows[1], ",".join(nameless), ",".join(nan)]) + "\n", "utf-8")
    report, _summary = run(csv, folder, dry_run=True)
    assert (3, "MA0101202509A0000091", "no name (상호명 is empty)") in report.skipped
    assert (4, "좌표없는집", "no coordinates") in report.skipped
    assert report.unchanged + len(report.updated) == 1  # the good row still imports


def test_semas_radius_is_capped_on_the_command_line_as_in_the_profile(tmp_path):
    folder = copy_street(REPO / "streets/sinan-alley", tmp_path)
    result = run_cli("import", "semas", str(REPO / "tests/fixtures/semas/current-utf8-bom.csv"), "--street",
                     str(folder), "--radius", "50000", "--dry-run", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--radius" in result.stderr and "5000" in result.stderr
