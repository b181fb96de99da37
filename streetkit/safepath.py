"""Keep every path a profile names inside its street folder."""
from __future__ import annotations

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
