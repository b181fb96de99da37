"""Writing build output, and saying in one line why it could not be written.

Every file a build makes goes through `write` (or `place`), so a fault of the disk — full, read-only,
not ours, a file where a folder should be — always carries the path it happened at, and the build
turns it into `cannot write _build/<slug>/…: no space left on device` instead of a traceback. The
build writes into a staging folder and swaps it in only when everything is written, so the previous
output is still there after such a fault.
"""
from __future__ import annotations

import errno
import os
from pathlib import Path

from .cache import place as _place
from .errors import rel

#: What a person reads for the faults a disk gives; anything else is shown as the system words it.
_REASONS = {
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENAMETOOLONG: "the name is too long for the file system",
    errno.EMFILE: "too many open files",
}


def write(target: Path, data: bytes | str) -> None:
    """Write `data` (text as UTF-8) to `target`; an OSError always names `target`."""
    try:
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    except OSError as exc:
        raise _named(exc, target) from None


def place(source: Path, target: Path) -> None:
    """`cache.place` (hard link or copy) whose OSError always names `target`."""
    try:
        _place(source, target)
    except OSError as exc:
        exc.filename = str(target)  # shutil names the source; the fault is in writing the copy
        raise exc from None


def _named(exc: OSError, target: Path) -> OSError:
    # A write that fails half-way (ENOSPC) reports no file name: give it the one we were writing.
    if exc.filename is None:
        exc.filename = str(target)
    return exc


def reason(exc: OSError) -> str:
    """Why, in plain words: `no space left on device`, `… is a file, not a folder` …"""
    if exc.errno in (errno.ENOTDIR, errno.EEXIST) and exc.filename:
        blocker = _file_in_the_way(Path(exc.filename))
        if blocker is not None:
            return f"{rel(blocker)} is a file, not a folder"
    if exc.errno in (errno.EISDIR,):
        return "a folder is in the way"
    return _REASONS.get(exc.errno or 0) or (exc.strerror or str(exc)).lower()


def _file_in_the_way(path: Path) -> Path | None:
    """The nearest of `path` and its parents that exists as something other than a folder."""
    for candidate in (path, *path.parents):
        if os.path.lexists(candidate):
            return None if candidate.is_dir() else candidate
    return None
