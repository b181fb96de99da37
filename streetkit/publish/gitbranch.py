"""Publishing to a git branch (GitHub Pages, GitLab Pages): the site committed to that branch, a
new commit only when something changed; git's own credentials, never the profile's."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .tree import Changes, PublishError, diff, files_of, stage, with_extras


def _git(*args: str, cwd: Path | None = None) -> str:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_AUTHOR_NAME": "streetkit", "GIT_AUTHOR_EMAIL": "streetkit@localhost",
           "GIT_COMMITTER_NAME": "streetkit", "GIT_COMMITTER_EMAIL": "streetkit@localhost"}
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=600)
    if done.returncode != 0:
        raise PublishError(f"git {args[0]}: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def to_git(site: Path, url: str, branch: str, add: dict[str, bytes], dry_run: bool) -> Changes:
    """Commit the site to `branch` of the repository at `url` and push it."""
    label = f"git+{url}#{branch}"
    if shutil.which("git") is None:
        raise PublishError("git이 설치되어 있지 않습니다 (git is not installed)")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "w"
        try:
            branches = _git("ls-remote", "--heads", url, branch)
        except PublishError as exc:
            raise PublishError(f"{label}: 저장소에 닿을 수 없습니다 (cannot reach the repository): {exc}") from None
        if branches.strip():
            _git("clone", "--quiet", "--depth", "1", "--branch", branch, url, str(work))
        else:
            _git("init", "--quiet", str(work))
            _git("checkout", "--quiet", "--orphan", branch, cwd=work)
            _git("remote", "add", "origin", url, cwd=work)
        changes = diff(with_extras(files_of(site), add), files_of(work))
        if dry_run or not changes.any:
            return changes
        for child in work.iterdir():
            if child.name != ".git":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        stage(site, work, add)
        _git("add", "--all", cwd=work)
        _git("commit", "--quiet", "-m", f"Publish: {changes.summary()}", cwd=work)
        try:
            _git("push", "--quiet", "origin", f"HEAD:refs/heads/{branch}", cwd=work)
        except PublishError as exc:
            raise PublishError(f"{label}: 올리지 못했습니다 (could not push): {exc}") from None
    return changes
