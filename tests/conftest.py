"""Shared fixtures: the repo's workspace, one build of both example streets per test worker, browsers, servers."""
from __future__ import annotations

import contextlib
import getpass
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urldefrag, urlparse

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from sitepages import page_types  # noqa: F401  (shared with scripts/check_site.py)

from streetkit.build import Builder
from streetkit.gallery import CHROMIUM_FLAGS, chromium
from streetkit.workspace import Workspace

# pytest keeps each test module with its asserts rewritten as bytecode, unless told not to write
# any: where PYTHONDONTWRITEBYTECODE is set, every worker would rewrite all of them on every run
# (collecting took 13 s instead of 6.5 here). The suite's own caches, in gitignored __pycache__.
sys.dont_write_bytecode = False

REPO = Path(__file__).resolve().parent.parent
#: The two full examples every quality test runs on. The other example streets are the small
#: Buk-gu ones, which tests/test_district.py builds with their district.
STREETS = [REPO / "streets" / name for name in ("jinju-bidan-market", "sinan-alley")]
#: The example district: Sinan and two small Buk-gu streets.
DISTRICT = REPO / "districts" / "buk-gu" / "district.yaml"
#: The small fixture street of the golden-output test, quick to build for tests that need a whole build.
GOLDEN_STREET = REPO / "tests" / "golden" / "streets" / "golden-alley"
#: A fixed "today" so upcoming/past splits do not change with the calendar.
TODAY = date(2026, 11, 23)
#: One key for every test build's private card links (what a CI sets from its secrets): a copied
#: street would otherwise make a key of its own, and its cards, whose links then differ, could never
#: come from the content cache. Tests of the key itself take it out of the environment.
os.environ.setdefault("STREETKIT_SECRET_CARDS", "streetkit-test-suite")
#: The day test scaffolds are made on: their example event is then on Saturday 2026-05-02 (past by TODAY).
SCAFFOLD_DAY = date(2026, 4, 1)


@pytest.fixture(scope="session")
def workspace() -> Workspace:
    return Workspace.open(REPO)


