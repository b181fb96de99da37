"""A content-addressed disk cache for expensive generated files (font subsets, images, PDF parts).

Entries are keyed by `cache_key`: a hash of every input of the producing step, of the source of the
code that produces it, and of the versions of the libraries that shape its bytes — so a changed
encoder setting, a new Pillow or a new WeasyPrint gives a new key, and a stale entry can never be
served. The cache lives in the user's cache folder (platformdirs: ~/.cache/streetkit on Linux;
STREETKIT_CACHE overrides it), is capped in size (STREETKIT_CACHE_MAX, default 2 GB; the least
recently used entries go first) and may be deleted at any time (`streetkit cache clear`).
"""
from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
import inspect
import os
import pickle
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

T = TypeVar("T")

#: The size the cache is pruned to, in bytes, unless STREETKIT_CACHE_MAX says otherwise.
DEFAULT_MAX_BYTES = 2_000_000_000


def cache_dir() -> Path:
    """Where cached files live; STREETKIT_CACHE overrides the platform's user cache folder."""
    return _cache_dir(os.environ.get("STREETKIT_CACHE"), os.environ.get("XDG_CACHE_HOME"), os.environ.get("HOME"))


@functools.lru_cache(maxsize=8)
def _cache_dir(override: str | None, xdg: str | None, home: str | None) -> Path:
    # Asked for every cached file (a thousand share cards): resolve each setting once. XDG and HOME
    # are part of the key because platformdirs reads them.
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("streetkit", appauthor=False))


# -- keys ------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=256)
def _source_hash(filename: str) -> bytes:
    try:
        return hashlib.sha256(Path(filename).read_bytes()).digest()
    except OSError:
        return b"no source"


