"""Korean words kept whole in the text print templates are written with.

WeasyPrint has no `word-break: keep-all`, so the print environment's finalizer joins the syllables
of every value a template prints (`korean.keep_all`). The template's own words — a caption, a
heading, a note written into it — never pass the finalizer, and broke inside words ("많 / 이
엽니다"). This extension joins them too, once, when a template is compiled: only the text between
tags, never the markup or its attribute values (alt, aria-label, data-bookmark stay as written),
nor the content of <title> (the PDF's metadata), <style> and <script>. Templates other than HTML
(a stylesheet's font names, plain text) are left alone.

Where written text meets a printed value inside a word — `{{ name }}의`, `약{{ n }}` — the
two pieces are joined as well: a Hangul syllable at the edge of the text gets a joiner on the
side of the value (what the value starts or ends with is not known until it is printed; a joiner
next to a bracket, or next to a value that prints nothing, changes no break keep-all would make).
"""
from __future__ import annotations

import re
from typing import Iterator

from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

from ..korean import WORD_JOINER, keep_all

#: Elements whose content is not running text.
_RAW = re.compile(r"<(/?)(title|style|script)\b", re.IGNORECASE)


def _hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3"


class KeepAllText(Extension):
    """Joins the Hangul of an HTML template's literal text (see the module docstring)."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token] | TokenStream:
        if not (stream.name or "").endswith(".html"):
            return stream
        return self._joined(list(stream))

    @staticmethod
    def _joined(tokens: list[Token]) -> Iterator[Token]:
        scanner = _TextScanner()
        for i, token in enumerate(tokens):
            if token.type == "data":
                in_text = scanner.in_text
                value = scanner.join(token.value)
                if in_text and i and tokens[i - 1].type == "variable_end" and _hangul(token.value[0]):
                    value = WORD_JOINER + value
                if (scanner.in_text and i + 1 < len(tokens) and tokens[i + 1].type == "variable_begin"
                        and _hangul(token.value[-1])):
                    value += WORD_JOINER
                token = Token(token.lineno, "data", value)
            yield token


class _TextScanner:
    """Follows the markup through a template's literal pieces in source order; the expressions in
    between (escaped values, or whole elements such as a chart) leave the markup state as it was."""

    def __init__(self) -> None:
        self.in_tag = False
        self.quote: str | None = None
        self.tag = ""  # the current tag's text so far (its name decides raw content)
        self.raw = False

    @property
    def in_text(self) -> bool:
        """Between tags, in running text (not inside <title>, <style> or <script>)."""
        return not self.in_tag and not self.raw

    def join(self, data: str) -> str:
        out: list[str] = []
        i, n = 0, len(data)
        while i < n:
            if self.in_tag:
                j = self._tag_end(data, i)
                self.tag += data[i:j]
                out.append(data[i:j])
                if not self.in_tag:
                    if m := _RAW.match(self.tag):
                        self.raw = not m[1]
                    self.tag = ""
                i = j
            else:
                j = data.find("<", i)
                j = n if j < 0 else j
                out.append(data[i:j] if self.raw else keep_all(data[i:j]))
                if data.startswith("<!--", j) and (end := data.find("-->", j)) >= 0:
                    out.append(data[j:end + 3])  # a comment may hold quotes and `>`: skipped whole
                    i = end + 3
                    continue
                self.in_tag = j < n
                i = j
        return "".join(out)

    def _tag_end(self, data: str, i: int) -> int:
        """Index just past the `>` closing the current tag (quotes respected), or len(data)."""
        for j in range(i, len(data)):
            c = data[j]
            if self.quote:
                if c == self.quote:
                    self.quote = None
            elif c in "\"'":
                self.quote = c
            elif c == ">":
                self.in_tag = False
                return j + 1
        return len(data)
