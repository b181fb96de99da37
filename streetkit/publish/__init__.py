"""`streetkit publish`: a street's built site to where visitors read it.

Targets (the profile's `publish.target`, or `--to`):
- a folder (`/srv/www/sinan`): the new site is written beside it and swapped in with two renames;
- a zip (`site.zip`) for hosting panels that take an upload: written aside, then renamed;
- a git branch (`git+file:///srv/site.git#gh-pages`, `git+ssh://git@host/org/site.git#gh-pages`):
  committed to that branch (GitHub and GitLab Pages), a new commit only when something changed;
- a server over SSH (`ssh://deploy@host:2222/srv/www/sinan`, `deploy@host:/srv/www/sinan`): rsync
  into a new release folder, made live by swapping a symlink, older releases kept for `--rollback`.

Only a complete, successful build is published: callers build first, and a failed build
publishes nothing. Credentials are git's and SSH's own, never the profile's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .gitbranch import to_git
from .local import to_folder, to_zip
from .rsync import KEEP, Server, to_server
from .rsync import rollback as rollback_server
from .tree import Changes, PublishError, extras

__all__ = ["Changes", "PublishError", "Target", "parse_target", "publish", "publish_built", "rollback", "target_of"]

#: `user@host:path`, scp's way of naming a folder on a server (a Windows drive letter has no `@`).
_SCP_LIKE = re.compile(r"^(?P<user>[^@/:\s]+)@(?P<host>[^:/\s]+):(?P<path>.*)$")


@dataclass(frozen=True)
class Target:
    kind: str  # "folder", "zip", "git" or "rsync"
    where: str  # the folder, the zip file, or the repository URL
    branch: str = ""
    server: Server | None = None

    def __str__(self) -> str:
        if self.kind == "git":
            return f"git+{self.where}#{self.branch}"
        return str(self.server) if self.server else self.where


def parse_target(text: str) -> Target:
    """`git+URL#BRANCH`, `ssh://[user@]host[:port]/path` or `user@host:path`, a path ending in
    `.zip`, or a folder."""
    text = text.strip()
    if text.startswith("git+"):
        url, _, branch = text[4:].partition("#")
        if urlsplit(url).scheme not in ("file", "ssh", "https", "http") or not branch:
            raise PublishError(f"게시할 곳 {text!r}: git+file:///…/site.git#gh-pages처럼 저장소와 브랜치를 적어 주세요 "
                               f"(target {text!r}: give a repository URL and #branch)")
        return Target("git", url, branch)
    if text.startswith("ssh://"):
        parts = urlsplit(text)
        try:
            port = parts.port
        except ValueError:
            port = -1
        path = parts.path.removeprefix("/~/") if parts.path.startswith("/~/") else parts.path
        if not parts.hostname or port == -1 or path in ("", "/"):
            raise PublishError(f"게시할 곳 {text!r}: ssh://사용자@서버:포트/폴더처럼 적어 주세요 "
                               f"(target {text!r}: write ssh://user@host[:port]/folder)")
        return Target("rsync", text, server=Server(parts.hostname, path, parts.username or "", port))
    if match := _SCP_LIKE.match(text):
        path = match["path"].removeprefix("~/")
        if not path.strip("/"):
            raise PublishError(f"게시할 곳 {text!r}: 서버의 폴더를 적어 주세요 (target {text!r}: name a folder on the server)")
        return Target("rsync", text, server=Server(match["host"], path, match["user"]))
    if text.endswith(".zip"):
        return Target("zip", text)
    return Target("folder", text)


def publish(site: Path, target: Target, *, dry_run: bool = False, cname: str | None = None,
            nojekyll: bool = False, keep: int = KEEP, bwlimit: int | None = None) -> Changes:
    """Put the built `site` folder at `target`; returns what changed there."""
    if not (site / "index.html").is_file():
        raise PublishError(f"{site}: 만든 사이트가 없습니다 (no built site to publish)")
    add = extras(cname, nojekyll)
    if target.kind == "folder":
        return to_folder(site, Path(target.where), add, dry_run)
    if target.kind == "zip":
        return to_zip(site, Path(target.where), add, dry_run)
    if target.kind == "rsync":
        assert target.server is not None
        return to_server(site, target.server, add, dry_run, keep=keep, bwlimit=bwlimit)
    return to_git(site, target.where, target.branch, add, dry_run)


def rollback(target: Target) -> tuple[str, str]:
    """Make the release before the live one live again (servers over SSH only); (now, was)."""
    if target.server is None:
        raise PublishError(f"{target}: 되돌리기는 SSH 서버에 올린 사이트만 됩니다 "
                           f"(--rollback works for a server over SSH, which keeps earlier releases)")
    return rollback_server(target.server)


def target_of(profile: Any, to: str | None) -> Target:
    """`--to` if given, else the profile's `publish.target`."""
    settings = profile.publish
    if to is None and settings is None:
        raise PublishError("게시할 곳이 없습니다: --to를 주거나 street.yaml에 publish: {target: …}를 적어 주세요 "
                           "(no target: give --to, or publish.target in the profile)")
    return parse_target(to or settings.target)


def publish_built(result: Any, *, to: str | None = None, dry_run: bool = False,
                  bwlimit: int | None = None) -> tuple[Target, Changes]:
    """Publish a finished build (a `BuildResult`) as its profile says; what `streetkit publish`
    and the studio's publish button both run."""
    settings = result.street.profile.publish
    target = target_of(result.street.profile, to)
    changes = publish(result.out_dir / "site", target, dry_run=dry_run, cname=settings.cname if settings else None,
                      nojekyll=bool(settings and settings.nojekyll), keep=settings.keep if settings else KEEP,
                      bwlimit=bwlimit)
    return target, changes
