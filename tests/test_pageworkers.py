"""Site pages rendered by forked workers (`--jobs` on one big street) give exactly the serial build."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import REPO, add_local_plugin, make_workspace
from streetkit import pageworkers
from streetkit.build import Builder
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
    real = Builder._render_template
    monkeypatch.setattr(Builder, "_render_template", lambda self, *a, **k: rendered_here.append(a[1]) or real(self, *a, **k))
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
    assert sitemap.count("<url>") == sum(1 for p in serial.written if p.endswith(".html") and "404" not in p)


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