@contextlib.contextmanager
def one_worker_at_a_time(tmp_path_factory, name: str) -> Iterator[None]:
    """Held by one test worker at a time (pytest-xdist runs one per core). For a build every worker
    needs: the first makes it, the next makes its own from the content cache in a fraction of the
    time instead of rendering the same PDFs beside it."""
    import fcntl

    # Under xdist each worker's base folder is in the run's folder, which they share.
    with (tmp_path_factory.getbasetemp().parent / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def pdfs_afresh(monkeypatch, folder: Path) -> None:
    """Point the content cache at `folder`, which shares every part of the user's cache but its
    PDFs: fonts, photos and compiled templates stay warm while every PDF goes through WeasyPrint
    again (for tests of WeasyPrint's output itself: the same bytes twice, in worker processes …)."""
    from streetkit.cache import cache_dir
    from streetkit.render.pdfjobs import PDF_CACHE

    shared = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for namespace in shared.iterdir() if shared.is_dir() else []:
        if namespace.is_dir() and namespace.name != PDF_CACHE:
            (folder / namespace.name).symlink_to(namespace, target_is_directory=True)
    monkeypatch.setenv("STREETKIT_CACHE", str(folder))


def pdfs_rendered(monkeypatch) -> list[str]:
    """The file names of the PDFs (a sheet once per part) WeasyPrint renders in this process from
    now on, in order: what did not come from the previous build or the content cache."""
    from streetkit.buildrun import BuildRun

    rendered: list[str] = []
    real = BuildRun.render_pdf
    monkeypatch.setattr(BuildRun, "render_pdf", lambda self, html, job: rendered.append(job.target.name) or real(self, html, job))
    return rendered


@pytest.fixture(scope="session")
def built(tmp_path_factory, workspace):
    """Both example streets built once per worker: {slug: BuildResult}."""
    out = tmp_path_factory.mktemp("build")
    with one_worker_at_a_time(tmp_path_factory, "examples"):
        # The PDFs in two processes: the other worker is waiting for them, or busy with lighter tests.
        builder = Builder(workspace, out_root=out, today=TODAY, pdf_jobs=2)
        try:
            return {r.street.slug: r for r in (builder.build(s) for s in STREETS)}
        finally:
            builder.close()


#: The gallery's browser (Debian's headless shell where installed) laying text out as Chrome does.
CHROMIUM = chromium() or "/usr/bin/chromium"
CHROMIUM_ARGS = [*CHROMIUM_FLAGS, "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no browser download; no network)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


#: axe-core, from npm (scripts/setup.sh).
AXE = REPO / "node_modules/axe-core/axe.min.js"
#: The WCAG 2.1 A and AA rules: the bar every page and studio screen is held to.
WCAG21AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


#: The Nu Html Checker, from npm (scripts/setup.sh).
VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"


def nu_errors(*paths: Path | str) -> str:
    """The Nu Html Checker's errors (one per line, "" when none) for HTML files and folders of them,
    in one JVM. Its quick compiler only (TieredStopAtLevel=1): a run is a few seconds, over before
    the optimising compiler's work would pay back, and it halves the checker's CPU time (measured);
    the quick compiler's deeper stack frames need the larger thread stack the checker asks for."""
    assert VNU.is_file(), "run scripts/setup.sh (npm ci installs vnu-jar)"
    out = subprocess.run([shutil.which("java") or "java", "-XX:TieredStopAtLevel=1", "-Xss8m", "-jar", str(VNU),
                          "--errors-only", "--skip-non-html", "--format", "gnu", *map(str, paths)],
                         capture_output=True, text=True, timeout=300)
    return (out.stdout + out.stderr).strip() or ("" if out.returncode == 0 else f"vnu exited with {out.returncode}")


def axe_context(browser, **options):
    """A browser context with axe-core loaded into every page it opens (the top frame, before the
    page's own scripts): a third faster than adding it to each page after it has loaded."""
    context = browser.new_context(**options)
    context.add_init_script(script="if (window === window.top) {\n" + AXE.read_text("utf-8") + "\n}")
    return context


def axe_violations(page, tags: tuple[str, ...] = WCAG21AA) -> list[str]:
    """axe-core's violations on the page as it is now, "rule target" each, in a page of an
    `axe_context`. Only violations are worked out in full (axe skips the selectors of what passed)."""
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
                           list(tags))
    assert result["passes"], "axe ran no rule"
    return [f"{v['id']} {v['nodes'][0]['target']}" for v in result["violations"]]


@pytest.fixture(scope="session")
def site_url(built):
    """Each built example site served over HTTP on 127.0.0.1 (pretty URLs need a server): {slug: url}."""
    servers, urls = [], {}
    for slug, result in built.items():
        server, urls[slug] = serve(result.out_dir / "site")
        servers.append(server)
    yield urls
    for server in servers:
        server.shutdown()


def serve(folder: Path, late_fonts: float = 0.0):
    """Serve `folder` over HTTP on 127.0.0.1 in a background thread: (server, its URL). With
    `late_fonts`, each web font is held back that many seconds and never cached by the browser
    (the layout-shift guard's slow network: each request waits in its own thread, as fonts
    arriving together over a real network would)."""
    import functools
    import http.server
    import threading

    from streetkit.serve import QuietServer

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def end_headers(self):
            if late_fonts and self.path.endswith(".woff2"):
                self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def do_GET(self):
            if late_fonts and self.path.endswith(".woff2"):
                time.sleep(late_fonts)
            super().do_GET()

    server = QuietServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real `streetkit` command in a subprocess (tracebacks would show up in stderr)."""
    return subprocess.run([sys.executable, "-m", "streetkit", *map(str, args)], cwd=cwd or REPO,
                          capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=300)


def interruptible() -> None:
    """`preexec_fn` for a child the test will Ctrl-C: a shell starts background jobs (`pytest … &`)
    with SIGINT ignored, children inherit that, and Python then never raises KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def copy_street(source: Path, root: Path) -> Path:
    """A copy of an example street (without its studio history) in a workspace at `root`, with the
    example districts; returns the copy's folder, `root/streets/<name>`."""
    folder = root / "streets" / source.name
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns(".streetkit"))
    # An example of a district inherits from it (Sinan's currency, programmes and centre): the
    # district comes along, naming what the copy's workspace holds of it.
    if source.parent == REPO / "streets" and not (root / "districts").exists():
        shutil.copytree(REPO / "districts", root / "districts")
    return folder


