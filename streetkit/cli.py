"""The `streetkit` command line.

Exit codes: 0 success; 1 a profile or build problem (reported, no traceback); 2 wrong usage;
130 interrupted (Ctrl-C) — in every failure case the previous output is left as it was.
"""
from __future__ import annotations

import contextlib
import functools
import json
import signal
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from . import __version__
from .artifacts import OUTPUTS
from .cachecli import cache_group
from .clihelp import Context, speak
from .errors import ProfileError, StreetkitError, rel
from .i18n import _, language, set_language
from .messages_ko import note_line, problem_line, warning_line
from .preflightcli import check_built, preflight_command
from .workspace import Workspace, find_workspace, street_dirs

EXIT_PROBLEM = 1
EXIT_INTERRUPTED = 130


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(EXIT_PROBLEM)


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Report streetkit errors as plain messages (never a traceback) with the documented exit codes."""
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ProfileError as exc:
            n = sum(1 for p in exc.problems if p.severity == "error")
            lines = "\n".join(problem_line(p, language()) for p in exc.problems)
            _fail(lines + "\n" + (_("1 problem found.") if n == 1 else _("{n} problems found.", n=n)))
        except StreetkitError as exc:
            _fail(_("error: {message}", message=exc))
        except KeyboardInterrupt:
            click.echo(_("interrupted; previous output left unchanged"), err=True)
            sys.exit(EXIT_INTERRUPTED)
    return wrapper


def _workspace_for(streets: tuple[Path, ...]) -> Workspace:
    roots = {find_workspace(s) for s in streets} or {Path.cwd().resolve()}
    if len(roots) > 1:
        raise StreetkitError(_("the streets given belong to different workspaces: build them separately"))
    return Workspace.open(roots.pop())


def _street_dirs(streets: tuple[Path, ...]) -> tuple[Path, ...]:
    """Accept the folder or its street.yaml; a street named twice (`streets/a streets/*`) is built
    once, since two processes writing one output folder would clobber each other."""
    dirs: dict[Path, Path] = {}
    for s in streets:
        folder = s.parent if s.name == "street.yaml" else s
        dirs.setdefault(folder.resolve(), folder)
    return tuple(dirs.values())


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


cli.add_command(cache_group)
cli.add_command(preflight_command)


@cli.command(help=_("Create streets/SLUG with a commented, valid street.yaml to fill in."))
@click.argument("slug")
@click.option("--dir", "parent", type=click.Path(path_type=Path), default=Path("streets"), show_default=True,
              help=_("Folder that holds the streets."))
@handle_errors
def new(slug: str, parent: Path) -> None:
    from .scaffold import create

    folder = create(parent / slug, slug)
    click.echo(_("created {folder}/street.yaml — edit it, then run: streetkit build {folder}", folder=rel(folder)))


@cli.command(help=_("Check street profiles and their Markdown files; list every problem found."))
@click.argument("streets", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help=_("Treat warnings (hours with missing weekdays, placeholders left from "
              "`streetkit new`, missing English names …) as errors."))
@click.option("-v", "--verbose", is_flag=True, help=_("List every item a summarised warning stands for."))
@handle_errors
def validate(streets: tuple[Path, ...], strict: bool, verbose: bool) -> None:
    from .advice import SUMMARY_FROM
    from .loader import load_street

    dirs = _street_dirs(streets)
    ws = _workspace_for(dirs)
    problems = []
    warned = 0
    for d in dirs:
        try:
            street = load_street(d, ws.host, ws.themes)
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


@cli.command(help=_("Build the site, PDFs and brand files of each STREET folder."))
@click.argument("streets", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help=_("Output folder [default: _build in the workspace]; each street goes to OUT/<slug>/."))
@click.option("--only", type=click.Choice(OUTPUTS), multiple=True,
              help=_("Build only these outputs (repeatable); the others keep their previous files."))
@click.option("--theme", default=None, help=_("Use this theme instead of the profile's (for comparisons)."))
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help=_("Build as of this date (YYYY-MM-DD): decides upcoming vs past events. [default: today]"))
@click.option("--marks", is_flag=True, help=_("Add crop marks to PDFs (drawn in the bleed; off by default because "
              "some print workflows rasterise pages that carry them)."))
@click.option("--cmyk", is_flag=True, help=_("Also write PDF/X-3 CMYK copies of every PDF to print/cmyk/ "
              "(Ghostscript; for shops that require CMYK)."))
@click.option("--icc", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help=_("CMYK output profile for --cmyk [default: Ghostscript's default_cmyk.icc]."))
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help=_("Processes: streets built at once, or for one street, processes rendering its pages "
                   "and PDFs [default: the number of cores]."))
@click.option("--shard", default=None, metavar="I/N",
              help=_("Build only the I-th of N stable slices of the streets (for CI matrices and batch jobs)."))
@click.option("--preflight", "check_print", is_flag=True,
              help=_("Check every PDF as a print shop would (`streetkit preflight`); exit 1 on an error."))
@click.option("-q", "--quiet", is_flag=True, help=_("Print only errors."))
@handle_errors
def build(streets: tuple[Path, ...], out: Path | None, only: tuple[str, ...], theme: str | None,
          today: Any, marks: bool, quiet: bool, cmyk: bool = False, icc: Path | None = None,
          jobs: int | None = None, shard: str | None = None, check_print: bool = False) -> None:
    import os

    from .build import Builder
    from .parallel import in_shard, parse_shard

    dirs = _street_dirs(streets)
    ws = _workspace_for(dirs)
    if icc is not None and not cmyk:
        raise click.UsageError(_("--icc chooses the profile for --cmyk; add --cmyk"))
    if shard is not None:
        try:
            index, total = parse_shard(shard)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--shard") from None
        named, dirs = dirs, tuple(d for d in dirs if in_shard(d, index, total))
        if not quiet:
            click.echo(_("shard {index}/{total}: {n} of {all} streets", index=index, total=total, n=len(dirs), all=len(named)))
    from .render.cmyk import DEFAULT_PROFILE

    options: dict[str, Any] = {"out_root": out, "only": set(only) or None, "theme": theme,
                               "today": today.date() if today else None, "marks": marks,
                               "cmyk_profile": (icc or DEFAULT_PROFILE) if cmyk else None}
    jobs = jobs or os.cpu_count() or 1
    if min(jobs, len(dirs)) > 1:  # several streets: a process per street
        try:
            _build_parallel(ws, list(dirs), options, min(jobs, len(dirs)), quiet, check_print)
        finally:
            _prune_cache()
        return
    builder = Builder(ws, **options, pdf_jobs=jobs, page_jobs=jobs)  # one street: its pages and PDFs in parallel
    show_bar = not quiet and sys.stderr.isatty()
    try:
        _build_each(builder, dirs, show_bar, quiet, check_print)
    finally:
        builder.close()
        _prune_cache()


def _prune_cache() -> None:
    """Keep the content cache under its cap after a build (the least recently used entries go)."""
    from . import cache

    try:
        cache.prune()
    except OSError:
        pass  # a cache we cannot tidy costs disk space, not the build


def _built_line(label: str, files: int, parts: str, reused: str, out: str, seconds: float) -> str:
    """A street's report line once it is built, in the user's language."""
    return _("{label}: {files} files ({parts}{reused}) → {out} in {seconds:.1f}s", label=label, files=files, parts=parts,
             reused=reused, out=out, seconds=seconds)


def _unchanged(reused: int, total: int) -> str:
    """The part of a street's report line that says what the build could keep."""
    if reused and reused == total:  # only an up-to-date build keeps its pages too
        return _(", all unchanged: up to date")
    return _(", {n} unchanged", n=reused) if reused else ""


