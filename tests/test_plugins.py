"""Plugin discovery from all three places: built-ins, installed distributions, workspace files."""
from __future__ import annotations

import json
import textwrap

from conftest import REPO, install_distribution, make_workspace, run_cli
from streetkit.workspace import Workspace


def test_builtins_come_through_entry_points(workspace):
    infos = workspace.host.infos
    for name in ("site", "print", "local_currency"):
        assert infos[name].origin == "built-in"
        assert infos[name].version
    assert infos["site"].default and not infos["local_currency"].default


def test_plugins_command_lists_origin_and_version():
    result = run_cli("plugins", "--json")
    assert result.returncode == 0, result.stderr
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    assert rows["local_currency"]["origin"] == "built-in"
    assert "street_loaded" in rows["local_currency"]["hooks"]


def test_workspace_single_file_plugin(tmp_path):
    make_workspace(tmp_path)
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "hello.py").write_text('"""Says hello."""\n__version__ = "0.3"\n', "utf-8")
    info = Workspace.open(tmp_path).host.infos["hello"]
    assert info.origin.startswith("workspace ") and info.version == "0.3" and info.description == "Says hello."
    result = run_cli("plugins", cwd=tmp_path)
    assert "hello" in result.stdout and "workspace" in result.stdout


def test_third_party_distribution_is_picked_up(tmp_path):
    """Build a real distribution in a temp dir, install it to a separate target, and run streetkit with it."""
    project = tmp_path / "streetkit-greeter"
    (project / "streetkit_greeter").mkdir(parents=True)
    (project / "streetkit_greeter" / "__init__.py").write_text(textwrap.dedent('''
        """Adds a greeting page to every street that enables it."""
        import streetkit

        @streetkit.hookimpl
        def artifacts(street):
            return [streetkit.Asset(path="site/greeting.txt", data="안녕하세요, " + street.profile.name)]
    '''), "utf-8")
    env = install_distribution(project, "streetkit-greeter", "1.2.3",
                               {"streetkit.plugins": 'greeter = "streetkit_greeter"'})
    listing = json.loads(run_cli("plugins", "--json", env=env).stdout)
    greeter = next(r for r in listing if r["name"] == "greeter")
    assert greeter["origin"] == "package streetkit-greeter" and greeter["version"] == "1.2.3"

    folder = make_workspace(tmp_path / "ws")
    text = (folder / "street.yaml").read_text("utf-8").replace("plugins: []", "plugins: [greeter]")
    (folder / "street.yaml").write_text(text, "utf-8")
    result = run_cli("build", "streets/test-street", "--only", "site", cwd=tmp_path / "ws", env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "ws/_build/test-street/site/greeting.txt").read_text("utf-8") == "안녕하세요, 새 골목형상점가"


def test_builtin_plugins_use_only_the_public_api():
    """Built-in plugins (modules and packages) import `streetkit` itself, never its submodules (the
    third-party contract), and never each other: a package's own modules are imported relatively."""
    paths = sorted((REPO / "plugins").rglob("*.py"))
    assert any(p.parent.name == "brand" for p in paths) and any(p.parent.name == "semas" for p in paths)
    for path in paths:
        source = path.read_text("utf-8")
        assert "from streetkit." not in source and "import streetkit." not in source, path.name
        assert "streetkit_plugins" not in source, path.name
