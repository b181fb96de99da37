"""Every hook: documented in docs/plugins.md and exercised here by a real workspace plugin."""
from __future__ import annotations

import re
from datetime import date

import pytest

from conftest import REPO, add_local_plugin, make_workspace, run_cli
from streetkit import hookspecs
from streetkit.build import Builder
from streetkit.errors import PluginError, ProfileError
from streetkit.workspace import Workspace

PROBE = '''
"""Probe plugin used by the hook tests."""
from pathlib import Path

import click
from pydantic import Field

import streetkit
from streetkit import Asset, Badge, Page, Section

calls = []


class ProbeSection(Section):
    """Section `probe`."""
    greeting: str
    times: int = Field(1, ge=1)


@streetkit.hookimpl
def config_schema():
    calls.append("config_schema")
    return {"probe": ProbeSection, "merchant.probe_note": str}


@streetkit.hookimpl
def street_loaded(street):
    calls.append("street_loaded")
    for m in street.profile.merchants:
        street.add_badge(m.id, Badge("probe", "probe", "프로브배지", "Probe badge"))
        street.data["probe_note"] = m.probe_note


@streetkit.hookimpl
def template_dirs(street):
    calls.append("template_dirs")
    return [Path(__file__).parent / "probe_templates"]


@streetkit.hookimpl
def template_slots(street):
    calls.append("template_slots")
    return {"body_end": ["site/_probe_slot.html"]}


@streetkit.hookimpl
def jinja_environment(env, output):
    calls.append(f"jinja_environment:{output}")
    env.filters["shout"] = lambda s: str(s).upper() + "!"


@streetkit.hookimpl
def artifacts(street):
    calls.append("artifacts")
    return [Page(path="site/probe/index.html", template="site/probe.html", context={"word": "hello"}),
            Asset(path="site/probe.txt", data=street.section("probe").greeting * street.section("probe").times)]


@streetkit.hookimpl
def page_context(artifact, context):
    if artifact.path == "site/probe/index.html":
        return {"from_context": "ctx-ok"}


@streetkit.hookimpl
def post_render(artifact, content):
    if artifact.path.endswith(".html"):
        return content + "<!-- probed -->"


@streetkit.hookimpl
def street_summary(street):
    calls.append("street_summary")
    return {"greeting": street.profile.probe.greeting}


@streetkit.hookimpl
def build_finished(street, out_dir, written):
    calls.append(("build_finished", str(out_dir), len(written)))


@streetkit.hookimpl
def cli_commands(cli):
    @cli.command()
    def hello():
        """Say hello from the probe plugin."""
        click.echo("hello from probe")
'''

TEMPLATE = "{% extends 'site/base.html' %}{% block main %}<p id=probe>{{ word|shout }} {{ from_context }}</p>{% endblock %}"


def _probe_workspace(root):
    """A workspace whose street enables the probe plugin: (workspace, street folder, module)."""
    folder = make_workspace(root)
    text = (folder / "street.yaml").read_text("utf-8")
    text = text.replace("plugins: []", "plugins: [probe]")
    text = text.replace("merchants:\n", "probe: {greeting: 안녕, times: 2}\n\nmerchants:\n", 1)
    text = text.replace("    subcategory: 카페\n", "    subcategory: 카페\n    probe_note: 메모\n", 1)
    (folder / "street.yaml").write_text(text, "utf-8")
    (root / "plugins").mkdir()
    (root / "plugins" / "probe.py").write_text(PROBE, "utf-8")
    (root / "plugins" / "probe_templates" / "site").mkdir(parents=True)
    (root / "plugins" / "probe_templates" / "site" / "probe.html").write_text(TEMPLATE, "utf-8")
    (root / "plugins" / "probe_templates" / "site" / "_probe_slot.html").write_text("<p id=probe-slot>{{ lang }}</p>",
                                                                                       "utf-8")
    ws = Workspace.open(root)
    module = ws.host.infos["probe"].module
    module.calls.clear()
    return ws, folder, module