def _build_each(builder: Any, dirs: tuple[Path, ...], show_bar: bool, quiet: bool, check_print: bool = False) -> None:
    """Build the streets one after another, reporting each as it finishes."""
    unprintable = 0
    for i, d in enumerate(dirs, 1):
        label = f"[{i}/{len(dirs)}] {d.name}"
        with _Bar(label) if show_bar else contextlib.nullcontext() as bar:
            result = builder.build(d, progress=bar.update if bar else None)
        if not quiet:
            parts = ", ".join(f"{o} {result.count(o)}" for o in OUTPUTS if result.count(o))
            reused = _unchanged(result.reused, len(result.written))
            click.echo(_built_line(label, len(result.written), parts, reused, rel(result.out_dir), result.seconds))
            for note in result.notes:
                click.echo(f"  {note_line(note, language())}")
        for warning in result.warnings:  # even with --quiet: the user must act on these
            click.echo(f"  {warning_line(warning, language())}", err=True)
        if check_print:
            unprintable += check_built(result.out_dir, language())
    if unprintable:
        sys.exit(1)


def _build_parallel(ws: Workspace, dirs: list[Path], options: dict[str, Any], jobs: int, quiet: bool,
                    check_print: bool = False) -> None:
    """Report each street as its process finishes; a failed street keeps its previous output and
    the others still build; exit 1 at the end if any failed."""
    from .build import check_out_root
    from .parallel import build_parallel

    check_out_root((options["out_root"] or ws.root / "_build").resolve(), ws.root, dirs)
    if not quiet:
        click.echo(_("building {n} streets in {jobs} processes", n=len(dirs), jobs=jobs))
    failed = unprintable = 0
    for n, outcome in enumerate(build_parallel(ws.root, dirs, options, jobs), 1):
        label = f"[{n}/{len(dirs)}] {outcome.street_dir.name}"
        if outcome.error:
            failed += 1
            click.echo(_("{label}: failed", label=label) + f"\n{outcome.error}", err=True)
            continue
        if not quiet:
            parts = ", ".join(f"{o} {c}" for o, c in outcome.counts.items() if c)
            reused = _unchanged(outcome.reused, outcome.total)
            click.echo(_built_line(label, outcome.total, parts, reused, rel(outcome.out_dir or ""), outcome.seconds))
            for note in outcome.notes:
                click.echo(f"  {note_line(note, language())}")
        for warning in outcome.warnings:
            click.echo(f"  {warning_line(warning, language())}", err=True)
        if check_print and outcome.out_dir:
            unprintable += check_built(Path(outcome.out_dir), language())
    if failed:
        _fail(_("{n} of {all} streets failed; their previous output is unchanged", n=failed, all=len(dirs)))
    if unprintable:
        sys.exit(1)


