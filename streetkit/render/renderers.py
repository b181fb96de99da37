"""One renderer per kind of artifact, in a table: how a `Page`, a `Document`, an `Asset`, an
`Image` or an `Archive` becomes its file in a build's staging folder (reusing the previous build's
file when its inputs have not changed)."""
from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import images, outfiles, record
from ..artifacts import Archive, Artifact, Asset, Document, Image, Page, WordDocument
from ..cache import cached_bytes, cached_file
from ..errors import BuildError, PluginError, rel
from ..i18n import _
from .formfill import fill_form
from .join import join_pdfs
from .pdfjobs import PDF_CACHE

#: The content cache's namespace of Word files.
WORD_CACHE = "word"

if TYPE_CHECKING:
    from ..buildrun import BuildRun


def render_asset(run: BuildRun, asset: Asset) -> None:
    target = run.target(asset)
    data = asset.source if asset.source is not None else (asset.data() if callable(asset.data) else asset.data)
    if isinstance(data, Path):
        outfiles.place(data, target)
    else:
        outfiles.write(target, data or b"")


def render_archive(run: BuildRun, archive: Archive) -> None:
    target = run.target(archive)
    members = outfiles.archive_members(run.staging, archive)
    # Zipping the brand pack's photos took 0.45 s, an eighth of a no-change rebuild.
    content_key = record.key(*(part for name, data in members for part in (name, data)), code=[outfiles.zip_members])
    if not run.record.reuse(archive.path, content_key, target):
        outfiles.write(target, outfiles.zip_members(members))


def render_image(run: BuildRun, image: Image) -> None:
    target = run.target(image)
    source = image.source
    if source is None:
        raise PluginError(_("{path}: an Image needs a source file", path=image.path), plugin=image.plugin, hook="artifacts")
    content_key = record.key(source.read_bytes(), str(image.max_width), str(image.format),
                             code=[images], libraries=["pillow"])
    if run.record.reuse(image.path, content_key, target):
        return
    try:
        # Shared across output folders and streets: resizing and WebP encoding are a site
        # build's most expensive step, and the same photo gives the same bytes.
        made = cached_file("web-image", content_key, lambda: images.web_bytes(
            source, image.max_width, rel(source), image.format))
        if isinstance(made, Path):
            outfiles.place(made, target)
        else:
            outfiles.write(target, made)
    except images.ImageProblem as exc:
        raise BuildError(str(exc)) from None


def render_page(run: BuildRun, page: Page) -> None:
    run.write_page(page, run.render_template(page, "site"))


def render_document(run: BuildRun, document: Document) -> None:
    if document.page_of:
        return _copy_page(run, document)
    if document.filled_from:
        return _fill_form(run, document)
    job = run.pdf_job(document)
    if job is None:  # the previous build's PDF, reused
        return
    try:
        outfiles.write(job.target, join_pdfs([cached_bytes(PDF_CACHE, k, functools.partial(run.render_pdf, html, job))
                                              for html, k in zip(job.htmls, job.part_keys)]))
    except BuildError as exc:
        raise BuildError(_("{path} (template {template}): {error}", path=document.path, template=document.template,
                                   error=exc)) from None


def _copy_page(run: BuildRun, document: Document) -> None:
    """A one-page PDF copied out of a sheet of the same build (Document.page_of)."""
    assert document.page_of is not None
    target = run.target(document)
    sheet_path, index = document.page_of
    try:
        content_key = record.key(run.sheets.page_key(sheet_path, index), document.title,
                                 code=[join_pdfs], libraries=["pikepdf"])
        if not run.record.reuse(document.path, content_key, target):
            outfiles.write(target, run.sheets.page(sheet_path, index, document.title))
    except IndexError:
        raise PluginError(_("{path}: page_of names page {page} of {sheet}, which has {pages}", path=document.path,
                            page=index + 1, sheet=sheet_path, pages=run.sheets.page_count(sheet_path)),
                          plugin=document.plugin, hook="artifacts") from None


def _fill_form(run: BuildRun, document: Document) -> None:
    """A form of the same build with fields filled in (Document.filled_from)."""
    assert document.filled_from is not None
    target = run.target(document)
    form_path, values = document.filled_from
    form = (run.staging / form_path).read_bytes()
    content_key = record.key(form, json.dumps(values, sort_keys=True, ensure_ascii=False), document.title,
                             code=[fill_form], libraries=["pikepdf"])
    if run.record.reuse(document.path, content_key, target):
        return
    try:
        outfiles.write(target, fill_form(form, values, document.title))
    except KeyError as exc:
        raise PluginError(_("{path}: {form} has no form field {field}", path=document.path, form=form_path,
                            field=exc.args[0]), plugin=document.plugin, hook="artifacts") from None


def render_word(run: BuildRun, word: WordDocument) -> None:
    """A print template's HTML as an editable .docx, in the brand's text font and colours."""
    target = run.target(word)
    street = run.street
    html = run.host.pipe("post_render", street.enabled_plugins, "content", run.render_template(word, "print"),
                         artifact=word, street=street)
    tokens = street.tokens
    font = (tokens.get("font-sans") or "Noto Sans CJK KR").split(",")[0].strip().strip("'\"")
    accent, tint = tokens.get("color-primary-text", "#333333"), tokens.get("color-primary-tint", "#F2F2F2")
    linked = [f.read_bytes() for f in record.linked_files(html, street.root)]
    # The converter named, not imported: python-docx and cairosvg load only when a file is made.
    content_key = record.key(html, *linked, font, accent, tint, code=[f"{__package__}.docx"],
                             libraries=["python-docx", "cairosvg", "lxml"])
    if run.record.reuse(word.path, content_key, target):
        return

    def load(src: str) -> bytes | None:
        try:  # only files of the street folder, as for a PDF, and an SVG only as its cleaned tree
            return street.image_bytes(src)
        except (OSError, ValueError):
            return None

    def convert() -> bytes:
        from . import docx

        try:
            return docx.html_to_docx(html, font=font, accent=accent, tint=tint, load_image=load)
        except Exception as exc:  # a fault in the conversion names the file, never a traceback
            raise BuildError(_("{path} (template {template}): {error}", path=word.path, template=word.template,
                               error=f"{type(exc).__name__}: {exc}")) from None

    # In the content cache as a PDF is: a build into a new folder (a CI's) converts nothing again.
    outfiles.write(target, cached_bytes(WORD_CACHE, content_key, convert))


#: The renderer of each kind of artifact.
RENDERERS: dict[type[Artifact], Callable[[BuildRun, Any], None]] = {
    Page: render_page, Document: render_document, Asset: render_asset, Image: render_image, Archive: render_archive,
    WordDocument: render_word,
}


def renderer_for(artifact: Artifact) -> Callable[[BuildRun, Any], None]:
    """The renderer for `artifact`'s type (or the nearest base type a plugin's subclass has)."""
    for kind in type(artifact).__mro__:
        if kind in RENDERERS:
            return RENDERERS[kind]
    raise PluginError(_("unknown artifact type {kind}", kind=type(artifact).__name__), plugin=artifact.plugin,
                      hook="artifacts")