def edit_profile(folder: Path, old: str, new: str, count: int = 1) -> None:
    """Replace text in a street's street.yaml, failing when the text is not there."""
    path = folder / "street.yaml"
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), "utf-8")


def make_workspace(root: Path, street_yaml: str | None = None, slug: str = "test-street",
                   made_on: date | None = None) -> Path:
    """A workspace with one street from the scaffold as `streetkit new` writes it on `made_on`
    (default SCAFFOLD_DAY), or with the given YAML; returns the street folder."""
    from streetkit.scaffold import create

    folder = create(root / "streets" / slug, slug, made_on or SCAFFOLD_DAY)
    if street_yaml is not None:
        (folder / "street.yaml").write_text(street_yaml, "utf-8")
    return folder


def add_local_plugin(folder: Path, name: str, source: str) -> None:
    """Write `source` as the workspace's `plugins/<name>.py` and enable it in the street's profile."""
    plugins = folder.parent.parent / "plugins"
    plugins.mkdir(exist_ok=True)
    (plugins / f"{name}.py").write_text(source, "utf-8")
    profile = folder / "street.yaml"
    profile.write_text(profile.read_text("utf-8").replace("plugins: []", f"plugins: [{name}]"), "utf-8")


def static_file(out_dir: Path, name: str) -> Path:
    """A theme static file in a build, whatever its fingerprint (`site.css` -> `site.<hash>.css`)."""
    stem, ext = name.rsplit(".", 1)
    (match,) = (out_dir / "site" / "static").glob(f"{stem}.*.{ext}")
    return match


MM = 72 / 25.4


def assert_print_ready(pdf: Path, width: float, height: float) -> None:
    """The print-ready bar: trim size in mm, 3 mm bleed, every font embedded and subset, Hangul
    extractable, every word inside the trim box and 3 mm clear of its edge."""
    import re

    def run(*args: str) -> str:
        return subprocess.run(list(args), check=True, capture_output=True).stdout.decode("utf-8", "replace")

    boxes = run("pdfinfo", "-box", str(pdf))
    trim = [float(x) for x in re.search(r"TrimBox:\s+(.*)", boxes)[1].split()]
    bleed = [float(x) for x in re.search(r"BleedBox:\s+(.*)", boxes)[1].split()]
    assert trim[2] - trim[0] == pytest.approx(width * MM, abs=0.1)
    assert trim[3] - trim[1] == pytest.approx(height * MM, abs=0.1)
    assert [t - b for t, b in zip(trim[:2], bleed[:2])] == pytest.approx([3 * MM, 3 * MM], abs=0.05)
    fonts = run("pdffonts", str(pdf)).splitlines()[2:]
    assert fonts and all(line.split()[-5:-3] == ["yes", "yes"] for line in fonts), fonts  # embedded, subset
    assert re.search(r"[\uac00-\ud7a3]{2,}", run("pdftotext", str(pdf), "-"))  # Hangul extracts as text
    # pdftotext measures from the bleed box: 3 mm bleed + 3 mm clearance.
    page_w, page_h, words = pdf_words(pdf)
    for x0, y0, x1, y1 in words:
        assert 6 * MM - 0.5 <= x0 and x1 <= page_w - 6 * MM + 0.5, (pdf.name, x0, x1)
        assert 6 * MM - 0.5 <= y0 and y1 <= page_h - 6 * MM + 0.5, (pdf.name, y0, y1)


def pages_drawing_in_side_margins(pdf: Path, margins_mm: tuple[float, float], folder: Path, first: int = 1,
                                  bleed_mm: float = 3) -> list[int]:
    """The pages of `pdf` (from `first` on) with anything drawn in their left or right margin:
    content that ran out of the text area. `margins_mm` is (side, top-and-bottom); the strips
    checked are the side margins less 1 mm at each edge, between the top and bottom margins
    (where running heads and footers are)."""
    from PIL import Image

    dpi, side, ends = 36, *margins_mm
    subprocess.run(["pdftoppm", "-png", "-gray", "-r", str(dpi), "-f", str(first), str(pdf), str(folder / "margin")], check=True)
    found = []
    for png in sorted(folder.glob("margin-*.png")):
        with Image.open(png) as im:
            px = dpi / 25.4
            top, bottom = round((bleed_mm + ends) * px), im.height - round((bleed_mm + ends) * px)
            strips = [(round((bleed_mm + 1) * px), round((bleed_mm + side - 1) * px)),
                      (im.width - round((bleed_mm + side - 1) * px), im.width - round((bleed_mm + 1) * px))]
            if any(im.convert("L").crop((x0, top, x1, bottom)).getextrema()[0] < 235 for x0, x1 in strips):
                found.append(int(png.stem.rsplit("-", 1)[1]))
    return found