class _Bar:
    """A progress bar on stderr whose length is known only once the build has planned."""

    def __init__(self, label: str):
        self.label = label
        self.bar: Any = None

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(1)

    def __enter__(self) -> _Bar:
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


@cli.command(help=_(
        "Build STREET, then publish its site to a folder, a zip, a git branch or a server (only "
        "a complete build)."))
@click.argument("street", type=click.Path(path_type=Path))
@click.option("--to", "to", default=None, metavar="TARGET",
              help=_("A folder, a .zip, git+URL#BRANCH, or a server: ssh://user@host[:port]/folder or user@host:/folder "
                   "[default: the profile's publish.target]."))
@click.option("--dry-run", is_flag=True, help=_("List what would change; publish nothing."))
@click.option("--rollback", is_flag=True,
              help=_("Make the release before the live one live again (servers over SSH); builds nothing."))
@click.option("--bwlimit", type=click.IntRange(min=1), default=None, metavar="KBPS",
              help=_("Upload at most this many KiB per second (servers over SSH), leaving the line free for others."))
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help=_("Build as of this date (YYYY-MM-DD) [default: today]."))
@handle_errors
def publish(street: Path, to: str | None, dry_run: bool, rollback: bool, bwlimit: int | None, today: Any) -> None:
    from .build import Builder
    from .publish import publish_built, target_of
    from .publish import rollback as roll_back

    (d,) = _street_dirs((street,))
    builder = Builder(_workspace_for((d,)), today=today.date() if today else None)
    try:
        if rollback:
            target = target_of(builder.load(d).profile, to)
            now, was = roll_back(target)
            click.echo(f"{target}: {was} → {now} 되돌렸습니다 (rolled back)")
            return
        result = builder.build(d)  # a failed build raises here: nothing is published
    finally:
        builder.close()
    target, changes = publish_built(result, to=to, dry_run=dry_run, bwlimit=bwlimit)
    if not changes.any:
        click.echo(f"{target}: 바뀐 것이 없습니다 (nothing changed)")
        return
    counts = {"target": target, "added": len(changes.added), "changed": len(changes.changed), "removed": len(changes.removed)}
    click.echo(_("{target}: would publish {added} added, {changed} changed, {removed} removed", **counts) if dry_run
               else _("{target}: published {added} added, {changed} changed, {removed} removed", **counts))
    if dry_run:
        for line in changes.lines():
            click.echo(f"  {line}")


