"""PDFs to render: the job a document becomes, and the worker processes that render jobs in
parallel (WeasyPrint holds the GIL, so threads would not help), each with one long-lived renderer."""
from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cache import cache_get
from .join import join_pdfs
from .pdf import PdfRenderer

if TYPE_CHECKING:
    from ..printprofile import OutputProfile

#: What makes a PDF from its HTML, for the keys of reused PDFs and of parts in the content cache.
PDF_MAKERS: dict[str, Any] = {"code": ["streetkit.render.pdf", "streetkit.render.hangulfonts", join_pdfs,
                                       "streetkit.render.cmyk", "streetkit.separation"],
                              "libraries": ["weasyprint", "pydyf", "fonttools", "pillow", "pikepdf", "tinycss2"]}


_worker_renderer: PdfRenderer | None = None


def init_pdf_worker() -> None:
    global _worker_renderer
    _worker_renderer = PdfRenderer()


@dataclass
class PdfJob:
    """A PDF to render: its HTML (one per part of a document rendered in parts) and what WeasyPrint
    needs; `part_keys` are the content-cache keys of the parts (of the whole PDF for a document in
    one piece)."""

    target: Path
    htmls: list[str]
    base_url: str
    roots: list[Path]
    pdf_id: bytes
    variant: str | None
    part_keys: list[str]
    forms: bool = False
    #: The CMYK output profile of a document for the press (None: RGB).
    profile: OutputProfile | None = None

    def worker_args(self) -> tuple[str, list[Path], bytes, str | None, bool, OutputProfile | None]:
        """The arguments of `_render_pdf` after the HTML."""
        return self.base_url, self.roots, self.pdf_id, self.variant, self.forms, self.profile


def _render_pdf(html: str, base_url: str, roots: list[Path], pdf_id: bytes, variant: str | None, forms: bool,
                profile: OutputProfile | None) -> bytes:
    """Runs in a PDF worker process: one long-lived WeasyPrint renderer per worker."""
    assert _worker_renderer is not None
    return _worker_renderer.render(html, base_url, roots, pdf_identifier=pdf_id, pdf_variant=variant, pdf_forms=forms,
                                   output_profile=profile)


#: Content-cache namespace of rendered PDFs (a whole document, or each part of one rendered in parts).
PDF_CACHE = "pdf"


def part_future(pool: Any, key: str, html: str, job: PdfJob) -> tuple[Future[bytes], str | None]:
    """A part from the content cache (an already finished future, nothing to store), or a worker
    rendering it (and its key, to store the result under)."""
    if (cached := cache_get(PDF_CACHE, key)) is not None:
        done: Future[bytes] = Future()
        done.set_result(cached)
        return done, None
    return pool.submit(_render_pdf, html, *job.worker_args()), key
