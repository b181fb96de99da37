"""Korean words kept whole in print: the text of a print document's HTML, joined once.

WeasyPrint has no `word-break: keep-all`. Print HTML therefore gets U+2060 WORD JOINER between
the syllables of each Korean word (`korean.keep_all`) in its running text — whether a template
wrote the words or printed them from a value, and where the two meet inside a word
(`{{ name }}의`) — but not in its markup: tags, attribute values (hrefs, data URIs, alt,
data-bookmark), comments, and the content of <title> (the PDF's metadata), <style> and <script>
keep their text as written. One pass over the finished document, after the templates ran.
"""
from __future__ import annotations

import re

from ..korean import keep_all

#: A comment, or a tag with its attributes (quoted values may hold `>`).
_MARKUP = re.compile(r"<!--.*?-->|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.DOTALL)
#: Elements whose content is not running text.
_RAW = re.compile(r"<(/?)(title|style|script)\b", re.IGNORECASE)


def join_text(html: str) -> str:
    """`html` with the Hangul of its running text joined into words (see the module docstring)."""
    out: list[str] = []
    raw = False
    end = 0
    for match in _MARKUP.finditer(html):
        text = html[end:match.start()]
        out.append(text if raw else keep_all(text))
        tag = match.group()
        out.append(tag)
        if raw_tag := _RAW.match(tag):
            raw = not raw_tag[1]
        end = match.end()
    tail = html[end:]
    out.append(tail if raw else keep_all(tail))
    return "".join(out)