@cli.command("ci", help=_(
        "Write the files that rebuild and publish the streets on every push and every night at "
        "00:10 Korea time."))
@click.argument("workspace", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--street", "streets", multiple=True, type=click.Path(path_type=Path),
              help=_("Only these streets [default: every street of the workspace]."))
@click.option("--github/--no-github", default=True, show_default=True, help=_("Write .github/workflows/streetkit.yml."))
@click.option("--gitlab/--no-gitlab", default=True, show_default=True, help=_("Write .gitlab-ci.yml."))
@click.option("--systemd", is_flag=True, help=_("Also write deploy/ with a systemd timer and a cron line, for your own server."))
@click.option("--install", default=f"streetkit=={__version__}", show_default=True,
              help=_("What CI gives pip to install streetkit (a version, a git URL, a wheel's address)."))
@click.option("--force", is_flag=True, help=_("Overwrite files written before."))
@handle_errors
def ci(workspace: Path, streets: tuple[Path, ...], github: bool, gitlab: bool, systemd: bool, install: str,
       force: bool) -> None:
    from .build import Builder
    from .schedule_files import StreetTarget, cron_line, github_workflow, gitlab_ci, systemd_units

    root = workspace.resolve()
    dirs = _street_dirs(streets) if streets else tuple(street_dirs(root))
    if not dirs:
        raise StreetkitError(_("{folder}: no streets/*/street.yaml here", folder=root))
    builder = Builder(Workspace.open(root))
    try:
        targets = []
        for d in dirs:
            profile = builder.load(d).profile
            targets.append(StreetTarget(d.resolve().relative_to(root).as_posix(), profile.slug,
                                        profile.publish.target if profile.publish else None))
    finally:
        builder.close()
    program = Path(sys.executable).parent / "streetkit"
    files: dict[str, str] = {}
    if github:
        files[".github/workflows/streetkit.yml"] = github_workflow(targets, install)
    if gitlab:
        files[".gitlab-ci.yml"] = gitlab_ci(targets, install)
    if systemd:
        files.update({f"deploy/{name}": text for name, text in systemd_units(root, targets, str(program)).items()})
        files["deploy/crontab"] = cron_line(root, targets, str(program))
    there = [name for name in files if (root / name).exists()]
    if there and not force:
        raise StreetkitError(_("already there (--force overwrites them): {files}", files=", ".join(there)))
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, "utf-8")
        click.echo(_("wrote {file}", file=name))
    click.echo(_("next steps: docs/publish.md, 'Scheduled rebuilds'"))


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

    (d,) = _street_dirs((street,))
    run_preview(_workspace_for((d,)), d, port, bind, reload)


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

    ws = _workspace_for((street,))
    target = out or ws.root / "_build" / "gallery" / street.resolve().name
    page = build_gallery(ws, street, target, list(themes) or None, today.date() if today else None,
                         progress=lambda msg: click.echo(msg, err=True))
    click.echo(_("wrote {file}", file=rel(page)))


@cli.command(help=_("Print the JSON Schema of street.yaml (core and installed plugins' sections)."))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help=_("Write to this file instead of standard output."))
@handle_errors
def schema(output: Path | None) -> None:
    from .schema import profile_schema

    text = json.dumps(profile_schema(Workspace.open(Path.cwd()).host), ensure_ascii=False, indent=2) + "\n"
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
