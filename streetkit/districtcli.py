"""`streetkit district`: a district's portal, assembled from its streets' builds."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .cliutil import handle_errors
from .district import load_district, workspace_of
from .errors import rel
from .i18n import _
from .workspace import Workspace


@click.group(help=_("District portals: the streets of a district.yaml in one site."))
def district() -> None:
    pass


@district.command(help=_("Make DISTRICT's portal from its streets' builds in OUT (each street built there before, "
                         "by this machine or by shards); no street is rebuilt."))
@click.argument("district_file", metavar="DISTRICT", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help=_("The output folder holding the streets' builds [default: _build in the workspace]; the portal "
                     "goes to OUT/<district-slug>/."))
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help=_("Build as of this date (YYYY-MM-DD): decides upcoming vs past events. [default: today]"))
@click.option("-q", "--quiet", is_flag=True, help=_("Print only errors."))
@handle_errors
def assemble(district_file: Path, out: Path | None, today: Any, quiet: bool) -> None:
    from .build import Builder

    ws = Workspace.open(workspace_of(district_file))
    loaded = load_district(district_file, ws.host)
    builder = Builder(ws, out_root=out, today=today.date() if today else None)
    try:
        result = builder.build_portal(loaded)
    finally:
        builder.close()
    if not quiet:
        click.echo(_("portal {slug}: {n} streets, {files} files → {out} in {seconds:.1f}s", slug=loaded.slug,
                     n=len(loaded.street_dirs), files=len(result.written), out=rel(result.out_dir), seconds=result.seconds))
