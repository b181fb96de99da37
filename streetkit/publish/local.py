"""Publishing on this machine: a folder swapped in whole, or a zip for a hosting panel."""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from .tree import Changes, PublishError, diff, files_of, stage

#: A fixed time for zip members, so the same site makes the same zip.
ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def to_folder(site: Path, live: Path, add: dict[str, bytes], dry_run: bool) -> Changes:
    """The new site is written beside `live` and swapped in with two renames."""
    with tempfile.TemporaryDirectory() as tmp:
        stage(site, Path(tmp) / "s", add)
        changes = diff(files_of(Path(tmp) / "s"), files_of(live) if live.is_dir() else {})
    if dry_run or not changes.any:
        return changes
    live.parent.mkdir(parents=True, exist_ok=True)
    fresh = live.with_name(f".{live.name}.new-{os.getpid()}")
    old = live.with_name(f".{live.name}.old-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        stage(site, fresh, add)
        if live.exists():
            os.replace(live, old)
        os.replace(fresh, live)  # between the two renames the folder is missing for a moment, never half-written
    except OSError as exc:
        if old.exists() and not live.exists():
            os.replace(old, live)
        shutil.rmtree(fresh, ignore_errors=True)
        raise PublishError(f"{live}: 게시하지 못했습니다, 전에 있던 사이트는 그대로입니다 (could not publish: {exc})") from None
    shutil.rmtree(old, ignore_errors=True)
    return changes


def to_zip(site: Path, target: Path, add: dict[str, bytes], dry_run: bool) -> Changes:
    """A deterministic zip of the site, written aside and renamed into place."""
    with tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / "s"
        stage(site, staged, add)
        new = files_of(staged)
        old = {}
        if target.is_file():
            with zipfile.ZipFile(target) as z:
                old = {i.filename: hashlib.sha256(z.read(i)).hexdigest() for i in z.infolist() if not i.is_dir()}
        changes = diff(new, old)
        if dry_run or not changes.any:
            return changes
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_name(f".{target.name}.{os.getpid()}.part")
        with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as z:
            for name in sorted(new):
                info = zipfile.ZipInfo(name, ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, (staged / name).read_bytes())
        os.replace(part, target)
    return changes
