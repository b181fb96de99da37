"""Korean words kept whole in the text print templates are written with.

WeasyPrint has no `word-break: keep-all`, so the print environment's finalizer joins the syllables
of every value a template prints (`korean.keep_all`). The template's own words — a caption, a
heading, a note written into it — never pass the finalizer, and broke inside words ("많 / 이
엽니다"). This extension joins them too, once, when a template is compiled: only the text between
tags, never the markup or its attribute values (alt, aria-label, data-bookmark stay as written),
nor the content of <title> (the PDF's metadata), <style> and <script>. Templates other than HTML
(a stylesheet's font names, plain text) are left alone.
"""
from __future__ import annotations

import re
from typing import Iterator

from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

from ..korean import keep_all

#: Elements whose content is not running text.
_RAW = re.compile(r"<(/?)(title|style|script)\b", re.IGNORECASE)


class KeepAllText(Extension):
    """Joins the Hangul of an HTML template's literal text (see the module docstring)."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token] | TokenStream:
        if not (stream.name or "").endswith(".html"):
            return stream
        return self._joined(stream)

    @staticmethod
    def _joined(stream: TokenStream) -> Iterator[Token]:
        scanner = _TextScanner()
        for token in stream:
            if token.type == "data":
                token = Token(token.lineno, "data", scanner.join(token.value))
            yield token


class _TextScanner:
    """Follows the markup through a template's literal pieces in source order; the expressions in
    between (escaped values, or whole elements such as a chart) leave the markup state as it was."""

    def __init__(self) -> None:
        self.in_tag = False
        self.quote: str | None = None
        self.tag = ""  # the current tag's text so far (its name decides raw content)
        self.raw = False

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
