"""A print document's HTML as an editable Word file (.docx), for a client who edits the text in
Word or Hancom Office before it is final; the PDF stays the print version.

The same HTML the PDF is made from is walked once: chapter and section headings become Word's
Heading 1/2/3 styles (so the navigation pane and the contents field work), tables become real
tables with a repeating header row, charts and other inline SVG become 300 dpi PNG pictures
rendered by CairoSVG from the same SVG, lists become list paragraphs, captions Word's Caption
style. The contents is a TOC field pre-filled with the headings (Word fills in page numbers when
it updates fields on opening). The document's title, author and date come from its <title> and
<meta> elements. Text is set in the Korean font the PDF uses, declared for East Asian text too.
"""
from __future__ import annotations

import base64
import datetime as dt
import io
import re
import urllib.parse
import zipfile
from collections.abc import Callable
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell
from lxml import html as lxml_html
from PIL import Image

from ..cache import cache_key, cached_bytes
from ..outfiles import zip_members

#: Pictures are rendered at print resolution, so a client who prints the Word file gets sharp charts.
DPI = 300
#: The text width of an A4 page with 20 mm margins.
TEXT_WIDTH_MM = 170
#: Characters that exist only to steer print layout (WeasyPrint's word joiners).
_LAYOUT_CHARS = dict.fromkeys(map(ord, "\u2060\u00ad"))
_BLOCKS = {"p", "div", "section", "figure", "figcaption", "table", "ul", "ol", "h1", "h2", "h3", "h4", "dl",
           "svg", "img", "header", "footer", "article", "aside", "nav", "blockquote"}
_SVG_NS = "http://www.w3.org/2000/svg"

