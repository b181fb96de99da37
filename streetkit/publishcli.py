"""`streetkit publish` (a built site to a folder, a zip, a git branch or a server) and
`streetkit ci` (the files that rebuild and publish on every push and every night)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .cliutil import handle_errors, street_folders, workspace_for
from .errors import StreetkitError
from .i18n import _
from .workspace import Workspace, street_dirs


@click.command(help=_(
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

    (d,) = street_folders((street,))
    builder = Builder(workspace_for((d,)), today=today.date() if today else None)
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


@click.command("ci", help=_(
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
    dirs = street_folders(streets) if streets else tuple(street_dirs(root))
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
