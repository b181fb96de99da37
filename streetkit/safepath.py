"""The one way to open a street's files: every read is confined to the street folder.

A street folder is untrusted input (edited by association staff, filled by imports and uploads).
A path it names, or a file found in it, may be a symlink or climb out with `..`; each function here
resolves it first and refuses anything that lands outside the folder *before* the file is opened,
so an outside file is never read, not even for hashing. Plugins reach these through `Street`
(`street.file`, `street.read_bytes`, `street.read_text`, `street.files`).

What this does not do: it does not stop a symlink being swapped between the check and the read
(the folder's owner could as well write the file itself), and it does not confine trusted code
(streetkit, installed plugins and themes).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath


class PathEscape(ValueError):
    """A path that is absolute, climbs out with `..`, or resolves (via a symlink) outside the root."""


def resolve_inside(root: Path, relative: str, *, must_exist: bool = True) -> Path:
    """Resolve `relative` against `root`; refuse anything that ends up outside `root`."""
    text = str(relative).strip()
    if not text:
        raise PathEscape("expected a file path, got an empty string")
    if text.startswith(("/", "\\")) or PurePosixPath(text).is_absolute() or (len(text) > 1 and text[1] == ":"):
        raise PathEscape(f"{text!r} is an absolute path: give a path inside the street folder, e.g. images/photo.jpg")
    if "://" in text:
        raise PathEscape(f"{text!r} is a URL: streetkit never downloads while building; put the file in the street folder")
    root_resolved = root.resolve()
    target = (root_resolved / text).resolve()
    if not target.is_relative_to(root_resolved):
        raise PathEscape(f"{text!r} points outside the street folder")
    if must_exist and not target.is_file():
        raise PathEscape(f"file {text!r} not found in the street folder")
    return target


def confined(root: Path, path: Path) -> Path:
    """`path` (found under `root`, e.g. by a glob) resolved; PathEscape when a symlink on the way
    leads outside `root`."""
    root_resolved = root.resolve()
    target = Path(path).resolve()
    if not target.is_relative_to(root_resolved):
        shown = _shown(root, path)
        raise PathEscape(f"{shown!r} is a link to a file outside the street folder; copy the file into the folder instead")
    return target


def is_outside(root: Path, path: Path) -> bool:
    """True when `path` resolves outside `root` (a link that leaves the folder)."""
    try:
        confined(root, path)
    except PathEscape:
        return True
    return False


def read_bytes(root: Path, relative: str) -> bytes:
    """The bytes of `relative`, a file inside `root`."""
    return resolve_inside(root, relative).read_bytes()


def read_text(root: Path, relative: str, encoding: str = "utf-8") -> str:
    """The text of `relative`, a file inside `root` (`utf-8-sig` drops a spreadsheet's BOM)."""
    return resolve_inside(root, relative).read_text(encoding)


def files(root: Path, pattern: str) -> Iterator[tuple[str, Path]]:
    """(path relative to `root`, resolved path) of the regular files matching `pattern` (a glob
    below `root`, e.g. `data/*.csv`) that stay inside `root`; a link leading outside raises
    PathEscape, so a caller reports it instead of reading it."""
    for found in sorted(root.glob(pattern)):
        target = confined(root, found)
        if target.is_file():
            yield found.relative_to(root).as_posix(), target


#: Folders below a street (or theme) that are no input of a build: bytecode caches, and the
#: studio's own state (the profile's history and unsaved drafts, see profileedit).
NOT_INPUTS = frozenset({"__pycache__", ".streetkit"})


def walk_inside(root: Path, skip: Callable[[Path], bool] | None = None) -> Iterator[tuple[Path, bool]]:
    """Every file below `root`, in a stable order, with whether it may be read: a symlink (to a
    file or a folder) that leads outside `root` is listed but never followed or opened; a link to
    a folder inside is not walked twice. A folder for which `skip` is true is left out with
    everything in it."""
    # os.scandir, not os.walk with a Path and an lstat per file: a build's (and every studio
    # preview's) input hash walks ~300 files, and the directory entries already say which are links.
    yield from _walk(os.fspath(root), root.resolve(), skip)


def _walk(folder: str, root_resolved: Path, skip: Callable[[Path], bool] | None) -> Iterator[tuple[Path, bool]]:
    with os.scandir(folder) as it:
        entries = sorted(it, key=lambda e: e.name)
    folders = []
    for entry in entries:
        if not entry.is_dir():  # follows a link: a link to a folder is a folder here
            continue
        if entry.name in NOT_INPUTS or (skip is not None and skip(Path(entry.path))):
            continue
        if not entry.is_symlink():
            folders.append(entry.path)
        elif not Path(entry.path).resolve().is_relative_to(root_resolved):
            yield Path(entry.path), False
    for entry in entries:
        if not entry.is_dir():
            inside = not entry.is_symlink() or Path(entry.path).resolve().is_relative_to(root_resolved)
            yield Path(entry.path), inside
    for sub in folders:
        yield from _walk(sub, root_resolved, skip)


def _shown(root: Path, path: Path) -> str:
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return str(path)