#: The paragraph properties that come after autoSpaceDE/DN in WordprocessingML's sequence.
_AFTER_AUTOSPACE = ("w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
#: Loads an image the HTML refers to (a data: URI is decoded before this is asked): bytes or None.
ImageLoader = Callable[[str], "bytes | None"]


def html_to_docx(html: str, *, font: str, accent: str = "#333333", tint: str = "#F2F2F2",
                 load_image: ImageLoader | None = None) -> bytes:
    """The .docx bytes of a print document's `html` (see the module docstring)."""
    html, svgs = _lift_svgs(html)
    tree = lxml_html.document_fromstring(html)
    writer = _Writer(font, accent, tint, load_image or (lambda _src: None), svgs)
    head = tree.find("head")
    writer.metadata(head if head is not None else tree, tree.get("lang") or "ko")
    body = tree.find("body")
    writer.block(body if body is not None else tree)
    return writer.finish()


def _text(node: Any) -> str:
    return " ".join((node.text_content() or "").translate(_LAYOUT_CHARS).split())


def _hex(color: str) -> RGBColor:
    color = color.lstrip("#")
    return RGBColor.from_string((color * 2 if len(color) == 3 else color)[:6].upper())


class _Writer:
    def __init__(self, font: str, accent: str, tint: str, load_image: ImageLoader, svgs: list[str]) -> None:
        self.doc = docx.Document()
        self.svgs = svgs
        self._style_ids: dict[str, str] = {}
        self.font, self.accent, self.tint = font, accent, tint
        self.load_image = load_image
        self.headings: list[tuple[int, str]] = []
        self.toc_at: Any = None
        self._page_setup()
        self._styles()

    # -- document set-up -------------------------------------------------------------------------
    def _page_setup(self) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Mm(20))
        section.top_margin, section.bottom_margin = Mm(22), Mm(20)

    def _set_font(self, style: Any, size: float | None = None, bold: bool | None = None,
                  color: str | None = None) -> None:
        style.font.name = self.font
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), self.font)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)  # a theme font would win over the named one
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), "ko-KR")
        lang.set(qn("w:eastAsia"), "ko-KR")
        if size:
            style.font.size = Pt(size)
        if bold is not None:
            style.font.bold = bold
        if color:
            style.font.color.rgb = _hex(color)

    def _styles(self) -> None:
        styles = self.doc.styles
        self._set_font(styles["Normal"], 10)
        # Word and LibreOffice widen the space between Hangul and Latin letters or digits by default
        # ("44 곳"); Korean documents set them as typed ("44곳").
        ppr = styles["Normal"].element.get_or_add_pPr()
        for name in ("w:autoSpaceDE", "w:autoSpaceDN"):
            flag = OxmlElement(name)
            flag.set(qn("w:val"), "0")
            # In the schema's order, or Word and LibreOffice ignore it.
            ppr.insert_element_before(flag, *_AFTER_AUTOSPACE)
        styles["Normal"].paragraph_format.space_after = Pt(4)
        styles["Normal"].paragraph_format.line_spacing = 1.35
        for name, size in (("Title", 26), ("Subtitle", 15), ("Heading 1", 18), ("Heading 2", 13.5), ("Heading 3", 11),
                           ("Caption", 8.5), ("List Bullet", 10), ("List Number", 10), ("TOC Heading", 16)):
            if name in [s.name for s in styles]:
                self._set_font(styles[name], size, bold=name.startswith(("Heading", "Title", "TOC")) or None,
                               color=self.accent if name.startswith(("Heading 1", "Heading 2", "Title")) else None)
        styles["Heading 1"].paragraph_format.page_break_before = True
        styles["Caption"].font.italic = styles["Subtitle"].font.italic = False
        styles["Subtitle"].font.color.rgb = _hex("#333333")
        styles["Caption"].font.color.rgb = _hex("#555555")
        for name in ("Table Text", "Note"):
            style = styles.add_style(name, 1)  # a paragraph style
            style.base_style = styles["Normal"]
            self._set_font(style, 8.5, color="#555555" if name == "Note" else None)
            style.paragraph_format.space_after = Pt(0 if name == "Table Text" else 4)
            style.paragraph_format.line_spacing = 1.15

    def metadata(self, head: Any, lang: str) -> None:
        props = self.doc.core_properties
        # A file with the same content has the same bytes: no clock in it (the zip is dated in finish).
        props.created = props.modified = dt.datetime(2000, 1, 1)
        title = head.find(".//title")
        if title is not None:
            props.title = _text(title)[:255]  # the format's limit for a property
        for meta in head.iter("meta"):
            name, content = meta.get("name"), (meta.get("content") or "").translate(_LAYOUT_CHARS)[:255]
            if name == "author":
                props.author = content
            elif name == "description":
                props.subject = content
            elif name == "keywords":
                props.keywords = content
            elif name == "dcterms.created":
                try:
                    created = dt.datetime.fromisoformat(content)
                except ValueError:
                    continue
                props.created = props.modified = created
        props.language = "ko-KR" if lang == "ko" else lang
        props.last_modified_by = props.author
        props.revision = 1

    # -- python-docx, fast: its style setter scans every style of the document on each call, and
    # `table.cell` lays out the whole table each time (a 45-row table took seconds).
    def para(self, style: str | None = None, text: str = "", container: Any = None) -> Any:
        """A new paragraph (in `container`: a cell, else the body) in the style named `style`."""
        paragraph = (container or self.doc).add_paragraph(text)
        if style:
            self.restyle(paragraph, style)
        return paragraph

    def restyle(self, paragraph: Any, style: str) -> None:
        if style not in self._style_ids:
            self._style_ids[style] = self.doc.styles[style].style_id
        paragraph._p.get_or_add_pPr().style = self._style_ids[style]

    @staticmethod
    def grid(table: Any) -> list[list[Any]]:
        """The table's cells row by row, read straight from its rows' XML: python-docx's own
        `row.cells` lays out the whole table for each row (minutes for a 2,000-row appendix)."""
        return [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]

    # -- blocks ------------------------------------------------------------------------------------
    def block(self, node: Any) -> None:
        """Write `node`'s children as paragraphs, tables and pictures."""
        pending: list[Any] = []  # loose inline content between blocks, written as one paragraph
        if node.text and node.text.strip():
            pending.append(node.text)
        for child in node:
            if not isinstance(child.tag, str):  # a comment
                if child.tail and child.tail.strip():
                    pending.append(child.tail)
                continue
            tag = _local(child.tag)
            if tag in _BLOCKS:
                self._flush(pending)
                self.element(child, tag)
            else:
                pending.append(child)
            if child.tail and child.tail.strip():
                pending.append(child.tail)
        self._flush(pending)

    def _flush(self, pending: list[Any]) -> None:
        if pending and any(isinstance(p, str) and p.strip() or not isinstance(p, str) and _text(p) for p in pending):
            paragraph = self.doc.add_paragraph()
            for part in pending:
                if isinstance(part, str):
                    self._run(paragraph, part)
                else:
                    self.inline(paragraph, part)
        pending.clear()

    def element(self, node: Any, tag: str) -> None:
        classes = set((node.get("class") or "").split())
        if tag in ("style", "script", "title", "head"):
            return
        if "toc" in classes:
            self._toc_placeholder()
        elif "cover" in classes:
            self._cover(node)
        elif tag in ("h1", "h2", "h3", "h4"):
            level = int(tag[1])
            text = (node.get("data-bookmark") or "").translate(_LAYOUT_CHARS) or _text(node)
            self.doc.add_heading(text, level)
            if level <= 2:
                self.headings.append((level, text))
        elif tag == "p":
            style = "Note" if "note" in classes else None
            paragraph = self.para(style)
            self.inline(paragraph, node)
        elif tag == "figcaption":
            paragraph = self.para("Caption")
            self.inline(paragraph, node)
        elif tag in ("ul", "ol"):
            self._list(node, "List Number" if tag == "ol" else "List Bullet")
        elif tag == "table":
            self._table(node)
            self._gap()
        elif tag == "img" and node.get("data-svg") is not None:
            svg = self.svgs[int(node.get("data-svg"))]
            self._picture(_svg_png(svg), None, _svg_width_mm(svg))
        elif tag == "img":
            self._image(node)
        elif tag == "dl":
            self._definitions(node)
        elif "figures" in classes:
            self._key_figures(node)
            self._gap()
        elif "map-legend" in classes:
            self._columns(node)
            self._gap()
        else:  # div, section, figure …: their content
            self.block(node)

    def _gap(self) -> None:
        """A small empty paragraph after a table, which Word would otherwise run into the text."""
        self.para("Table Text")

    def _cover(self, node: Any) -> None:
        for child in node.iter():
            if not isinstance(child.tag, str):
                continue
            classes = set((child.get("class") or "").split())
            if "cover-street" in classes:
                self.para("Title", _text(child))
            elif "cover-title" in classes or "cover-subtitle" in classes:
                self.para("Subtitle", _text(child))
            elif "cover-eyebrow" in classes:
                self.doc.add_paragraph(_text(child))
            elif _local(child.tag) == "img":
                self._image(child, width_mm=70)
            elif _local(child.tag) == "dl":
                self._definitions(child)
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def _toc_placeholder(self) -> None:
        self.para("TOC Heading", "차례")
        self.toc_at = self.doc.add_paragraph()

    def _list(self, node: Any, style: str) -> None:
        for item in node:
            if isinstance(item.tag, str) and _local(item.tag) == "li":
                paragraph = self.para(style)
                self.inline(paragraph, item, skip_blocks=True)
                for sub in item:
                    if isinstance(sub.tag, str) and _local(sub.tag) in ("ul", "ol"):
                        self._list(sub, style)

    def _definitions(self, node: Any) -> None:
        term = ""
        for child in node:
            if not isinstance(child.tag, str):
                continue
            if _local(child.tag) == "dt":
                term = _text(child)
            elif _local(child.tag) == "dd":
                paragraph = self.doc.add_paragraph()
                if term:
                    paragraph.add_run(f"{term}  ").bold = True
                self._run(paragraph, _text(child))

    def _key_figures(self, node: Any) -> None:
        cells = [c for c in node if isinstance(c.tag, str)]
        columns = 3
        table = self.doc.add_table(rows=(len(cells) + columns - 1) // columns, cols=columns)
        table.style = self.doc.styles["Table Grid"]
        grid = self.grid(table)
        for i, figure in enumerate(cells):
            cell = grid[i // columns][i % columns]
            value, label = figure.find("b"), figure.find("span")
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(_text(value) if value is not None else "")
            run.bold, run.font.size = True, Pt(13)
            run.font.color.rgb = _hex(self.accent)
            if label is not None:
                self.para("Table Text", _text(label), cell)

    def _columns(self, node: Any) -> None:
        """Lists set side by side (a map's numbered legend) as a table of as many columns: their
        items carry their own numbers, which a Word list would number again."""
        lists = [[item for item in ol if isinstance(item.tag, str)] for ol in node if isinstance(ol.tag, str)]
        if not lists:
            return
        table = self.doc.add_table(rows=max(len(items) for items in lists), cols=len(lists))
        grid = self.grid(table)
        for c, items in enumerate(lists):
            for r, item in enumerate(items):
                paragraph = grid[r][c].paragraphs[0]
                self.restyle(paragraph, "Table Text")
                self.inline(paragraph, item)

    def _table(self, node: Any) -> None:
        rows = list(node.iter("tr"))
        if not rows:
            return
        width = max(sum(int(c.get("colspan") or 1) for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th"))
                    for tr in rows)
        table = self.doc.add_table(rows=len(rows), cols=width)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        widths = [c.get("style", "") for c in node.iter("col")]
        percents = [float(m[1]) for w in widths if (m := re.search(r"width:\s*([\d.]+)%", w))]
        grid = self.grid(table)
        for r, tr in enumerate(rows):
            header_row = tr.getparent() is not None and tr.getparent().tag == "thead"
            if header_row:
                _repeat_header(table.rows[r])
            c = 0
            for cell_node in tr:
                if not isinstance(cell_node.tag, str) or cell_node.tag not in ("td", "th"):
                    continue
                span = int(cell_node.get("colspan") or 1)
                cell = grid[r][c]
                if span > 1:
                    cell = cell.merge(grid[r][min(width - 1, c + span - 1)])
                paragraph = cell.paragraphs[0]
                self.restyle(paragraph, "Table Text")
                if "n" in (cell_node.get("class") or "").split():
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                self.inline(paragraph, cell_node)
                if cell_node.tag == "th":
                    for run in paragraph.runs:
                        run.bold = True
                    _shade(cell, self.tint)
                c += span
        if len(percents) == width:  # the template's column widths (the grid and each cell: both are read)
            table.autofit = False
            for col, percent in zip(table._tbl.tblGrid.gridCol_lst, percents):
                col.w = Mm(TEXT_WIDTH_MM * percent / 100)
            for row in grid:
                for cell, percent in zip(row, percents):
                    cell.width = Mm(TEXT_WIDTH_MM * percent / 100)

    # -- pictures ----------------------------------------------------------------------------------
    def _picture(self, png: bytes | None, node: Any, width_mm: float | None = None) -> None:
        if not png:
            return
        width = width_mm or (_width_mm(node) if node is not None else None) or TEXT_WIDTH_MM
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(min(width, TEXT_WIDTH_MM)))

    def _image(self, node: Any, width_mm: float | None = None) -> None:
        src = node.get("src") or ""
        data = _data_uri(src) if src.startswith("data:") else self.load_image(src)
        if not data:
            return
        if b"<svg" in data[:1024]:  # an SVG (after an XML declaration or comment, if any)
            png = _svg2png(bytestring=data, dpi=DPI, output_width=int((width_mm or 60) / 25.4 * DPI))
        else:
            with Image.open(io.BytesIO(data)) as picture:  # WebP and the like: Word takes PNG and JPEG
                out = io.BytesIO()
                picture.save(out, "PNG")
                png = out.getvalue()
        height = re.search(r"height:\s*([\d.]+)mm", node.get("style") or "")
        self._picture(png, node, width_mm or (float(height[1]) * 4 if height else 60))

    # -- inline text -------------------------------------------------------------------------------
    def inline(self, paragraph: Any, node: Any, bold: bool = False, skip_blocks: bool = False) -> None:
        if node.text:
            self._run(paragraph, node.text, bold)
        for child in node:
            if isinstance(child.tag, str):
                tag = _local(child.tag)
                if skip_blocks and tag in ("ul", "ol"):
                    pass
                elif tag == "br":
                    paragraph.add_run().add_break()
                elif tag == "img" and child.get("data-svg") is not None:
                    svg = self.svgs[int(child.get("data-svg"))]
                    if png := _svg_png(svg, 40):
                        paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(min(_svg_width_mm(svg) or 40, 40)))
                elif tag in ("i",) and not _text(child):
                    pass  # a colour swatch: the HEX beside it says the colour
                else:
                    self.inline(paragraph, child, bold or tag in ("b", "strong", "th"))
            if child.tail:
                self._run(paragraph, child.tail, bold)

    def _run(self, paragraph: Any, text: str, bold: bool = False) -> None:
        text = re.sub(r"\s+", " ", text.translate(_LAYOUT_CHARS))
        if not paragraph.runs:
            text = text.lstrip()
        if text:
            paragraph.add_run(text).bold = bold or None

    # -- the end -----------------------------------------------------------------------------------
    def finish(self) -> bytes:
        if self.toc_at is not None:
            _toc_field(self.toc_at, self.headings)
        # Word updates the contents field (page numbers) when the file is opened.
        settings = self.doc.settings.element
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)
        out = io.BytesIO()
        self.doc.save(out)
        # python-docx dates every zip entry with the clock; the same document gives the same bytes
        # (a rebuild is byte-identical, and the build record can tell it has not changed).
        with zipfile.ZipFile(io.BytesIO(out.getvalue())) as saved:
            return zip_members([(info.filename, saved.read(info)) for info in saved.infolist()])


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _data_uri(src: str) -> bytes | None:
    head, _, payload = src.partition(",")
    if ";base64" in head:
        return base64.b64decode(payload)
    return urllib.parse.unquote_to_bytes(payload)


