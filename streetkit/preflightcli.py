"""`streetkit preflight FILE.pdf…`: a print shop's checks on PDFs, in the reader's language."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import rel
from .i18n import _, language
from .preflight import INK_LIMIT, Report, preflight_file


def say_report(report: Report, lang: str) -> None:
    """One line per file, then its findings (errors first)."""
    state = _("errors: {n}", n=len(report.errors)) if report.errors else _("ok")
    extra = _(", warnings: {n}", n=len(report.warnings)) if report.warnings else ""
    click.echo(f"{state:<10} {rel(Path(report.path))} " + _("({pages} pages{extra})", pages=report.pages, extra=extra))
    for finding in sorted(report.findings, key=lambda f: (f.severity != "error", f.page)):
        mark = _("error") if finding.severity == "error" else _("warning")
        click.echo(f"  {mark}: {finding.text(lang)}")


@click.command("preflight", help=_(
    "Check PDFs as a print shop would before printing: page boxes and bleed, fonts embedded, photo "
    "resolution at the size placed, RGB in a CMYK file, rich black in small text, total ink, hairlines, "
    "text inside the safe zone. Exit status 1 when a file has an error (with --strict, a warning too)."))
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=True, path_type=Path))
@click.option("--ink", type=float, default=INK_LIMIT, show_default=True, help=_("Total ink limit in percent."))
@click.option("--strict", is_flag=True, help=_("Warnings fail too."))
def preflight_command(files: tuple[Path, ...], ink: float, strict: bool) -> None:
    pdfs = [p for f in files for p in (sorted(f.rglob("*.pdf")) if f.is_dir() else [f])]
    failed = 0
    lang = language()
    for pdf in pdfs:
        report = preflight_file(pdf, ink_limit=ink)
        say_report(report, lang)
        failed += bool(report.errors or (strict and report.warnings))
    click.echo(_("{n} of {total} files need fixing", n=failed, total=len(pdfs)) if failed
               else _("{total} files ready to print", total=len(pdfs)))
    sys.exit(1 if failed else 0)


def check_built(out_dir: Path, lang: str) -> int:
    """`build --preflight`: the preflight of every PDF of a built street, saying only files with
    findings; the number of files with an error. Copies of pages and filled-in forms are checked
    with the sheets and forms they come from."""
    pdfs = sorted((out_dir / "print").rglob("*.pdf"))
    failing = 0
    for pdf in pdfs:
        report = preflight_file(pdf)
        if report.findings:
            say_report(report, lang)
        failing += bool(report.errors)
    click.echo("  " + (_("preflight: {n} of {total} PDFs need fixing", n=failing, total=len(pdfs)) if failing
                       else _("preflight: {total} PDFs ready to print", total=len(pdfs))))
    return failing
