"""`streetkit build`: the streets' sites, PDFs and brand files, with a progress bar, one line per
street, its warnings, and (with --preflight) the print checks of its PDFs."""
from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Any

import click

from .artifacts import OUTPUTS
from .cliutil import fail, handle_errors, streets_and_districts
from .errors import rel
from .i18n import N_, _, language
from .messages_ko import note_line, warning_line
from .preflightcli import check_built
from .workspace import Workspace


@click.command(help=_("Build the site, PDFs and brand files of each STREET folder; for a district file "
                     "(district.yaml), every street it names and then its portal."))
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
@click.option("--cmyk", is_flag=True, help=_("Also make a CMYK PDF/X copy for the press of every print document, "
              "under print/cmyk/ and brand/cmyk/."))
@click.option("--icc", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help=_("Your print shop's CMYK output profile for --cmyk [default: FOGRA39, coated offset]."))
@click.option("--pdfx", type=click.Choice(["x-4", "x-1a"]), default="x-4",
              help=_("The PDF/X standard of the --cmyk copies: X-4, or X-1a where a shop asks for it."))
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
          today: Any, marks: bool, quiet: bool, cmyk: bool = False, icc: Path | None = None, pdfx: str = "x-4",
          jobs: int | None = None, shard: str | None = None, check_print: bool = False) -> None:
    import os

    from .build import Builder
    from .parallel import in_shard, parse_shard

    dirs, loaded, ws = streets_and_districts(streets)
    if icc is not None and not cmyk:
        raise click.UsageError(_("--icc chooses the profile for --cmyk; add --cmyk"))
    if pdfx != "x-4" and not cmyk:
        raise click.UsageError(_("--pdfx chooses the standard of the --cmyk copies; add --cmyk"))
    if shard is not None:
        try:
            index, total = parse_shard(shard)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--shard") from None
        every, dirs = dirs, tuple(d for d in dirs if in_shard(d, index, total))
        if not quiet:
            click.echo(_("shard {index}/{total}: {n} of {all} streets", index=index, total=total, n=len(dirs), all=len(every)))
        # A shard builds streets only: `streetkit district assemble` makes the portal from them all.
        loaded = []
    options: dict[str, Any] = {"out_root": out, "only": set(only) or None, "theme": theme,
                               "today": today.date() if today else None, "marks": marks, "cmyk": cmyk, "icc": icc,
                               "pdfx": "pdf/" + pdfx}
    jobs = jobs or os.cpu_count() or 1
    if min(jobs, len(dirs)) > 1:  # several streets: a process per street
        try:
            _build_parallel(ws, list(dirs), options, min(jobs, len(dirs)), quiet, check_print)
            if loaded and (not only or "site" in only):
                _build_portals(Builder(ws, **options), loaded, quiet)
        finally:
            _prune_cache()
        return
    builder = Builder(ws, **options, pdf_jobs=jobs, page_jobs=jobs)  # one street: its pages and PDFs in parallel
    show_bar = not quiet and sys.stderr.isatty()
    try:
        _build_each(builder, dirs, show_bar, quiet, check_print)
        if loaded and (not only or "site" in only):
            _build_portals(builder, loaded, quiet)
    finally:
        builder.close()
        _prune_cache()


def _build_portals(builder: Any, districts: list[Any], quiet: bool) -> None:
    """Each district's portal, from its streets' records in the output folder."""
    for district in districts:
        result = builder.build_portal(district)
        if not quiet:
            _echo_built(_("portal {slug}", slug=district.slug), result)
        for warning in result.warnings:
            click.echo(f"  {warning_line(warning, language())}", err=True)


def _prune_cache() -> None:
    """Keep the content cache under its cap after a build (the least recently used entries go),
    looking over it at most once an hour."""
    from . import cache

    try:
        cache.prune_when_due()
    except OSError:
        pass  # a cache we cannot tidy costs disk space, not the build


def _echo_built(label: str, result: Any) -> None:
    """A street's (or portal's) report line once it is built, in the user's language, and why it
    was built when it was not up to date. `result` is a BuildResult or a parallel build's Outcome."""
    from .buildrun import BuildResult  # loaded by every build already; parallel.py is not

    if isinstance(result, BuildResult):
        counts, total, out = {o: result.count(o) for o in OUTPUTS}, len(result.written), rel(result.out_dir)
    else:
        counts, total, out = result.counts, result.total, rel(result.out_dir or "")
    click.echo(_("{label}: {files} files ({parts}{reused}) → {out} in {seconds:.1f}s", label=label, files=total,
                 parts=", ".join(f"{o} {n}" for o, n in counts.items() if n), reused=_unchanged(result.reused, total),
                 out=out, seconds=result.seconds))
    if result.changed:
        click.echo(_changed_line(result.changed))


#: What each part of a build's inputs (`Builder.input_parts`) is called when a build says why it built.
_INPUT_PARTS = {"street": N_("the street's files"), "districts": N_("a district file"), "code": N_("the code or a theme"),
                "versions": N_("Python or a package"), "today": N_("the build date"), "theme": N_("--theme"),
                "marks": N_("--marks"), "cmyk": N_("the CMYK settings"), "only": N_("the outputs asked for (--only)"),
                "portal": N_("the district's streets"), "output": N_("a built file (changed or deleted)")}


def _changed_line(changed: list[str]) -> str:
    """Why a street was built again: what changed since its last build."""
    return "  " + _("built because {parts} changed since the last build",
                    parts=", ".join(_(_INPUT_PARTS.get(part, part)) for part in changed))


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
            _echo_built(label, result)
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
            _echo_built(label, outcome)
            for note in outcome.notes:
                click.echo(f"  {note_line(note, language())}")
        for warning in outcome.warnings:
            click.echo(f"  {warning_line(warning, language())}", err=True)
        if check_print and outcome.out_dir:
            unprintable += check_built(Path(outcome.out_dir), language())
    if failed:
        fail(_("{n} of {all} streets failed; their previous output is unchanged", n=failed, all=len(dirs)))
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