def _width_mm(node: Any) -> float | None:
    width = node.get("width") or ""
    if width.endswith("mm"):
        return float(width[:-2])
    return None


def _lift_svgs(html: str) -> tuple[str, list[str]]:
    """The HTML with each outermost inline <svg> replaced by `<img data-svg="N">`, and the SVG
    sources: an HTML parser lower-cases SVG's camel-case attributes (viewBox), so the SVG is kept
    as written."""
    out: list[str] = []
    svgs: list[str] = []
    pos = 0
    opening = re.compile(r"<svg\b|</svg\s*>", re.IGNORECASE)
    while (start := html.find("<svg", pos)) != -1:
        depth, end = 0, start
        for match in opening.finditer(html, start):
            depth += -1 if match.group().startswith("</") else 1
            if depth == 0:
                end = match.end()
                break
        else:
            break
        out.append(html[pos:start])
        out.append(f'<img data-svg="{len(svgs)}">')
        svgs.append(html[start:end])
        pos = end
    out.append(html[pos:])
    return "".join(out), svgs


def _svg_width_mm(svg: str) -> float | None:
    found = re.match(r"<svg\b[^>]*?\swidth=\"([\d.]+)mm\"", svg)
    return float(found[1]) if found else None


def _svg2png(**options: Any) -> bytes:
    """CairoSVG's svg2png, imported when a picture is drawn: cairocffi's import parses C headers
    (half a second), which a rebuild that reuses the Word file, or has no SVG in it, never needs."""
    import cairosvg

    return bytes(cairosvg.svg2png(**options))


