"""Gzip twins of a built site's text files, for web servers that send a precompressed file as it is
(nginx `gzip_static on`, Caddy `precompressed gzip`): the server does no work per visitor, and a
phone downloads a fraction of the bytes. The benchmark's 1,000-merchant directory is 834 KB of
HTML and 37 KB gzipped; Lighthouse on a phone's connection gives LCP 5.6 s for the one and 1.5 s
for the other.

Made in one pass after the pages are written, on threads (zlib lets go of the GIL while it
compresses, so the threads use every core), and only for files that changed: a page whose bytes are
those of the previous build's gets the previous twin, hard-linked. Level 9 costs about what level 6
does on pages this small; brotli at a level that beats it by a tenth costs thirty times as long, and
few servers send `.br` files without an extra module.
"""
from __future__ import annotations

import gzip
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import outfiles

#: Text a web server would compress. Images are compressed already.
COMPRESSED = frozenset({".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".ics", ".txt", ".webmanifest"})
#: Below this, a gzip header and the request's own overhead outweigh what compression saves.
COMPRESS_FROM = 1024


def twin(path: Path) -> Path:
    """Where the gzip twin of `path` goes."""
    return path.with_name(path.name + ".gz")


def without_twins(paths: list[str]) -> list[str]:
    """`paths` (relative, as a build record lists them) less the gzip twins of the others: what
    the build that made them reported writing."""
    listed = set(paths)
    return [p for p in paths if not (p.endswith(".gz") and p[:-3] in listed)]


def gzip_bytes(data: bytes) -> bytes:
    """`data` gzipped, deterministically (no file name, no time in the header)."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def compress_site(site: Path, previous: Path | None, workers: int | None = None) -> int:
    """Write the gzip twin of each text file of `site` (1 KiB or more); a file unchanged since
    `previous` (the last build's site folder) reuses that build's twin. Returns how many were
    compressed anew."""
    todo: list[tuple[Path, bytes]] = []
    for path, size in _text_files(site):
        data = path.read_bytes()
        if previous is not None and _reuse(path, size, data, previous / path.relative_to(site)):
            continue
        todo.append((path, data))

    def compress(item: tuple[Path, bytes]) -> None:
        outfiles.write(twin(item[0]), gzip_bytes(item[1]))

    if len(todo) < 8:  # not worth a thread pool
        for item in todo:
            compress(item)
    else:
        with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
            list(pool.map(compress, todo))  # list(): an exception in a thread is raised here
    return len(todo)


def _text_files(folder: Path) -> Iterator[tuple[Path, int]]:
    """(path, size) of each file below `folder` worth compressing."""
    for _name, entry in outfiles.file_entries(folder):
        if os.path.splitext(entry.name)[1] in COMPRESSED and (size := entry.stat().st_size) >= COMPRESS_FROM:
            yield Path(entry.path), size


def _reuse(path: Path, size: int, data: bytes, before: Path) -> bool:
    """Link the previous build's twin of `path` when `before` held the same bytes."""
    try:
        if before.stat().st_size != size or before.read_bytes() != data:
            return False
        os.link(twin(before), twin(path))
        return True
    except OSError:  # no previous file or twin, or a file system without hard links
        return False
