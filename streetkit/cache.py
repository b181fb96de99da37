"""A content-addressed disk cache for expensive generated files (font subsets, images).

Entries are keyed by a hash of everything that determines the output, so a stale entry can never
be served; the cache lives in $XDG_CACHE_HOME/streetkit (or ~/.cache/streetkit) and may be
deleted at any time.
"""
from __future__ import annotations

import functools
import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path


def cache_dir() -> Path:
    """Where cached files live; STREETKIT_CACHE overrides the XDG location."""
    return _cache_dir(os.environ.get("STREETKIT_CACHE"), os.environ.get("XDG_CACHE_HOME"), os.environ.get("HOME"))


@functools.lru_cache(maxsize=8)
def _cache_dir(override: str | None, xdg: str | None, home: str | None) -> Path:
    # Asked for every cached file (a thousand share cards): resolve each setting once.
    if override:
        return Path(override)
    return Path(xdg or Path.home() / ".cache") / "streetkit"


def cached_bytes(namespace: str, key: str, produce: Callable[[], bytes]) -> bytes:
    """The bytes for `key` from the cache, or `produce()`'s result, stored for next time.

    `key` must capture every input of `produce` (text, colours, font file and version …).
    """
    data = cache_get(namespace, key)
    if data is None:
        data = produce()
        cache_put(namespace, key, data)
    return data


def _path(namespace: str, key: str) -> Path:
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return cache_dir() / namespace / digest[:2] / digest


def cache_get(namespace: str, key: str) -> bytes | None:
    """The cached bytes for `key`, or None."""
    path = _path(namespace, key)
    return path.read_bytes() if path.is_file() else None


def cache_put(namespace: str, key: str, data: bytes) -> None:
    """Store `data` for `key` (best effort: a read-only cache only costs the next build the work)."""
    path = _path(namespace, key)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")  # concurrent builds never see half a file
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)  # a full disk leaves no half-written entry behind
        except OSError:
            pass


def cached_file(namespace: str, key: str, produce: Callable[[], bytes]) -> Path | bytes:
    """Like `cached_bytes`, but the cache file itself when there is one, so a build can hard-link
    it into the output instead of copying the bytes (an entry is replaced, never changed in place).
    The bytes when the cache cannot be written. An `Asset`'s data may be either."""
    path = _path(namespace, key)
    if path.is_file():
        return path
    data = produce()
    cache_put(namespace, key, data)
    return path if path.is_file() else data


def place(source: Path, target: Path) -> None:
    """Put `source` at `target`: a hard link for a content-cache entry (no bytes copied), else a copy."""
    if source.is_relative_to(cache_dir()):
        try:
            os.link(source, target)
            return
        except OSError:  # another file system, or links not allowed: copy
            pass
    shutil.copyfile(source, target)
