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
    """The sheets of one build that pages are copied out of, each read and opened once (a street's
    sticker sheet serves one copy per merchant)."""

    def __init__(self, staging: Path) -> None:
        self.staging = staging
        self._open: dict[str, tuple[Any, str]] = {}

    def _sheet(self, path: str) -> tuple[Any, str]:
        if path not in self._open:
            import pikepdf

            data = (self.staging / path).read_bytes()
            self._open[path] = (pikepdf.open(io.BytesIO(data)), hashlib.sha256(data).hexdigest())
        return self._open[path]

    def digest(self, path: str) -> str:
        """A digest of the sheet's bytes: what a page copied out of it depends on."""
        return self._sheet(path)[1]

    def page_count(self, path: str) -> int:
        return len(self._sheet(path)[0].pages)

    def page(self, path: str, index: int, title: str = "") -> bytes:
        """Page `index` (from 0) of the sheet as a PDF of its own, with the sheet's language and
        metadata but `title`; the same sheet gives the same bytes. IndexError past the last page."""
        import pikepdf

        sheet = self._sheet(path)[0]
        if not 0 <= index < len(sheet.pages):
            raise IndexError(index)
        out = pikepdf.new()
        out.pages.append(sheet.pages[index])
        if "/Lang" in sheet.Root:
            out.Root.Lang = sheet.Root.Lang
        for key, value in sheet.docinfo.items():
            out.docinfo[key] = value
        if title:
            out.docinfo["/Title"] = title
        buffer = io.BytesIO()
        out.save(buffer, deterministic_id=True)
        out.close()
        return buffer.getvalue()

    def close(self) -> None:
        for sheet, _digest in self._open.values():
            sheet.close()
        self._open.clear()
