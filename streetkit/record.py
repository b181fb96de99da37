"""The build record: what each expensive output was made from, so a rebuild can reuse it.

A PDF is keyed by the exact HTML WeasyPrint would receive (which already holds every input: profile
values, templates, tokens, photos as data URIs, QR codes) plus the renderer's version; a resized
image by its source bytes and settings. Keys are content hashes, never timestamps, so a stale
output can never be reused, and copying a street folder elsewhere keeps its record valid.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from .cache import cache_key

#: Lives beside site/, print/ and brand/ in `_build/<slug>/`; never published.
RECORD_NAME = ".streetkit-record.json"


#: An output's key: its inputs, the code that makes it and the libraries that shape its bytes.
key = cache_key


_LINK = re.compile(r"""(?:src|href)\s*=\s*["']([^"'#]+)["']|url\(\s*["']?([^"')]+)["']?\s*\)""")


def linked_files(html: str, root: Path) -> list[Path]:
    """Local files the HTML refers to by a relative path (resolved against `root`), in order.
    Data URIs and URLs with a scheme are part of the HTML already and are skipped."""
    files = []
    for match in _LINK.finditer(html):
        raw = (match.group(1) or match.group(2) or "").strip()
        # A scheme is read before unquoting, as a browser does (and a QR code's 5,000-character data
        # URI is not unquoted only to be skipped); `a%3Ab.png` is a file.
        if not raw or ":" in raw.split("/", 1)[0]:
            continue
        ref = unquote(raw)
        path = (root / ref.lstrip("/")).resolve()
        # Only the street's own files: WeasyPrint's fetcher refuses the rest, so they are never read.
        if path.is_relative_to(root) and path.is_file():
            files.append(path)
    return files


class Record:
    """Keys of the previous build's outputs (`previous`) and of this build's (`current`)."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.current: dict[str, str] = {}
        try:
            data = json.loads((out_dir / RECORD_NAME).read_text("utf-8"))
            self.previous: dict[str, str] = data["outputs"] if isinstance(data.get("outputs"), dict) else {}
            self.previous_build = data["build"] if isinstance(data.get("build"), dict) else {}
        except (OSError, ValueError, AttributeError, KeyError):
            self.previous, self.previous_build = {}, {}  # no record, or a damaged one: build everything
        self.reused = 0

    def reuse(self, path: str, content_key: str, target: Path) -> bool:
        """Put the previous output of `path` at `target` when it was made from the same inputs."""
        self.current[path] = content_key
        source = self.out_dir / path
        if self.previous.get(path) != content_key or not source.is_file():
            return False
        sizes = self.previous_build.get("files")
        if isinstance(sizes, dict) and path in sizes and source.stat().st_size != sizes[path]:
            return False  # changed since it was written (a truncated copy, say): make it again
        try:
            os.link(source, target)  # the old folder is discarded after the swap; the link keeps the data
        except OSError:
            shutil.copyfile(source, target)
        self.reused += 1
        return True

    def up_to_date(self, inputs: dict[str, str]) -> dict[str, Any] | None:
        """The previous build's summary (`files`, `notes`, `warnings`) when it was made from
        `inputs` (whose parts name the output areas of an `--only` build) and its files are all
        still there, unchanged in size; else None."""
        build = self.previous_build
        if not inputs or build.get("inputs") != inputs or not isinstance(build.get("files"), dict):
            return None
        for path, size in build["files"].items():
            try:
                if (self.out_dir / path).stat().st_size != size:
                    return None
            except OSError:
                return None
        return build

    def changed_inputs(self, inputs: dict[str, str]) -> list[str]:
        """The parts of `inputs` that differ from the previous build's (all of them for a record
        written before inputs had parts); nothing when there was no previous build."""
        before = self.previous_build.get("inputs")
        if not before:
            return []
        if not isinstance(before, dict):
            return sorted(inputs)
        return sorted(k for k in {*inputs, *before} if inputs.get(k) != before.get(k))

    def save(self, folder: Path, keep_previous_for: set[str] | None = None, build: dict[str, Any] | None = None,
             street: dict[str, Any] | None = None) -> None:
        """Write the record into `folder`; with `keep_previous_for` (output areas not rebuilt by an
        `--only` build), the previous keys of those areas are kept. `build` summarises the build (its
        inputs, files, notes and warnings), for the next build to tell whether it is up to date;
        `street` is the street as its district's portal knows it (summary.py)."""
        outputs = {p: k for p, k in self.previous.items() if keep_previous_for and p.split("/", 1)[0] in keep_previous_for}
        outputs.update(self.current)
        record = {"outputs": dict(sorted(outputs.items())), **({"build": build} if build else {}),
                  **({"street": street} if street else {})}
        target = folder / RECORD_NAME
        tmp = target.with_name(target.name + ".tmp")
        try:
            tmp.write_text(json.dumps(record, indent=0, ensure_ascii=False), "utf-8")
            tmp.replace(target)
        except OSError:
            # A stale record could let the next build reuse files this one replaced: none is safer.
            for stale in (tmp, target):
                stale.unlink(missing_ok=True)
            raise


def read(out_dir: Path) -> dict[str, Any] | None:
    """The record of the build in `out_dir`, or None when there is none (or it is damaged)."""
    try:
        data = json.loads((out_dir / RECORD_NAME).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
