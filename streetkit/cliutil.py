"""What every `streetkit` command shares: the exit codes, errors said as messages (never a
traceback), and the street folders and workspace a command's arguments name."""
from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .errors import ProfileError, StreetkitError
from .i18n import _, language
from .messages_ko import problem_line
from .workspace import Workspace, find_workspace

if TYPE_CHECKING:
    from .district import District

EXIT_PROBLEM = 1
EXIT_INTERRUPTED = 130


def fail(message: str) -> None:
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
            fail(lines + "\n" + (_("1 problem found.") if n == 1 else _("{n} problems found.", n=n)))
        except StreetkitError as exc:
            fail(_("error: {message}", message=exc))
        except KeyboardInterrupt:
            click.echo(_("interrupted; previous output left unchanged"), err=True)
            sys.exit(EXIT_INTERRUPTED)
    return wrapper


def workspace_for(streets: tuple[Path, ...]) -> Workspace:
    roots = {find_workspace(s) for s in streets} or {Path.cwd().resolve()}
    if len(roots) > 1:
        raise StreetkitError(_("the streets given belong to different workspaces: build them separately"))
    return Workspace.open(roots.pop())


def street_folders(streets: tuple[Path, ...]) -> tuple[Path, ...]:
    """Accept the folder or its street.yaml; a street named twice (`streets/a streets/*`) is built
    once, since two processes writing one output folder would clobber each other."""
    dirs: dict[Path, Path] = {}
    for s in streets:
        folder = s.parent if s.name == "street.yaml" else s
        dirs.setdefault(folder.resolve(), folder)
    return tuple(dirs.values())


def streets_and_districts(args: tuple[Path, ...]) -> tuple[tuple[Path, ...], list[District], Workspace]:
    """What a command's arguments name: street folders (or their street.yaml) and district files;
    the streets are those named and every street of each district, each once."""
    from .district import is_district_file, load_district, workspace_of

    districts = [a for a in args if is_district_file(a)]
    named = tuple(a for a in args if not is_district_file(a))
    ws = workspace_for(named + tuple(workspace_of(d) / "streets" for d in districts))
    loaded = [load_district(d, ws.host) for d in districts]
    return street_folders(named + tuple(p for d in loaded for p in d.street_dirs)), loaded, ws
