"""The core knows no plugin: streetkit/ names none of the built-in plugins, their outputs or their
fields, and a plugin's markup and assets appear only on streets that enable it."""
from __future__ import annotations

import ast
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import REPO, copy_street
from streetkit.build import Builder
from streetkit.workspace import Workspace

PLUGINS = sorted(p.stem if p.is_file() else p.name for p in (REPO / "plugins").iterdir()
                 if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").exists())
#: Plugin names that are core words too: the output areas, and the profile's list of events.
CORE_WORDS = {"site", "print", "brand", "events"}
#: What only a plugin should know: its outputs, fields, template globals and partials.
PLUGIN_WORDS = ["street-a5", "report.pdf", "semas_id", "mapped_merchants", "_icons.html", "_assistant.html",
                "assistant.css", "brand_logo", "print/flyers", "add_report_section", "ReportSection"]
#: Places in the core that still name a plugin, each with why it is left for now. The list only
#: shrinks: a new mention anywhere else fails the test.
KNOWN: dict[tuple[str, str], str] = {}


def _code_words(path: Path) -> tuple[set[str], set[str]]:
    """The string constants (docstrings left out), and the names, used in a module's code."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    strings: set[str] = set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            strings.add(node.value)
        elif isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.alias):
            names.add(node.asname or node.name)
    return strings, names


def test_the_core_names_no_plugin():
    found = []
    for path in sorted((REPO / "streetkit").rglob("*.py")):
        strings, names = _code_words(path)
        for plugin in sorted(set(PLUGINS) - CORE_WORDS):  # a plugin is named by a string: "semas"
            if any(w == plugin or w.startswith((f"{plugin}/", f"{plugin}.")) for w in strings):
                found.append(f"{path.relative_to(REPO)}: {plugin}")
        for word in PLUGIN_WORDS:
            if any(word in w for w in strings | names) and (path.name, word) not in KNOWN:
                found.append(f"{path.relative_to(REPO)}: {word}")
    assert found == []


def test_the_default_theme_names_no_plugin_global():
    """The chrome every page shares reaches plugins only through slots, never by testing for a
    plugin's global (a plugin's own page, such as the map, may use its globals)."""
    for template in [*(REPO / "themes").glob("*/templates/site/base.html"),
                     *(REPO / "themes").glob("*/templates/site/home.html")]:
        text = template.read_text("utf-8")
        for word in ("mapped_merchants", "_icons.html", "_assistant.html", "assistant/"):
            assert word not in text, (template, word)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            elif name == "srcset" and value:
                self.links += [part.split()[0] for part in value.split(",") if part.strip()]


def _broken_links(site: Path) -> list[str]:
    broken = []
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text("utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("#", "mailto:", "tel:", "data:")) or not parts.path:
                continue
            path = unquote(parts.path)
            target = (site / path.lstrip("/") if path.startswith("/") else page.parent / path).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {link}")
    return broken


OPTIONAL = ["local_currency", "delivery", "programmes", "assistant", "centre", "merchant_cards"]
#: The merchant fields each optional plugin owns (config_schema's `merchant.` keys).
MERCHANT_FIELDS = {"local_currency": "pay", "delivery": "delivery", "programmes": "business"}


@pytest.mark.parametrize("off", [*OPTIONAL, "all"])
def test_a_street_with_an_optional_plugin_off_links_nothing_missing(tmp_path, off):
    """Every local link and asset on every page resolves to a file of the build (a 404 crawl)."""
    folder = copy_street(REPO / "streets/sinan-alley", tmp_path)
    text = (folder / "street.yaml").read_text("utf-8")
    keep = [] if off == "all" else [p for p in OPTIONAL if p != off]
    text = re.sub(r"^plugins: \[.*\]$", f"plugins: [{', '.join(keep)}]", text, count=1, flags=re.M)
    # The sections of the plugins switched off go with them, as a user would delete them.
    for name in set(OPTIONAL) - set(keep):
        text = re.sub(rf"^{name}:.*\n(?:(?:  .*)?\n)*", "", text, flags=re.M)
        if field := MERCHANT_FIELDS.get(name):
            text = re.sub(rf"^    {field}:.*\n(?:      .*\n)*", "", text, flags=re.M)
    (folder / "street.yaml").write_text(text, "utf-8")
    out = Builder(Workspace.open(tmp_path), out_root=tmp_path / "out", only={"site"}, today=date(2026, 11, 23)).build(folder)
    site = out.out_dir / "site"
    assert _broken_links(site) == []
    home = (site / "index.html").read_text("utf-8")
    assert ("assistant/" in home) == ("assistant" in keep)