@pytest.fixture
def probe(tmp_path):
    """A fresh probe workspace, for a test that changes it."""
    return _probe_workspace(tmp_path)


@pytest.fixture(scope="module")
def probe_built(tmp_path_factory):
    """The probe workspace built once for the tests that only read what the build did:
    (workspace, street folder, build result, the hook calls the build made)."""
    ws, folder, module = _probe_workspace(tmp_path_factory.mktemp("probe"))
    result = _build(ws, folder)
    return ws, folder, result, list(module.calls)


def _build(ws, folder, **kw):
    return Builder(ws, out_root=ws.root / "_build", today=date(2026, 1, 1), **kw).build(folder)


def test_hook_config_schema(probe):
    ws, folder, module = probe
    result = _build(ws, folder, only={"site"})
    assert result.street.section("probe").greeting == "안녕"
    assert result.street.profile.merchants[0].probe_note == "메모"
    text = (folder / "street.yaml").read_text("utf-8").replace("times: 2", "times: 0")
    (folder / "street.yaml").write_text(text, "utf-8")
    with pytest.raises(ProfileError) as exc:
        _build(ws, folder, only={"site"})
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if ln.startswith("probe:"))
    assert f"street.yaml:{line}:" in str(exc.value) and "probe.times: expected greater than or equal to 1" in str(exc.value)


def test_hook_street_loaded(probe_built):
    _ws, _folder, result, _calls = probe_built
    page = (result.out_dir / "site/merchants/first-shop/index.html").read_text("utf-8")
    assert "프로브배지" in page
    assert result.street.data["probe_note"] == "메모"


def test_hook_template_dirs(probe_built):
    _ws, _folder, result, calls = probe_built
    assert 'id=probe' in (result.out_dir / "site/probe/index.html").read_text("utf-8")
    assert "template_dirs" in calls


def test_hook_template_slots(probe_built):
    _ws, _folder, result, calls = probe_built
    for page, lang in (("site/index.html", "ko"), ("site/probe/index.html", "ko"), ("site/en/index.html", "en")):
        html = (result.out_dir / page).read_text("utf-8")
        assert html.count("<p id=probe-slot>") == 1 and f"<p id=probe-slot>{lang}</p>" in html, page
        assert html.index("<p id=probe-slot>") > html.index("</footer>")  # the body_end slot
    assert "template_slots" in calls


def test_hook_jinja_environment(probe_built):
    _ws, _folder, result, calls = probe_built
    assert "HELLO!" in (result.out_dir / "site/probe/index.html").read_text("utf-8")
    assert {"jinja_environment:site", "jinja_environment:print"} <= set(calls)


def test_hook_artifacts(probe_built):
    _ws, _folder, result, _calls = probe_built
    assert (result.out_dir / "site/probe.txt").read_text("utf-8") == "안녕안녕"
    assert "site/probe/index.html" in result.written


def test_hook_page_context(probe_built):
    _ws, _folder, result, _calls = probe_built
    assert "ctx-ok" in (result.out_dir / "site/probe/index.html").read_text("utf-8")


def test_hook_post_render(probe_built):
    _ws, _folder, result, _calls = probe_built
    for page in ("site/index.html", "site/probe/index.html"):
        assert (result.out_dir / page).read_text("utf-8").endswith("<!-- probed -->")


def test_hook_build_finished(probe_built):
    _ws, _folder, result, calls = probe_built
    finished = [c for c in calls if isinstance(c, tuple)]
    assert finished == [("build_finished", str(result.out_dir), len(result.written))]
    order = [c for c in calls if isinstance(c, str)]
    assert order.index("street_loaded") < order.index("template_dirs") < order.index("template_slots") \
        < order.index("artifacts")


