"""The `streetkit` command line.

Exit codes: 0 success; 1 a profile or build problem (reported, no traceback); 2 wrong usage;
130 interrupted (Ctrl-C) — in every failure case the previous output is left as it was.
"""
from __future__ import annotations

import json
import signal
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from . import __version__
from .buildcli import build
from .cachecli import cache_group
from .clihelp import Context, speak
from .cliutil import handle_errors, street_folders, streets_and_districts, workspace_for
from .districtcli import district
from .errors import ProfileError, StreetkitError, rel
from .i18n import _, language, set_language
from .messages_ko import problem_line
from .preflightcli import preflight_command
from .publishcli import ci, publish
from .workspace import Workspace


class _Cli(click.Group):
    """Adds plugin commands (hook `cli_commands`) before click looks a command up."""

    context_class = Context

    _loaded = False

    def _load_plugin_commands(self) -> None:
        if not self._loaded:
            self._loaded = True
            try:
                Workspace.open(Path.cwd()).host.each("cli_commands", None, cli=self)
            except StreetkitError as exc:
                click.echo(_("warning: {message}", message=exc), err=True)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_plugin_commands()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        cmd = super().get_command(ctx, name)
        if cmd is None:
            self._load_plugin_commands()
            cmd = super().get_command(ctx, name)
        if cmd is not None:
            speak(cmd)  # click's own words (Usage:, Options) in the reader's language
        return cmd

    def invoke(self, ctx: click.Context) -> Any:
        # Plugin commands get the same error reporting as the core's: a message, never a traceback.
        return handle_errors(super().invoke)(ctx)


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]}, help=_(
        "Build a shopping street's website, print-ready flyers and brand assets from its "
        "profile.\n\nA street is a folder: streets/<slug>/street.yaml plus pages/, news/, images/ "
        "and data/. Exit codes: 0 ok, 1 problems found (reported as file:line:col), 2 usage "
        "error, 130 interrupted."))
@click.version_option(__version__, prog_name="streetkit", help=_("Show the version and exit."))
@click.option("--lang", type=click.Choice(["ko", "en"]), default=None,
              help=_("Language of messages and help [default: ko in a Korean locale (LANG=ko_KR.UTF-8), else en]."))
def cli(lang: str | None) -> None:
    if lang:
        set_language(lang)


for command in (build, publish, ci, cache_group, preflight_command, district):
    cli.add_command(command)


@cli.command(help=_("Create streets/SLUG with a commented, valid street.yaml to fill in."))
@click.argument("slug")
@click.option("--dir", "parent", type=click.Path(path_type=Path), default=Path("streets"), show_default=True,
              help=_("Folder that holds the streets."))
@handle_errors
def new(slug: str, parent: Path) -> None:
    from .scaffold import create

    folder = create(parent / slug, slug)
    click.echo(_("created {folder}/street.yaml — edit it, then run: streetkit build {folder}", folder=rel(folder)))


@cli.command(help=_("Check street profiles and their Markdown files; list every problem found. A district file "
                    "(district.yaml) is checked with every street it names."))
@click.argument("streets", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help=_("Treat warnings (hours with missing weekdays, placeholders left from "
              "`streetkit new`, missing English names …) as errors."))
@click.option("-v", "--verbose", is_flag=True, help=_("List every item a summarised warning stands for."))
@handle_errors
def validate(streets: tuple[Path, ...], strict: bool, verbose: bool) -> None:
    from .advice import SUMMARY_FROM
    from .loader import load_street
    from .planning import enrich

    dirs, districts, ws = streets_and_districts(streets)  # a district file's problems end it here
    problems = []
    for each in districts:
        click.echo(_("ok   {district}: {n} streets", district=rel(each.path), n=len(each.street_dirs)))
    warned = 0
    for d in dirs:
        try:
            street = load_street(d, ws.host, ws.themes)
            # The plugins' own data files (a report's snapshots) are read when the street is
            # enriched: a fault in them is the build's fault, so validate finds it too.
            enrich(ws, street)
            click.echo(_("ok   {street}: {merchants} merchants, {events} events, {pages} pages, {news} news",
                         street=rel(d), merchants=len(street.profile.merchants), events=len(street.profile.events),
                         pages=len(street.pages), news=len(street.news)))
            shown = {str(p) for p in street.advice}
            for p in street.advice:
                click.echo(f"  {problem_line(p, language())}", err=True)
                if verbose:
                    for item in p.details:
                        click.echo(f"    - {item}", err=True)
                elif len(p.details) > SUMMARY_FROM:
                    click.echo("    " + _("(--verbose lists all {n})", n=len(p.details)), err=True)
            for warning in street.warnings:
                if warning not in shown:
                    click.echo(f"  {warning}", err=True)
            warned += len(street.warnings)
        except ProfileError as exc:
            problems += exc.problems
    if problems:
        raise ProfileError(problems)
    if strict and warned:
        raise StreetkitError(_("{n} warning(s), and --strict makes warnings errors", n=warned))


