"""Saving a page or a news post (`pages/*.md`, `news/*.md`) on someone's behalf.

The front matter is edited with the profile's round-trip writer (comments and order kept), the
body is the Markdown as typed. Like a profile save, a document save is checked first (the file as
the build will read it), conflict-aware (the form carries the digest of the file it showed),
atomic, and undoable (the replaced version, or the absence of one, kept in the history).
"""
from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from .documents import _FRONT, _NAME, NewsMeta, PageMeta, parse_doc
from .errors import Problem, StreetkitError
from .profileedit import _LOCK, Conflict, History, Refused, Saved, merge_into, plain, round_trip, to_node, write_atomic

FOLDERS: dict[str, type[PageMeta] | type[NewsMeta]] = {"pages": PageMeta, "news": NewsMeta}


class DocEditor:
    """The Markdown documents of one folder (`pages` or `news`) of a street."""

    def __init__(self, street_dir: Path, folder: str):
        if folder not in FOLDERS:
            raise StreetkitError(f"no documents folder {folder!r}")
        self.root = Path(street_dir).resolve()
        self.folder = folder
        self.model = FOLDERS[folder]
        self.history = History(self.root)

    def names(self) -> list[str]:
        """File names without `.md` (`about`, `about.en`), in order."""
        base = self.root / self.folder
        return sorted(p.name[:-3] for p in base.glob("*.md") if _NAME.match(p.name)) if base.is_dir() else []

    def path(self, name: str) -> Path:
        if not _NAME.match(f"{name}.md"):
            raise StreetkitError(f"{name!r} is not a document name")
        return self.root / self.folder / f"{name}.md"

    def read(self, name: str) -> tuple[dict[str, Any], str, str]:
        """(front matter as plain data, Markdown body, digest of the file) of document `name`."""
        text = self.path(name).read_text("utf-8-sig")
        fm = _FRONT.match(text)
        meta = plain(round_trip().load(fm.group(1))) if fm else {}
        return (meta if isinstance(meta, dict) else {}), (text[fm.end():] if fm else text).lstrip("\n"), text_digest(text)

    def save(self, name: str, meta: dict[str, Any], body: str, base: str | None, *, new: bool = False,
             force: bool = False) -> Saved:
        """Write document `name` with `meta` and `body`. `new` refuses a name that exists; `base`
        is the digest of the file as the form showed it."""
        path = self.path(name)
        relative = f"{self.folder}/{name}.md"
        with _LOCK:
            old = path.read_text("utf-8-sig") if path.exists() else None
            if new and old is not None:
                raise Refused([Problem(relative, 0, 0, "name", f"duplicate id {name!r}: another document already has it")])
            if old is not None and not new and not force and text_digest(old) != base:
                current, current_body, digest = self.read(name)
                raise Conflict({**meta, "본문": body}, {**current, "본문": current_body}, digest)
            fm = _FRONT.match(old) if old else None
            doc = round_trip().load(fm.group(1)) if fm else None
            if isinstance(doc, CommentedMap):
                merge_into(doc, meta)
            else:
                doc = to_node(meta)
            buf = io.StringIO()
            round_trip().dump(doc, buf)
            body = re.sub(r"\r\n?", "\n", body).strip("\n")
            text = f"---\n{buf.getvalue()}---\n\n{body}\n"
            parsed, problems = parse_doc(self.root, path, text, self.model)
            if parsed is None or any(p.severity == "error" for p in problems):
                raise Refused(problems)
            undo_id = self.history.keep(relative, old or "")
            path.parent.mkdir(exist_ok=True)
            write_atomic(path, text)
            return Saved(text, undo_id)

    def delete(self, name: str, base: str) -> Saved:
        path = self.path(name)
        relative = f"{self.folder}/{name}.md"
        with _LOCK:
            old = path.read_text("utf-8-sig")
            if text_digest(old) != base:
                meta, body, digest = self.read(name)
                raise Conflict({}, {**meta, "본문": body}, digest)
            undo_id = self.history.keep(relative, old)
            path.unlink()
            return Saved("", undo_id)


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]