def test_hook_street_summary(probe_built):
    """What a plugin tells the district portal is kept in the build record, under its name."""
    from streetkit import record

    _ws, _folder, result, calls = probe_built
    kept = record.read(result.out_dir)["street"]
    assert kept["plugins"]["probe"] == {"greeting": "안녕"}
    assert kept["profile"]["slug"] == result.street.slug and "street_summary" in calls


def test_hook_cli_commands(probe):
    ws, folder, module = probe
    result = run_cli("hello", cwd=ws.root)
    assert result.returncode == 0 and result.stdout.strip() == "hello from probe"
    assert "hello" in run_cli("--help", cwd=ws.root).stdout


def test_plugin_exception_names_plugin_and_hook(tmp_path):
    folder = make_workspace(tmp_path)
    add_local_plugin(folder, "boom", "import streetkit\n@streetkit.hookimpl\ndef street_loaded(street):\n    1 / 0\n")
    ws = Workspace.open(tmp_path)
    with pytest.raises(PluginError, match=r"plugin boom failed in street_loaded: ZeroDivisionError"):
        _build(ws, folder)
    result = run_cli("build", "streets/test-street", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "error: plugin boom failed in street_loaded: ZeroDivisionError: division by zero" in result.stderr


def test_disabled_plugin_hooks_do_not_run(probe):
    ws, folder, module = probe
    text = (folder / "street.yaml").read_text("utf-8")
    text = text.replace("plugins: [probe]", "plugins: []").replace("probe: {greeting: 안녕, times: 2}\n", "")
    text = text.replace("    probe_note: 메모\n", "")
    (folder / "street.yaml").write_text(text, "utf-8")
    result = _build(ws, folder, only={"site"})
    assert "street_loaded" not in module.calls and "site/probe.txt" not in result.written


def test_every_hook_is_documented_and_tested():
    names = [n for n in dir(hookspecs) if hasattr(getattr(hookspecs, n), "streetkit_spec")]
    assert sorted(names) == sorted(hookspecs.HOOK_ORDER)
    docs = (REPO / "docs" / "plugins.md").read_text("utf-8")
    tests = "".join(p.read_text("utf-8") for p in (REPO / "tests").glob("test_*.py"))
    for name in names:
        assert re.search(rf"^### `{name}`", docs, re.M), f"docs/plugins.md lacks a section for hook {name}"
        assert f"def test_hook_{name}(" in tests, f"no test_hook_{name}"


def test_post_render_results_chain(probe_built):
    """Every plugin's transformation survives: the probe's comment and the web-font links both land."""
    _ws, _folder, result, _calls = probe_built
    page = (result.out_dir / "site/index.html").read_text("utf-8")
    assert page.endswith("<!-- probed -->") and 'href="static/fonts/fonts.css"' in page


ORDERED = '''
import streetkit
from streetkit import Asset


@streetkit.hookimpl(trylast=True)
def post_render(artifact, content):
    return content + "<!--last-->" if artifact.path == "site/index.html" else None


@streetkit.hookimpl(tryfirst=True)
def street_loaded(street):
    street.data["order"] = ["first"]


@streetkit.hookimpl(wrapper=True)
def artifacts(street):
    result = yield  # every other plugin's artifacts
    return result + [[Asset(path="site/wrapped.txt", data=f"{sum(len(r) for r in result)} artifacts before me")]]
'''

LATE = '''
import streetkit


@streetkit.hookimpl
def post_render(artifact, content):
    return content + "<!--plain-->" if artifact.path == "site/index.html" else None


@streetkit.hookimpl
def street_loaded(street):
    street.data.setdefault("order", []).append("plain")
'''


def test_hooks_go_through_pluggy_tryfirst_trylast_and_wrappers(tmp_path):
    folder = make_workspace(tmp_path)
    add_local_plugin(folder, "ordered", ORDERED)
    (tmp_path / "plugins" / "late.py").write_text(LATE, "utf-8")
    text = (folder / "street.yaml").read_text("utf-8").replace("plugins: [ordered]", "plugins: [ordered, late]")
    (folder / "street.yaml").write_text(text, "utf-8")
    result = _build(Workspace.open(tmp_path), folder, only={"site"})
    assert result.street.data["order"] == ["first", "plain"]  # tryfirst ran before the plain one
    home = (result.out_dir / "site/index.html").read_text("utf-8")
    assert home.endswith("<!--plain--><!--last-->")  # trylast transformed last
    wrapped = (result.out_dir / "site/wrapped.txt").read_text("utf-8")
    assert int(wrapped.split()[0]) > 50  # the wrapper saw every plugin's artifacts


def test_streetkit_trace_prints_each_hook_call(tmp_path):
    make_workspace(tmp_path)
    result = run_cli("validate", "streets/test-street", cwd=tmp_path, env={"STREETKIT_TRACE": "1"})
    assert result.returncode == 0, result.stderr
    assert re.search(r"^trace: config_schema -> semas \d+\.\d\d ms$", result.stderr, re.M), result.stderr


def test_the_hook_reference_matches_the_hookspecs():
    """Each hook's section in docs/plugins.md opens with its signature: the same arguments, in
    the same order, as in hookspecs.py (the Datasette way)."""
    import inspect

    docs = (REPO / "docs" / "plugins.md").read_text("utf-8")
    for name in hookspecs.HOOK_ORDER:
        section = re.search(rf"^### `{name}`\n\n`{name}\(([^)]*)\)", docs, re.M)
        assert section, f"docs/plugins.md: the {name} section does not open with `{name}(…)`"
        documented = [a.strip() for a in section[1].split(",") if a.strip()]
        assert documented == list(inspect.signature(getattr(hookspecs, name)).parameters), name


def test_the_docs_say_which_plugins_are_on_by_default(workspace):
    docs = (REPO / "docs" / "plugins.md").read_text("utf-8")
    paragraph = re.search(r"Of the built-ins these are on by\s+default: (.*?)\. Every other", docs, re.S)[1]
    on = sorted(re.findall(r"`(\w+)`", paragraph))
    builtin = {n: i for n, i in workspace.host.infos.items() if i.origin == "built-in"}
    assert on == sorted(n for n, i in builtin.items() if i.default)


GREETER = '''
import streetkit
from streetkit import Chapter


@streetkit.hookimpl
def report_sections(street):
    return [Chapter("greetings", "인사하는 가게", "print/report/summary.html", parent="mix", order=99,
                    highlights=[("인사하는 가게", "1곳")])]
'''


def test_a_plugin_adds_a_report_section_through_the_report_plugins_own_hook(tmp_path):
    """`report_sections` is declared by the report plugin (HOOKSPECS), not by the core, and reaches
    only the streets that enable the contributing plugin."""
    folder = make_workspace(tmp_path)
    add_local_plugin(folder, "greeter", GREETER)
    ws = Workspace.open(tmp_path)
    assert "report_sections" not in hookspecs.HOOK_ORDER and hasattr(ws.host.pm.hook, "report_sections")
    builder = Builder(ws, only={"print"}, today=date(2026, 1, 1))
    street = builder.load(folder)
    report = builder.plan(street).find("print/report.pdf")
    sections = {s.id: s for chapter, parts in report.context["chapters"] for s in [chapter, *parts]}
    assert sections["greetings"].title == "인사하는 가게" and ("인사하는 가게", "1곳") in report.context["highlights"]
    text = (folder / "street.yaml").read_text("utf-8").replace("plugins: [greeter]", "plugins: []")
    (folder / "street.yaml").write_text(text, "utf-8")
    street = builder.load(folder)
    report = builder.plan(street).find("print/report.pdf")
    assert "greetings" not in {s.id for chapter, parts in report.context["chapters"] for s in [chapter, *parts]}
