"""What plugins ask the build to produce. Paths are relative to `_build/<slug>/`, posix style;
the first part names the output (`site`, `print` or `brand`), which `--only` filters on."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The output areas, each a folder of `_build/<slug>/` and a choice of `--only`.
OUTPUTS = ("site", "print", "brand")


@dataclass
class Artifact:
    """Base of every output file."""

    path: str
    #: Filled in by the build: the plugin that contributed this artifact.
    plugin: str = field(default="", compare=False)

    @property
    def output(self) -> str:
        """The output area: the first path component (`site`, `print`, `brand`)."""
        return self.path.split("/", 1)[0]  # a plain split: asked for every artifact, many times per build


@dataclass
class Page(Artifact):
    """An HTML page rendered from a site template."""

    template: str = ""
    context: dict[str, Any] = field(default_factory=dict)
    lang: str = "ko"
    #: A page for one reader, reached only by a link someone was sent (a merchant's card): left out
    #: of the sitemap and of every listing; its template should say `noindex`.
    private: bool = False


@dataclass
class Document(Artifact):
    """A PDF rendered with WeasyPrint from a print template."""

    template: str = ""
    context: dict[str, Any] = field(default_factory=dict)
    lang: str = "ko"
    title: str = ""
    #: A WeasyPrint PDF variant such as "pdf/a-3b" (archival), or None for plain PDF 1.7.
    pdf_variant: str | None = None
    #: Keep the template's <input>, <textarea> and <select> as PDF form fields a reader can fill in
    #: (an application form); such a document cannot be rendered in parts or be a page of another.
    forms: bool = False
    #: Render a long sheet of independent pages in parts: each dict updates `context` for one part,
    #: and the parts' PDFs are joined in order. WeasyPrint holds a document's whole layout in memory,
    #: so this bounds memory by the part, not the sheet. Page counters restart in each part.
    parts: list[dict[str, Any]] = field(default_factory=list)
    #: (path of another Document, page index from 0): this PDF is that page of that document, with
    #: this document's `title`, and no template of its own. For one-page prints also printed
    #: together on a sheet (a sticker for each merchant, and the sheet of all): each page is laid
    #: out once, and copying it out of the sheet costs a millisecond, where rendering it alone
    #: costs fifty.
    page_of: tuple[str, int] | None = None
    #: (path of a form Document of this build, {field name: value}): this PDF is that form with
    #: these fields filled in (text, or True/False for a check box), with this document's `title`
    #: and no template of its own: a form pre-filled for each shop costs milliseconds, not a layout.
    filled_from: tuple[str, dict[str, str | bool]] | None = None
    #: A label ("A5 전단") puts the first page of this PDF in `streetkit gallery`'s comparison of themes.
    showcase: str = ""
    #: What the studio's flyer maker files this under: "poster", "flyer", "coupon", "sticker",
    #: "notice", or a plugin's own word; empty for what is not handed out (a report, a guide).
    kind: str = ""
    #: False for a document made for the office printer (a notice, a form, a merchant's card): it
    #: gets no copy for the press (`build --cmyk`).
    press: bool = True
    #: "cmyk": made for the press, in the build's output profile, as PDF/X (the copies `build --cmyk`
    #: adds under `<output>/cmyk/`); "rgb" for screens and office printers.
    colour: str = "rgb"


@dataclass
class WordDocument(Artifact):
    """An editable Word file (.docx) made from a print template's HTML — the HTML a `Document` of
    the same template and context makes into a PDF — for readers who edit before it is final:
    headings as Word's heading styles, tables as tables, charts as 300 dpi pictures, a contents
    field (see `render/docx.py`). The PDF stays the print version."""

    template: str = ""
    context: dict[str, Any] = field(default_factory=dict)
    lang: str = "ko"
    title: str = ""


@dataclass
class Asset(Artifact):
    """A file copied from `source` or written from `data`.

    `data` may be a callable taking no arguments: it is called after every page and document
    has been rendered, so it can summarise them (a sitemap, a font subset of the text used).
    It may give a `Path` — typically from `streetkit.cached_file` — to place that file instead.
    """

    source: Path | None = None
    data: bytes | str | Path | Callable[[], bytes | str | Path] | None = None


@dataclass
class Image(Artifact):
    """An image from the street folder, resized to at most `max_width` pixels for the web, in its
    own format or in `format` ("WEBP", "JPEG", "PNG")."""

    source: Path | None = None
    max_width: int = 1600
    format: str | None = None


@dataclass
class Archive(Artifact):
    """A zip of other files of the same build: every output under the `include` prefixes (e.g.
    `"brand/"`), stored under `folder/` inside the zip. Written last, after everything it packs;
    entries are sorted and dated 2000-01-01 so the same files give the same bytes."""

    include: tuple[str, ...] = ()
    folder: str = ""


@dataclass
class Chapter:
    """A part of a long print document that a plugin contributes, such as a chapter (or, with
    `parent`, a section of a chapter) of the consulting report, through that document's plugin's
    hook (the report's `report_sections`).

    `template` is a print template for the body (the document writes the numbered heading),
    rendered with `context` merged into the document's variables; `order` sorts chapters (and
    sections within a chapter); `highlights` are key figures a summary lists, as (label, value).
    """

    id: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50
    parent: str = ""
    title_en: str = ""
    highlights: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Finding:
    """One thing a merchant card tells a shop about itself, contributed through the card plugin's
    hook (`card_findings`): a plain sentence with its numbers, Korean and English, under a heading
    (`topic`, `topic_en`; findings of one heading are shown together, in the order given).

    `good` marks a strength (the shop already does what most peers do), otherwise a gap. A gap
    may carry a next step (`step_ko`/`step_en`), which the card ranks: steps with a deadline within
    `URGENT_DAYS` first (`deadline`), then by the estimated won per year (`won`), then by the share
    of peers who already do it (`share`, 0..1). `estimate` marks a sentence holding an estimate
    (the card labels it). `indicators` are columns for the association's spreadsheet.
    `mark_ko`/`mark_en` label the finding where "strength" or "to improve" would not fit.
    """

    topic: str  # the card's heading this finding goes under, in Korean ("영업시간")
    ko: str
    en: str
    topic_en: str = ""
    good: bool = False
    step_ko: str = ""
    step_en: str = ""
    deadline: int | None = None
    won: int = 0
    share: float = 0.0
    estimate: bool = False
    indicators: dict[str, str | int | float] = field(default_factory=dict)
    #: A short label instead of the card's "strength"/"to improve" ("신청 가능" for a programme).
    mark_ko: str = ""
    mark_en: str = ""
