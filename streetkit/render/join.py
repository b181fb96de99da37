"""PDFs joined from parts (see `Document.parts`) and pages copied out of a sheet (`Document.page_of`)."""
from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any


def join_pdfs(parts: list[bytes]) -> bytes:
    """The pages of `parts`, in order, in one PDF that keeps the first part's metadata (title,
    language, author). The file ID is derived from the content, so the same parts give the same bytes."""
    import pikepdf

    if len(parts) == 1:
        return parts[0]
    first = pikepdf.open(io.BytesIO(parts[0]))
    others = [pikepdf.open(io.BytesIO(p)) for p in parts[1:]]
    for other in others:
        first.pages.extend(other.pages)
    out = io.BytesIO()
    first.save(out, deterministic_id=True)
    for pdf in [first, *others]:
        pdf.close()
    return out.getvalue()


class Sheets:
    """The sheets of one build that pages are copied out of, each opened once (a street's sticker
    sheet serves one copy per merchant)."""

    def __init__(self, staging: Path) -> None:
        self.staging = staging
        self._open: dict[str, Any] = {}
        # Digests of the sheets' indirect objects: the fonts a hundred pages share are hashed once.
        self._digests: dict[tuple[str, tuple[int, int]], bytes] = {}

    def _sheet(self, path: str) -> Any:
        if path not in self._open:
            import pikepdf

            self._open[path] = pikepdf.open(io.BytesIO((self.staging / path).read_bytes()))
        return self._open[path]

    def page_count(self, path: str) -> int:
        return len(self._sheet(path).pages)

    def page_key(self, path: str, index: int) -> str:
        """A digest of what the copy of page `index` is made from: the page and everything it uses,
        and the sheet's language and metadata. One merchant's edit changes the pages of one part
        of the sticker sheet, so only those are copied again. IndexError past the last page."""
        sheet = self._sheet(path)
        if not 0 <= index < len(sheet.pages):
            raise IndexError(index)
        h = hashlib.sha256()
        info = {k: v for k, v in sheet.docinfo.items() if k != "/Title"}
        self._hash(path, sheet.Root.get("/Lang"), h)
        self._hash(path, info, h)
        self._hash(path, sheet.pages[index].obj, h, skip="/Parent")
        return h.hexdigest()

    def _hash(self, path: str, obj: Any, h: Any, skip: str = "") -> None:
        import pikepdf

        if isinstance(obj, pikepdf.Object) and obj.is_indirect and not skip:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") in (pikepdf.Name.Page, pikepdf.Name.Pages):
                h.update(b"a page")  # a link's /P, say: following it would make every page depend on all
                return
            key = (path, obj.objgen)
            if key not in self._digests:
                self._digests[key] = b"cycle"  # a reference back to an object being hashed
                inner = hashlib.sha256()
                self._hash(path, obj, inner, skip="-")
                self._digests[key] = inner.digest()
            h.update(self._digests[key])
        elif isinstance(obj, pikepdf.Stream):
            h.update(b"stream" + obj.read_raw_bytes())
            self._hash(path, obj.stream_dict, h, skip="-")
        elif isinstance(obj, (pikepdf.Dictionary, dict)):
            h.update(b"<<")
            for name in sorted(obj.keys()):
                if name != skip:
                    h.update(name.encode())
                    self._hash(path, obj[name], h)
            h.update(b">>")
        elif isinstance(obj, pikepdf.Array):
            h.update(b"[")
            for item in obj:
                self._hash(path, item, h)
            h.update(b"]")
        else:
            h.update(obj.unparse() if isinstance(obj, pikepdf.Object) else repr(obj).encode())

    def page(self, path: str, index: int, title: str = "") -> bytes:
        """Page `index` (from 0) of the sheet as a PDF of its own, with the sheet's language and
        metadata but `title`; the same sheet gives the same bytes. IndexError past the last page."""
        import pikepdf

        sheet = self._sheet(path)
        if not 0 <= index < len(sheet.pages):
            raise IndexError(index)
        out = pikepdf.new()
        out.pages.append(sheet.pages[index])
        if "/Lang" in sheet.Root:
            out.Root.Lang = pikepdf.String(str(sheet.Root.Lang))  # a copy: pikepdf < 10 refuses a foreign object
        # A page of a PDF/X sheet is PDF/X as well: the output intent and the XMP claim come along.
        for key in ("/OutputIntents", "/Metadata"):
            if key in sheet.Root:
                value = sheet.Root[key]
                out.Root[key] = out.copy_foreign(value if value.is_indirect else sheet.make_indirect(value))
        for key, value in sheet.docinfo.items():
            out.docinfo[key] = pikepdf.String(str(value)) if isinstance(value, pikepdf.String) else value
        if title:
            out.docinfo["/Title"] = title
        buffer = io.BytesIO()
        out.save(buffer, deterministic_id=True)
        out.close()
        return buffer.getvalue()

    def close(self) -> None:
        for sheet in self._open.values():
            sheet.close()
        self._open.clear()
        self._digests.clear()