def pdf_words(pdf: Path, page: int | None = None) -> tuple[float, float, list[tuple[float, float, float, float]]]:
    """The page size and the boxes (x0, y0, x1, y1 in points, from the media box's corner) of the
    words as poppler finds them: on `page`, or on every page (the size is the first page's)."""
    import re

    pages = ["-f", str(page), "-l", str(page)] if page else []
    layout = subprocess.run(["pdftotext", "-bbox", *pages, str(pdf), "-"], check=True,
                            capture_output=True).stdout.decode("utf-8", "replace")  # poppler writes emoji as surrogate halves
    page_w, page_h = (float(v) for v in re.search(r'<page width="([\d.]+)" height="([\d.]+)"', layout).groups())
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', layout)
    return page_w, page_h, [(float(a), float(b), float(c), float(d)) for a, b, c, d in words]


def install_distribution(project: Path, name: str, version: str, entry_points: dict[str, str],
                         package_data: list[str] | None = None) -> dict:
    """Write a pyproject for `project` (one package, `entry_points` as {group: "name = module"}),
    install it offline into a separate target and return the env that puts it on the path."""
    package = name.replace("-", "_")
    groups = "".join(f'[project.entry-points."{group}"]\n{line}\n' for group, line in entry_points.items())
    data = f"[tool.setuptools.package-data]\n{package} = {package_data!r}\n".replace("'", '"') if package_data else ""
    (project / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n'
        f'[project]\nname = "{name}"\nversion = "{version}"\n{groups}'
        f'[tool.setuptools]\npackages = ["{package}"]\n{data}', "utf-8")
    target = project.parent / f"{name}-site-packages"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                    "--no-index", "--target", str(target), str(project)], check=True, capture_output=True)
    return {"PYTHONPATH": os.pathsep.join([str(target), os.environ.get("PYTHONPATH", "")])}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def sshd(tmp_path_factory):
    """An OpenSSH server on 127.0.0.1 that lets this user in with a key made here. Yields `env` (the
    environment that tells streetkit's ssh to use that key), `login` (user@127.0.0.1), `port`,
    `key` (the client's private key), `known_hosts` (a line naming the server's host key) and
    `logins()` (how many times a client has logged in so far)."""
    root = tmp_path_factory.mktemp("sshd")
    for name in ("host", "client"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(root / name)], check=True)
    (root / "authorized_keys").write_bytes((root / "client.pub").read_bytes())
    port = free_port()
    (root / "sshd_config").write_text("\n".join([
        "ListenAddress 127.0.0.1", f"Port {port}", f"HostKey {root / 'host'}", f"AuthorizedKeysFile {root / 'authorized_keys'}",
        "PasswordAuthentication no", "KbdInteractiveAuthentication no", "UsePAM no", "StrictModes no",
        "PermitRootLogin prohibit-password", f"PidFile {root / 'pid'}", ""]))
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(exist_ok=True)  # sshd's privilege-separation folder, gone on a fresh /run
    sshd = shutil.which("sshd") or "/usr/sbin/sshd"
    log = (root / "log").open("wb")  # a file, not a pipe: a pipe nobody reads would fill and stop sshd
    proc = subprocess.Popen([sshd, "-D", "-e", "-f", str(root / "sshd_config")], stderr=log)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert proc.poll() is None, (root / "log").read_text()
            time.sleep(0.05)
    env = {"STREETKIT_SSH": f"ssh -i {root / 'client'} -o StrictHostKeyChecking=no -o UserKnownHostsFile={root / 'known_hosts'}"}
    host_key = (root / "host.pub").read_text().split()
    yield SimpleNamespace(env=env, login=f"{getpass.getuser()}@127.0.0.1", port=port, key=root / "client",
                          known_hosts=f"[127.0.0.1]:{port} {host_key[0]} {host_key[1]}",
                          logins=lambda: (root / "log").read_text(errors="replace").count("Accepted publickey"))
    proc.terminate()
    proc.wait(10)
    log.close()


