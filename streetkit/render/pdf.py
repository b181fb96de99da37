"""HTML to PDF with WeasyPrint: one renderer per process, fonts and images cached across documents,
and a URL fetcher that serves only the street folder, the themes and installed packages."""
from __future__ import annotations

import logging
import traceback
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..errors import BuildError


#: Image-cache entries kept between documents, beyond which the cache starts afresh.
IMAGE_CACHE_LIMIT = 200


class PdfRenderer:
    """Render many documents in one process; WeasyPrint's import and font setup happen once."""

    def __init__(self) -> None:
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher

        self.allowed: list[Path] = []
        self.font_config = FontConfiguration()
        self.image_cache: dict = {}
        self.refused: list[str] = []
        renderer = self

        class _Fetcher(URLFetcher):
            def fetch(self, url: str, headers: dict | None = None):  # type: ignore[override]
                if url.startswith("data:"):
                    return super().fetch(url, headers)
                parsed = urlparse(url)
                if parsed.scheme == "file":
                    path = Path(unquote(parsed.path)).resolve()
                    if any(path.is_relative_to(root) for root in renderer.allowed) and path.is_file():
                        return super().fetch(url, headers)
                renderer.refused.append(url)
                raise ValueError(f"streetkit refuses to load {url}: only files in the street folder, "
                                 "themes and installed packages are used")

        self._fetcher_class = _Fetcher
        # WeasyPrint logs every failed fetch as a warning; we report refusals ourselves.
        logging.getLogger("weasyprint").setLevel(logging.ERROR)

    def render(self, html: str, base_url: str, allowed_roots: list[Path], *,
               pdf_identifier: bytes | None = None, pdf_variant: str | None = None) -> bytes:
        """The PDF bytes for `html`; raise BuildError if it tried to load anything outside `allowed_roots`."""
        from weasyprint import HTML

        self.allowed = [p.resolve() for p in allowed_roots]
        self.refused.clear()
        doc = HTML(string=html, base_url=base_url, url_fetcher=self._fetcher_class())
        try:
            pdf = doc.write_pdf(font_config=self.font_config, cache=self.image_cache,
                                pdf_identifier=pdf_identifier, pdf_variant=pdf_variant,
                                uncompressed_pdf=False)
        except Exception as exc:  # WeasyPrint's own failures (layout asserts …) become a build error
            where = traceback.extract_tb(exc.__traceback__)[-1]
            hint = ("; WeasyPrint asserts like this when a box taller than the page may not break, "
                    "e.g. a fixed height with overflow: visible") if isinstance(exc, AssertionError) else ""
            raise BuildError(f"WeasyPrint failed: {type(exc).__name__} in {Path(where.filename).name}:{where.lineno}"
                             f"{': ' + str(exc) if str(exc) else ''}{hint}") from None
        finally:
            self._forget_document_images()
        if self.refused:
            raise BuildError("refused to load: " + ", ".join(sorted(set(self.refused))))
        return pdf

    def _forget_document_images(self) -> None:
        """Drop what only the finished document used. A cached SVG keeps the layout of the document
        that drew it alive (styles, fonts, boxes): with every sticker's QR code (a data URI, never
        seen again) kept, a 1,000-merchant street grew past 2 GB. Files (a logo, photos) stay cached;
        only between documents, as a document's images read the cache until it is written."""
        for url in [u for u in self.image_cache if isinstance(u, str) and u.startswith("data:")]:
            del self.image_cache[url]
        if len(self.image_cache) > IMAGE_CACHE_LIMIT:
            self.image_cache.clear()
