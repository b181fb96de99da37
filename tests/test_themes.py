"""Theme discovery and the template lookup order: street → theme → parent themes → plugin templates."""
from __future__ import annotations

from datetime import date

import pytest

from conftest import make_workspace, run_cli, static_file
from streetkit.build import Builder
from streetkit.errors import ProfileError
from streetkit.workspace import Workspace

LAYER_PLUGIN = '''
from pathlib import Path
import streetkit

@streetkit.hookimpl
def template_dirs():
    return [Path(__file__).parent / "layer_templates"]

@streetkit.hookimpl
def artifacts():
    return [streetkit.Page(path="site/layer/index.html", template="site/layer.html")]
'''


@pytest.fixture
def layered(tmp_path):
    """A street using theme `kid` (parent: default), a plugin template, and a street override."""
    folder = make_workspace(tmp_path)
    text = (folder / "street.yaml").read_text("utf-8")
    (folder / "street.yaml").write_text(text.replace("theme: default", "theme: kid").replace("plugins: []", "plugins: [layer]"), "utf-8")
    plugins = tmp_path / "plugins"
    (plugins / "layer_templates" / "site").mkdir(parents=True)
    (plugins / "layer.py").write_text(LAYER_PLUGIN, "utf-8")
    (plugins / "layer_templates" / "site" / "layer.html").write_text("from-plugin", "utf-8")
    kid = tmp_path / "themes" / "kid"
    (kid / "templates" / "site").mkdir(parents=True)
    (kid / "static").mkdir()
    (kid / "theme.yaml").write_text("name: kid\nparent: default\ndescription: 테스트용 자식 테마\ntokens: {radius: 2px}\n", "utf-8")
    (kid / "templates" / "site" / "layer.html").write_text("from-theme", "utf-8")
    (kid / "static" / "site.css").write_text("/* kid */", "utf-8")
    (folder / "templates" / "site").mkdir(parents=True)
    (folder / "templates" / "site" / "layer.html").write_text("from-street", "utf-8")
    return tmp_path, folder


def _layer(root, folder) -> str:
    result = Builder(Workspace.open(root), today=date(2026, 1, 1), only={"site"}).build(folder)
    return (result.out_dir / "site/layer/index.html").read_text("utf-8")


def test_lookup_order(layered):
    root, folder = layered
    assert _layer(root, folder) == "from-street"
    (folder / "templates" / "site" / "layer.html").unlink()
    assert _layer(root, folder) == "from-theme"
    (root / "themes" / "kid" / "templates" / "site" / "layer.html").unlink()
    assert _layer(root, folder) == "from-plugin"


def test_child_theme_inherits_templates_and_overrides_static_and_tokens(layered):
    root, folder = layered
    result = Builder(Workspace.open(root), today=date(2026, 1, 1), only={"site"}).build(folder)
    home = (result.out_dir / "site/index.html").read_text("utf-8")
    assert "새 골목형상점가" in home  # default theme's home.html, inherited
    assert static_file(result.out_dir, "site.css").read_text("utf-8") == "/* kid */"
    tokens = static_file(result.out_dir, "tokens.css").read_text("utf-8")
    assert "--radius: 2px;" in tokens and "--font-sans:" in tokens  # child token + inherited token


def test_themes_command_shows_parent(layered):
    root, _ = layered
    out = run_cli("themes", cwd=root).stdout
    kid = next(line for line in out.splitlines() if line.startswith("kid"))
    assert "parent: default" in kid and "테스트용 자식 테마" in kid
    assert any(line.startswith("default") for line in out.splitlines())


def test_unknown_parent_and_loops_are_reported(layered):
    root, folder = layered
    meta = root / "themes" / "kid" / "theme.yaml"
    meta.write_text("name: kid\nparent: nobody\n", "utf-8")
    ws = Workspace.open(root)
    with pytest.raises(ProfileError, match="theme 'kid' extends unknown theme 'nobody'"):
        Builder(ws).build(folder)
    meta.write_text("name: kid\nparent: kid\n", "utf-8")
    with pytest.raises(ProfileError, match="theme inheritance loops"):
        Builder(Workspace.open(root)).build(folder)


def test_build_theme_override(layered):
    root, folder = layered
    result = Builder(Workspace.open(root), theme="default", only={"site"}).build(folder)
    assert "/* kid */" not in static_file(result.out_dir, "site.css").read_text("utf-8")
