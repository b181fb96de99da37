"""Build one street: load → plugins enrich → artifacts → render → swap into place atomically."""
from __future__ import annotations

import functools
import hashlib
import io
import os
import shutil
import sys
import time
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from . import fingerprint, images, outfiles, pageworkers, record
from . import tokens as tokens_mod
from .artifacts import OUTPUTS, Archive, Artifact, Asset, Document, Image, Page
from .cache import cache_get, cache_put, cached_bytes, cached_file
from .errors import BuildError, PluginError, StreetkitError, rel
from .gcpolicy import FewerCollections
from .loader import load_street
from .plugins import changed_sections, profile_digest
from .record import Record
from .render.html import make_environment, url
from .render.join import Sheets, join_pdfs
from .render.keepall import join_text
from .render.pdf import PdfRenderer
from .street import Street
from .themes import Theme
from .workspace import Workspace

#: Static files that get content-hashed names (fonts and images referenced from CSS keep theirs).
FINGERPRINT = {"css", "js"}
#: Called after each artifact with (done, total).
Progress = Callable[[int, int], None]


@dataclass
class BuildResult:
    street: Street
    out_dir: Path
    written: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: (path, label) of the PDFs their plugins mark for showing (Document.showcase), e.g. in the gallery.
    showcase: list[tuple[str, str]] = field(default_factory=list)
    #: Problems that did not stop the build (e.g. a photo with too few pixels to print sharp).
    warnings: list[str] = field(default_factory=list)
    #: Outputs copied from the previous build because their inputs had not changed.
    reused: int = 0
    seconds: float = 0.0
    #: Nothing the build reads had changed: the previous output was kept as it was.
    up_to_date: bool = False

    def count(self, output: str) -> int:
        return sum(1 for p in self.written if p.startswith(output + "/"))


#: What makes a PDF from its HTML, for the keys of reused PDFs and of parts in the content cache.
PDF_MAKERS: dict[str, Any] = {"code": ["streetkit.render.pdf", "streetkit.render.hangulfonts", join_pdfs],
                              "libraries": ["weasyprint", "pydyf", "fonttools", "pillow", "pikepdf"]}


_worker_renderer: PdfRenderer | None = None


def _init_pdf_worker() -> None:
    global _worker_renderer
    _worker_renderer = PdfRenderer()


@dataclass
class PdfJob:
    """A PDF to render: its HTML (one per part of a document rendered in parts) and what WeasyPrint
    needs; `part_keys` are the content-cache keys of the parts (None for a document in one piece)."""

    target: Path
    htmls: list[str]
    base_url: str
    roots: list[Path]
    pdf_id: bytes
    variant: str | None
    part_keys: list[str | None]

    def worker_args(self) -> tuple[str, list[Path], bytes, str | None]:
        """The arguments of `_render_pdf` after the HTML."""
        return self.base_url, self.roots, self.pdf_id, self.variant


def _render_pdf(html: str, base_url: str, roots: list[Path], pdf_id: bytes, variant: str | None) -> bytes:
    """Runs in a PDF worker process: one long-lived WeasyPrint renderer per worker."""
    assert _worker_renderer is not None
    return _worker_renderer.render(html, base_url, roots, pdf_identifier=pdf_id, pdf_variant=variant)


#: Content-cache namespace of the parts of documents rendered in parts.
PART_CACHE = "pdf-part"


def _part_future(pool: Any, key: str | None, html: str, job: PdfJob) -> tuple[Future[bytes], str | None]:
    """A part from the content cache (an already finished future, nothing to store), or a worker
    rendering it (and its key, to store the result under)."""
    if key and (cached := cache_get(PART_CACHE, key)) is not None:
        done: Future[bytes] = Future()
        done.set_result(cached)
        return done, None
    return pool.submit(_render_pdf, html, *job.worker_args()), key