def _svg_png(svg: str, fallback_mm: float = TEXT_WIDTH_MM) -> bytes | None:
    """An inline SVG as a PNG at print resolution; None for one without a size (an icon sprite)."""
    head = svg.split(">", 1)[0]
    if "viewBox" not in head and "width=" not in head:
        return None
    if "xmlns=" not in head:
        svg = svg.replace("<svg", f'<svg xmlns="{_SVG_NS}"', 1)
    width = int(min(_svg_width_mm(svg) or fallback_mm, TEXT_WIDTH_MM) / 25.4 * DPI)
    source = svg.translate(_LAYOUT_CHARS).encode()
    try:
        # CairoSVG (2.7+, as pyproject asks) fetches nothing an SVG links to unless told `unsafe`.
        # A chart drawn at 300 dpi takes ~0.15 s, most of it PNG encoding: kept in the content cache,
        # a report whose text changed gets its unchanged charts back at once.
        return cached_bytes("docx-picture", cache_key(source, str(width), code=[_svg_png], libraries=["cairosvg"]),
                            lambda: _svg2png(bytestring=source, dpi=DPI, output_width=width))
    except ValueError:  # no size cairosvg can work out: leave the picture out rather than fail the file
        return None


def _shade(cell: Any, color: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), color.lstrip("#").upper())
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row: Any) -> None:
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _toc_field(paragraph: Any, headings: list[tuple[int, str]]) -> None:
    """A TOC field (levels 1–2, hyperlinked) whose shown result is the list of headings until Word
    updates it with page numbers."""
    def field_char(kind: str) -> Any:
        run = OxmlElement("w:r")
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            char.set(qn("w:dirty"), "true")
        run.append(char)
        return run

    p = paragraph._p
    p.append(field_char("begin"))
    instr_run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = ' TOC \\o "1-2" \\h \\z \\u '
    instr_run.append(instr)
    p.append(instr_run)
    p.append(field_char("separate"))
    for i, (level, text) in enumerate(headings):
        run = OxmlElement("w:r")
        if i:
            run.append(OxmlElement("w:br"))
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = ("    " if level == 2 else "") + text
        run.append(t)
        p.append(run)
    p.append(field_char("end"))
