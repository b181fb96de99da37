"""Site pages rendered by forked worker processes, for one big street on several cores.

Templates are pure Python and hold the GIL, so threads cannot share the work; processes can. The
workers are forked after planning, so each starts with the loaded street, the Jinja environments
and the planned pages already in memory (nothing is pickled but each page's finished HTML coming
back). They run the `page_context` hooks and the template; the build process keeps everything with
an effect — `post_render` hooks, writing files, progress — in page order, exactly as without
workers. Hence the rule for plugins: `page_context` returns values and changes nothing
(docs/plugins.md). Warnings a template raises in a worker are passed back with its page.
"""
from __future__ import annotations

import multiprocessing
import sys
from typing import Callable, Iterator

from .artifacts import Page
from .errors import BuildError, StreetkitError
from .street import Street

#: Fewer pages than this are rendered in the build process: forking costs more than it saves.
MIN_PAGES = 300
#: Pages handed to a worker at a time (fewer round trips; small enough to keep both cores busy).
CHUNK = 32

_state: tuple[Callable[[Page], str], list[Page], Street] | None = None


def available() -> bool:
    """Forking is how the workers get the planned build for free: Linux only (macOS forks
    unreliably with its system frameworks; Windows cannot)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def rendered_pages(render: Callable[[Page], str], pages: list[Page], jobs: int, street: Street) -> Iterator[str]:
    """Each page's HTML, in order, rendered by `jobs` forked processes; warnings raised while
    rendering reach `street`. A page that fails raises its error here, as in the build process."""
    global _state
    _state = (render, pages, street)
    try:
        pool = multiprocessing.get_context("fork").Pool(jobs)
    finally:
        _state = None  # the children have their own copy
    with pool:
        for ok, html, new_warnings in pool.imap(_render_one, range(len(pages)), chunksize=CHUNK):
            for warning in new_warnings:
                street.warn(warning)
            if not ok:
                raise BuildError(html)
            yield html


def _render_one(index: int) -> tuple[bool, str, list[str]]:
    assert _state is not None, "page worker started without a planned build"
    render, pages, street = _state
    warnings = street.warnings
    seen = len(warnings)
    try:
        html, ok = render(pages[index]), True
    except StreetkitError as exc:  # sent back as text: exceptions with keyword arguments do not unpickle
        html, ok = str(exc), False
    new = warnings[seen:]
    del warnings[seen:]
    return ok, html, new
