"""Korean web fonts subset to the characters the site uses: tens of kilobytes instead of megabytes."""
from __future__ import annotations

import io
import os
import re

import streetkit
from streetkit import Asset, Page, Street

#: The plugin in the studio's words.
TITLE = "누리집 한글 글꼴을 가볍게"

ENABLED_BY_DEFAULT = True

# fontconfig patterns of the Debian fonts the themes name.
FACES = {
    "sans": {400: "Noto Sans CJK KR:style=Regular", 700: "Noto Sans CJK KR:style=Bold"},
    "serif": {700: "Noto Serif CJK KR:style=Bold"},
    "rounded": {700: "NanumSquareRound:style=Bold"},
}
ASCII = "".join(chr(c) for c in range(0x20, 0x7F))
#: Full and PostScript names of the regular cut of the Korean system fonts of Linux/Android,
#: macOS/iOS and Windows, for `local()`.
LOCAL_REGULAR = ("Noto Sans CJK KR", "NotoSansCJKkr-Regular", "Noto Sans KR", "NotoSansKR-Regular",
                 "Apple SD Gothic Neo", "AppleSDGothicNeo-Regular", "Malgun Gothic", "MalgunGothic")


def heading_role(street: Street) -> str:
    """Which face headings are set in: the brand's choice, or the theme's when it fixes one
    (the market theme's 명조)."""
    heading = street.tokens.get("font-heading", "")
    for role in ("serif", "rounded"):
        if heading and heading == street.tokens.get(f"font-{role}"):
            return role
    return "serif" if "Serif" in heading or "Myeongjo" in heading else "sans"


def faces_for(street: Street) -> list[tuple[str, int]]:
    """(family role, weight) pairs to ship: body text regular, and bold in the heading face.

    With sans headings that is Sans 400 + 700. With a serif or rounded heading face, Sans 700 is
    left out: headings carry the weight, the few bold words in body text are synthesised from 400,
    and a page stays within its 200 KB budget (three Korean subsets would not)."""
    role = heading_role(street)
    return [("sans", 400), ("sans", 700)] if role == "sans" else [("sans", 400), (role, 700)]


def subset_woff2(pattern: str, text: str) -> bytes:
    """`pattern`'s font reduced to the glyphs of `text`, as woff2; cached on disk by content."""

    path, index = streetkit.find_font(pattern)
    chars = "".join(sorted(set(text)))
    key = streetkit.cache_key(path, str(index), str(os.path.getmtime(path)), chars, code=[__name__, streetkit.cut_font],
                              libraries=["uharfbuzz", "fonttools", "brotli"])
    return streetkit.cached_bytes("fonts", key, lambda: _subset(path, index, chars))


def _subset(path: str, index: int, chars: str) -> bytes:
    # HarfBuzz cuts the font (5 ms for a street's 500 characters; fontTools took 0.7 s, with a woff2
    # half as big again), and fontTools packs the cut as woff2.
    from fontTools.ttLib import TTFont

    wanted = {ord(char) for char in chars}
    cut = streetkit.cut_font(path, index, wanted.__contains__, ("kern", "liga", "locl", "palt", "vert"),
                             ("DESUBROUTINIZE", "NO_HINTING"))
    # recalcTimestamp=False: fontTools would stamp head.modified with the current time, so two
    # builds (or two processes racing to fill the cache) would write different bytes.
    font = TTFont(io.BytesIO(cut), recalcTimestamp=False)
    font.flavor = "woff2"
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def _family(role: str) -> str:
    return "Street Sans" if role == "sans" else "Street Heading"


def fonts_css(street: Street) -> str:
    rules = [f'@font-face{{font-family:"{_family(role)}";src:url({role}-{weight}.woff2) format("woff2");'
             f"font-weight:{weight};font-display:swap}}" for role, weight in faces_for(street)]
    sans = street.tokens.get("font-sans", "sans-serif")
    heading = street.tokens.get("font-heading", sans)
    first = '"Street Heading"' if heading_role(street) != "sans" else '"Street Sans"'
    body = '"Street Sans"'
    if ("sans", 700) not in faces_for(street):
        # Bold body text is synthesised from the 400 subset. Before the subset arrives, the fallback
        # would show the local font's real bold, whose Latin and digits are wider, and the swap would
        # reflow every line with bold in it (CLS 0.06–0.15 on a page of prose, measured). A fallback
        # face of the local regular alone makes the browser synthesise bold there too: same widths.
        rules.append('@font-face{font-family:"Street Sans Fallback";src:' + ",".join(
            f'local("{name}")' for name in LOCAL_REGULAR) + ";font-weight:400}")
        body += ',"Street Sans Fallback"'
    rules.append(f':root{{--font-sans:{body},{sans};--font-heading:{first},{heading}}}')
    return "\n".join(rules) + "\n"


# Text set in the heading face (see the themes' CSS): headings and the masthead's name.
_HEADING_TEXT = re.compile(r'<h[1-3][^>]*>(.*?)</h[1-3]>|<a class="brand"[^>]*>(.*?)</a>', re.S)
_TAG = re.compile(r"<[^>]+>")
# ASCII is always in the subset, so only the rest is collected: deleting the ASCII bytes from the
# UTF-8 leaves whole multi-byte characters, and is twice as fast as a regex on the text.
_ASCII_BYTES = bytes(range(0x80))


def non_ascii(text: str) -> str:
    """The characters of `text` outside ASCII, in order."""
    return text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")


@streetkit.hookimpl
def street_loaded(street: Street):
    # A heading face of its own is subset to the headings' characters; with sans headings the
    # body face serves them, and pages need not be searched for headings at all.
    heading = set(ASCII) if heading_role(street) != "sans" else None
    street.data["webfont"] = {"chars": set(ASCII), "heading": heading}


@streetkit.hookimpl
def post_render(artifact, content: str, street: Street):
    """Collect the characters of every site page, and link the font stylesheet from its head."""
    if not (isinstance(artifact, Page) and artifact.path.endswith(".html")):
        return None
    collected = street.data["webfont"]
    collected["chars"].update(non_ascii(content))
    if collected["heading"] is not None:
        for match in _HEADING_TEXT.finditer(content):
            collected["heading"].update(_TAG.sub("", match.group(1) or match.group(2) or ""))
    head_end = content.find("</head>")
    if head_end < 0:
        return None
    # The 404 page resolves its links from the site root (it has a <base href>): no ../ there.
    prefix = "" if "<base href=" in content[:head_end] else "../" * (artifact.path.count("/") - 1)
    head = (f'<link rel="preload" href="{prefix}static/fonts/sans-400.woff2" as="font" type="font/woff2" crossorigin>'
            f'<link rel="stylesheet" href="{prefix}static/fonts/fonts.css">\n')
    return content[:head_end] + head + content[head_end:]


@streetkit.hookimpl
def artifacts(street: Street):
    def face(role: str, weight: int):
        # Called after every page has rendered, so the character sets are complete. A separate
        # heading face carries only the characters headings use.
        collected = street.data["webfont"]
        chars = collected["chars"] if role == "sans" or collected["heading"] is None else collected["heading"]
        return lambda: subset_woff2(FACES[role][weight], "".join(sorted(chars)))
    out = [Asset(path=f"site/static/fonts/{role}-{weight}.woff2", data=face(role, weight))
           for role, weight in faces_for(street)]
    out.append(Asset(path="site/static/fonts/fonts.css", data=lambda: fonts_css(street)))
    return out
