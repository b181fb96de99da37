"""In what order, and where, a build's artifacts are rendered.

Pages first, then PDFs, then pages copied out of sheets, then other files, then archives: generated
files may summarise what was rendered, and archives pack what is already there. Behind one call,
three ways to run:
- in this process, one artifact after another;
- a big street's pages in forked page workers (see pageworkers), written here in order;
- PDFs in a pool of worker processes, collected in order before the next file that is not a PDF.
"""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from . import outfiles, pageworkers
from .artifacts import Archive, Artifact, Document, Page
from .buildrun import BuildRun
from .cache import cache_put
from .errors import BuildError
from .gcpolicy import FewerCollections
from .i18n import _
from .render.join import join_pdfs
from .render.pdfjobs import PDF_CACHE, part_future

#: Called after each artifact with (done, total).
Progress = Callable[[int, int], None]


def _order(artifact: Artifact) -> int:
    if isinstance(artifact, Page):
        return 0
    if isinstance(artifact, Document):
        # a page of a sheet, or a filled-in form, is copied once the sheet or the form is written
        return 2 if artifact.page_of or artifact.filled_from else 1
    return 4 if isinstance(artifact, Archive) else 3


def run_all(run: BuildRun, progress: Progress | None, gc_policy: FewerCollections, *, page_jobs: int,
            pdf_pool: Callable[[], Any] | None) -> None:
    """Render every planned artifact of `run` into its staging folder. `pdf_pool` gives the PDF
    workers when PDFs are rendered in parallel (None: in this process); `page_jobs` > 1 renders a
    big street's pages in forked workers."""
    planned = sorted(run.plan.artifacts, key=_order)
    pages = [a for a in planned if isinstance(a, Page)]
    documents = sum(1 for a in planned if isinstance(a, Document))

    def render_page(page: Page) -> str:
        # In a worker this makes the page's folder too: work taken off the writing process.
        (run.staging / page.path).parent.mkdir(parents=True, exist_ok=True)
        return run.render_template(page, "site")

    # Forked before the PDF pool exists, so no worker inherits its threads.
    rendered = (pageworkers.rendered_pages(render_page, pages, page_jobs, run.street)
                if page_jobs > 1 and len(pages) >= pageworkers.MIN_PAGES and pageworkers.available() else None)
    pool = pdf_pool() if pdf_pool is not None and documents >= 4 else None
    # Per document: its target and, per part, the worker's future and the cache key to store under.
    pending: list[tuple[Document, Path, list[tuple[Future[bytes], str | None]]]] = []
    done = 0

    def finished(path: str) -> None:
        nonlocal done
        done += 1
        run.result.written.append(path)
        if progress:
            progress(done, len(planned))

    def drain() -> None:
        for document, target, parts in pending:
            try:
                pdfs = [future.result() for future, _key in parts]
                for (_future, key), pdf in zip(parts, pdfs):
                    if key:
                        cache_put(PDF_CACHE, key, pdf)
                outfiles.write(target, join_pdfs(pdfs))
            except BuildError as exc:
                raise BuildError(_("{path} (template {template}): {error}", path=document.path, template=document.template,
                                   error=exc)) from None
            finished(document.path)
        pending.clear()

    try:
        for artifact in planned:
            if not isinstance(artifact, Page):
                gc_policy.restore()  # pages done: PDF layouts are cyclic garbage, collect as usual
            if pool is not None and isinstance(artifact, Document) and not artifact.page_of and not artifact.filled_from:
                job = run.pdf_job(artifact)
                if job is None:
                    finished(artifact.path)
                else:
                    pending.append((artifact, job.target, [part_future(pool, key, html, job)
                                                           for html, key in zip(job.htmls, job.part_keys)]))
                continue
            drain()  # files after the PDFs may summarise them
            if rendered is not None and isinstance(artifact, Page):
                run.write_page(artifact, next(rendered), folder_made=True)
            else:
                run.render(artifact)
            finished(artifact.path)
        drain()
    except BaseException:
        if rendered is not None:
            rendered.close()  # stops the page workers
        for _document, _target, parts in pending:
            for future, _key in parts:
                future.cancel()
        raise
