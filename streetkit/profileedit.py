"""Saving edits to `street.yaml` the way a careful person would: only the edited nodes change.

The one round-trip writer (ruamel.yaml) for everything that edits a profile on someone's behalf —
the studio's forms, importers: comments, key order and quoting stay, so `git diff` shows just the
edit. Every save is

- **checked first**: the new text is validated as the street's profile; a save that would add a
  problem is refused (the file is not touched) and its problems are returned;
- **conflict-aware**: an edit carries the *base* (a digest of the item as the form showed it); when
  the item on disk is no longer that, someone else changed it (a text editor, another tab) and the
  save is refused with both versions. Edits of different items both save: each is applied to the
  file as it is now;
- **atomic** (a temporary file renamed over the profile) and **undoable**: the version it replaced
  is kept in the street's hidden `.streetkit/history/` (the last `HISTORY_KEEP`).
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString

from .errors import Problem, ProfileError, StreetkitError

#: The studio's state inside a street folder (no build input: see safepath.NOT_INPUTS).
STATE_DIR = ".streetkit"
#: Versions of the profile kept for undo.
HISTORY_KEEP = 30
PROFILE = "street.yaml"
#: Lists of items with an `id` that forms edit one item at a time.
ITEM_LISTS = ("merchants", "events")

_LOCK = threading.RLock()  # one save at a time in this process (the studio's request threads)
#: The parsed round-trip document of each profile, with the text it was parsed from: ruamel's
#: pure-Python round-trip parse of a 1,300-line profile takes 0.3–0.45 s, and a form reads the
#: profile on every request. A text that differs (an edit elsewhere) is parsed afresh.
_PARSED: dict[Path, tuple[str, CommentedMap]] = {}


class Conflict(StreetkitError):
    """The item changed on disk since the form was opened."""

    def __init__(self, mine: dict[str, Any], theirs: dict[str, Any] | None, base: str):
        self.mine, self.theirs, self.current_base = mine, theirs, base
        super().__init__("this item was changed elsewhere since you opened it")


class Refused(StreetkitError):
    """The edit would make the profile invalid; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Saved:
    """What a save did: the new file text, and the history entry it can be undone to."""

    text: str
    undo_id: str
    warnings: list[Problem] = field(default_factory=list)


def round_trip() -> YAML:
    """The ruamel.yaml set-up every profile writer uses (the profiles' own indentation)."""
    y = YAML()
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap long lines
    y.indent(mapping=2, sequence=4, offset=2)
    return y


#: Content-cache namespace of round-trip documents. ruamel parses a big profile in pure Python
#: (Sinan's 1,300 lines: 0.3–0.45 s); its pickle loads in 10 ms. A text seen before — the studio
#: started again, an undo back to a kept version — is not parsed again.
ROUND_TRIP_CACHE = "yaml-rt"


def _load_round_trip(text: str) -> Any:
    """`round_trip().load(text)`, through the content cache for texts worth it (as `yamlsource.parse`)."""
    from . import yamlsource
    from .cache import cache_key, cached_object

    if len(text) < yamlsource.CACHE_FROM_CHARS:
        return round_trip().load(text)
    # The document depends on this module's settings (round_trip) and ruamel's version.
    return cached_object(ROUND_TRIP_CACHE, cache_key(text, code=[__name__], libraries=["ruamel.yaml"]),
                         lambda: round_trip().load(text))


