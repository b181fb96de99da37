"""Planning a build: the enrichment hooks, the Jinja environments, and every artifact the enabled
plugins contribute, checked (one owner per path, known output areas, `page_of` sheets that exist)."""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import tokens as tokens_mod
from .artifacts import OUTPUTS, Artifact, Asset, Document
from .errors import BuildError, PluginError
from .i18n import _
from .render.html import make_environment, url
from .street import Street
from .themes import Theme
from .workspace import Workspace

#: Static files that get content-hashed names (fonts and images referenced from CSS keep theirs).
FINGERPRINT = {"css", "js"}


@dataclass
class Plan:
    """What a build of one street will make, and the environments that render it."""

    artifacts: list[Artifact]
    envs: dict[str, jinja2.Environment]
    #: What the token derivation changed to reach contrast (shown after the build).
    notes: list[str]

    def find(self, path: str) -> Artifact:
        """The artifact that makes `path` (`site/index.html`, `print/report.pdf` …)."""
        for artifact in self.artifacts:
            if artifact.path == path:
                return artifact
        raise BuildError(_("nothing in this build makes {path}", path=path))


def enrich(ws: Workspace, street: Street) -> None:
    """Derive the design tokens, then run the plugins' `street_loaded` hooks: the street as every
    template and later hook sees it."""
    # Tokens first: plugins enriching the street may draw with the brand colours (report charts).
    street.theme_tokens = ws.themes.tokens(street.profile.theme)
    street.tokens, street.token_notes = tokens_mod.derive(street.profile.brand, street.theme_tokens)
    ws.host.each("street_loaded", street.enabled_plugins, guard=street.profile, street=street)


def plan(ws: Workspace, street: Street, *, only: set[str] | None = None, marks: bool = False,
         pdfx: str | None = None) -> Plan:
    """Run the enrichment hooks, make the Jinja environments and collect every artifact the
    enabled plugins contribute (those of the `only` output areas, when given); with `pdfx` (a PDF/X
    variant), a copy for the press of every document made for it (see `press_copies`)."""
    host, enabled, guard = ws.host, street.enabled_plugins, street.profile
    enrich(ws, street)
    chain = ws.themes.chain(street.profile.theme)
    search = [street.root / "templates"] + [t.templates for t in chain]
    for _plugin, dirs in host.each("template_dirs", enabled, guard=guard, street=street):
        search += [Path(d) for d in dirs]
    slots: dict[str, list[str]] = {}
    for _plugin, contributed in host.each("template_slots", enabled, guard=guard, street=street):
        for slot, partials in contributed.items():
            slots.setdefault(slot, []).extend(partials)
    theme_assets, static_names = _theme_assets(street, chain)

    @jinja2.pass_context
    def static(ctx: jinja2.runtime.Context, name: str) -> str:
        """Link to a theme static file by its plain name (`site.css`), served fingerprinted."""
        if name not in static_names:
            raise BuildError(_("static('{name}'): no such file in the theme chain's static/ folders", name=name))
        return url(ctx, static_names[name])

    # A street's own templates are untrusted: they render in the sandbox, with the theme's.
    own = street.root / "templates"
    untrusted = own if own.is_dir() else None
    envs = {}
    for output in ("site", "print"):
        env = make_environment(search, output, untrusted)
        env.globals.update(street=street, profile=street.profile, tokens=street.tokens, static=static, slots=slots,
                           has_static=lambda name: name in static_names,
                           print_marks=marks,
                           # Safe: colours are validated hex values, theme tokens plain CSS values.
                           tokens_css=Markup(tokens_mod.as_css(street.tokens)))
        host.each("jinja_environment", enabled, guard=guard, env=env, street=street, output=output)
        envs[output] = env
    planned: list[Artifact] = []
    owner: dict[str, str] = {}
    for plugin, items in host.each("artifacts", enabled, guard=guard, street=street):
        for item in items:
            if not isinstance(item, Artifact):
                raise PluginError(_("returned {kind}, expected Page, Document, Asset, Image or Archive",
                                    kind=type(item).__name__), plugin=plugin, hook="artifacts")
            item.plugin = plugin
            if item.path in owner:
                raise PluginError(_("{path} is also produced by plugin {owner}", path=item.path, owner=owner[item.path]),
                                  plugin=plugin, hook="artifacts")
            owner[item.path] = plugin
            if item.output not in OUTPUTS:
                raise PluginError(_("{path}: paths must start with one of {outputs}", path=item.path,
                                    outputs=", ".join(OUTPUTS)), plugin=plugin, hook="artifacts")
            if only is None or item.output in only:
                planned.append(item)
    if only is None or "site" in only:
        planned += [a for a in theme_assets if a.path not in owner]
    if pdfx:
        planned += press_copies(planned, pdfx)
    check_pages_of(planned)
    return Plan(planned, envs, [str(note) for note in street.token_notes])



def _theme_assets(street: Street, chain: list[Theme]) -> tuple[list[Asset], dict[str, str]]:
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


def press_copy_path(path: str) -> str:
    """Where the press copy of the document at `path` goes: `print/cmyk/…`, `brand/cmyk/…`."""
    output, rest = path.split("/", 1)
    return f"{output}/cmyk/{rest}"


def press_copies(planned: list[Artifact], pdfx: str) -> list[Document]:
    """A CMYK PDF/X copy of each document made for the press (`Document.press`), from the same
    template and context: a page of a sheet is copied out of the sheet's press copy. Forms and
    office-printer documents get none (PDF/X allows no form fields; an office printer wants RGB)."""
    copies = []
    for doc in planned:
        if isinstance(doc, Document) and doc.press and doc.colour == "rgb" and not doc.forms and not doc.filled_from:
            page_of = (press_copy_path(doc.page_of[0]), doc.page_of[1]) if doc.page_of else None
            copies.append(dataclasses.replace(doc, path=press_copy_path(doc.path), colour="cmyk", pdf_variant=pdfx,
                                              page_of=page_of, showcase="", kind=""))
    return copies


def check_pages_of(planned: list[Artifact]) -> None:
    """Each `page_of` names a Document of this build that is not itself a page of another, and each
    `filled_from` a form of this build."""
    documents = {a.path: a for a in planned if isinstance(a, Document)}
    for doc in documents.values():
        if doc.filled_from is not None:
            form = documents.get(doc.filled_from[0])
            if form is None or not form.forms or form.filled_from:
                raise PluginError(_("{path}: filled_from names {form}, which is not a form (a Document with forms=True) of "
                                    "this build", path=doc.path, form=doc.filled_from[0]), plugin=doc.plugin, hook="artifacts")
        if doc.page_of is None:
            continue
        sheet = documents.get(doc.page_of[0])
        if sheet is None or sheet.page_of:
            raise PluginError(_("{path}: page_of names {sheet}, which is not a document of this build (a page can only "
                                "come from a rendered document in the same output area)", path=doc.path,
                                sheet=doc.page_of[0]), plugin=doc.plugin, hook="artifacts")
        if doc.forms or sheet.forms:
            raise PluginError(_("{path}: a page copied out of a sheet cannot keep form fields; render it as a document "
                                "of its own", path=doc.path), plugin=doc.plugin, hook="artifacts")
        if doc.pdf_variant and not (doc.pdf_variant.startswith("pdf/x") and doc.pdf_variant == sheet.pdf_variant):
            raise PluginError(_("{path}: a page copied out of a sheet cannot be {variant} (the copy would not keep its "
                                "conformance)", path=doc.path, variant=doc.pdf_variant), plugin=doc.plugin, hook="artifacts")
