"""HTML to PDF with WeasyPrint: one renderer per process whose font setup serves many documents
(each document starts with an empty image cache, and memory is handed back between documents), and
a URL fetcher that serves only the street folder, the themes and installed packages."""
from __future__ import annotations

import base64
import ctypes
import gc
import logging
import multiprocessing.util
import traceback
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from ..errors import BuildError
from ..i18n import _
from .hangulfonts import hangul_fonts

if TYPE_CHECKING:
    from ..printprofile import OutputProfile
    from .cmyk import Restyler

#: HTML rendered (in characters) between two clean-ups of what WeasyPrint leaves behind.
CLEANUP_AFTER = 200_000


def _svg_data_uri(path: Path, restyler: Restyler | None) -> str:
    from ..images import ImageProblem, clean_svg

    try:
        data = clean_svg(path)
    except ImageProblem as exc:
        raise ValueError(str(exc)) from None
    if restyler is not None:
        data = restyler.svg(data)
    return "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")


def _cmyk_photo_uri(path: Path, restyler: Restyler) -> str | None:
    """A raster file as a CMYK JPEG data URI, or None for one that stays as it is (transparency)."""
    data = restyler.separation.photo(path.read_bytes())
    return None if data is None else "data:image/jpeg;base64," + base64.b64encode(data).decode("ascii")


def _release_free_memory() -> None:
    """Collect cycles and hand freed heap pages back to the system (glibc only; elsewhere the
    collection alone). After a long document, fragmentation otherwise keeps its peak resident."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _close_if_alive(ref: weakref.ref[PdfRenderer]) -> None:
    renderer = ref()
    if renderer is not None:
        renderer.close()


class PdfRenderer:
    """Render many documents in one process; WeasyPrint's import and font setup happen once."""

    def __init__(self) -> None:
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher

        self.allowed: list[Path] = []
        self._font_configuration = FontConfiguration
        self.font_config = FontConfiguration()
        self._since_cleanup = 0
        self._fonts_css = None  # the Hangul subsets' @font-face rules, loaded into `font_config`
        self.image_cache: dict[str, Any] = {}
        self.refused: list[str] = []
        #: The current document's CMYK rewriting, for the files it loads (None for an RGB document).
        self.restyler: Restyler | None = None
        renderer = self

        class _Fetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type information
            def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
                if url.startswith("data:"):
                    return super().fetch(url, headers)
                parsed = urlparse(url)
                if parsed.scheme == "file":
                    path = Path(unquote(parsed.path)).resolve()
                    if any(path.is_relative_to(root) for root in renderer.allowed) and path.is_file():
                        if path.suffix.lower() == ".svg":  # what it draws, rebuilt (svgclean)
                            return super().fetch(_svg_data_uri(path, renderer.restyler), headers)
                        if renderer.restyler is not None and path.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp"):
                            if uri := _cmyk_photo_uri(path, renderer.restyler):
                                return super().fetch(uri, headers)
                        return super().fetch(url, headers)
                renderer.refused.append(url)
                raise ValueError(f"streetkit refuses to load {url}: only files in the street folder, "
                                 "themes and installed packages are used")

        self._fetcher_class = _Fetcher
        # WeasyPrint copies @font-face fonts (the Hangul subsets, 12 MB) into a temporary folder that
        # it deletes when the font configuration is collected, which a process's exit skips. This
        # finaliser runs at exit in the build process and in pool workers alike (atexit does not run
        # in the workers).
        multiprocessing.util.Finalize(self, _close_if_alive, args=(weakref.ref(self),), exitpriority=0)
        # WeasyPrint logs every failed fetch as a warning; we report refusals ourselves.
        logging.getLogger("weasyprint").setLevel(logging.ERROR)

    def render(self, html: str, base_url: str, allowed_roots: list[Path], *,
               pdf_identifier: bytes | None = None, pdf_variant: str | None = None, pdf_forms: bool = False,
               output_profile: OutputProfile | None = None) -> bytes:
        """The PDF bytes for `html`; raise BuildError if it tried to load anything outside `allowed_roots`.
        With an `output_profile`, the document is made in that profile's CMYK (render/cmyk.py)."""
        from weasyprint import HTML

        fonts = hangul_fonts()
        self.allowed = [p.resolve() for p in allowed_roots] + ([fonts.folder] if fonts.folder else [])
        self.refused.clear()
        self.restyler = None
        if output_profile is not None:
            from ..separation import separation_for
            from .cmyk import restyler_for

            self.restyler = restyler_for(separation_for(output_profile))
            html = self.restyler.html(html)
            self.allowed.append(output_profile.path.resolve())
        doc = HTML(string=fonts.apply(html), base_url=base_url, url_fetcher=self._fetcher_class())
        try:
            pdf = doc.write_pdf(font_config=self.font_config, cache=self.image_cache,
                                stylesheets=self._font_stylesheets(fonts.css),
                                pdf_identifier=pdf_identifier, pdf_variant=pdf_variant, pdf_forms=pdf_forms,
                                uncompressed_pdf=False)
        except Exception as exc:  # WeasyPrint's own failures (layout asserts …) become a build error
            where = traceback.extract_tb(exc.__traceback__)[-1]
            hint = _("; WeasyPrint asserts like this when a box taller than the page may not break, "
                     "e.g. a fixed height with overflow: visible") if isinstance(exc, AssertionError) else ""
            detail = f"{type(exc).__name__} in {Path(where.filename).name}:{where.lineno}{': ' + str(exc) if str(exc) else ''}"
            raise BuildError(_("WeasyPrint failed: {detail}", detail=detail) + hint) from None
        finally:
            self._forget_document_images()
            self._since_cleanup += len(html)
            if self._since_cleanup > CLEANUP_AFTER:
                # Pango's font map grows with the text it has laid out (40 MB after a 1,000-shop
                # report); a fresh one is cheap. Together with the clean-up, a long build's
                # resident size stays at its largest single document instead of creeping up.
                self._since_cleanup = 0
                self.font_config = self._font_configuration()
                self._fonts_css = None
                _release_free_memory()
        if self.refused:
            raise BuildError(_("refused to load: {files}", files=", ".join(sorted(set(self.refused)))))
        if output_profile is not None:
            from .cmyk import press_ready

            return press_ready(bytes(pdf))
        return bytes(pdf)

    def close(self) -> None:
        """Let go of the font configuration, so WeasyPrint deletes its temporary copies of fonts."""
        self.font_config = self._fonts_css = None
        gc.collect()

    def _font_stylesheets(self, css: str) -> list[Any]:
        """The @font-face rules as a stylesheet, parsed (and the fonts loaded) once per font
        configuration rather than once per document."""
        from weasyprint import CSS

        if not css:
            return []
        if self._fonts_css is None:
            self._fonts_css = CSS(string=css, font_config=self.font_config, url_fetcher=self._fetcher_class())
        return [self._fonts_css]

    def _forget_document_images(self) -> None:
        """Start the next document with an empty image cache. A cached SVG keeps the layout of the
        document that drew it alive (styles, fonts, boxes): with every sticker's QR code kept, a
        1,000-merchant street grew past 2 GB, and the logo alone kept the whole report (170 MB)
        after it was written. Re-reading a logo or a photo per document costs far less. Only
        between documents: a document's lazy images read the cache until it is written."""
        self.image_cache.clear()
