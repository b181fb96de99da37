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
from .errors import ProfileError, StreetkitError, rel
from .messages_ko import problem_line, user_language, warning_line
from .workspace import Workspace, find_workspace

EXIT_PROBLEM = 1
EXIT_INTERRUPTED = 130


#: The language messages are printed in (`--lang`, else the locale): "ko" or "en".
LANG = {"cli": user_language()}


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
            if LANG["cli"] == "ko":
                _fail("\n".join(problem_line(p, "ko") for p in exc.problems) + f"\n고칠 곳 {n}개를 찾았습니다.")
            _fail(f"{exc}\n{n} problem{'s' if n != 1 else ''} found.")
        except StreetkitError as exc:
            _fail(f"error: {exc}")
        except KeyboardInterrupt:
            click.echo("interrupted; previous output left unchanged", err=True)
            sys.exit(EXIT_INTERRUPTED)
    return wrapper


def _workspace_for(streets: tuple[Path, ...]) -> Workspace:
    roots = {find_workspace(s) for s in streets} or {Path.cwd().resolve()}
    if len(roots) > 1:
        raise StreetkitError("the streets given belong to different workspaces: build them separately")
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

    _loaded = False

    def _load_plugin_commands(self) -> None:
        if not self._loaded:
            self._loaded = True
            try:
                Workspace.open(Path.cwd()).host.each("cli_commands", None, cli=self)
            except StreetkitError as exc:
                click.echo(f"warning: {exc}", err=True)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_plugin_commands()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        cmd = super().get_command(ctx, name)
        if cmd is None:
            self._load_plugin_commands()
            cmd = super().get_command(ctx, name)
        return cmd

    def invoke(self, ctx: click.Context) -> Any:
        # Plugin commands get the same error reporting as the core's: a message, never a traceback.
        return handle_errors(super().invoke)(ctx)


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="streetkit")
@click.option("--lang", type=click.Choice(["ko", "en"]), default=None,
              help="Language of problems and warnings [default: ko in a Korean locale (LANG=ko_KR.UTF-8), else en].")
def cli(lang: str | None) -> None:
    """Build a shopping street's website, print-ready flyers and brand assets from its profile.

    A street is a folder: streets/<slug>/street.yaml plus pages/, news/, images/ and data/.
    Exit codes: 0 ok, 1 problems found (reported as file:line:col), 2 usage error, 130 interrupted.
    """
    LANG["cli"] = user_language(lang)


cli.add_command(cache_group)


@cli.command()
@click.argument("slug")
@click.option("--dir", "parent", type=click.Path(path_type=Path), default=Path("streets"), show_default=True,
              help="Folder that holds the streets.")
@handle_errors
def new(slug: str, parent: Path) -> None:
    """Create streets/SLUG with a commented, valid street.yaml to fill in."""
    from .scaffold import create

    folder = create(parent / slug, slug)
    click.echo(f"created {rel(folder)}/street.yaml — edit it, then run: streetkit build {rel(folder)}")


