"""`streetkit publish`: a street's built site to where visitors read it.

Targets (the profile's `publish.target`, or `--to`):
- a folder (`/srv/www/sinan`): the new site is written beside it and swapped in with two renames,
  so a visitor never reads half of one;
- a zip (`site.zip`) for hosting panels that take an upload: written aside, then renamed;
- a git branch (`git+file:///srv/site.git#gh-pages`, `git+ssh://git@host/org/site.git#gh-pages`):
  the site committed to that branch (GitHub and GitLab Pages), a new commit only when something
  changed, `CNAME` and `.nojekyll` when the profile asks; git's own credentials, never the profile's.

Only a complete, successful build is published: publishing builds first (an up-to-date street
takes a fraction of a second), and a failed build publishes nothing.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .errors import StreetkitError

#: A fixed time for zip members, so the same site makes the same zip.
ZIP_TIME = (2020, 1, 1, 0, 0, 0)


class PublishError(StreetkitError):
    """Publishing failed; the message names the target and what failed, in Korean and English."""


@dataclass
class Target:
    kind: str  # "folder", "zip" or "git"
    where: str  # the folder, the zip file, or the repository URL
    branch: str = ""

    def __str__(self) -> str:
        return f"git+{self.where}#{self.branch}" if self.kind == "git" else self.where


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def summary(self) -> str:
        return f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed"


def parse_target(text: str) -> Target:
    """`git+URL#BRANCH`, a path ending in `.zip`, or a folder; rsync targets are not here yet."""
    text = text.strip()
    if text.startswith("git+"):
        url, _, branch = text[4:].partition("#")
        scheme = urlsplit(url).scheme
        if scheme not in ("file", "ssh", "https", "http") or not branch:
            raise PublishError(f"게시할 곳 {text!r}: git+file:///…/site.git#gh-pages처럼 저장소와 브랜치를 적어 주세요 "
                               f"(target {text!r}: give a repository URL and #branch)")
        return Target("git", url, branch)
    if text.startswith("ssh://") or (":" in text.split("/")[0] and "@" in text.split(":")[0]):
        raise PublishError(f"게시할 곳 {text!r}: rsync/SSH 게시는 아직 준비 중입니다; 폴더, zip 또는 git 브랜치를 쓰세요 "
                           f"(publishing over rsync/SSH is not available yet: use a folder, a zip or a git branch)")
    if text.endswith(".zip"):
        return Target("zip", text)
    return Target("folder", text)


def files_of(folder: Path) -> dict[str, str]:
    """relative path -> content digest, for every file below `folder`."""
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


def publish(site: Path, target: Target, *, dry_run: bool = False, cname: str | None = None,
            nojekyll: bool = False) -> Changes:
    """Put the built `site` folder at `target`; returns what changed there."""
    if not (site / "index.html").is_file():
        raise PublishError(f"{site}: 만든 사이트가 없습니다 (no built site to publish)")
    add = extras(cname, nojekyll)
    if target.kind == "folder":
        return _to_folder(site, Path(target.where), add, dry_run)
    if target.kind == "zip":
        return _to_zip(site, Path(target.where), add, dry_run)
    return _to_git(site, target, add, dry_run)


def _staged(site: Path, into: Path, add: dict[str, bytes]) -> None:
    shutil.copytree(site, into, dirs_exist_ok=True)
    for name, data in add.items():
        (into / name).write_bytes(data)


def _to_folder(site: Path, live: Path, add: dict[str, bytes], dry_run: bool) -> Changes:
    with tempfile.TemporaryDirectory() as tmp:
        _staged(site, Path(tmp) / "s", add)
        changes = diff(files_of(Path(tmp) / "s"), files_of(live) if live.is_dir() else {})
    if dry_run or not changes.any:
        return changes
    live.parent.mkdir(parents=True, exist_ok=True)
    fresh = live.with_name(f".{live.name}.new-{os.getpid()}")
    old = live.with_name(f".{live.name}.old-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        _staged(site, fresh, add)
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


def _to_zip(site: Path, target: Path, add: dict[str, bytes], dry_run: bool) -> Changes:
    with tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / "s"
        _staged(site, staged, add)
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


def _git(*args: str, cwd: Path | None = None) -> str:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_AUTHOR_NAME": "streetkit", "GIT_AUTHOR_EMAIL": "streetkit@localhost",
           "GIT_COMMITTER_NAME": "streetkit", "GIT_COMMITTER_EMAIL": "streetkit@localhost"}
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=600)
    if done.returncode != 0:
        raise PublishError(f"git {args[0]}: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def _to_git(site: Path, target: Target, add: dict[str, bytes], dry_run: bool) -> Changes:
    if shutil.which("git") is None:
        raise PublishError("git이 설치되어 있지 않습니다 (git is not installed)")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "w"
        try:
            branches = _git("ls-remote", "--heads", target.where, target.branch)
        except PublishError as exc:
            raise PublishError(f"{target}: 저장소에 닿을 수 없습니다 (cannot reach the repository): {exc}") from None
        if branches.strip():
            _git("clone", "--quiet", "--depth", "1", "--branch", target.branch, target.where, str(work))
        else:
            _git("init", "--quiet", str(work))
            _git("checkout", "--quiet", "--orphan", target.branch, cwd=work)
            _git("remote", "add", "origin", target.where, cwd=work)
        changes = diff(_with(files_of(site), add), files_of(work))
        if dry_run or not changes.any:
            return changes
        for child in work.iterdir():
            if child.name != ".git":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        _staged(site, work, add)
        _git("add", "--all", cwd=work)
        _git("commit", "--quiet", "-m", f"Publish: {changes.summary()}", cwd=work)
        _git("push", "--quiet", "origin", f"HEAD:refs/heads/{target.branch}", cwd=work)
    return changes


def _with(files: dict[str, str], add: dict[str, bytes]) -> dict[str, str]:
    return {**files, **{name: hashlib.sha256(data).hexdigest() for name, data in add.items()}}