@functools.lru_cache(maxsize=256)
def library_version(distribution: str) -> str:
    """The installed version of `distribution` (e.g. "pillow"), or "" when it is not installed."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return ""


def _code_file(code: ModuleType | Callable[..., Any] | str) -> str:
    if isinstance(code, str):  # a module's name: its file, found without importing it
        if code not in sys.modules:
            spec = importlib.util.find_spec(code)
            return (spec.origin if spec else None) or ""
        code = sys.modules[code]
    module = code if isinstance(code, ModuleType) else inspect.getmodule(code)
    return getattr(module, "__file__", None) or ""


def cache_key(*parts: bytes | str, code: Iterable[ModuleType | Callable[..., Any] | str] = (),
              libraries: Iterable[str] = ()) -> str:
    """The key of a generated file: a hash of `parts` (everything the step reads: text, bytes,
    settings), of the source of each module in `code` (the step's own code: change a quality
    setting and the key changes) and of the versions of `libraries` (the distributions that shape
    the bytes: "pillow", "weasyprint" …)."""
    h = hashlib.sha256(b"streetkit cache key 2")
    for item in code:
        h.update(b"code\0" + _source_hash(_code_file(item)))
    for name in libraries:
        h.update(f"lib\0{name}=={library_version(name)}\0".encode())
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def cached_bytes(namespace: str, key: str, produce: Callable[[], bytes]) -> bytes:
    """The bytes for `key` from the cache, or `produce()`'s result, stored for next time.

    `key` must capture every input of `produce` (text, colours, font file and version …).
    """
    data = cache_get(namespace, key)
    if data is None:
        data = produce()
        cache_put(namespace, key, data)
    return data


def cached_object(namespace: str, key: str, produce: Callable[[], T]) -> T:
    """Like `cached_bytes`, for a Python object kept as its pickle (parsed documents: reading one
    back is 15–30× faster than parsing again). An entry that no longer unpickles — one written
    by a version whose classes have moved — is made again. The cache is the user's own folder,
    trusted as the code is."""
    if (cached := cache_get(namespace, key)) is not None:
        try:
            hit: T = pickle.loads(cached)
            return hit
        except Exception:
            pass
    made = produce()
    cache_put(namespace, key, pickle.dumps(made, pickle.HIGHEST_PROTOCOL))
    return made


def _path(namespace: str, key: str) -> Path:
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return cache_dir() / namespace / digest[:2] / digest


def _used(path: Path) -> None:
    # The access time says when an entry was last used: pruning removes the oldest first. Not the
    # modification time: a build hard-links entries into its output (`place`), and a published
    # file whose time moved whenever any build used the same entry would look changed to rsync,
    # to a web server's Last-Modified and to an up-to-date check.
    try:
        os.utime(path, ns=(time.time_ns(), os.stat(path).st_mtime_ns))
    except OSError:
        pass


def cache_get(namespace: str, key: str) -> bytes | None:
    """The cached bytes for `key`, or None."""
    path = _path(namespace, key)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    _used(path)
    return data


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
        _used(path)
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


# -- looking after the cache -----------------------------------------------------------------------
@dataclass
class CacheInfo:
    folder: Path
    entries: dict[str, tuple[int, int]]  # namespace -> (files, bytes)
    limit: int

    @property
    def total(self) -> int:
        return sum(size for _files, size in self.entries.values())


def max_bytes() -> int:
    """The size cap: STREETKIT_CACHE_MAX in bytes (suffixes K, M, G allowed), else 2 GB."""
    raw = os.environ.get("STREETKIT_CACHE_MAX", "").strip().upper()
    if not raw:
        return DEFAULT_MAX_BYTES
    scale = {"K": 1_000, "M": 1_000_000, "G": 1_000_000_000}.get(raw[-1], 1)
    try:
        return int(float(raw.rstrip("KMGB") or raw) * scale)
    except ValueError:
        return DEFAULT_MAX_BYTES


def _entries(folder: Path) -> list[tuple[float, int, Path]]:
    """(last used, size, path) of every file in the cache (not its own dot files)."""
    found = []
    for root, _dirs, files in os.walk(folder):
        for name in files:
            if name.startswith("."):
                continue
            path = Path(root) / name
            try:
                st = path.stat()
            except OSError:
                continue
            found.append((max(st.st_atime, st.st_mtime), st.st_size, path))
    return found


def info() -> CacheInfo:
    """What the cache holds, by namespace (the first folder level)."""
    folder = cache_dir()
    entries: dict[str, tuple[int, int]] = {}
    for _used_at, size, path in _entries(folder) if folder.is_dir() else []:
        namespace = path.relative_to(folder).parts[0]
        files, total = entries.get(namespace, (0, 0))
        entries[namespace] = (files + 1, total + size)
    return CacheInfo(folder, dict(sorted(entries.items())), max_bytes())


def clear(namespace: str | None = None) -> int:
    """Delete the whole cache, or one namespace of it; returns the bytes freed."""
    folder = cache_dir() if namespace is None else cache_dir() / namespace
    if not folder.is_dir():
        return 0
    freed = sum(size for _t, size, _p in _entries(folder))
    shutil.rmtree(folder, ignore_errors=True)
    return freed


#: How often builds look over the whole cache: adding up the sizes of its entries walks every one
#: (24,000 files, 1.3 s: longer than an up-to-date build itself). Between two looks the cache
#: outgrows its cap by at most what an hour of builds made.
PRUNE_EVERY_S = 3600.0
#: The file whose modification time says when a build last looked (prune_when_due).
PRUNED_STAMP = ".pruned"


def prune_when_due(every: float | None = None) -> int:
    """`prune()`, when no build has looked over the cache in the last `every` seconds (default
    PRUNE_EVERY_S); returns the bytes freed."""
    every = PRUNE_EVERY_S if every is None else every
    stamp = cache_dir() / PRUNED_STAMP
    try:
        if time.time() - stamp.stat().st_mtime < every:
            return 0
    except OSError:
        pass  # never looked at: now
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.touch()
    except OSError:
        pass  # a read-only cache: prune fails quietly too
    return prune()


def prune(limit: int | None = None) -> int:
    """Delete the least recently used entries until the cache is at most 90 % of `limit` (default
    `max_bytes()`) when it is over `limit`; returns the bytes freed."""
    limit = max_bytes() if limit is None else limit
    folder = cache_dir()
    if not folder.is_dir():
        return 0
    entries = _entries(folder)
    total = sum(size for _t, size, _p in entries)
    if total <= limit:
        return 0
    freed = 0
    for _used_at, size, path in sorted(entries, key=lambda e: e[0]):
        if total - freed <= limit * 0.9:
            break
        try:
            path.unlink()
            freed += size
        except OSError:
            pass
    return freed
