"""Build one street: load → plan (plugins enrich, artifacts) → render → swap into place atomically.

The `Builder` holds what lasts across builds (the workspace, the options, the PDF renderer and its
worker pool); each build's state is a `BuildRun` (buildrun.py). Planning is planning.py, the order
and processes of rendering schedule.py, each kind of artifact's renderer render/renderers.py, and
the output folder (staging, swap, faults) outfiles.py. `render_artifact` renders one page or PDF on
demand through the same code, for previews.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import fingerprint, outfiles, precompress
from .artifacts import OUTPUTS, Archive, Document, Page
from .buildrun import BuildResult, BuildRun
from .district import DISTRICT, district_files
from .errors import BuildError, rel
from .gcpolicy import FewerCollections
from .i18n import _
from .loader import PROFILE, load_street
from .outfiles import check_out_root, check_portal_out
from .planning import Plan, plan
from .plugins import changed_sections, profile_digest
from .printprofile import default_profile, own_profile, require_default_profile
from .record import Record
from .render.pdf import PdfRenderer
from .render.pdfjobs import init_pdf_worker
from .schedule import Progress, run_all
from .street import Street
from .summary import summarise
from .workspace import Workspace

if TYPE_CHECKING:
    from .district import District

__all__ = ["Builder", "BuildResult", "Progress", "check_out_root", "render_artifact"]

#: How old the hash of the code and themes a preview checks may be. A previewed page asks for a
#: dozen files and each checks that the street's plan is current: the street's own files are
#: hashed each time (under a millisecond); walking streetkit's, the plugins' and the themes' four
#: hundred files took 7 ms of the 9 (quiet machine), and they change only on a developer's machine.
PREVIEW_CODE_AGE_S = 2.0


class Builder:
    """Builds streets of one workspace; keeps one PDF renderer for all of them (fonts load once)."""

    def __init__(self, workspace: Workspace, out_root: Path | None = None, only: set[str] | None = None,
                 theme: str | None = None, today: date | None = None, marks: bool = False,
                 cmyk: bool = False, icc: Path | None = None, pdfx: str = "pdf/x-4", pdf_jobs: int = 1,
                 page_jobs: int = 1):
        self.ws = workspace
        #: PDFs rendered at once, in worker processes (WeasyPrint holds the GIL: threads do not help).
        self.pdf_jobs = pdf_jobs
        #: Processes rendering a big street's site pages (see pageworkers).
        self.page_jobs = page_jobs
        self._pool: Any = None
        self.marks = marks
        #: Also make a CMYK copy for the press of every document made for it, as `pdfx`
        #: ("pdf/x-4" or "pdf/x-1a"), under `<output>/cmyk/` (planning.press_copies).
        self.cmyk, self.pdfx = cmyk, pdfx
        #: The shop's own output profile (--icc); None for FOGRA39. Checked now: a wrong file is
        #: reported before anything is built.
        self.icc = own_profile(icc) if icc is not None else None
        self.today = today or date.today()
        self.out_root = (out_root or workspace.root / "_build").resolve()
        self.only = only
        self.theme_override = theme
        self._pdf: PdfRenderer | None = None
        #: Per street folder, the street and plan of the last preview and the inputs they were made
        #: from (preview_plan).
        self._previewed: dict[Path, tuple[str, Street, Plan]] = {}
        #: When the code and themes were last hashed, and their hash (_code_inputs).
        self._code_hash: tuple[float, str] | None = None

    def load(self, street_dir: Path) -> Street:
        street = load_street(street_dir, self.ws.host, self.ws.themes)
        street.today = self.today
        street.print_profile = self.icc
        if self.theme_override:
            if msg := self.ws.themes.problem_for(self.theme_override):
                raise BuildError(f"--theme: {msg}")
            street.profile.theme = self.theme_override
        return street

    def plan(self, street: Street, only: set[str] | None = None) -> Plan:
        """Run the enrichment hooks and collect every artifact the enabled plugins contribute (of
        the `only` output areas, by default the builder's)."""
        if self.cmyk:
            street.print_profile = street.print_profile or require_default_profile()  # made now, once
        return plan(self.ws, street, only=only or self.only, marks=self.marks, pdfx=self.pdfx if self.cmyk else None)

    def build(self, street_dir: Path, progress: Progress | None = None) -> BuildResult:
        """Build one street; on any failure the previous output stays as it was."""
        try:
            with FewerCollections() as gc_policy:
                # Hashed before the street is read: a file saved in between then makes the next
                # build build again, never a build of the older file recorded as up to date.
                # An `--only` build is checked against the last build of the same areas.
                inputs = self.input_parts(street_dir, {"only": " ".join(sorted(self.only))} if self.only else None)
                # a profile error is reported even when nothing changed
                return self._build(self.load(street_dir), inputs, progress, gc_policy, self.only)
        except OSError as exc:  # the disk, not the street: full, read-only, not ours …
            raise BuildError(self._fault(exc)) from None

    def build_portal(self, district: District, progress: Progress | None = None) -> BuildResult:
        """Build the portal of `district` into `<out>/<district slug>/` from its streets' build
        records in the output folder (portal.py); the streets themselves are not loaded."""
        from .portal import portal_street, read_portal

        try:
            with FewerCollections() as gc_policy:
                portal = read_portal(district, self.out_root)
                inputs = self.input_parts(district.path.parent, {"portal": portal.digest}, self._not_portal_inputs)
                street = portal_street(self.ws, district, portal, self.today)
                return self._build(street, inputs, progress, gc_policy, {"site", "print"})
        except OSError as exc:
            raise BuildError(self._fault(exc)) from None

    def _fault(self, exc: OSError) -> str:
        """One line for an OSError: what could not be written (or read), and why."""
        name = Path(exc.filename) if exc.filename else None
        if name is None:
            return _("cannot write the output: {reason}", reason=outfiles.reason(exc))
        # A file in the staging folder is shown where it was going to be.
        for parent in (name, *name.parents):
            if parent.parent == self.out_root and parent.name.startswith(".") and ".staging-" in parent.name:
                slug = parent.name[1:].partition(".staging-")[0]
                name = self.out_root / slug / name.relative_to(parent)
                break
        if name.is_relative_to(self.out_root) or self.out_root.is_relative_to(name):
            return _("cannot write {file}: {reason} (the previous output is unchanged)", file=rel(name),
                     reason=outfiles.reason(exc))
        return _("cannot read {file}: {reason} (the previous output is unchanged)", file=rel(name),
                 reason=outfiles.reason(exc))

    def _build(self, street: Street, inputs: dict[str, str], progress: Progress | None, gc_policy: FewerCollections,
               only: set[str] | None) -> BuildResult:
        started = time.perf_counter()
        out_dir = self.out_root / street.slug
        if street.portal is None:
            check_out_root(self.out_root, self.ws.root, [street.root])
        else:
            check_portal_out(self.out_root, self.ws.root, out_dir, street.root)
        # A full build whose inputs are those of the previous one would write the same files. A
        # portal is always built whole: its outputs are the site and the print files.
        whole = only is None or street.portal is not None
        kept_record = Record(out_dir)
        if (kept := kept_record.up_to_date(inputs)) is not None:
            # The files as the kept build reported them (its record also lists the sites' gzip twins).
            kept_files = precompress.without_twins(sorted(kept["files"]))
            result = BuildResult(street, out_dir, written=kept_files, notes=list(kept.get("notes", [])),
                                 warnings=list(kept.get("warnings", [])), reused=len(kept_files), up_to_date=True,
                                 showcase=[(path, label) for path, label in kept.get("showcase", [])])
            self.ws.host.each("build_finished", street.enabled_plugins, guard=street.profile, street=street,
                              out_dir=out_dir, written=list(result.written))
            result.seconds = time.perf_counter() - started
            return result
        # Why it builds: a part of the inputs, or (the inputs as before) a built file changed or gone.
        changed = kept_record.changed_inputs(inputs) or (["output"] if kept_record.previous_build else [])
        planned = self.plan(street, only)
        # What the district's portal shows of the street, kept in its record.
        summary = summarise(street, self.ws.root) if street.portal is None else None
        staging = self.out_root / f".{street.slug}.staging-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        result = BuildResult(street, out_dir, notes=planned.notes, changed=changed,
                             showcase=[(a.path, a.showcase) for a in planned.artifacts
                                       if isinstance(a, Document) and a.showcase])
        run = self._run(street, planned, staging, kept_record, result)
        # Per-page hooks run thousands of times: instead of guarding each call, check once that
        # rendering left the profile as planning saw it.
        planned_profile = profile_digest(street.profile)
        try:
            run_all(run, progress, gc_policy, page_jobs=self.page_jobs,
                    pdf_pool=self._pdf_pool if self.pdf_jobs > 1 else None)
            run.sheets.close()
            if (staging / "site").is_dir():
                precompress.compress_site(staging / "site", out_dir / "site" if (out_dir / "site").is_dir() else None)
            if changed := changed_sections(planned_profile, street.profile):
                raise BuildError(_("the profile section(s) {sections} changed while pages were rendered: a page_context "
                                   "or post_render hook modified the profile", sections=", ".join(changed)))
            outputs = {a.output for a in planned.artifacts}
            # What the next build's up-to-date check compares: the inputs, and the files this build
            # made (an `--only` build's: those of its areas, which are all it answers for).
            built = {"inputs": inputs, "files": outfiles.sizes(staging), "notes": planned.notes,
                     "warnings": list(street.warnings), "showcase": result.showcase}
            if whole:
                # Saved with the output it describes, before the swap: a disk that fills up here
                # leaves the previous build and its record as they were.
                run.record.save(staging, build=built, street=summary)
                outfiles.swap(staging, out_dir, outputs, whole=True)
            else:
                outfiles.swap(staging, out_dir, outputs, whole=False)
                run.record.save(out_dir, keep_previous_for=set(OUTPUTS) - (only or set()), build=built, street=summary)
            result.reused = run.record.reused
        except BaseException:
            run.sheets.close()
            shutil.rmtree(staging, ignore_errors=True)
            raise
        self.ws.host.each("build_finished", street.enabled_plugins, guard=street.profile, street=street, out_dir=out_dir,
                          written=list(result.written))
        result.warnings = list(street.warnings)
        result.seconds = time.perf_counter() - started
        return result

    def _run(self, street: Street, planned: Plan, staging: Path, kept: Record, result: BuildResult) -> BuildRun:
        return BuildRun(street=street, plan=planned, host=self.ws.host, staging=staging, record=kept,
                        allowed_roots=self._allowed_roots(street), pdf=lambda: self.pdf, result=result)

    def render_artifact(self, street_dir: Path, path: str) -> bytes:
        """The bytes of one page or PDF of the street (`site/merchants/x/index.html`,
        `print/posters/event-y-a4.pdf` …), rendered now through the same code as a build, reusing
        the last build's file (and the content cache) when its inputs are unchanged. For previews:
        nothing is written to the build output."""
        street, planned = self.preview_plan(street_dir)
        artifact = planned.find(path)
        if isinstance(artifact, Archive):
            raise BuildError(_("{path} packs other files of a build: build the street to make it", path=path))
        with tempfile.TemporaryDirectory(prefix="streetkit-preview-") as tmp:
            staging = Path(tmp)
            run = self._run(street, planned, staging, Record(self.out_root / street.slug), BuildResult(street, staging))
            try:
                if isinstance(artifact, Document) and (artifact.page_of or artifact.filled_from):
                    source = (artifact.page_of or artifact.filled_from or ("",))[0]
                    run.render(planned.find(source))  # the sheet it is a page of, the form it fills in
                run.render(artifact)
                return (staging / path).read_bytes()
            finally:
                run.sheets.close()

    def preview_plan(self, street_dir: Path) -> tuple[Street, Plan]:
        """The street as saved now and its plan, kept while nothing the build reads has changed:
        a previewed page and the dozen files it asks for (styles, fonts, photos) share one plan."""
        kept = self._previewed.get(street_dir)
        # Hashed before the street is read: a file saved between the two then only makes the next
        # preview plan again, never reuse a plan older than the inputs it is kept under.
        inputs = self.preview_inputs(street_dir)
        if kept is not None and kept[0] == inputs:
            return kept[1], kept[2]
        street = self.load(street_dir)
        planned = self.plan(street)
        self._previewed[street_dir] = (inputs, street, planned)
        return street, planned

    def preview_inputs(self, street_dir: Path) -> str:
        """The hash of what a build of the street reads now (its code and themes as of up to
        PREVIEW_CODE_AGE_S ago): what a preview is current with."""
        return fingerprint.combined(self.input_parts(street_dir, code_age=PREVIEW_CODE_AGE_S))

    def render_html(self, street: Street, planned: Plan, artifact: Page | Document) -> str:
        """The HTML of a page or a document (before `post_render`), as the build renders it."""
        run = self._run(street, planned, self.out_root, Record(self.out_root / street.slug), BuildResult(street, self.out_root))
        return run.render_template(artifact, "site" if isinstance(artifact, Page) else "print")

    def input_parts(self, street_dir: Path, settings: dict[str, str] | None = None,
                    skip: Callable[[Path], bool] | None = None, *, code_age: float = 0.0) -> dict[str, str]:
        """What a full build of the street in `street_dir` reads (see `fingerprint`), in named parts
        (the street's files, the district files, the code and themes, the Python and package
        versions, each setting), without reading the street: so it can be taken before the street
        is, and a build can say which part changed since the last one. The hash of the code and
        themes may be one taken up to `code_age` seconds ago."""
        # What a street may inherit: which district names it is known only once the district
        # files are read, so all of them count (a few small files).
        districts = [f for f in district_files(self.ws.root) if f.exists()]
        # The guideline's CMYK figures come from the output profile even without --cmyk.
        profile = self.icc or default_profile(make=False)
        return {"street": fingerprint.folders_digest([street_dir], skip),
                "districts": fingerprint.folders_digest(districts),
                "code": self._code_inputs(code_age), "versions": fingerprint.versions_digest(),
                "today": str(self.today), "theme": str(self.theme_override), "marks": str(self.marks),
                "cmyk": f"{self.cmyk} {self.pdfx} {profile.digest if profile else None}", **(settings or {})}

    def _code_inputs(self, max_age: float) -> str:
        """The hash of the code and themes every build reads: streetkit's, every plugin's and every
        theme's, the workspace's own included; the last one when not older than `max_age` s."""
        now = time.monotonic()
        if max_age > 0 and self._code_hash is not None and now - self._code_hash[0] <= max_age:
            return self._code_hash[1]
        folders = [self.ws.root / "themes", self.ws.root / "plugins", Path(__file__).parent]
        folders += [theme.path for theme in self.ws.themes.by_name.values()]
        folders += [f for info in self.ws.host.infos.values() if (f := _code_folder(info.module))]
        digest = fingerprint.folders_digest([f for f in folders if f and f.exists()])
        self._code_hash = (now, digest)
        return digest

    def _not_portal_inputs(self, folder: Path) -> bool:
        """A folder beside a district file that its portal does not read: the output, a street's
        or another district's folder (a street counts through its record's digest), and hidden
        ones (.git, .venv). A district file at the workspace's root has the whole workspace beside it."""
        return (folder.name.startswith(".") or folder.resolve() == self.out_root.resolve()
                or (folder / PROFILE).is_file() or (folder / DISTRICT).is_file())

    def _pdf_pool(self) -> Any:
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(max_workers=self.pdf_jobs, initializer=init_pdf_worker)
        return self._pool

    def close(self) -> None:
        """Stop the PDF worker processes, if any."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

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


def _code_folder(module: Any) -> Path | None:
    """Where a plugin's code and templates live: its top-level package's folder, or its own file."""
    top = sys.modules.get(module.__name__.partition(".")[0], module)
    for candidate in (top, module):
        file = getattr(candidate, "__file__", None)
        if file and Path(file).name == "__init__.py":
            return Path(file).parent
    file = getattr(module, "__file__", None)
    return Path(file) if file else None


def render_artifact(street_dir: Path, path: str, *, today: date | None = None) -> bytes:
    """One page or PDF of the street in `street_dir`, rendered on demand (see
    `Builder.render_artifact`), in the street's own workspace."""
    from .workspace import find_workspace

    builder = Builder(Workspace.open(find_workspace(street_dir)), today=today)
    try:
        return builder.render_artifact(street_dir, path)
    finally:
        builder.close()