@cli.command()
@click.argument("streets", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings (hours with missing weekdays, placeholders left from "
              "`streetkit new`, missing English names …) as errors.")
@handle_errors
def validate(streets: tuple[Path, ...], strict: bool) -> None:
    """Check street profiles and their Markdown files; list every problem found."""
    from .loader import load_street

    dirs = _street_dirs(streets)
    ws = _workspace_for(dirs)
    problems = []
    warned = 0
    for d in dirs:
        try:
            street = load_street(d, ws.host, ws.themes)
            click.echo(f"ok   {rel(d)}: {len(street.profile.merchants)} merchants, "
                       f"{len(street.profile.events)} events, {len(street.pages)} pages, {len(street.news)} news")
            shown = {str(p) for p in street.advice}
            for p in street.advice:
                click.echo(f"  {problem_line(p, LANG['cli'])}", err=True)
            for warning in street.warnings:
                if warning not in shown:
                    click.echo(f"  {warning}", err=True)
            warned += len(street.warnings)
        except ProfileError as exc:
            problems += exc.problems
    if problems:
        raise ProfileError(problems)
    if strict and warned:
        raise StreetkitError(f"주의 {warned}개: --strict에서는 주의도 고칠 곳입니다" if LANG["cli"] == "ko"
                             else f"{warned} warning(s), and --strict makes warnings errors")


@cli.command()
@click.argument("streets", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Output folder [default: _build in the workspace]; each street goes to OUT/<slug>/.")
@click.option("--only", type=click.Choice(OUTPUTS), multiple=True,
              help="Build only these outputs (repeatable); the others keep their previous files.")
@click.option("--theme", default=None, help="Use this theme instead of the profile's (for comparisons).")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Build as of this date (YYYY-MM-DD): decides upcoming vs past events. [default: today]")
@click.option("--marks", is_flag=True, help="Add crop marks to PDFs (drawn in the bleed; off by default because "
              "some print workflows rasterise pages that carry them).")
@click.option("--cmyk", is_flag=True, help="Also write PDF/X-3 CMYK copies of every PDF to print/cmyk/ "
              "(Ghostscript; for shops that require CMYK).")
@click.option("--icc", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="CMYK output profile for --cmyk [default: Ghostscript's default_cmyk.icc].")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes: streets built at once, or for one street, processes rendering its pages "
                   "and PDFs [default: the number of cores].")
@click.option("--shard", default=None, metavar="I/N",
              help="Build only the I-th of N stable slices of the streets (for CI matrices and batch jobs).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@handle_errors
def build(streets: tuple[Path, ...], out: Path | None, only: tuple[str, ...], theme: str | None,
          today: Any, marks: bool, quiet: bool, cmyk: bool = False, icc: Path | None = None,
          jobs: int | None = None, shard: str | None = None) -> None:
    """Build the site, PDFs and brand files of each STREET folder."""
    import os

    from .build import Builder
    from .parallel import in_shard, parse_shard

    dirs = _street_dirs(streets)
    ws = _workspace_for(dirs)
    if icc is not None and not cmyk:
        raise click.UsageError("--icc chooses the profile for --cmyk; add --cmyk")
    if shard is not None:
        try:
            index, total = parse_shard(shard)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--shard") from None
        named, dirs = dirs, tuple(d for d in dirs if in_shard(d, index, total))
        if not quiet:
            click.echo(f"shard {index}/{total}: {len(dirs)} of {len(named)} streets")
    from .render.cmyk import DEFAULT_PROFILE

    options: dict[str, Any] = {"out_root": out, "only": set(only) or None, "theme": theme,
                               "today": today.date() if today else None, "marks": marks,
                               "cmyk_profile": (icc or DEFAULT_PROFILE) if cmyk else None}
    jobs = jobs or os.cpu_count() or 1
    if min(jobs, len(dirs)) > 1:  # several streets: a process per street
        try:
            _build_parallel(ws, list(dirs), options, min(jobs, len(dirs)), quiet)
        finally:
            _prune_cache()
        return
    builder = Builder(ws, **options, pdf_jobs=jobs, page_jobs=jobs)  # one street: its pages and PDFs in parallel
    show_bar = not quiet and sys.stderr.isatty()
    try:
        _build_each(builder, dirs, show_bar, quiet)
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
    if LANG["cli"] == "ko":
        reused = reused.replace(", all unchanged: up to date", ", 모두 그대로: 이미 최신").replace(" unchanged", "개 그대로")
        return f"{label}: 파일 {files}개 ({parts}{reused}) → {out}, {seconds:.1f}초"
    return f"{label}: {files} files ({parts}{reused}) → {out} in {seconds:.1f}s"


def _unchanged(reused: int, total: int) -> str:
    """The part of a street's report line that says what the build could keep."""
    if reused and reused == total:  # only an up-to-date build keeps its pages too
        return ", all unchanged: up to date"
    return f", {reused} unchanged" if reused else ""


def _build_each(builder: Any, dirs: tuple[Path, ...], show_bar: bool, quiet: bool) -> None:
    """Build the streets one after another, reporting each as it finishes."""
    for i, d in enumerate(dirs, 1):
        label = f"[{i}/{len(dirs)}] {d.name}"
        with _Bar(label) if show_bar else contextlib.nullcontext() as bar:
            result = builder.build(d, progress=bar.update if bar else None)
        if not quiet:
            parts = ", ".join(f"{o} {result.count(o)}" for o in OUTPUTS if result.count(o))
            reused = _unchanged(result.reused, len(result.written))
            click.echo(_built_line(label, len(result.written), parts, reused, rel(result.out_dir), result.seconds))
            for note in result.notes:
                click.echo(f"  note: {note}")
        for warning in result.warnings:  # even with --quiet: the user must act on these
            click.echo(f"  {warning_line(warning, LANG['cli'])}", err=True)


def _build_parallel(ws: Workspace, dirs: list[Path], options: dict[str, Any], jobs: int, quiet: bool) -> None:
    """Report each street as its process finishes; a failed street keeps its previous output and
    the others still build; exit 1 at the end if any failed."""
    from .build import check_out_root
    from .parallel import build_parallel

    check_out_root((options["out_root"] or ws.root / "_build").resolve(), ws.root, dirs)
    if not quiet:
        click.echo(f"building {len(dirs)} streets in {jobs} processes")
    failed = 0
    for n, outcome in enumerate(build_parallel(ws.root, dirs, options, jobs), 1):
        label = f"[{n}/{len(dirs)}] {outcome.street_dir.name}"
        if outcome.error:
            failed += 1
            click.echo(f"{label}: failed\n{outcome.error}", err=True)
            continue
        if not quiet:
            parts = ", ".join(f"{o} {c}" for o, c in outcome.counts.items() if c)
            reused = _unchanged(outcome.reused, outcome.total)
            click.echo(_built_line(label, outcome.total, parts, reused, rel(outcome.out_dir or ""), outcome.seconds))
            for note in outcome.notes:
                click.echo(f"  note: {note}")
        for warning in outcome.warnings:
            click.echo(f"  {warning_line(warning, LANG['cli'])}", err=True)
    if failed:
        _fail(f"{failed} of {len(dirs)} streets failed; their previous output is unchanged")


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


@cli.command()
@click.argument("street", type=click.Path(path_type=Path))
@click.option("--to", "to", default=None, metavar="TARGET",
              help="A folder, a .zip, or git+URL#BRANCH [default: the profile's publish.target].")
@click.option("--dry-run", is_flag=True, help="List what would change; publish nothing.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Build as of this date (YYYY-MM-DD) [default: today].")
@handle_errors
def publish(street: Path, to: str | None, dry_run: bool, today: Any) -> None:
    """Build STREET, then publish its site to a folder, a zip or a git branch (only a complete build)."""
    from .build import Builder
    from .publish import parse_target
    from .publish import publish as put

    (d,) = _street_dirs((street,))
    builder = Builder(_workspace_for((d,)), today=today.date() if today else None)
    try:
        result = builder.build(d)  # a failed build raises here: nothing is published
    finally:
        builder.close()
    settings = result.street.profile.publish
    if to is None and settings is None:
        raise StreetkitError("게시할 곳이 없습니다: --to를 주거나 street.yaml에 publish: {target: …}를 적어 주세요 "
                             "(no target: give --to, or publish.target in the profile)")
    target = parse_target(to or settings.target)  # type: ignore[union-attr]
    changes = put(result.out_dir / "site", target, dry_run=dry_run, cname=settings.cname if settings else None,
                  nojekyll=bool(settings and settings.nojekyll))
    verb = "would publish" if dry_run else "published"
    if not changes.any:
        click.echo(f"{target}: 바뀐 것이 없습니다 (nothing changed)")
        return
    click.echo(f"{target}: {verb} {changes.summary()}")
    if dry_run:
        for sign, names in (("+", changes.added), ("~", changes.changed), ("-", changes.removed)):
            for name in names:
                click.echo(f"  {sign} {name}")


@cli.command()
@click.argument("street", type=click.Path(path_type=Path))
@click.option("--port", default=8000, show_default=True)
@click.option("--bind", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but 127.0.0.1 lets other machines reach the preview.")
@click.option("--reload/--no-reload", default=True, show_default=True,
              help="Rebuild when the street, workspace themes or plugins change, and reload the browser.")
@handle_errors
def serve(street: Path, port: int, bind: str, reload: bool) -> None:
    """Build STREET's site and serve it locally for preview, at an address with a one-time token."""
    from .serve import run_preview

    (d,) = _street_dirs((street,))
    run_preview(_workspace_for((d,)), d, port, bind, reload)


@cli.command()
@click.argument("workspace", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--port", type=int, default=0, help="Port to listen on (default: a free one).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs --password.")
@click.option("--password", envvar="STREETKIT_STUDIO_PASSWORD", default=None,
              help="Password asked of every visitor (needed with --host); or STREETKIT_STUDIO_PASSWORD.")
@click.option("--no-browser", is_flag=True, help="Do not open a browser.")
@handle_errors
def studio(workspace: Path, port: int, host: str, password: str | None, no_browser: bool) -> None:
    """Edit the workspace's streets in a browser: forms, live preview, posters and flyers."""
    from .studio import run_studio

    run_studio(workspace, host=host, port=port, open_browser=not no_browser, password=password)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@handle_errors
def plugins(as_json: bool) -> None:
    """List installed plugins with their origin and version."""
    ws = Workspace.open(Path.cwd())
    rows = [{"name": i.name, "origin": i.origin, "version": i.version, "default": i.default,
             "hooks": i.hooks, "description": i.description} for i in ws.host.infos.values()]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        on = "always on" if r["default"] else "enable in profile"
        click.echo(f"{r['name']:<16} {r['version'] or '-':<8} {r['origin']:<24} {on:<18} {r['description']}")


@cli.command()
@handle_errors
def themes() -> None:
    """List available themes with their parent and description."""
    ws = Workspace.open(Path.cwd())
    for name in ws.themes.names():
        t = ws.themes.by_name[name]
        click.echo(f"{name:<16} parent: {t.parent or '-':<10} {t.origin:<12} {t.description}")


@cli.command()
@click.argument("street", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Folder for the gallery [default: _build/gallery/<slug>].")
@click.option("--theme", "themes", multiple=True, help="Only these themes (repeatable) [default: all].")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Build date [default: today].")
@handle_errors
def gallery(street: Path, out: Path | None, themes: tuple[str, ...], today: datetime | None) -> None:
    """Build STREET in every theme and write one page comparing them (home on desktop and phone,
    the A5 flyer, the report cover)."""
    from .gallery import build_gallery

    ws = _workspace_for((street,))
    target = out or ws.root / "_build" / "gallery" / street.resolve().name
    page = build_gallery(ws, street, target, list(themes) or None, today.date() if today else None,
                         progress=lambda msg: click.echo(msg, err=True))
    click.echo(f"wrote {rel(page)}")


@cli.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write to this file instead of standard output.")
@handle_errors
def schema(output: Path | None) -> None:
    """Print the JSON Schema of street.yaml (core and installed plugins' sections)."""
    from .schema import profile_schema

    text = json.dumps(profile_schema(Workspace.open(Path.cwd()).host), ensure_ascii=False, indent=2) + "\n"
    if output:
        output.write_text(text, "utf-8")
        click.echo(f"wrote {rel(output)}")
    else:
        click.echo(text, nl=False)


def _terminate(signum: int, frame: Any) -> None:
    # SIGTERM (a CI timeout, `kill`) cleans up like Ctrl-C: staging removed, old output kept.
    raise KeyboardInterrupt


def main() -> None:
    """Console-script entry point."""
    signal.signal(signal.SIGTERM, _terminate)
    cli(prog_name="streetkit")
