"""Fewer garbage collections while a build reads the profile and renders its pages.

Reading a profile and rendering thousands of pages allocate millions of short-lived objects and
hardly any reference cycles (reference counting frees them), yet every 700 net allocations CPython
starts a collection, and the full ones walk every object the loaded street holds. For a 1,000-shop
street that was a sixth of the site build. Like mypy's build (`gc.set_threshold(200_000, …)`), we
raise the first-generation threshold for these phases and restore it before PDFs are rendered:
WeasyPrint's layouts are cyclic and large, and the PDF renderer collects them itself.
"""
from __future__ import annotations

import gc

#: Net allocations between young-generation collections while the threshold is raised (default 700).
THRESHOLD = 50_000


class FewerCollections:
    """`with FewerCollections() as gc_policy: …; gc_policy.restore()` — restore early or on exit."""

    def __init__(self) -> None:
        self._saved: tuple[int, ...] | None = None

    def __enter__(self) -> FewerCollections:
        self._saved = gc.get_threshold()
        if self._saved[0]:  # 0: collection switched off by the caller; leave it so
            gc.set_threshold(max(THRESHOLD, self._saved[0]), *self._saved[1:])
        return self

    def restore(self) -> None:
        """Back to the thresholds found on entry (idempotent)."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def __exit__(self, *exc: object) -> None:
        self.restore()
