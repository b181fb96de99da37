"""Shared fixtures: the repo's workspace, and one build of both example streets per test session."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from streetkit.build import Builder
from streetkit.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent
STREETS = sorted(p for p in (REPO / "streets").iterdir() if (p / "street.yaml").exists())
#: A fixed "today" so upcoming/past splits do not change with the calendar.
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="session")
def workspace() -> Workspace:
    return Workspace.open(REPO)


@pytest.fixture(scope="session")
def built(tmp_path_factory, workspace):
    """Both example streets built once: {slug: BuildResult}."""
    out = tmp_path_factory.mktemp("build")
    builder = Builder(workspace, out_root=out, today=TODAY)
    return {r.street.slug: r for r in (builder.build(s) for s in STREETS)}


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no browser download; no network)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


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


def serve(folder: Path):
    """Serve `folder` over HTTP on 127.0.0.1 in a background thread: (server, its URL)."""
    import functools
    import http.server
    import threading

    from streetkit.serve import QuietServer

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

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


def make_workspace(root: Path, street_yaml: str | None = None, slug: str = "test-street") -> Path:
    """A workspace with one street copied from the scaffold (or the given YAML); returns the street folder."""
    from streetkit.scaffold import create

    folder = create(root / "streets" / slug, slug)
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
    layout = run("pdftotext", "-bbox", str(pdf), "-")
    page_w, page_h = (float(v) for v in re.search(r'<page width="([\d.]+)" height="([\d.]+)"', layout).groups())
    for x0, y0, x1, y1 in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', layout):
        assert 6 * MM - 0.5 <= float(x0) and float(x1) <= page_w - 6 * MM + 0.5, (pdf.name, x0, x1)
        assert 6 * MM - 0.5 <= float(y0) and float(y1) <= page_h - 6 * MM + 0.5, (pdf.name, y0, y1)


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
