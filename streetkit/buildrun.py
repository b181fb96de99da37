"""One build of one street in progress: its plan, staging folder, record of reusable outputs,
sheets of copied-out pages and result — the state the renderers share, apart from the long-lived
`Builder` (its PDF renderer and worker pool outlive every build)."""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2.exceptions import SecurityError

from . import outfiles, record
from .artifacts import Artifact, Document, Page, WordDocument
from .errors import BuildError, PluginError, StreetkitError, rel
from .i18n import _
from .planning import Plan
from .record import Record
from .render.join import Sheets
from .render.keepall import join_text
from .render.pdf import PdfRenderer
from .render.pdfjobs import PDF_MAKERS, PdfJob
from .street import Street

if TYPE_CHECKING:
    from .plugins import PluginHost
    from .printprofile import OutputProfile


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
    #: Which parts of what the build reads changed since the previous build of the same areas
    #: (`Builder.input_parts`: "street", "code", "today" …), or "output" when they had not changed
    #: but a built file had; empty for a first build.
    changed: list[str] = field(default_factory=list)

    def count(self, output: str) -> int:
        return sum(1 for p in self.written if p.startswith(output + "/"))


@dataclass
class BuildRun:
    """A build in progress (see the module docstring)."""

    street: Street
    plan: Plan
    host: PluginHost
    staging: Path
    record: Record
    #: What a PDF may load: the street folder, the themes, the installed plugin packages.
    allowed_roots: list[Path]
    #: The renderer for PDFs rendered in this process (the Builder's, made on first use).
    pdf: Callable[[], PdfRenderer]
    result: BuildResult
    sheets: Sheets = field(init=False)
    _folders: set[Path] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.sheets = Sheets(self.staging)

    def target(self, artifact: Artifact) -> Path:
        """Where `artifact` is written in the staging folder (its folder made)."""
        target = self.staging / artifact.path
        self.folder(target)
        return target

    def folder(self, target: Path) -> None:
        """Create the folder of `target` once per build (thousands of pages share a few folders)."""
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)

    def render(self, artifact: Artifact) -> None:
        """Write `artifact` into the staging folder with the renderer for its type."""
        from .render.renderers import renderer_for

        renderer_for(artifact)(self, artifact)

    def render_template(self, artifact: Page | Document | WordDocument, output: str, part: dict[str, Any] | None = None) -> str:
        """The HTML of a page or (a part of) a document, before `post_render`."""
        env = self.plan.envs[output]
        page_path = artifact.path.split("/", 1)[1] if output == "site" else artifact.path
        context = {"lang": artifact.lang, "page_path": page_path, "artifact": artifact, **artifact.context, **(part or {})}
        for _plugin, extra in self.host.each("page_context", self.street.enabled_plugins, artifact=artifact,
                                             context=context, street=self.street):
            context.update(extra)
        try:
            html = env.get_template(artifact.template).render(context)
            # WeasyPrint has no `word-break: keep-all`: print text is joined into words here, once.
            return join_text(html) if output == "print" else html
        except jinja2.TemplateSyntaxError as exc:
            raise BuildError(f"{rel(exc.filename or exc.name or artifact.template)}:{exc.lineno}: "
                             + _("template syntax error: {error}", error=exc.message)) from None
        except jinja2.TemplateNotFound as exc:
            raise BuildError(_("template {template} not found (needed for {path} by plugin {plugin}); looked in the "
                               "street's templates/, the theme chain and plugin template folders", template=exc.name,
                               path=artifact.path, plugin=artifact.plugin)) from None
        except SecurityError as exc:  # the sandbox refused what a street's template asked for
            raise BuildError(_("{where}: refused: {error} A template in a street folder may show the street's data but "
                               "not reach into Python or files (rendering {path}; see docs/security.md)",
                               where=template_line(exc) or artifact.template, error=exc.message, path=artifact.path)) from None
        except jinja2.UndefinedError as exc:
            raise BuildError(_("template {template} for {path}: {error}", template=artifact.template, path=artifact.path,
                               error=exc.message)) from None
        except StreetkitError:
            raise
        except Exception as exc:  # a runtime error in a template expression: name the template line
            raise BuildError(f"{template_line(exc) or artifact.template}: {type(exc).__name__}: {exc} "
                             + _("(rendering {path})", path=artifact.path)) from None

    def write_page(self, page: Page, html: str, folder_made: bool = False) -> None:
        """A rendered page through the `post_render` hooks into its file."""
        target = self.staging / page.path
        if not folder_made:
            self.folder(target)
        html = self.host.pipe("post_render", self.street.enabled_plugins, "content", html, artifact=page,
                              street=self.street)
        outfiles.write(target, html)

    def pdf_job(self, artifact: Document) -> PdfJob | None:
        """The HTML of a PDF (one per part) and what WeasyPrint needs to render it, or None when the
        previous build's PDF was reused."""
        street = self.street
        target = self.target(artifact)
        # Joining parts keeps the first part's catalogue: its output intent and XMP, all a PDF/X
        # file states about itself; a PDF/A file's conformance covers every part's structure.
        if artifact.parts and artifact.pdf_variant and not artifact.pdf_variant.startswith("pdf/x"):
            raise PluginError(_("{path}: a document in parts cannot be {variant} (joining the parts would not keep its "
                                "conformance)", path=artifact.path, variant=artifact.pdf_variant), plugin=artifact.plugin,
                              hook="artifacts")
        if artifact.parts and artifact.forms:
            raise PluginError(_("{path}: a form cannot be rendered in parts (joining the parts would drop its fields)",
                                path=artifact.path), plugin=artifact.plugin, hook="artifacts")
        htmls = []
        for part in artifact.parts or [{}]:
            html = self.render_template(artifact, "print", part)
            htmls.append(self.host.pipe("post_render", street.enabled_plugins, "content", html,
                                        artifact=artifact, street=street))
        # Rendering the HTML is cheap; WeasyPrint is not. Same HTML and the same files it links
        # (a logo, a theme image), same PDF. Each part is keyed by those, its settings and the PDF's
        # identifier (the one thing in its bytes the HTML does not hold), and kept in the content
        # cache under that key: a build into a fresh folder, a copy of the street or a preview gets
        # the same document without WeasyPrint, and after a one-merchant edit only the part of a
        # sheet showing that merchant is rendered again.
        profile = self.output_profile() if artifact.colour == "cmyk" else None
        pdf_id = hashlib.md5(f"{street.slug}/{artifact.path}".encode()).hexdigest().encode()
        settings = ("cmyk " + profile.digest if profile else "rgb", str(artifact.pdf_variant), str(artifact.forms), pdf_id)
        part_keys = [record.key(html, *(f.read_bytes() for f in record.linked_files(html, street.root)), *settings,
                                **PDF_MAKERS) for html in htmls]
        # The document's own key, for reusing the previous build's file: its parts' (each HTML hashed once).
        if self.record.reuse(artifact.path, part_keys[0] if len(part_keys) == 1 else record.key(*part_keys), target):
            return None
        return PdfJob(target, htmls, street.root.as_uri() + "/", self.allowed_roots, pdf_id,
                      artifact.pdf_variant, part_keys, artifact.forms, profile)

    def output_profile(self) -> OutputProfile:
        """The CMYK output profile of this build: `--icc`'s, else FOGRA39 (made if need be)."""
        from .printprofile import require_default_profile

        return self.street.print_profile or require_default_profile()

    def render_pdf(self, html: str, job: PdfJob) -> bytes:
        """One HTML of `job` as a PDF, in this process."""
        return self.pdf().render(html, job.base_url, job.roots, pdf_identifier=job.pdf_id, pdf_variant=job.variant,
                                 pdf_forms=job.forms, output_profile=job.profile)


def template_line(exc: BaseException) -> str:
    """file:line of the innermost template frame in `exc`'s traceback (Jinja maps template code to
    its source lines there), or "" when the error did not pass through a template."""
    found, tb = "", exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".css", ".xml", ".svg", ".txt")):
            found = f"{rel(Path(name))}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found
