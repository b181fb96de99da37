"""The built site as a set of files: what is in a folder, what differs, and a staged copy with the
files a host wants beside it."""
from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import StreetkitError


class PublishError(StreetkitError):
    """Publishing failed; the message names the target and what failed, in Korean and English."""


@dataclass
class Changes:
    """What a publish changes (or would change) at its target, as paths relative to the site."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def summary(self) -> str:
        return f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed"

    def lines(self) -> list[str]:
        """`+ added`, `~ changed`, `- removed`, one path a line (for --dry-run)."""
        return [f"{sign} {name}" for sign, names in (("+", self.added), ("~", self.changed), ("-", self.removed))
                for name in names]


def files_of(folder: Path) -> dict[str, str]:
    """relative path -> content digest, for every file below `folder` (a `.git` folder left out)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and ".git" not in path.relative_to(folder).parts:
            out[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def diff(new: dict[str, str], old: dict[str, str]) -> Changes:
    return Changes(added=sorted(set(new) - set(old)), changed=sorted(k for k in new if k in old and new[k] != old[k]),
                   removed=sorted(set(old) - set(new)))


def extras(cname: str | None, nojekyll: bool) -> dict[str, bytes]:
    """Files a host wants beside the site (`CNAME`, `.nojekyll`)."""
    out = {}
    if cname:
        out["CNAME"] = (cname.strip() + "\n").encode()
    if nojekyll:
        out[".nojekyll"] = b""
    return out


def stage(site: Path, into: Path, add: dict[str, bytes]) -> None:
    """Copy the built site to `into` with the host's extra files."""
    shutil.copytree(site, into, dirs_exist_ok=True)
    for name, data in add.items():
        (into / name).write_bytes(data)


def with_extras(files: dict[str, str], add: dict[str, bytes]) -> dict[str, str]:
    return {**files, **{name: hashlib.sha256(data).hexdigest() for name, data in add.items()}}
