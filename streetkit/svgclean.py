"""SVGs from a street folder, parsed and rebuilt from an allow-list — never copied as they came.

A logo or photo in SVG ends up on the site's own origin (`site/images/logo.svg`), in the brand pack
and in PDFs. An SVG is XML that can carry script in any namespace, event attributes, `javascript:`
links, external references, entities and XInclude, and a regular expression cannot see all of that
(`<s:script xmlns:s="http://www.w3.org/2000/svg">` is a script). So the file is parsed by defusedxml
(entities, external DTDs refused by the parser), walked, and written out again from what the
allow-lists below keep.

Two kinds of things are not kept:
- *hostile* ones — script, `foreignObject`, HTML or XInclude elements, event attributes, `javascript:`
  and other non-fragment references, CSS `@import` and external `url(…)`, entities: `clean` raises
  `UnsafeSvg`, so validation refuses the file and names what it found;
- *foreign* ones — editor metadata (Inkscape, Illustrator, RDF), animation, unknown attributes:
  dropped quietly, since they are harmless once gone and every drawing program writes some.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

_SHAPES = {"svg", "g", "defs", "symbol", "use", "title", "desc", "switch", "path", "rect", "circle", "ellipse",
           "line", "polyline", "polygon", "text", "tspan", "textPath", "linearGradient", "radialGradient", "stop",
           "pattern", "clipPath", "mask", "marker", "image", "style", "filter", "a", "view"}
_FILTERS = {"feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix",
            "feDiffuseLighting", "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA",
            "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feImage", "feMerge", "feMergeNode",
            "feMorphology", "feOffset", "fePointLight", "feSpecularLighting", "feSpotLight", "feTile",
            "feTurbulence"}
ELEMENTS = frozenset(_SHAPES | _FILTERS)
#: Elements whose presence means the file was made to run or fetch something.
HOSTILE_ELEMENTS = frozenset({"script", "foreignObject", "iframe", "embed", "object", "handler", "listener",
                              "include", "fallback", "audio", "video", "canvas", "discard"})
_HOSTILE_NAMESPACES = {"http://www.w3.org/1999/xhtml", "http://www.w3.org/2001/XInclude",
                       "http://www.w3.org/1998/Math/MathML", "http://www.w3.org/2001/xml-events"}

ATTRIBUTES = frozenset("""
id class style transform d x y x1 y1 x2 y2 cx cy r rx ry fx fy fr width height viewBox preserveAspectRatio
points pathLength version baseProfile fill fill-opacity fill-rule stroke stroke-width stroke-linecap
stroke-linejoin stroke-miterlimit stroke-dasharray stroke-dashoffset stroke-opacity opacity color display
visibility overflow clip clip-path clip-rule clipPathUnits mask maskUnits maskContentUnits filter filterUnits
primitiveUnits font-family font-size font-size-adjust font-weight font-style font-variant font-stretch
text-anchor dominant-baseline alignment-baseline baseline-shift letter-spacing word-spacing text-decoration
writing-mode direction unicode-bidi dx dy rotate textLength lengthAdjust startOffset method spacing side
offset stop-color stop-opacity gradientUnits gradientTransform spreadMethod patternUnits patternContentUnits
patternTransform markerWidth markerHeight markerUnits refX refY orient marker-start marker-mid marker-end
enable-background isolation mix-blend-mode paint-order vector-effect shape-rendering text-rendering
image-rendering color-interpolation color-interpolation-filters color-rendering flood-color flood-opacity
lighting-color in in2 result stdDeviation mode operator k1 k2 k3 k4 values type tableValues slope intercept
amplitude exponent radius scale xChannelSelector yChannelSelector baseFrequency numOctaves seed stitchTiles
kernelMatrix order divisor bias targetX targetY edgeMode kernelUnitLength preserveAlpha surfaceScale
diffuseConstant specularConstant specularExponent azimuth elevation pointsAtX pointsAtY pointsAtZ
specularExponent limitingConeAngle z systemLanguage requiredExtensions focusable role aria-label
aria-hidden aria-labelledby aria-describedby lang media zoomAndPan
""".split())
#: Where a reference may point: only into the file itself (`#id`).
_FRAGMENT = re.compile(r"\s*#[\w.:-]*\s*\Z")
#: Raster images embedded in the file are fine; an embedded SVG or HTML is not.
_RASTER_DATA = re.compile(r"\s*data:image/(png|jpeg|jpg|gif|webp);base64,[A-Za-z0-9+/=\s]*\Z", re.I)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)
_CSS_HOSTILE = re.compile(r"@import|expression\s*\(|javascript:|vbscript:|behavior\s*:|-moz-binding|<", re.I)
_SCHEME = re.compile(r"\s*([a-z][a-z0-9+.-]*)\s*:", re.I)


class UnsafeSvg(ValueError):
    """The SVG holds something hostile (script, an external reference …) or is not an SVG."""


def clean(data: bytes) -> tuple[bytes, list[str]]:
    """The SVG rebuilt from what the allow-lists keep, and what was quietly dropped; raise
    UnsafeSvg naming the first hostile thing found."""
    try:
        root = SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        raise UnsafeSvg(f"the file declares XML entities or external resources ({type(exc).__name__})") from None
    except ParseError as exc:
        raise UnsafeSvg(f"not well-formed XML ({exc})") from None
    ns, name = _split(root.tag)
    if name != "svg" or ns not in (SVG, ""):
        raise UnsafeSvg(f"not an SVG document (its root element is <{name}>)")
    dropped: list[str] = []
    out = _copy(root, dropped)
    assert out is not None
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(out, encoding="utf-8", xml_declaration=False), dropped


def _split(tag: object) -> tuple[str, str]:
    if not isinstance(tag, str):  # a comment or processing instruction
        return "", ""
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _copy(element: ET.Element, dropped: list[str]) -> ET.Element | None:
    ns, name = _split(element.tag)
    if name in HOSTILE_ELEMENTS or ns in _HOSTILE_NAMESPACES:
        raise UnsafeSvg(f"<{name}> is not allowed in an SVG image (it can run script or load other files)")
    if ns not in (SVG, "") or name not in ELEMENTS:
        dropped.append(f"<{name}>")
        return None
    attrs = {}
    for key, value in element.attrib.items():
        kept = _attribute(name, key, value, dropped)
        if kept is not None:
            attrs[kept] = value
    if name == "a":  # a link inside an image: kept as the group it draws, without the link
        name = "g"
    if name == "style":
        _check_css(element.text or "", "<style>")
    copy = ET.Element(f"{{{SVG}}}{name}", attrs)
    # Text of elements that show text (and of <style>); whitespace elsewhere is layout only.
    copy.text = element.text
    for child in element:
        kept_child = _copy(child, dropped)
        if kept_child is not None:
            kept_child.tail = child.tail
            copy.append(kept_child)
    return copy


def _attribute(element: str, key: str, value: str, dropped: list[str]) -> str | None:
    """The attribute's name in the output, or None to drop it; raise UnsafeSvg when hostile."""
    ns, name = _split(key)
    if name.lower().startswith("on"):
        raise UnsafeSvg(f"the event attribute {name}= is not allowed (it runs script)")
    if name == "href" and ns in ("", XLINK):
        _check_reference(element, value)
        if element == "a":
            dropped.append("link")
            return None
        return f"{{{XLINK}}}href" if ns == XLINK else "href"
    if ns == XML and name in ("space", "lang"):
        return key
    if ns or name not in ATTRIBUTES:
        dropped.append(f"{name}=")
        return None
    if name == "style":
        _check_css(value, "style=")
    elif "url(" in value.lower():
        _check_css(value, f"{name}=")
    elif (scheme := _SCHEME.match(value)) and scheme.group(1).lower() in ("javascript", "vbscript", "data"):
        raise UnsafeSvg(f"{name}= holds a {scheme.group(1)}: address")
    return key


def _check_reference(element: str, value: str) -> None:
    if _FRAGMENT.match(value):
        return
    if element in ("image", "feImage") and _RASTER_DATA.match(value):
        return
    scheme = _SCHEME.match(value)
    if element == "a" and scheme and scheme.group(1).lower() in ("http", "https", "mailto", "tel"):
        return  # an ordinary link: dropped with its element's link, never followed
    shown = value.strip()[:60]
    raise UnsafeSvg(f"<{element}> refers to {shown!r}: an SVG image may only refer to parts of itself (#id) "
                    "and embed PNG, JPEG, GIF or WebP pictures")


def _check_css(css: str, where: str) -> None:
    if m := _CSS_HOSTILE.search(css):
        raise UnsafeSvg(f"{where} contains {m.group(0)!r}, which is not allowed in an SVG image")
    for m in _CSS_URL.finditer(css):
        if not _FRAGMENT.match(m.group(2)):
            raise UnsafeSvg(f"{where} refers to {m.group(2).strip()[:60]!r}: only url(#id) is allowed")
