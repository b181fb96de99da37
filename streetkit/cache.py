"""A content-addressed disk cache for expensive generated files (font subsets, images).

Entries are keyed by a hash of everything that determines the output, so a stale entry can never
be served; the cache lives in $XDG_CACHE_HOME/streetkit (or ~/.cache/streetkit) and may be
deleted at any time.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Callable


def cache_dir() -> Path:
    """Where cached files live; STREETKIT_CACHE overrides the XDG location."""
    if override := os.environ.get("STREETKIT_CACHE"):
        return Path(override)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "streetkit"


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
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")  # concurrent builds never see half a file
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError:
        pass
