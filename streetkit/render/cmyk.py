"""A print document's HTML made for the press: every colour it states as device CMYK and every
photo as CMYK, so that WeasyPrint writes the PDF/X file's plates directly (no conversion after the
fact: the numbers in the brand guideline are the numbers on the plates).

What changes: colours in `<style>` sheets, `style` attributes and SVG paint attributes (fill, stroke,
stop-color …), inline or in SVG and raster data URIs; JPEG and PNG data URIs become CMYK JPEGs.
Files a document loads (a logo SVG, a photo) are changed the same way as they are fetched (see
render/pdf.py). The document's default text colour becomes black ink alone, and the output profile
is declared as WeasyPrint's `device-cmyk` profile, which becomes the PDF's output intent.
"""
from __future__ import annotations

import base64
import functools
import re
from typing import Any
from urllib.parse import unquote

import tinycss2
from tinycss2.color4 import parse_color

from ..separation import Separation

_STYLE_BLOCK = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.S | re.I)
_PAINT_ATTRIBUTE = re.compile(r"""(\s(?:fill|stroke|stop-color|flood-color|lighting-color|color|style)=)(["'])(.*?)\2""", re.S)
_SVG_ROOT = re.compile(r"<svg\b[^>]*>")
#: What an SVG paints with when it names no colour (fill's initial value, and WeasyPrint's reading
#: of `currentColor`): black, and so black ink alone.
_SVG_DEFAULTS = {"fill": "device-cmyk(0% 0% 0% 100%)", "color": "device-cmyk(0% 0% 0% 100%)"}
_DATA_URI = re.compile(r"data:image/(svg\+xml|jpeg|png);base64,([A-Za-z0-9+/=]+)")
#: An SVG written into the URI itself, percent-encoded (how segno writes QR codes).
_SVG_TEXT_URI = re.compile(r"data:image/svg\+xml(?:;charset=utf-8)?,([^\"'\s)]+)", re.I)
#: At-rules whose block holds rules rather than declarations.
_RULE_BLOCKS = {"media", "supports", "layer", "container", "document"}