# -- layout shift (CLS), as Lighthouse sums it ------------------------------------------------

#: Lighthouse's "good" is 0.1; we keep half of it.
CLS_LIMIT = 0.05

#: Records every layout shift not caused by input, with the elements that moved.
_OBSERVE = """
window.__shifts = [];
new PerformanceObserver(list => {
  for (const e of list.getEntries()) {
    if (e.hadRecentInput) continue;
    window.__shifts.push({value: e.value, moved: e.sources.map(s => s.node && s.node.nodeType === 1
      ? s.node.tagName.toLowerCase() + (s.node.id ? '#' + s.node.id : '') + (s.node.className ? '.' + s.node.className : '')
      : String(s.node && s.node.nodeName))});
  }
}).observe({type: 'layout-shift', buffered: true});
"""


def layout_shifts(browser, site: Path, paths: dict[str, str], width: int,
                  built_on: date = TODAY) -> dict[str, tuple[float, list[str]]]:
    """{page type: (CLS, what moved)} for each path of the built `site` folder, served with the
    fonts held back 120 ms (after the first paint on 127.0.0.1), on the day the site was built
    (noon, Korean time): a site seen weeks later rightly moves past events and closed programmes
    down when its scripts run."""
    from datetime import datetime, timedelta, timezone

    server, base_url = serve(site, late_fonts=0.12)
    context = browser.new_context(viewport={"width": width, "height": 844})
    context.clock.set_fixed_time(datetime(built_on.year, built_on.month, built_on.day, 12,
                                          tzinfo=timezone(timedelta(hours=9))))
    context.add_init_script(_OBSERVE)
    page = context.new_page()
    out = {}
    try:
        for kind, path in paths.items():
            page.goto(base_url + path, wait_until="load")
            page.wait_for_function("document.fonts.status === 'loaded'")
            page.wait_for_timeout(100)  # a few frames after the swap and the deferred scripts
            shifts = page.evaluate("window.__shifts")
            out[kind] = (sum(s["value"] for s in shifts), sorted({m for s in shifts for m in s["moved"]}))
    finally:
        context.close()
        server.shutdown()
    return out


# -- links ------------------------------------------------------------------------------------

class _Links(HTMLParser):
    """Every address a page asks for: href, src, srcset, and the data-* attributes scripts load from."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.base: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "base":
            self.base = dict(attrs).get("href")
            return
        for name, value in attrs:
            if not value:
                continue
            if name in ("href", "src") or (name.startswith("data-") and _ADDRESS.fullmatch(value)):
                self.links.append(value)
            elif name == "srcset":
                self.links += [candidate.split()[0] for candidate in value.split(",")]


#: A data-* value that is an address of a file (assistant/index.json, ../static/hours.1a2b.js …).
_ADDRESS = re.compile(r"[\w./-]*/?[\w.-]+\.(?:json|js|css|svg|webp|jpg|png|ics|xml|html)|[\w./-]+/")
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


def missing_links(site: Path) -> list[str]:
    """"page: address" for each address in the site's pages and stylesheets that leads to no file
    (a folder address needs its index.html; external and fragment-only addresses are skipped)."""
    missing = []

    def check(source: Path, start: Path, link: str) -> None:
        if urlparse(link).scheme or link.startswith(("#", "//", "data:")):
            return
        target = (start / urldefrag(link)[0].split("?")[0]).resolve()
        if link.endswith("/") or target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            missing.append(f"{source.relative_to(site)}: {link}")

    for page in site.rglob("*.html"):
        parser = _Links()
        parser.feed(page.read_text("utf-8"))
        start = site if parser.base else page.parent  # a <base href> (the 404 page's) is the site root
        for link in parser.links:
            check(page, start, link)
    for sheet in site.rglob("*.css"):
        for link in _CSS_URL.findall(sheet.read_text("utf-8")):
            check(sheet, sheet.parent, link)
    return missing
