"""Markdown files with YAML front matter: the street's free pages and news posts."""
from __future__ import annotations

import datetime as dt
import functools
import html
import re
import unicodedata
from dataclasses import dataclass
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

    title: str = Field(min_length=1, title="제목")
    order: int = Field(100, title="메뉴 순서", description="Position in the navigation, smallest first.",
                       json_schema_extra={"hint": "작은 수가 메뉴의 앞에 옵니다"})
    menu: bool = Field(True, title="메뉴에 보이기", description="Show the page in the site navigation.")
    description: str | None = Field(None, title="한 줄 설명", json_schema_extra={"hint": "검색 결과와 공유 미리보기에 보입니다"})


class NewsMeta(Section):
    """Front matter of a post in `news/`."""

    title: str = Field(min_length=1, title="제목")
    date: dt.date = Field(title="날짜")
    summary: str | None = Field(None, title="요약", json_schema_extra={"hint": "목록에 보이는 한두 문장"})
    image: ImageFile | None = Field(None, title="사진", json_schema_extra={"widget": "image"})


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
        try:
            # A link to a file outside the street folder is refused before it is opened.
            text = unicodedata.normalize("NFC", confined(root, path).read_bytes().decode("utf-8-sig"))
        except PathEscape as exc:
            problems.append(Problem(fname, 0, 0, "", str(exc)))
            continue
        except UnicodeDecodeError as exc:
            problems.append(Problem(fname, 1, 1, "", f"not UTF-8 text (byte {exc.start})"))
            continue
        doc, probs = parse_doc(root, path, text, meta_model)
        problems += probs
        if doc is not None:
            docs.append(doc)
    return docs, problems


def parse_doc(root: Path, path: Path, text: str, meta_model: type[PageMeta] | type[NewsMeta]) -> tuple[Doc | None, list[Problem]]:
    """One Markdown file's text as a Doc (None, with the problems, when it is not one)."""
    fname = rel(path)
    m = _NAME.match(path.name)
    if not m:
        return None, [Problem(fname, 0, 0, "", "file name must be lower-case letters, digits and dashes, "
                              "optionally ending in .en.md for the English version, e.g. about.md, about.en.md")]
    fm = _FRONT.match(text)
    if not fm:
        return None, [Problem(fname, 1, 1, "", "missing front matter: start the file with ---, "
                              "a few YAML lines such as `title: ...`, and ---")]
    located, problems = parse(fm.group(1), fname, line_offset=1)
    if located is None:
        return None, problems
    if not isinstance(located.data, dict):
        return None, [*problems, Problem(fname, 2, 1, "", "front matter must be a mapping such as `title: ...`")]
    try:
        meta = meta_model.model_validate(located.data, context={"street_root": root})
    except ValidationError as exc:
        return None, problems + problems_from(exc, located, fname, meta_model)
    return Doc(slug=m[1], lang=m[2] or "ko", meta=meta, body=text[fm.end():], source=path), problems


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