class Restyler:
    """Rewrites HTML, CSS and SVG text for one separation (see the module docstring)."""

    def __init__(self, separation: Separation):
        self.separation = separation
        self._values = functools.lru_cache(maxsize=8192)(self._value)
        self._images = functools.lru_cache(maxsize=256)(self._data_uri)

    def html(self, html: str) -> str:
        """`html` with its colours and images in CMYK, declaring the output profile."""
        html = self.markup(html)
        profile = self.separation.profile
        declare = ("<style>@color-profile device-cmyk { src: url(" + profile.path.resolve().as_uri() + "); "
                   "components: c, m, y, k; } html { color: device-cmyk(0% 0% 0% 100%); }</style>")
        head = re.search(r"<head\b[^>]*>", html, re.I)
        return html[:head.end()] + declare + html[head.end():] if head else declare + html

    def markup(self, text: str) -> str:
        """HTML or SVG text with its style sheets, paint attributes and data URIs in CMYK."""
        text = _DATA_URI.sub(lambda m: self._images(m.group(1), m.group(2)), text)
        text = _SVG_TEXT_URI.sub(lambda m: self._images("svg+xml", base64.b64encode(
            unquote(m.group(1)).encode("utf-8")).decode("ascii")), text)
        text = _STYLE_BLOCK.sub(lambda m: m.group(1) + self.stylesheet(m.group(2)) + m.group(3), text)
        text = _PAINT_ATTRIBUTE.sub(lambda m: m.group(1) + m.group(2) + self._values(m.group(3)) + m.group(2), text)
        return _SVG_ROOT.sub(_with_svg_defaults, text)

    def svg(self, data: bytes) -> bytes:
        return self.markup(data.decode("utf-8")).encode("utf-8")

    def stylesheet(self, css: str) -> str:
        """A style sheet with the colours of its declarations in CMYK (selectors untouched: `#add`
        may be an id)."""
        rules = tinycss2.parse_stylesheet(css)
        self._rules(rules)
        return str(tinycss2.serialize(rules))

    def _rules(self, rules: list[Any]) -> None:
        for rule in rules:
            if rule.type == "at-rule" and rule.content is not None:
                if rule.lower_at_keyword in _RULE_BLOCKS:
                    nested = tinycss2.parse_rule_list(rule.content)
                    self._rules(nested)
                    rule.content = nested
                else:  # @page, @font-face …: declarations, and margin boxes holding declarations
                    rule.content = self._tokens(rule.content)
            elif rule.type == "qualified-rule":
                rule.content = self._tokens(rule.content)

    def _value(self, value: str) -> str:
        """A declaration value or declaration list (a `style` or paint attribute) in CMYK."""
        return str(tinycss2.serialize(self._tokens(tinycss2.parse_component_value_list(value))))

    def _tokens(self, tokens: list[Any]) -> list[Any]:
        out: list[Any] = []
        for token in tokens:
            if token.type == "function" and token.lower_name not in ("url", "var", "device-cmyk"):
                if token.lower_name in ("rgb", "rgba", "hsl", "hsla", "hwb") and (colour := self._colour(token)):
                    out.extend(colour)
                    continue
                if token.lower_name.endswith("gradient"):
                    # WeasyPrint shades gradients in RGB only (a CMYK stop stops the render): in a
                    # file for the press, a gradient is painted in its first colour.
                    out.extend(self._first_colour(token.arguments))
                    continue
                token.arguments = self._tokens(token.arguments)
            elif token.type in ("{} block", "() block", "[] block"):
                token.content = self._tokens(token.content)
            elif token.type in ("hash", "ident") and (colour := self._colour(token)):
                out.extend(colour)
                continue
            out.append(token)
        return out

    def _first_colour(self, tokens: list[Any]) -> list[Any]:
        for token in tokens:
            if token.type in ("hash", "ident", "function") and (colour := self._colour(token)):
                return colour
            if token.type == "function" and token.lower_name == "var":
                return [token]  # a token's colour, rewritten where the token is declared
        return list(tinycss2.parse_component_value_list("transparent"))

    def _colour(self, token: Any) -> list[Any] | None:
        parsed = parse_color(token)
        if parsed is None or parsed == "currentcolor" or parsed.alpha == 0:
            return None
        r, g, b = (min(255, max(0, round(v * 255))) for v in parsed.to("srgb").coordinates)
        css = self.separation.css(f"#{r:02X}{g:02X}{b:02X}", parsed.alpha)
        return list(tinycss2.parse_component_value_list(css))

    def _data_uri(self, kind: str, payload: str) -> str:
        data = base64.b64decode(payload)
        if kind == "svg+xml":
            return "data:image/svg+xml;base64," + base64.b64encode(self.svg(data)).decode("ascii")
        converted = self.separation.photo(data)
        if converted is None:
            return f"data:image/{kind};base64,{payload}"
        return "data:image/jpeg;base64," + base64.b64encode(converted).decode("ascii")


def _with_svg_defaults(match: re.Match[str]) -> str:
    tag = match.group(0)
    missing = "".join(f' {name}="{value}"' for name, value in _SVG_DEFAULTS.items()
                      if not re.search(rf"\s{name}=", tag))
    return tag[:4] + missing + tag[4:]


@functools.lru_cache(maxsize=4)
def restyler_for(separation: Separation) -> Restyler:
    return Restyler(separation)


def press_ready(pdf: bytes) -> bytes:
    """The finishing a PDF/X file needs after WeasyPrint: no link annotations (PDF/X allows none on
    the printed area; the QR codes carry the links on paper), and the XMP's dates and document ID
    taken from the document rather than the clock and a random number, so a rebuild gives the
    same bytes."""
    import io
    import uuid

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            if "/Annots" in page.obj:
                kept = [a for a in page.obj.Annots if a.get("/Subtype") != pikepdf.Name.Link]
                if kept:
                    page.obj.Annots = pikepdf.Array(kept)
                else:
                    del page.obj["/Annots"]
        created = str(doc.docinfo.get("/CreationDate", "D:20000101"))
        stamp = f"{created[2:6]}-{created[6:8]}-{created[8:10]}"
        ident = uuid.UUID(bytes=bytes(doc.trailer.ID[0])[:16].ljust(16, b"\0")) if "/ID" in doc.trailer else uuid.uuid5(
            uuid.NAMESPACE_URL, created)
        with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["xmp:MetadataDate"] = meta["xmp:ModifyDate"] = stamp
            meta["xmpMM:DocumentID"] = f"uuid:{ident}"
        doc.docinfo["/ModDate"] = created
        out = io.BytesIO()
        doc.save(out, deterministic_id=True)
        return out.getvalue()
