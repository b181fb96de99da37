"""Merging imported stores into the profile without losing hand edits.

A three-way merge per field: the profile's value, the value the last import wrote (kept in
`data/semas-import.json`) and the file's value. A field still as the last import left it follows
the file; a field someone changed by hand keeps the hand edit; an empty field is filled. Stores
are matched by 상가업소번호, else by name and distance; stores no longer in the file are flagged
with `missing_since`, never deleted. The YAML is edited with ruamel.yaml, so comments, order and
quoting survive.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .area import distance_m
from .reader import Store

#: Profile fields an import owns (and may fill or update).
FIELDS = ("name", "category", "subcategory", "address", "floor", "location")
#: A hand-made merchant and a store with the same name further apart than this are different shops.
SAME_PLACE_M = 60


@dataclass
class Report:
    added: list[tuple[str, str]] = field(default_factory=list)
    updated: list[tuple[str, str, list[str]]] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # (merchant id, field) hand edits kept
    missing: list[tuple[str, str]] = field(default_factory=list)
    back: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)  # (line, store, reason)
    outside: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.missing or self.back)


def values(store: Store) -> dict:
    """What an import writes for a store, in profile form (empty values left out)."""
    assert store.lat is not None and store.lng is not None  # only stores with coordinates are merged
    out = {"name": store.name, "category": store.category, "subcategory": store.subcategory,
           "address": store.address, "floor": store.floor,
           "location": {"lat": round(store.lat, 6), "lng": round(store.lng, 6)}}
    return {k: v for k, v in out.items() if v}


def _plain(value):
    """A YAML node as plain Python, for comparing."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, float):
        return round(value, 6)
    return value


def _node(name: str, value):
    if name == "location":
        node = CommentedMap(value)
        node.fa.set_flow_style()  # `location: {lat: …, lng: …}`, as the profiles write it
        return node
    return value


def _key(name: str) -> str:
    return re.sub(r"\s+", "", name)


def _match_by_name(merchants: CommentedSeq, store: Store) -> CommentedMap | None:
    """A merchant without a store id that has the store's name and stands where it stands."""
    for m in merchants:
        if m.get("semas_id") or _key(str(m.get("name", ""))) != _key(store.name):
            continue
        loc = m.get("location")
        if store.lat is None or store.lng is None:
            return None
        if not loc or distance_m(float(loc["lat"]), float(loc["lng"]), store.lat, store.lng) <= SAME_PLACE_M:
            return m
    return None


def _new_id(store: Store, taken: set[str]) -> str:
    base = "s-" + re.sub(r"[^a-z0-9]+", "-", store.id.lower()).strip("-")
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def merge(doc: CommentedMap, stores: list[Store], last: dict[str, dict], today: date,
          report: Report | None = None) -> tuple[Report, dict]:
    """Apply `stores` (already filtered to the area) to the profile `doc` in place; return the
    report (added to `report` when given) and the new record of imported values."""
    report = report or Report()
    if doc.get("merchants") is None:
        doc["merchants"] = CommentedSeq()
    merchants = doc["merchants"]
    by_id = {str(m["semas_id"]): m for m in merchants if m.get("semas_id")}
    taken = {str(m.get("id")) for m in merchants}
    record: dict[str, dict] = {}
    for store in stores:
        new = values(store)
        record[store.id] = new
        m = by_id.get(store.id) or _match_by_name(merchants, store)
        if m is None:
            m = CommentedMap()
            m["id"] = _new_id(store, taken)
            taken.add(m["id"])
            for name in FIELDS:
                if name in new:
                    m[name] = _node(name, new[name])
            m["semas_id"] = store.id
            merchants.append(m)
            report.added.append((m["id"], store.name))
            continue
        changes = []
        previous = last.get(store.id, {})
        for name, value in new.items():
            current = _plain(m.get(name))
            if current == value:
                continue
            if current is None or (name in previous and current == previous[name]):
                m[name] = _node(name, value)  # empty, or untouched since the last import: follow the file
                changes.append(name)
            elif previous.get(name) != value:
                report.kept.append((str(m["id"]), name))  # the profile's own value wins over the file
        if m.get("semas_id") != store.id:
            m["semas_id"] = store.id
            changes.append("semas_id")
        if "missing_since" in m:
            del m["missing_since"]
            report.back.append((str(m["id"]), store.name))
        if changes:
            report.updated.append((str(m["id"]), store.name, changes))
        else:
            report.unchanged += 1
    present = {s.id for s in stores}
    for sid, m in by_id.items():
        if sid not in present and "missing_since" not in m:
            m["missing_since"] = today  # gone from the file: flag it, someone should check
            report.missing.append((str(m["id"]), str(m.get("name", ""))))
    return report, record
