"""The hook API: every hook a plugin can implement, in the order a build calls them.

Implement a hook with `@streetkit.hookimpl` on a function of the same name in your plugin module.
An implementation may accept any subset of the arguments listed here (pluggy passes by name), so new
arguments can be added later without breaking plugins. Hooks that "contribute" return a value; the
build collects the non-None results of every enabled plugin. The reference with an example per hook
is docs/plugins.md; a test checks that every hook here is documented there and tested.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:  # pragma: no cover
    import click
    import jinja2
    from pydantic import BaseModel

    from .artifacts import Artifact
    from .street import Street

hookspec = pluggy.HookspecMarker("streetkit")


@hookspec
def config_schema() -> dict[str, type[BaseModel]] | None:
    """Profile sections this plugin owns: `{section_name: PydanticModel}`.

    A plain name adds a top-level section; `merchant.NAME` / `event.NAME` add a field `NAME` to
    every merchant / event. Sections are validated with the model (errors get file:line:col like
    core sections) and appear in the JSON Schema. A street must list the plugin under `plugins:`.
    """


@hookspec
def street_loaded(street: Street) -> None:
    """The street is loaded and validated: enrich it (derive data into `street.data[plugin]`)."""


@hookspec
def template_dirs(street: Street) -> list[Path] | None:
    """Folders of templates (`site/…`, `print/…`) this plugin ships.

    They come last in the lookup, after the street's overrides and the theme chain, so a theme
    or a street can restyle any plugin template.
    """


@hookspec
def template_slots(street: Street) -> dict[str, list[str]] | None:
    """Partials this plugin adds to the theme's slots: `{"head": ["site/_icons.html"]}`.

    A theme includes each slot's partials where it belongs — `head` (links in <head>), `nav` (items
    of the main navigation, after the core ones), `body_end` (widgets before </body>),
    `home_contact` (the home page's contact section) — so a plugin's markup, and the assets it
    links, appear only on the streets that enable the plugin.
    """


@hookspec
def jinja_environment(env: jinja2.Environment, street: Street, output: str) -> None:
    """Add filters, tests or globals to the Jinja environment for `output` ("site" or "print")."""


@hookspec
def artifacts(street: Street) -> list[Artifact] | None:
    """The files this plugin contributes: `Page`, `Document` (PDF) or `Asset` objects."""


@hookspec
def page_context(artifact: Artifact, context: dict[str, Any], street: Street) -> dict[str, Any] | None:
    """Extra template variables for one artifact; returned keys are merged into its context."""


@hookspec
def post_render(artifact: Artifact, content: str, street: Street) -> str | None:
    """Transform rendered HTML (of a page, or of a document before it becomes a PDF); return the new
    text, or None to leave it. Plugins are called in turn, each receiving the previous one's result."""


@hookspec
def street_summary(street: Street) -> dict[str, Any] | None:
    """What a district portal should know of this street beyond its profile (which pages show a
    merchant or an event, a photo for its card, figures for the comparison): plain JSON data, kept
    in the street's build record under the plugin's name. The portal is assembled from records,
    possibly on another machine, so it never sees the street itself."""


@hookspec
def build_finished(street: Street, out_dir: Path, written: list[str]) -> None:
    """The build succeeded and `out_dir` holds the new output; `written` lists relative paths (an
    up-to-date build, which rendered nothing, lists the files it kept)."""


@hookspec
def cli_commands(cli: click.Group) -> None:
    """Add commands to the `streetkit` command line (`cli.add_command(...)`)."""


#: The hooks in the order a build calls them (cli_commands runs once, at start-up).
HOOK_ORDER: tuple[str, ...] = ("config_schema", "street_loaded", "template_dirs", "template_slots", "jinja_environment",
                               "artifacts", "page_context", "post_render", "street_summary", "build_finished",
                               "cli_commands")