def plain(node: Any) -> Any:
    """A ruamel node as plain Python (dicts, lists, str, numbers, dates), for comparing and forms."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


def digest(item: Any) -> str:
    """A short digest of an item's data: the base a form carries to detect a conflicting edit."""
    text = json.dumps(plain(item), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _scalar(value: Any) -> Any:
    """A string that YAML 1.1 (our loader) would read as something else (`09:30`, `yes`, `1.5`) is
    written quoted; everything else as ruamel would."""
    if isinstance(value, str) and not isinstance(value, DoubleQuotedScalarString):
        try:
            back = pyyaml.safe_load(value) if value.strip() == value and value else value
        except pyyaml.YAMLError:
            back = None
        if back != value or ":" in value:  # times are quoted, as the profiles write them
            return DoubleQuotedScalarString(value)
    if isinstance(value, datetime):
        return DoubleQuotedScalarString(value.strftime("%Y-%m-%d %H:%M"))
    return value


def to_node(value: Any) -> Any:
    """Plain data as a round-trip node, written the way the profiles are: `{lat, lng}` and short
    word lists on one line, strings quoted where YAML 1.1 would misread them."""
    if isinstance(value, dict):
        m = CommentedMap()
        for k, v in value.items():
            m[k] = to_node(v)
        if value and all(not isinstance(v, (dict, list)) for v in value.values()) and set(value) <= {"lat", "lng"}:
            m.fa.set_flow_style()  # `location: {lat: …, lng: …}`, as the profiles write it
        return m
    if isinstance(value, list):
        seq = CommentedSeq(to_node(v) for v in value)
        if value and all(isinstance(v, str) and len(v) < 30 for v in value):
            seq.fa.set_flow_style()  # tags: [포장, 반려동물]
        return seq
    return _scalar(value)


def merge_into(node: CommentedMap, new: dict[str, Any]) -> None:
    """Make `node` hold `new`, touching only what differs: unchanged keys keep their comments and
    quoting, nested mappings are merged key by key, removed keys are deleted, new keys appended."""
    for key in [k for k in node if k not in new]:
        del node[key]
    for key, value in new.items():
        if key in node and plain(node[key]) == plain(value):
            continue
        old = node.get(key)
        if isinstance(old, CommentedMap) and isinstance(value, dict):
            merge_into(old, value)
        elif isinstance(old, ScalarString) and isinstance(value, str) and "\n" not in value:
            node[key] = type(old)(value)  # a quoted value stays quoted the same way
        else:
            node[key] = to_node(value)


class ProfileEditor:
    """Edits of one street's `street.yaml`, validated by `check` (the loader, given the text)."""

    def __init__(self, street_dir: Path, check: Callable[[str], list[Problem]]):
        self.dir = Path(street_dir).resolve()
        self.path = self.dir / PROFILE
        self.check = check
        self.history = History(self.dir)

    # -- reading ---------------------------------------------------------------------------------
    def text(self) -> str:
        return self.path.read_text("utf-8-sig")

    def document(self) -> CommentedMap:
        """The profile as a round-trip document. Shared: a caller that changes it writes it (or
        calls `forget`)."""
        text = self.text()
        with _LOCK:
            cached = _PARSED.get(self.path)
            if cached and cached[0] == text:
                return cached[1]
            doc = _load_round_trip(text)
            if not isinstance(doc, CommentedMap):
                raise StreetkitError(f"{PROFILE} is not a mapping of keys to values")
            _PARSED[self.path] = (text, doc)
            return doc

    def forget(self) -> None:
        _PARSED.pop(self.path, None)

    def items(self, list_name: str) -> list[dict[str, Any]]:
        """The items of a list (`merchants`, `events`) as plain data, in file order."""
        return [plain(m) for m in (self.document().get(list_name) or []) if isinstance(m, dict)]

    def item(self, list_name: str, ident: str) -> dict[str, Any] | None:
        found = _find(self.document(), list_name, ident)
        return plain(found[1]) if found else None

    # -- writing ---------------------------------------------------------------------------------
    def save_item(self, list_name: str, ident: str | None, values: dict[str, Any], base: str | None,
                  *, force: bool = False) -> Saved:
        """Replace item `ident` of `list_name` (add it when `ident` is None) with `values`.
        `base` is the digest of the item as the form showed it (None for a new item)."""
        with _LOCK:
            doc = self.document()
            seq = doc.get(list_name)
            if seq is None:
                seq = doc[list_name] = CommentedSeq()
            found = _find(doc, list_name, ident) if ident else None
            if ident and found is None and not force:
                raise Conflict(values, None, "")  # deleted elsewhere
            if found and not force and digest(found[1]) != base:
                raise Conflict(values, plain(found[1]), digest(found[1]))
            if found:
                merge_into(found[1], values)
            else:
                taken = {str(m.get("id")) for m in seq if isinstance(m, dict)}
                if values.get("id") in taken:
                    raise Refused([Problem(PROFILE, 0, 0, f"{list_name}.id",
                                           f"duplicate id {values['id']!r}: another item already has it")])
                seq.append(to_node(values))
            return self._write(doc)

    def delete_item(self, list_name: str, ident: str, base: str | None) -> Saved:
        with _LOCK:
            doc = self.document()
            found = _find(doc, list_name, ident)
            if found is None:
                raise Conflict({}, None, "")
            if digest(found[1]) != base:
                raise Conflict({}, plain(found[1]), digest(found[1]))
            del doc[list_name][found[0]]
            return self._write(doc)

    def section(self, keys: list[str] | None, name: str | None = None) -> dict[str, Any]:
        """Plain data of one top-level section (`name`), or of the top-level `keys` of the profile."""
        doc = self.document()
        if name is not None:
            value = plain(doc.get(name))
            return value if isinstance(value, dict) else {}
        return {k: plain(doc[k]) for k in keys or [] if k in doc}

    def save_section(self, name: str | None, values: dict[str, Any], base: str | None, *,
                     keys: list[str] | None = None, force: bool = False) -> Saved:
        """Replace section `name` (`brand`, a plugin's settings) with `values`, or, with `name`
        None, the top-level `keys` (the street's own fields); `base` is the digest the form showed."""
        with _LOCK:
            current = self.section(keys, name)
            if not force and digest(current) != base:
                raise Conflict(values, current, digest(current))
            doc = self.document()
            if name is not None:
                if isinstance(doc.get(name), CommentedMap):
                    merge_into(doc[name], values)
                else:
                    doc[name] = to_node(values)
            else:
                for key in keys or []:
                    if key not in values:
                        doc.pop(key, None)
                    elif isinstance(doc.get(key), CommentedMap) and isinstance(values[key], dict):
                        merge_into(doc[key], values[key])
                    elif key not in doc:
                        # Beside the field the form shows before it, not after the merchant list.
                        before = [k for k in (keys or [])[: keys.index(key)] if k in doc] if keys else []
                        at = list(doc).index(before[-1]) + 1 if before else len(doc)
                        doc.insert(at, key, to_node(values[key]))
                    elif plain(doc[key]) != values[key]:
                        doc[key] = to_node(values[key])
            return self._write(doc)

    def apply(self, change: Callable[[CommentedMap], None], *, dry_run: bool = False) -> Saved | None:
        """Let `change` edit the round-trip document (an importer's merge), then save it like any
        edit: checked, atomic, undoable. None when the text did not change (nothing is written);
        with `dry_run`, the check runs and nothing is written either way."""
        with _LOCK:
            self.forget()  # `change` edits a fresh document: a refused or dry run leaves no trace
            doc = self.document()
            old = self.text()
            change(doc)
            buf = io.StringIO()
            round_trip().dump(doc, buf)
            self.forget()
            if buf.getvalue() == old:
                return None
            if dry_run:
                before = {_key(p) for p in self.check(old) if p.severity == "error"}
                added = [p for p in self.check(buf.getvalue()) if p.severity == "error" and _key(p) not in before]
                if added:
                    raise Refused(added)
                return Saved(buf.getvalue(), "")
            return self._write(doc)

    def set_values(self, values: dict[str, Any]) -> Saved:
        """Set top-level keys (`brand`, `plugins` …), merging mappings key by key."""
        with _LOCK:
            doc = self.document()
            for key, value in values.items():
                if value is None:
                    doc.pop(key, None)
                elif isinstance(doc.get(key), CommentedMap) and isinstance(value, dict):
                    merge_into(doc[key], value)
                elif plain(doc.get(key)) != value:
                    doc[key] = to_node(value)
            return self._write(doc)

    def _write(self, doc: CommentedMap) -> Saved:
        old = self.text()
        buf = io.StringIO()
        round_trip().dump(doc, buf)
        new = buf.getvalue()
        before = {_key(p) for p in self.check(old) if p.severity == "error"}
        problems = self.check(new)
        added = [p for p in problems if p.severity == "error" and _key(p) not in before]
        if added:
            self.forget()  # the shared document holds the refused edit
            raise Refused(added)
        undo_id = self._keep(old)
        try:
            write_atomic(self.path, new)
        except OSError:
            self.forget()
            raise
        _PARSED[self.path] = (new, doc)
        return Saved(new, undo_id, [p for p in problems if p.severity == "warning"])

    # -- history ---------------------------------------------------------------------------------
    def _keep(self, text: str) -> str:
        return self.history.keep(PROFILE, text)

    def versions(self) -> list[tuple[str, str, datetime]]:
        """Kept versions of the street's files, newest first: (undo id, file, when it was replaced)."""
        return self.history.versions()

    def undo(self, undo_id: str) -> Saved:
        """Put the version kept as `undo_id` back (itself a save, so it can be undone in turn)."""
        with _LOCK:
            relative, text = self.history.kept(undo_id)
            target = self.dir / relative
            current = target.read_text("utf-8-sig") if target.exists() else ""
            new_id = self.history.keep(relative, current)
            if text:
                target.parent.mkdir(exist_ok=True)
                write_atomic(target, text)
            else:
                target.unlink(missing_ok=True)  # the file did not exist before the save that made it
            return Saved(text, new_id)


class History:
    """The versions of a street's hand-edited files (its profile, pages, news) that saves replaced,
    in `.streetkit/history/`: `<time>.<file, / as ~>`; the last `HISTORY_KEEP` are kept."""

    #: The files the studio edits, relative to the street folder.
    EDITABLE = re.compile(r"^(street\.yaml|(pages|news)/[a-z0-9][a-z0-9-]*(\.en)?\.md)$")

    def __init__(self, street_dir: Path):
        self.dir = Path(street_dir) / STATE_DIR / "history"

    def keep(self, relative: str, text: str) -> str:
        """Keep `text` as the version of `relative` that a save is about to replace."""
        if not self.EDITABLE.match(relative):
            raise StreetkitError(f"{relative} is not a file the studio edits")
        self.dir.mkdir(parents=True, exist_ok=True)
        undo_id = f"{time.time_ns()}.{relative.replace('/', '~')}"
        write_atomic(self.dir / undo_id, text)
        for stale in sorted(self.dir.iterdir(), key=lambda f: f.name)[:-HISTORY_KEEP]:
            stale.unlink(missing_ok=True)
        return undo_id

    def versions(self) -> list[tuple[str, str, datetime]]:
        out = []
        for f in sorted(self.dir.glob("*"), key=lambda f: f.name, reverse=True) if self.dir.is_dir() else []:
            stamp, _, name = f.name.partition(".")
            relative = name.replace("~", "/")
            if stamp.isdigit() and self.EDITABLE.match(relative):
                out.append((f.name, relative, datetime.fromtimestamp(int(stamp) / 1e9)))
        return out

    def kept(self, undo_id: str) -> tuple[str, str]:
        """(file, text) of a kept version; an id that is not one is an error, never a path."""
        stamp, _, name = undo_id.partition(".")
        relative = name.replace("~", "/")
        if not (stamp.isdigit() and len(stamp) <= 25 and self.EDITABLE.match(relative)):
            raise StreetkitError("no such version")
        path = self.dir / undo_id
        if not path.is_file():
            raise StreetkitError("that version is no longer kept")
        return relative, path.read_text("utf-8")


def _find(doc: CommentedMap, list_name: str, ident: str | None) -> tuple[int, CommentedMap] | None:
    for i, item in enumerate(doc.get(list_name) or []):
        if isinstance(item, CommentedMap) and str(item.get("id")) == ident:
            return i, item
    return None


def _key(p: Problem) -> tuple[str, str]:
    # Problems compared across two versions of a file: by field and message, not by line (an edit
    # above moves the lines of everything below).
    return (re.sub(r"\[\d+\]", "[]", p.field), p.message)


def write_atomic(path: Path, text: str) -> None:
    """Write `text` next to `path` and rename it over `path`: a reader sees the old file or the
    new one, never half of one; a full disk leaves the old file as it was."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def problems_of(street_dir: Path, text: str, host: Any, themes: Any) -> list[Problem]:
    """Every problem of `text` as the profile of `street_dir` (warnings included)."""
    from .loader import load_street

    try:
        street = load_street(street_dir, host, themes, text=text)
    except ProfileError as exc:
        return list(exc.problems)
    shown = {str(p) for p in street.advice}
    return list(street.advice) + [Problem(PROFILE, 0, 0, "", w, "warning") for w in street.warnings if w not in shown]