def check_out_root(out_root: Path, workspace: Path, street_dirs: Iterable[Path]) -> None:
    """Refuse output folders whose replacement would destroy something that is not build output."""
    out = out_root.resolve()
    forbidden = {Path("/"), Path.home().resolve(), workspace.resolve()}
    if out in forbidden:
        raise BuildError(f"refusing to write into {out}: choose a dedicated folder such as _build")
    for s in street_dirs:
        s = s.resolve()
        if out == s or out.is_relative_to(s) or s.is_relative_to(out / s.name):
            raise BuildError(f"refusing output folder {out}: it overlaps the street folder {s}")


class Builder:
    """Builds streets of one workspace; keeps one PDF renderer for all of them (fonts load once)."""

    def __init__(self, workspace: Workspace, out_root: Path | None = None, only: set[str] | None = None,
                 theme: str | None = None, today: date | None = None, marks: bool = False,
                 cmyk_profile: Path | None = None, pdf_jobs: int = 1, page_jobs: int = 1):
        self.ws = workspace
        #: PDFs rendered at once, in worker processes (WeasyPrint holds the GIL: threads do not help).
        self.pdf_jobs = pdf_jobs
        #: Processes rendering a big street's site pages (see pageworkers).
        self.page_jobs = page_jobs
        self._pool: Any = None
        self.marks = marks
        #: When set, every PDF also gets a PDF/X-3 CMYK copy under print/cmyk/ for this ICC profile.
        self.cmyk_profile = cmyk_profile
        self.today = today or date.today()
        self.out_root = (out_root or workspace.root / "_build").resolve()
        self.only = only
        self.theme_override = theme
        self._pdf: PdfRenderer | None = None

    def load(self, street_dir: Path) -> Street:
        street = load_street(street_dir, self.ws.host, self.ws.themes)
        street.today = self.today
        if self.theme_override:
            if msg := self.ws.themes.problem_for(self.theme_override):
                raise BuildError(f"--theme: {msg}")
            street.profile.theme = self.theme_override
        return street

    def plan(self, street: Street) -> tuple[list[Artifact], dict[str, jinja2.Environment], list[str]]:
        """Run the enrichment hooks and collect every artifact the enabled plugins contribute."""
        host, enabled, guard = self.ws.host, street.enabled_plugins, street.profile
        # Tokens first: plugins enriching the street may draw with the brand colours (report charts).
        street.tokens, notes = tokens_mod.derive(street.profile.brand, self.ws.themes.tokens(street.profile.theme))
        street.token_notes = notes
        host.each("street_loaded", enabled, guard=guard, street=street)
        chain = self.ws.themes.chain(street.profile.theme)
        search = [street.root / "templates"] + [t.templates for t in chain]
        for _plugin, dirs in host.each("template_dirs", enabled, guard=guard, street=street):
            search += [Path(d) for d in dirs]
        slots: dict[str, list[str]] = {}
        for _plugin, contributed in host.each("template_slots", enabled, guard=guard, street=street):
            for slot, partials in contributed.items():
                slots.setdefault(slot, []).extend(partials)
        theme_assets, static_names = self._theme_assets(street, chain)

        @jinja2.pass_context
        def static(ctx: jinja2.runtime.Context, name: str) -> str:
            """Link to a theme static file by its plain name (`site.css`), served fingerprinted."""
            if name not in static_names:
                raise BuildError(f"static('{name}'): no such file in the theme chain's static/ folders")
            return url(ctx, static_names[name])

        # A street's own templates are untrusted: they render in the sandbox, with the theme's.
        own = street.root / "templates"
        untrusted = own if own.is_dir() else None
        envs = {}
        for output in ("site", "print"):
            env = make_environment(search, output, untrusted)
            env.globals.update(street=street, profile=street.profile, tokens=street.tokens, static=static, slots=slots,
                               has_static=lambda name: name in static_names,
                               print_marks=self.marks,
                               # Safe: colours are validated hex values, theme tokens plain CSS values.
                               tokens_css=Markup(tokens_mod.as_css(street.tokens)))
            host.each("jinja_environment", enabled, guard=guard, env=env, street=street, output=output)
            envs[output] = env
        planned: list[Artifact] = []
        owner: dict[str, str] = {}
        for plugin, items in host.each("artifacts", enabled, guard=guard, street=street):
            for item in items:
                if not isinstance(item, Artifact):
                    raise PluginError(f"returned {type(item).__name__}, expected Page, Document, Asset, Image or Archive",
                                      plugin=plugin, hook="artifacts")
                item.plugin = plugin
                if item.path in owner:
                    raise PluginError(f"{item.path} is also produced by plugin {owner[item.path]}",
                                      plugin=plugin, hook="artifacts")
                owner[item.path] = plugin
                if item.output not in OUTPUTS:
                    raise PluginError(f"{item.path}: paths must start with one of {', '.join(OUTPUTS)}",
                                      plugin=plugin, hook="artifacts")
                if self.only is None or item.output in self.only:
                    planned.append(item)
        if self.only is None or "site" in self.only:
            planned += [a for a in theme_assets if a.path not in owner]
        _check_pages_of(planned)
        return planned, envs, notes

    def _theme_assets(self, street: Street, chain: list[Theme]) -> tuple[list[Asset], dict[str, str]]:
        """The theme chain's static files (a child theme's file wins) and the tokens stylesheet,
        under content-hashed names so browsers may cache them forever; returns the name map too."""
        sources: dict[str, Path | bytes] = {}
        for theme in chain:
            for f in sorted(theme.static.rglob("*")) if theme.static.is_dir() else []:
                if f.is_file():
                    sources.setdefault(f.relative_to(theme.static).as_posix(), f)
        sources["tokens.css"] = tokens_mod.as_css(street.tokens).encode("utf-8")
        assets, names = [], {}
        for name, src in sorted(sources.items()):
            data = src.read_bytes() if isinstance(src, Path) else src
            stem, dot, ext = name.rpartition(".")
            hashed = f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{ext}" if dot and ext in FINGERPRINT else name
            names[name] = f"static/{hashed}"
            assets.append(Asset(path=f"site/static/{hashed}", data=data, plugin="core"))
        return assets, names

    def build(self, street_dir: Path, progress: Progress | None = None) -> BuildResult:
        """Build one street; on any failure the previous output stays as it was."""
        try:
            with FewerCollections() as gc_policy:
                return self._build(street_dir, progress, gc_policy)
        except OSError as exc:  # the disk, not the street: full, read-only, not ours …
            raise BuildError(self._fault(exc)) from None

    def _fault(self, exc: OSError) -> str:
        """One line for an OSError: what could not be written (or read), and why."""
        name = Path(exc.filename) if exc.filename else None
        if name is None:
            return f"cannot write the output: {outfiles.reason(exc)}"
        # A file in the staging folder is shown where it was going to be.
        for parent in (name, *name.parents):
            if parent.parent == self.out_root and parent.name.startswith(".") and ".staging-" in parent.name:
                slug = parent.name[1:].partition(".staging-")[0]
                name = self.out_root / slug / name.relative_to(parent)
                break
        verb = "write" if name.is_relative_to(self.out_root) or self.out_root.is_relative_to(name) else "read"
        return f"cannot {verb} {rel(name)}: {outfiles.reason(exc)} (the previous output is unchanged)"

    def _build(self, street_dir: Path, progress: Progress | None, gc_policy: FewerCollections) -> BuildResult:
        started = time.perf_counter()
        street = self.load(street_dir)  # a profile error is reported even when nothing changed
        check_out_root(self.out_root, self.ws.root, [street.root])
        out_dir = self.out_root / street.slug
        # A full build whose inputs are those of the previous one would write the same files.
        inputs = self._inputs(street) if self.only is None else ""
        self._record = Record(out_dir)
        if (kept := self._record.up_to_date(inputs)) is not None:
            result = BuildResult(street, out_dir, written=sorted(kept["files"]), notes=list(kept.get("notes", [])),
                                 warnings=list(kept.get("warnings", [])), reused=len(kept["files"]), up_to_date=True,
                                 showcase=[(path, label) for path, label in kept.get("showcase", [])])
            self.ws.host.each("build_finished", street.enabled_plugins, guard=street.profile, street=street,
                              out_dir=out_dir, written=list(result.written))
            result.seconds = time.perf_counter() - started
            return result
        planned, envs, notes = self.plan(street)
        staging = self.out_root / f".{street.slug}.staging-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        result = BuildResult(street, out_dir, notes=notes, showcase=[(a.path, a.showcase) for a in planned
                                                                     if isinstance(a, Document) and a.showcase])
        self._folders: set[Path] = set()
        self._sheets = Sheets(staging)
        # Per-page hooks run thousands of times: instead of guarding each call, check once that
        # rendering left the profile as planning saw it.
        planned_profile = profile_digest(street.profile)
        # Pages first, then PDFs, then files: generated files may summarise what was rendered,
        # and archives pack what is already there.
        # A page of a sheet is copied once the sheet is written.
        planned.sort(key=lambda a: 0 if isinstance(a, Page) else (2 if a.page_of else 1) if isinstance(a, Document)
                     else 4 if isinstance(a, Archive) else 3)
        documents = sum(1 for a in planned if isinstance(a, Document))
        pages = [a for a in planned if isinstance(a, Page)]

        def render_page(page: Page) -> str:
            # In a worker this makes the page's folder too: work taken off the writing process.
            (staging / page.path).parent.mkdir(parents=True, exist_ok=True)
            return self._render_template(street, page, envs["site"], "site")

        # Forked before the PDF pool exists, so no worker inherits its threads.
        rendered = (pageworkers.rendered_pages(render_page, pages, self.page_jobs, street)
                    if self.page_jobs > 1 and len(pages) >= pageworkers.MIN_PAGES and pageworkers.available() else None)
        pool = self._pdf_pool() if self.pdf_jobs > 1 and documents >= 4 else None
        # Per document: its target and, per part, the worker's future and the cache key to store under.
        pending: list[tuple[Document, Path, list[tuple[Future[bytes], str | None]]]] = []
        done = 0

        def finished(path: str) -> None:
            nonlocal done
            done += 1
            result.written.append(path)
            if progress:
                progress(done, len(planned))

        def drain() -> None:
            for document, target, parts in pending:
                try:
                    pdfs = [future.result() for future, _key in parts]
                    for (_future, key), pdf in zip(parts, pdfs):
                        if key:
                            cache_put(PART_CACHE, key, pdf)
                    outfiles.write(target, join_pdfs(pdfs))
                except BuildError as exc:
                    raise BuildError(f"{document.path} (template {document.template}): {exc}") from None
                finished(document.path)
            pending.clear()

        try:
            for artifact in planned:
                if not isinstance(artifact, Page):
                    gc_policy.restore()  # pages done: PDF layouts are cyclic garbage, collect as usual
                if pool is not None and isinstance(artifact, Document) and not artifact.page_of:
                    job = self._pdf_job(street, artifact, envs, staging)
                    if job is None:
                        finished(artifact.path)
                    else:
                        pending.append((artifact, job.target, [_part_future(pool, key, html, job)
                                                               for html, key in zip(job.htmls, job.part_keys)]))
                    continue
                drain()  # files after the PDFs may summarise them
                if rendered is not None and isinstance(artifact, Page):
                    self._write_page(street, artifact, next(rendered), staging, folder_made=True)
                else:
                    self._render(street, artifact, envs, staging)
                finished(artifact.path)
            drain()
            self._sheets.close()
            if self.cmyk_profile is not None:
                self._cmyk(street, staging, [a for a in planned if isinstance(a, Document)])
            if changed := changed_sections(planned_profile, street.profile):
                raise BuildError(f"the profile section(s) {', '.join(changed)} changed while pages were rendered: "
                                 "a page_context or post_render hook modified the profile")
            if self.only is None:
                # What an up-to-date check compares; only full builds are checked, so only they list
                # it. Saved with the output it describes, before the swap: a disk that fills up
                # here leaves the previous build and its record as they were.
                summary = {"inputs": inputs, "files": _sizes(staging), "notes": notes, "warnings": list(street.warnings),
                           "showcase": result.showcase}
                self._record.save(staging, build=summary)
                self._swap(staging, out_dir, {a.output for a in planned})
            else:
                self._swap(staging, out_dir, {a.output for a in planned})
                self._record.save(out_dir, keep_previous_for=set(OUTPUTS) - self.only)
            result.reused = self._record.reused
        except BaseException:
            self._sheets.close()
            if rendered is not None:
                rendered.close()  # stops the page workers
            for _document, _target, parts in pending:
                for future, _key in parts:
                    future.cancel()
            shutil.rmtree(staging, ignore_errors=True)
            raise
        self.ws.host.each("build_finished", street.enabled_plugins, guard=street.profile, street=street, out_dir=out_dir,
                          written=list(result.written))
        result.warnings = list(street.warnings)
        result.seconds = time.perf_counter() - started
        return result

    def _inputs(self, street: Street) -> str:
        """The hash of everything a full build of `street` reads (see `fingerprint`)."""
        folders = [street.root, self.ws.root / "themes", self.ws.root / "plugins", Path(__file__).parent]
        folders += [theme.path for theme in self.ws.themes.by_name.values()]
        folders += [f for info in self.ws.host.infos.values() if (f := _code_folder(info.module))]
        icc = self.cmyk_profile.read_bytes() if self.cmyk_profile and self.cmyk_profile.is_file() else b""
        return fingerprint.build_inputs(
            [f for f in folders if f and f.exists()],
            [f"today {self.today}", f"theme {self.theme_override}", f"marks {self.marks}",
             f"cmyk {self.cmyk_profile is not None} {hashlib.sha256(icc).hexdigest()}"])

    # -- rendering --------------------------------------------------------------------------
    def _folder(self, target: Path) -> None:
        """Create the folder of `target` once per build (thousands of pages share a few folders)."""
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)

    def _render(self, street: Street, artifact: Artifact, envs: dict[str, jinja2.Environment], staging: Path) -> None:
        target = staging / artifact.path
        self._folder(target)
        if isinstance(artifact, Asset):
            data = artifact.source if artifact.source is not None else (
                artifact.data() if callable(artifact.data) else artifact.data)
            if isinstance(data, Path):
                outfiles.place(data, target)
            else:
                outfiles.write(target, data or b"")
            return
        if isinstance(artifact, Archive):
            members = _archive_members(staging, artifact)
            # Zipping the brand pack's photos took 0.45 s, an eighth of a no-change rebuild.
            content_key = record.key(*(part for name, data in members for part in (name, data)), code=[_zip])
            if not self._record.reuse(artifact.path, content_key, target):
                outfiles.write(target, _zip(members))
            return
        if isinstance(artifact, Image):
            source = artifact.source
            if source is None:
                raise PluginError(f"{artifact.path}: an Image needs a source file", plugin=artifact.plugin, hook="artifacts")
            content_key = record.key(source.read_bytes(), str(artifact.max_width), str(artifact.format),
                                     code=[images], libraries=["pillow"])
            if self._record.reuse(artifact.path, content_key, target):
                return
            try:
                # Shared across output folders and streets: resizing and WebP encoding are a site
                # build's most expensive step, and the same photo gives the same bytes.
                made = cached_file("web-image", content_key, lambda: images.web_bytes(
                    source, artifact.max_width, rel(source), artifact.format))
                if isinstance(made, Path):
                    outfiles.place(made, target)
                else:
                    outfiles.write(target, made)
            except images.ImageProblem as exc:
                raise BuildError(str(exc)) from None
            return
        if not isinstance(artifact, (Page, Document)):
            raise PluginError(f"unknown artifact type {type(artifact).__name__}", plugin=artifact.plugin, hook="artifacts")
        if isinstance(artifact, Page):
            self._write_page(street, artifact, self._render_template(street, artifact, envs["site"], "site"), staging)
            return
        if artifact.page_of:
            sheet_path, index = artifact.page_of
            try:
                content_key = record.key(self._sheets.page_key(sheet_path, index), artifact.title,
                                         code=[join_pdfs], libraries=["pikepdf"])
                if not self._record.reuse(artifact.path, content_key, target):
                    outfiles.write(target, self._sheets.page(sheet_path, index, artifact.title))
            except IndexError:
                raise PluginError(f"{artifact.path}: page_of names page {index + 1} of {sheet_path}, which has "
                                  f"{self._sheets.page_count(sheet_path)}", plugin=artifact.plugin,
                                  hook="artifacts") from None
            return
        job = self._pdf_job(street, artifact, envs, staging)
        if job is None:
            return

        def render(html: str) -> bytes:
            return self.pdf.render(html, job.base_url, job.roots, pdf_identifier=job.pdf_id, pdf_variant=job.variant)
        try:
            outfiles.write(target, join_pdfs([cached_bytes(PART_CACHE, k, functools.partial(render, html)) if k
                                              else render(html) for html, k in zip(job.htmls, job.part_keys)]))
        except BuildError as exc:
            raise BuildError(f"{artifact.path} (template {artifact.template}): {exc}") from None

    def _write_page(self, street: Street, page: Page, html: str, staging: Path, folder_made: bool = False) -> None:
        """A rendered page through the `post_render` hooks into its file."""
        target = staging / page.path
        if not folder_made:
            self._folder(target)
        html = self.ws.host.pipe("post_render", street.enabled_plugins, "content", html, artifact=page, street=street)
        outfiles.write(target, html)

    def _pdf_job(self, street: Street, artifact: Document, envs: dict[str, jinja2.Environment],
                 staging: Path) -> PdfJob | None:
        """The HTML of a PDF (one per part) and what WeasyPrint needs to render it, or None when the
        previous build's PDF was reused."""
        target = staging / artifact.path
        self._folder(target)
        if artifact.parts and artifact.pdf_variant:
            raise PluginError(f"{artifact.path}: a document in parts cannot be {artifact.pdf_variant} "
                              "(joining the parts would not keep its conformance)", plugin=artifact.plugin, hook="artifacts")
        htmls = []
        for part in artifact.parts or [{}]:
            html = self._render_template(street, artifact, envs["print"], "print", part)
            htmls.append(self.ws.host.pipe("post_render", street.enabled_plugins, "content", html,
                                           artifact=artifact, street=street))
        # Rendering the HTML is cheap; WeasyPrint is not. Same HTML and the same files it links
        # (a logo, a theme image), same PDF: reuse it.
        linked = [[f.read_bytes() for f in record.linked_files(html, street.root)] for html in htmls]
        if self._record.reuse(artifact.path, record.key(*htmls, *(b for part in linked for b in part),
                                                        str(artifact.pdf_variant), **PDF_MAKERS), target):
            return None
        pdf_id = hashlib.md5(f"{street.slug}/{artifact.path}".encode()).hexdigest().encode()
        # A document in parts keeps each part's PDF in the content cache: after a one-merchant edit
        # only the part showing that merchant is rendered again.
        part_keys = [record.key(html, *files, str(artifact.pdf_variant), pdf_id, **PDF_MAKERS)
                     if len(htmls) > 1 else None for html, files in zip(htmls, linked)]
        return PdfJob(target, htmls, street.root.as_uri() + "/", self._allowed_roots(street), pdf_id,
                      artifact.pdf_variant, part_keys)

    def _pdf_pool(self) -> Any:
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(max_workers=self.pdf_jobs, initializer=_init_pdf_worker)
        return self._pool

    def close(self) -> None:
        """Stop the PDF worker processes, if any."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def _render_template(self, street: Street, artifact: Page | Document, env: jinja2.Environment, output: str,
                         part: dict[str, Any] | None = None) -> str:
        page_path = artifact.path.split("/", 1)[1] if output == "site" else artifact.path
        context = {"lang": artifact.lang, "page_path": page_path, "artifact": artifact, **artifact.context, **(part or {})}
        for _plugin, extra in self.ws.host.each("page_context", street.enabled_plugins, artifact=artifact,
                                                 context=context, street=street):
            context.update(extra)
        try:
            html = env.get_template(artifact.template).render(context)
            # WeasyPrint has no `word-break: keep-all`: print text is joined into words here, once.
            return join_text(html) if output == "print" else html
        except jinja2.TemplateSyntaxError as exc:
            raise BuildError(f"{rel(exc.filename or exc.name or artifact.template)}:{exc.lineno}: "
                             f"template syntax error: {exc.message}") from None
        except jinja2.TemplateNotFound as exc:
            raise BuildError(f"template {exc.name} not found (needed for {artifact.path} by plugin "
                             f"{artifact.plugin}); looked in the street's templates/, the theme chain "
                             "and plugin template folders") from None
        except SecurityError as exc:  # the sandbox refused what a street's template asked for
            raise BuildError(f"{_template_line(exc) or artifact.template}: refused: {exc.message} A template in a street "
                             "folder may show the street's data but not reach into Python or files "
                             f"(rendering {artifact.path}; see docs/security.md)") from None
        except jinja2.UndefinedError as exc:
            raise BuildError(f"template {artifact.template} for {artifact.path}: {exc.message}") from None
        except StreetkitError:
            raise
        except Exception as exc:  # a runtime error in a template expression: name the template line
            raise BuildError(f"{_template_line(exc) or artifact.template}: {type(exc).__name__}: {exc} "
                             f"(rendering {artifact.path})") from None

    def _cmyk(self, street: Street, staging: Path, documents: list[Document]) -> None:
        """PDF/X-3 copies of the print PDFs in print/cmyk/, converted by parallel Ghostscripts."""
        import calendar

        from .render import cmyk

        # Dated like the PDFs themselves (the profile's review date), so rebuilds give the same bytes.
        created = calendar.timegm((street.profile.updated or self.today).timetuple())
        profile = self.cmyk_profile.read_bytes() if self.cmyk_profile and self.cmyk_profile.is_file() else b""
        jobs = []
        for d in documents:
            if d.output != "print":
                continue
            path = "print/cmyk/" + d.path.split("/", 1)[1]
            (staging / path).parent.mkdir(parents=True, exist_ok=True)
            source = staging / d.path
            content_key = record.key(source.read_bytes(), profile, str(created), d.title or d.path, "pdfx3", code=[cmyk])
            if not self._record.reuse(path, content_key, staging / path):
                jobs.append((source, staging / path, d.title or d.path))
        assert self.cmyk_profile is not None  # only called for --cmyk builds
        cmyk.convert_all(jobs, self.cmyk_profile, os.cpu_count() or 1, created)

    @property
    def pdf(self) -> PdfRenderer:
        if self._pdf is None:
            self._pdf = PdfRenderer()
        return self._pdf

    def _allowed_roots(self, street: Street) -> list[Path]:
        """What a PDF may load: the street folder, the themes, and the installed plugin packages."""
        roots = [street.root] + [t.path for t in self.ws.themes.by_name.values()]
        for info in self.ws.host.infos.values():
            if file := getattr(info.module, "__file__", None):
                roots.append(Path(file).parent)
        return roots

    # -- output -----------------------------------------------------------------------------
    def _swap(self, staging: Path, out_dir: Path, outputs: set[str]) -> None:
        """Replace the previous output with the staged one: whole folder, or only the areas built.
        If a rename fails, what was moved aside is moved back: the previous output stays whole."""
        trash = staging.with_name(staging.name + ".old")
        if self.only is None:
            if out_dir.exists():
                out_dir.rename(trash)
            try:
                staging.rename(out_dir)
            except OSError:
                if trash.exists():
                    trash.rename(out_dir)
                raise
        else:
            out_dir.mkdir(parents=True, exist_ok=True)
            trash.mkdir()
            moved: list[str] = []
            try:
                for area in outputs:
                    if (out_dir / area).exists():
                        (out_dir / area).rename(trash / area)
                    moved.append(area)
                    (staging / area).rename(out_dir / area)
            except OSError:
                for area in moved:
                    if (trash / area).exists():
                        shutil.rmtree(out_dir / area, ignore_errors=True)
                        (trash / area).rename(out_dir / area)
                shutil.rmtree(trash, ignore_errors=True)
                raise
            shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(trash, ignore_errors=True)


def _code_folder(module: Any) -> Path | None:
    """Where a plugin's code and templates live: its top-level package's folder, or its own file."""
    top = sys.modules.get(module.__name__.partition(".")[0], module)
    for candidate in (top, module):
        file = getattr(candidate, "__file__", None)
        if file and Path(file).name == "__init__.py":
            return Path(file).parent
    file = getattr(module, "__file__", None)
    return Path(file) if file else None


def _sizes(out_dir: Path) -> dict[str, int]:
    """Each file of a finished build and its size (the record left out). One `scandir` per folder
    and one stat per file: `rglob` with `is_file` and `stat` made three calls a file (0.12 s for a
    1,000-merchant street)."""
    sizes: dict[str, int] = {}

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, f"{prefix}{entry.name}/")
                elif entry.is_file() and entry.name != record.RECORD_NAME:
                    sizes[prefix + entry.name] = entry.stat().st_size
    walk(str(out_dir), "")
    return dict(sorted(sizes.items()))


def _check_pages_of(planned: list[Artifact]) -> None:
    """Each `page_of` names a Document of this build that is not itself a page of another."""
    documents = {a.path: a for a in planned if isinstance(a, Document)}
    for doc in documents.values():
        if doc.page_of is None:
            continue
        sheet = documents.get(doc.page_of[0])
        if sheet is None or sheet.page_of:
            raise PluginError(f"{doc.path}: page_of names {doc.page_of[0]}, which is not a document of this build "
                              "(a page can only come from a rendered document in the same output area)",
                              plugin=doc.plugin, hook="artifacts")
        if doc.pdf_variant:
            raise PluginError(f"{doc.path}: a page copied out of a sheet cannot be {doc.pdf_variant} (the copy "
                              "would not keep its conformance)", plugin=doc.plugin, hook="artifacts")


def _archive_members(staging: Path, archive: Archive) -> list[tuple[str, bytes]]:
    """(name in the zip, bytes) of the files of `staging` under the archive's prefixes, sorted."""
    own = staging / archive.path
    members = []
    for prefix in archive.include:
        for file in sorted((staging / prefix).rglob("*")):
            if file.is_file() and file != own:
                name = file.relative_to(staging / prefix).as_posix()
                members.append((f"{archive.folder}/{name}" if archive.folder else name, file.read_bytes()))
    return members


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    """`members` zipped reproducibly (every entry dated 2000-01-01)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


def _template_line(exc: BaseException) -> str:
    """file:line of the innermost template frame in `exc`'s traceback (Jinja maps template code to
    its source lines there), or "" when the error did not pass through a template."""
    found, tb = "", exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".css", ".xml", ".svg", ".txt")):
            found = f"{rel(Path(name))}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found
