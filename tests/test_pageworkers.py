"""Site pages rendered by forked workers (`--jobs` on one big street) give exactly the serial build."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from conftest import REPO, add_local_plugin, interruptible, make_workspace, run_cli
from streetkit import pageworkers
from streetkit.build import Builder
from streetkit.buildrun import BuildRun
from streetkit.errors import BuildError
from streetkit.workspace import Workspace

TODAY = date(2026, 11, 23)

pytestmark = pytest.mark.skipif(not pageworkers.available(), reason="page workers need fork (Linux)")


@pytest.fixture(autouse=True)
def workers_for_any_street(monkeypatch):
    monkeypatch.setattr(pageworkers, "MIN_PAGES", 0)  # the example streets are smaller than a worker is worth
    monkeypatch.setattr(pageworkers, "CHUNK", 3)  # many round trips, pages interleaved between the workers


def _files(out_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(out_dir).as_posix(): p.read_bytes() for p in sorted(out_dir.rglob("*")) if p.is_file()}


def _build(root: Path, folder: Path, out: Path, jobs: int):
    return Builder(Workspace.open(root), out_root=out, only={"site"}, today=TODAY, page_jobs=jobs).build(folder)


def test_workers_give_the_serial_build_byte_for_byte(tmp_path, monkeypatch):
    rendered_here = []
    real = BuildRun.render_template
    monkeypatch.setattr(BuildRun, "render_template", lambda self, *a, **k: rendered_here.append(a[0]) or real(self, *a, **k))
    serial = _build(REPO, REPO / "streets/sinan-alley", tmp_path / "serial", 1)
    assert len(rendered_here) > 50
    rendered_here.clear()
    parallel = _build(REPO, REPO / "streets/sinan-alley", tmp_path / "parallel", 2)
    assert rendered_here == []  # every page was rendered in a worker
    assert parallel.written == serial.written  # the same order: post_render hooks and progress see pages in turn
    files = _files(parallel.out_dir)
    assert files == _files(serial.out_dir)
    # The sitemap and the font subsets are made from every page's post_render: all pages reached them.
    sitemap = files["site/sitemap.xml"].decode()
    assert sitemap.count("<url>") == sum(1 for p in serial.written
                                         if p.endswith(".html") and "404" not in p and "/cards/" not in p)


def _workspace_with(tmp_path: Path, merchant_template: str) -> Path:
    """The scaffold street, its merchant pages drawn by `merchant_template`, and a plugin that lets
    a template raise a build warning."""
    folder = make_workspace(tmp_path)
    add_local_plugin(folder, "warner", "import streetkit\n@streetkit.hookimpl\ndef jinja_environment(env, street):\n"
                                       "    env.globals['warn'] = lambda text: street.warn(text) or ''\n")
    (folder / "templates/site").mkdir(parents=True)
    (folder / "templates/site/merchant.html").write_text(merchant_template, "utf-8")
    return folder


def test_a_warning_raised_in_a_worker_reaches_the_build(tmp_path):
    folder = _workspace_with(tmp_path, '{% extends "site/base.html" %}{% block main %}'
                                       '{{ warn("no photo for " ~ merchant.id) if not merchant.photo }}{% endblock %}')
    serial = _build(tmp_path, folder, tmp_path / "serial", 1)
    parallel = _build(tmp_path, folder, tmp_path / "parallel", 2)
    assert serial.warnings and sorted(parallel.warnings) == sorted(serial.warnings)


def test_a_template_failing_in_a_worker_fails_the_build_as_it_would_serially(tmp_path):
    folder = _workspace_with(tmp_path, '{% extends "site/base.html" %}{% block main %}{{ merchant.no_such_field.x }}'
                                       '{% endblock %}')
    messages = []
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        with pytest.raises(BuildError) as failure:
            _build(tmp_path, folder, out, jobs)
        messages.append(str(failure.value))
        assert not out.exists() or not any(out.iterdir())  # no half-built output, no staging left behind
    assert messages[0] == messages[1] and "site/merchant.html" in messages[1]


def test_a_worker_that_dies_fails_the_build_and_leaves_nothing_behind(tmp_path):
    folder = make_workspace(tmp_path)
    add_local_plugin(folder, "crash", "import os, streetkit\n@streetkit.hookimpl\ndef jinja_environment(env, street):\n"
                                      "    env.globals['crash'] = lambda: os._exit(3)\n")
    (folder / "templates/site").mkdir(parents=True)
    (folder / "templates/site/merchant.html").write_text('{% extends "site/base.html" %}{% block main %}{{ crash() }}'
                                                          '{% endblock %}', "utf-8")
    with pytest.raises(BuildError, match=r"a page worker stopped unexpectedly \(exit code 3\)"):
        _build(tmp_path, folder, tmp_path / "out", 2)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


SLOW_PAGES = """\
import time, streetkit
from pathlib import Path
@streetkit.hookimpl
def page_context(artifact, street):
    (Path(__file__).parent / "started").touch()
    time.sleep(0.05)
    return {}
"""


def test_ctrl_c_stops_the_workers_and_keeps_the_previous_output(tmp_path):
    folder = make_workspace(tmp_path)
    assert run_cli("build", "streets/test-street", "--only", "site", cwd=tmp_path).returncode == 0
    before = _files(tmp_path / "_build")
    add_local_plugin(folder, "slow", SLOW_PAGES)
    # The scaffold street is smaller than workers are worth: lower the bar in the child.
    program = ("import sys; from streetkit import pageworkers; pageworkers.MIN_PAGES = 0; pageworkers.CHUNK = 2; "
               "from streetkit.cli import main; sys.argv = ['streetkit', 'build', 'streets/test-street', "
               "'--only', 'site', '--jobs', '2']; main()")
    proc = subprocess.Popen([sys.executable, "-c", program], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=lambda: (interruptible(), os.setpgrp()))
    started = tmp_path / "plugins/started"
    deadline = time.time() + 60
    while not started.exists():
        assert time.time() < deadline and proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    time.sleep(0.3)
    workers = _children(proc.pid)
    assert len(workers) >= 2  # the page workers are at work
    os.killpg(proc.pid, signal.SIGINT)  # as Ctrl-C does: to the build and its workers alike
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "previous output left unchanged" in err and "Traceback" not in err, err
    assert not any(Path(f"/proc/{pid}").exists() and _state(pid) != "Z" for pid in workers)  # no worker left running
    assert _files(tmp_path / "_build") == before


def _children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return "gone"
