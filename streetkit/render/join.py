"""Join PDFs rendered in parts into one document (see `Document.parts`)."""
from __future__ import annotations

import io


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