@cli.command(help=_(
        "Build STREET's site and serve it locally for preview, at an address with a one-time "
        "token."))
@click.argument("street", type=click.Path(path_type=Path))
@click.option("--port", default=8000, show_default=True)
@click.option("--bind", default="127.0.0.1", show_default=True,
              help=_("Address to listen on; anything but 127.0.0.1 lets other machines reach the preview."))
@click.option("--reload/--no-reload", default=True, show_default=True,
              help=_("Rebuild when the street, workspace themes or plugins change, and reload the browser."))
@handle_errors
def serve(street: Path, port: int, bind: str, reload: bool) -> None:
    from .serve import run_preview

    (d,) = street_folders((street,))
    run_preview(workspace_for((d,)), d, port, bind, reload)


@cli.command(help=_("Edit the workspace's streets in a browser: forms, live preview, posters and flyers."))
@click.argument("workspace", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--port", type=int, default=0, help=_("Port to listen on (default: a free one)."))
@click.option("--host", default="127.0.0.1", show_default=True,
              help=_("Address to listen on; anything but loopback needs --password."))
@click.option("--password", envvar="STREETKIT_STUDIO_PASSWORD", default=None,
              help=_("Password asked of every visitor (needed with --host); or STREETKIT_STUDIO_PASSWORD."))
@click.option("--no-browser", is_flag=True, help=_("Do not open a browser."))
@handle_errors
def studio(workspace: Path, port: int, host: str, password: str | None, no_browser: bool) -> None:
    from .studio import run_studio

    run_studio(workspace, host=host, port=port, open_browser=not no_browser, password=password)


@cli.command(help=_("List installed plugins with their origin and version."))
@click.option("--json", "as_json", is_flag=True, help=_("Machine-readable output."))
@handle_errors
def plugins(as_json: bool) -> None:
    ws = Workspace.open(Path.cwd())
    rows = [{"name": i.name, "origin": i.origin, "version": i.version, "default": i.default,
             "hooks": i.hooks, "description": i.description} for i in ws.host.infos.values()]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        on = _("always on") if r["default"] else _("enable in profile")
        click.echo(f"{r['name']:<16} {r['version'] or '-':<8} {r['origin']:<24} {on:<18} {r['description']}")


@cli.command(help=_("List available themes with their parent and description."))
@handle_errors
def themes() -> None:
    ws = Workspace.open(Path.cwd())
    for name in ws.themes.names():
        t = ws.themes.by_name[name]
        click.echo(f"{name:<16} " + _("parent: {parent:<10}", parent=t.parent or "-") + f" {t.origin:<12} {t.description}")


@cli.command(help=_(
        "Build STREET in every theme and write one page comparing them (home on desktop and "
        "phone, the A5 flyer, the report cover)."))
@click.argument("street", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help=_("Folder for the gallery [default: _build/gallery/<slug>]."))
@click.option("--theme", "themes", multiple=True, help=_("Only these themes (repeatable) [default: all]."))
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help=_("Build date [default: today]."))
@handle_errors
def gallery(street: Path, out: Path | None, themes: tuple[str, ...], today: datetime | None) -> None:
    from .gallery import build_gallery

    ws = workspace_for((street,))
    target = out or ws.root / "_build" / "gallery" / street.resolve().name
    page = build_gallery(ws, street, target, list(themes) or None, today.date() if today else None,
                         progress=lambda msg: click.echo(msg, err=True))
    click.echo(_("wrote {file}", file=rel(page)))


@cli.command(help=_("Print the JSON Schema of street.yaml (core and installed plugins' sections)."))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help=_("Write to this file instead of standard output."))
@click.option("--district", "of_district", is_flag=True, help=_("The schema of district.yaml instead."))
@handle_errors
def schema(output: Path | None, of_district: bool = False) -> None:
    from .schema import district_schema, profile_schema

    make = district_schema if of_district else profile_schema
    text = json.dumps(make(Workspace.open(Path.cwd()).host), ensure_ascii=False, indent=2) + "\n"
    if output:
        output.write_text(text, "utf-8")
        click.echo(_("wrote {file}", file=rel(output)))
    else:
        click.echo(text, nl=False)


def _terminate(signum: int, frame: Any) -> None:
    # SIGTERM (a CI timeout, `kill`) cleans up like Ctrl-C: staging removed, old output kept.
    raise KeyboardInterrupt


def main() -> None:
    """Console-script entry point."""
    signal.signal(signal.SIGTERM, _terminate)
    cli(prog_name="streetkit")
