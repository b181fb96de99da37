"""Everything a build reads, hashed in parts (`Builder.input_parts` names them): when every part is
what it was for the previous build of the same areas, the output folder already holds what the
build would write (builds are deterministic), and the build is up to date without rendering
anything; when one is not, the build says which.

The inputs are every file of the street folder (a link out of it is never read, only where it
points), of the district files, of every theme and of the code of streetkit and every plugin the
workspace knows (`folders_digest`); the versions of Python and of every installed package
(`versions_digest`); the build date and options. System packages (fonts, Pango, Ghostscript) are
not inputs, as they are not in the build record's PDF keys either. A process reads a file again
only when its inode's stamps have changed (`file_digest`).
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from .safepath import walk_inside


def folders_digest(folders: Iterable[Path], skip: Callable[[Path], bool] | None = None) -> str:
    """A content hash of the files under `folders` (a folder inside another counts once; a file
    may be named too) and of their paths; a folder for which `skip` is true is not an input."""
    h = hashlib.sha256()
    roots: list[Path] = []
    for folder in sorted({Path(f).resolve() for f in folders}):
        if not any(folder.is_relative_to(root) for root in roots):
            roots.append(folder)
    for root in roots:
        for path, readable in _files(root, skip):
            h.update(os.fsencode(path) + b"\0")
            if not readable:  # a link out of the folder: never opened; where it points is the input
                h.update(b"outside " + os.fsencode(os.readlink(path)))
                continue
            try:
                h.update(file_digest(path))
            except OSError:
                h.update(b"unreadable")  # still an input: it may become readable
    return h.hexdigest()


#: Each file's content hash by what its inode said of it when it was read. The studio hashes a
#: street's inputs for every file a preview asks for: a street of camera photos is a hundred
#: megabytes to read each time, and its stamps a few microseconds.
_DIGESTS: dict[str, tuple[tuple[int, ...], bytes]] = {}
#: How old a file's last change must be for its hash to be kept: a file written twice within the
#: filesystem's timestamp granularity, the same size both times, would otherwise look unchanged
#: (git's "racy clean" entries). Until then it is read every time.
SETTLED_NS = 2_000_000_000


def file_digest(path: Path) -> bytes:
    """The SHA-256 of a file's bytes, read again only when its inode number, size, modification
    or change time differ from when it was last read (the change time moves on every write and
    cannot be set back, unlike the modification time)."""
    name = os.fspath(path)
    st = os.stat(name)
    stamps = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    kept = _DIGESTS.get(name)
    if kept is not None and kept[0] == stamps:
        return kept[1]
    with open(name, "rb") as f:
        digest = hashlib.file_digest(f, "sha256").digest()
    if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > SETTLED_NS:
        _DIGESTS[name] = (stamps, digest)
    return digest


def _files(root: Path, skip: Callable[[Path], bool] | None) -> list[tuple[Path, bool]]:
    """The files under `root` (or `root` itself), in a stable order, each with whether it may be
    read (a symlink leading out of `root` may not: see safepath); bytecode caches are left out."""
    if root.is_file():
        return [(root, True)]
    return list(walk_inside(root, skip))


def versions_digest() -> str:
    """The hash of the Python version and of every installed package's version."""
    return hashlib.sha256("\0".join([sys.version, *package_versions()]).encode("utf-8", "surrogatepass")).hexdigest()


def combined(parts: dict[str, str]) -> str:
    """One hash of named input parts (a build's, see `Builder.input_parts`)."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8", "surrogatepass")).hexdigest()


@lru_cache(maxsize=1)
def package_versions() -> tuple[str, ...]:
    """The installed distributions, as their metadata folders are named (`name-version.dist-info`,
    read once per process): listing the folders on the import path takes a millisecond; reading
    each distribution's METADATA file took 80–190 ms of every build's start. A set: a folder on
    the path twice counts once."""
    found: set[str] = set()
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:  # a zip file, or a folder gone
            continue
        # A source tree's own `name.egg-info` (no version in its name) is left out: it is on the
        # path only when the checkout is the current folder, and its code is an input anyway.
        found.update(name for name in names
                     if name.endswith(".dist-info") or (name.endswith(".egg-info") and "-" in name.removesuffix(".egg-info")))
    return tuple(sorted(found))
