"""Markdown files with YAML front matter: the street's free pages and news posts."""
from __future__ import annotations

import functools
import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import markdown as _markdown
import nh3
from pydantic import Field, ValidationError

from .errors import Problem, rel
from .models import ImageFile, Section
from .safepath import PathEscape, confined
from .validation import problems_from
from .yamlsource import parse

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n?", re.S)
_NAME = re.compile(r"^([a-z0-9][a-z0-9-]*)(?:\.(en))?\.md$")


class PageMeta(Section):
    """Front matter of a page in `pages/`."""

    title: str = Field(min_length=1)
    order: int = Field(100, description="Position in the navigation, smallest first.")
    menu: bool = Field(True, description="Show the page in the site navigation.")
    description: str | None = None


class NewsMeta(Section):
    """Front matter of a post in `news/`."""

    title: str = Field(min_length=1)
    date: date
    summary: str | None = None
    image: ImageFile | None = None


@dataclass
class Doc:
    """One Markdown file: its slug, language, metadata and body."""

    slug: str
    lang: str
    meta: PageMeta | NewsMeta
    body: str
    source: Path

    @property
    def title(self) -> str:
        return self.meta.title


def load_docs(root: Path, folder: str, meta_model: type[PageMeta] | type[NewsMeta]) -> tuple[list[Doc], list[Problem]]:
    """Read every `*.md` in `root/folder`; `name.en.md` is the English version of `name.md`."""
    docs: list[Doc] = []
    problems: list[Problem] = []
    base = root / folder
    if not base.is_dir():
        return docs, problems
    for path in sorted(base.glob("*.md")):
        fname = rel(path)
        m = _NAME.match(path.name)
        if not m:
            problems.append(Problem(fname, 0, 0, "", "file name must be lower-case letters, digits and dashes, "
                                    "optionally ending in .en.md for the English version, e.g. about.md, about.en.md"))
            continue
        try:
            # A link to a file outside the street folder is refused before it is opened.
            text = unicodedata.normalize("NFC", confined(root, path).read_bytes().decode("utf-8-sig"))
        except PathEscape as exc:
            problems.append(Problem(fname, 0, 0, "", str(exc)))
            continue
        except UnicodeDecodeError as exc:
            problems.append(Problem(fname, 1, 1, "", f"not UTF-8 text (byte {exc.start})"))
            continue
        fm = _FRONT.match(text)
        if not fm:
            problems.append(Problem(fname, 1, 1, "", "missing front matter: start the file with ---, "
                                    "a few YAML lines such as `title: ...`, and ---"))
            continue
        located, probs = parse(fm.group(1), fname, line_offset=1)
        problems += probs
        if located is None:
            continue
        if not isinstance(located.data, dict):
            problems.append(Problem(fname, 2, 1, "", "front matter must be a mapping such as `title: ...`"))
            continue
        try:
            meta = meta_model.model_validate(located.data, context={"street_root": root})
        except ValidationError as exc:
            problems += problems_from(exc, located, fname, meta_model)
            continue
        docs.append(Doc(slug=m[1], lang=m[2] or "ko", meta=meta, body=text[fm.end():], source=path))
    return docs, problems


_ALLOWED_TAGS = nh3.ALLOWED_TAGS | {"figure", "figcaption"}


def plain_text(markdown_text: str) -> str:
    """Markdown as plain text (for calendars, meta descriptions, search indexes)."""
    text = nh3.clean(render_markdown(markdown_text), tags=set())
    return " ".join(html.unescape(text).split())


@functools.lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """Markdown to HTML; raw HTML in the source is sanitised (nh3), never trusted. Cached: list
    pages show the same summaries again and again."""
    html = _markdown.markdown(text, extensions=["tables", "sane_lists", "attr_list"], output_format="html")
    return nh3.clean(html, tags=_ALLOWED_TAGS, url_schemes={"http", "https", "mailto", "tel"})
