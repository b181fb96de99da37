"""Many streets at once: a process per core on one machine (`--jobs`), a stable slice of the streets
per machine (`--shard I/N`).

Streets are independent (each builds from its own folder into its own output folder), so a process
pool needs no coordination. Each worker keeps one Builder, so WeasyPrint is imported and its fonts
are loaded once per process, not once per street.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .artifacts import OUTPUTS
from .errors import StreetkitError


def parse_shard(spec: str) -> tuple[int, int]:
    """`"2/5"` -> (2, 5); raise ValueError with a usable message otherwise."""
    try:
        index, total = (int(x) for x in spec.split("/"))
    except ValueError:
        raise ValueError(f"expected I/N such as 1/4, got {spec!r}") from None
    if not 1 <= index <= total:
        raise ValueError(f"shard {index}/{total}: I must be between 1 and N")
    return index, total


def in_shard(street_dir: Path, index: int, total: int) -> bool:
    """Whether a street belongs to shard `index` of `total`: decided by a hash of its folder name,
    so adding or removing other streets never moves it to another shard."""
    digest = hashlib.sha256(street_dir.resolve().name.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % total == index - 1


@dataclass
class Outcome:
    """What a worker reports back about one street (a BuildResult does not cross processes)."""

    street_dir: Path
    slug: str = ""
    out_dir: Path | None = None
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0
    reused: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    changed: list[str] = field(default_factory=list)  # BuildResult.changed


_builder: Any = None


def _init(workspace_root: Path, options: dict[str, Any]) -> None:
    global _builder
    from .build import Builder
    from .workspace import Workspace

    _builder = Builder(Workspace.open(workspace_root), **options)


def _build_one(street_dir: Path) -> Outcome:
    from .errors import ProfileError

    try:
        r = _builder.build(street_dir)
    except ProfileError as exc:
        n = sum(1 for p in exc.problems if p.severity == "error")
        return Outcome(street_dir, error=f"{exc}\n{n} problem{'s' if n != 1 else ''} found.")
    except StreetkitError as exc:
        return Outcome(street_dir, error=f"error: {exc}")
    return Outcome(street_dir, r.street.slug, r.out_dir, {o: r.count(o) for o in OUTPUTS},
                   len(r.written), r.reused, r.seconds, list(r.notes), list(r.warnings), changed=list(r.changed))


def build_parallel(workspace_root: Path, street_dirs: list[Path], options: dict[str, Any],
                   jobs: int) -> Iterator[Outcome]:
    """Build `street_dirs` in `jobs` processes; yield each street's outcome as it finishes."""
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(workspace_root, options)) as pool:
        pending: set[Future[Outcome]] = {pool.submit(_build_one, d) for d in street_dirs}
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield future.result()
        except BaseException:
            for future in pending:
                future.cancel()
            raise
