"""Publishing over rsync and SSH to an association's or a district's own server, in releases.

On the server the target folder holds::

    releases/20261206T154012Z/   one folder per publish; the newest few are kept
    current -> releases/…        the web server's document root points here

A publish uploads into `releases/.<id>.partial` — only the files that differ from the live release
are sent, the rest become hard links to it (rsync's `--link-dest`) — renames it to `releases/<id>`,
and then points `current` at it by renaming a new symlink over the old one, so a visitor reads the
old site or the new one, never half of either. An interrupted publish leaves only a `.partial`
folder, which the next publish removes. `rollback` points `current` back at the release before it.

Credentials are SSH's own (keys, the agent, `~/.ssh/config`); `STREETKIT_SSH` replaces the `ssh`
command (as `RSYNC_RSH` would), e.g. to give a key file. `BatchMode` is always on, so a missing key
fails at once instead of waiting for a password nobody will type. A publish makes five trips to
the server (read the releases, compare, prepare, upload, switch): they share one SSH connection
(OpenSSH's ControlMaster, its socket in a private temporary folder, closed at the end), so the
handshake and login happen once.
"""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from .tree import Changes, PublishError, files_of, stage

#: How many releases a server keeps (the live one always among them) unless the profile says.
KEEP = 5
#: SSH's exit status when it could not connect or log in (anything else is the remote command's).
SSH_FAILED = 255


@dataclass(frozen=True)
class Server:
    """`user@host:path` or `ssh://user@host:port/path`: where the releases live."""

    host: str
    path: str
    user: str = ""
    port: int | None = None
    #: The socket of a shared connection (`connected`), if one is open.
    control: str | None = None

    def __str__(self) -> str:
        port = f":{self.port}" if self.port else ""
        return f"ssh://{self.login}{port}{self.path if self.path.startswith('/') else '/~/' + self.path}"

    @property
    def login(self) -> str:
        return f"{self.user}@{self.host}" if self.user else self.host

    def ssh(self) -> list[str]:
        """The ssh command as rsync's `-e` and our own remote scripts use it."""
        command = shlex.split(os.environ.get("STREETKIT_SSH", "ssh")) + ["-o", "BatchMode=yes"]
        if self.control:
            command += ["-o", "ControlMaster=no", "-o", f"ControlPath={self.control}"]
        return command + (["-p", str(self.port)] if self.port else [])

    def run(self, script: str) -> str:
        """Run a POSIX shell script in the target folder's parent on the server; its output."""
        try:
            done = subprocess.run([*self.ssh(), self.login, script], capture_output=True, text=True, timeout=300)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PublishError(f"{self}: 서버에 닿을 수 없습니다 (cannot reach the server): {exc}") from None
        if done.returncode == SSH_FAILED:
            raise PublishError(f"{self}: 서버에 닿을 수 없습니다 (cannot reach the server): {_last(done.stderr)}")
        if done.returncode != 0:
            raise PublishError(f"{self}: 서버에서 실패했습니다 (failed on the server): {_last(done.stderr)}")
        return done.stdout

    def rsync(self, source: Path, into: str, *options: str) -> str:
        """rsync `source/` into the folder `into` (relative to the target folder); its itemised output."""
        if shutil.which("rsync") is None:
            raise PublishError("rsync가 설치되어 있지 않습니다 (rsync is not installed)")
        command = ["rsync", "-rlc", "-8", "--itemize-changes", "-e", shlex.join(self.ssh()), *options,
                   f"{source}/", f"{self.login}:{self.folder}/{into}/"]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
        except subprocess.TimeoutExpired:
            raise PublishError(f"{self}: 한 시간 안에 다 올리지 못했습니다 (the upload took over an hour)") from None
        if done.returncode != 0:
            raise PublishError(f"{self}: 올리지 못했습니다, 지금 사이트는 그대로입니다 "
                               f"(could not upload; the live site is unchanged): {_last(done.stderr)}")
        return done.stdout

    @property
    def folder(self) -> str:
        return self.path.rstrip("/") or "/"


@contextmanager
def connected(server: Server) -> Iterator[Server]:
    """The server with one SSH connection that every step of a publish shares. A server that
    does not answer is reported at once (not waited for again by the first step); when the
    connection cannot be shared otherwise (a wrong key, an `ssh` that is not OpenSSH), the steps
    connect one by one as before and the first of them says what is wrong."""
    with tempfile.TemporaryDirectory(prefix="streetkit-ssh-") as folder:
        shared = replace(server, control=os.path.join(folder, "%C"))
        # -f: into the background once logged in. ControlPersist ends it a minute after its last
        # use if we are killed before we close it; a step that finds it gone connects on its own.
        master = [*server.ssh(), "-o", "ControlMaster=yes", "-o", f"ControlPath={shared.control}",
                  "-o", "ControlPersist=60", "-f", "-N", server.login]
        log = Path(folder) / "ssh.log"
        try:
            # Its output to a file: the background master would hold a pipe open, and run() wait on it.
            with log.open("wb") as err:
                opened = subprocess.run(master, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                                        timeout=60).returncode == 0
        except subprocess.TimeoutExpired:
            raise PublishError(f"{server}: 서버에 닿을 수 없습니다 (cannot reach the server): no answer in 60 s") from None
        except OSError:
            opened = False
        if not opened:
            message = _last(log.read_text("utf-8", errors="replace"))
            if "connect to host" in message or "Could not resolve hostname" in message:
                raise PublishError(f"{server}: 서버에 닿을 수 없습니다 (cannot reach the server): {message}")
            yield server
            return
        try:
            yield shared
        finally:
            subprocess.run([*shared.ssh(), "-O", "exit", server.login], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30, check=False)


@dataclass
class Releases:
    """What is on the server: its releases, oldest first, and the one `current` points at."""

    names: list[str]
    current: str | None


def _last(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if not line.startswith("Warning: Permanently added")]
    return lines[-1] if lines else "(no message)"


def releases(server: Server) -> Releases:
    """Read the target folder's releases without changing anything."""
    q = shlex.quote(server.folder)
    out = server.run(f"if [ -d {q} ]; then cd {q} || exit 3; "
                     "if [ -e current ] && [ ! -L current ]; then echo NOT-A-LINK; exit 0; fi; "
                     "echo \"current=$(readlink current 2>/dev/null)\"; ls -1 releases 2>/dev/null; fi")
    if out.startswith("NOT-A-LINK"):
        raise PublishError(f"{server}: 'current'가 폴더입니다; streetkit은 그 자리에 링크를 둡니다. 옮기고 다시 하세요 "
                           f"('{server.folder}/current' is a folder, not the link streetkit keeps there: move it away first)")
    lines = out.splitlines()
    current = lines[0].removeprefix("current=").removeprefix("releases/") if lines else ""
    names = sorted(n for n in lines[1:] if n and not n.startswith("."))
    return Releases(names, current if current in names else None)


def parse_itemized(output: str) -> Changes:
    """rsync's `--itemize-changes` lines as added / changed / removed files (folders left out)."""
    changes = Changes()
    for line in output.splitlines():
        code, name = line[:11], line[12:]
        if not name or name.endswith("/"):
            continue
        if code.startswith("*deleting"):
            changes.removed.append(name)
        elif code[:2] == "<f":
            (changes.added if code[2:].startswith("+++") else changes.changed).append(name)
    return changes


def to_server(site: Path, server: Server, add: dict[str, bytes], dry_run: bool, *, keep: int = KEEP,
              bwlimit: int | None = None) -> Changes:
    """Publish the site as a new release and make it live (see the module's docstring)."""
    with connected(server) as shared:
        return _to_server(site, shared, add, dry_run, keep, bwlimit)


def _to_server(site: Path, server: Server, add: dict[str, bytes], dry_run: bool, keep: int,
               bwlimit: int | None) -> Changes:
    before = releases(server)
    with tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / "site"
        stage(site, staged, add)
        if before.current is None:
            changes = Changes(added=sorted(files_of(staged)))
        else:  # what rsync itself would send and delete, compared by content with the live release
            changes = parse_itemized(server.rsync(staged, f"releases/{before.current}", "--dry-run", "--delete"))
        if dry_run or not changes.any:
            return changes
        release = _new_name(before.names)
        q = shlex.quote(server.folder)
        server.run(f"mkdir -p {q}/releases && cd {q} && rm -rf releases/.*.partial")
        link = [f"--link-dest=../{before.current}"] if before.current else []
        limit = [f"--bwlimit={bwlimit}"] if bwlimit else []
        server.rsync(staged, f"releases/.{release}.partial", *link, *limit)
    _switch(server, f"mv releases/.{release}.partial releases/{release}", release, keep)
    return changes


def rollback(server: Server) -> tuple[str, str]:
    """Point `current` at the release before the live one; returns (now live, was live)."""
    with connected(server) as shared:
        return _rollback(shared)


def _rollback(server: Server) -> tuple[str, str]:
    have = releases(server)
    if have.current is None:
        raise PublishError(f"{server}: 아직 올린 사이트가 없습니다 (nothing has been published there yet)")
    position = have.names.index(have.current)
    if position == 0:
        raise PublishError(f"{server}: 되돌릴 이전 사이트가 없습니다 (no earlier release to roll back to; "
                           f"kept: {', '.join(have.names)})")
    previous = have.names[position - 1]
    _switch(server, "true", previous, keep=0)
    return previous, have.current


def _switch(server: Server, first: str, release: str, keep: int) -> None:
    """Run `first`, then make `release` live with one rename; prune to the newest `keep` (0: none)."""
    prune = (f"ls -1 releases | sort -r | tail -n +{keep + 1} | while read -r old; do "
             f"[ \"$old\" = {shlex.quote(release)} ] || rm -rf \"releases/$old\"; done") if keep else "true"
    r = shlex.quote(f"releases/{release}")
    # `mv -T` renames the new link over the old one (rename(2)): no moment without a `current`.
    server.run(f"set -e; cd {shlex.quote(server.folder)}; {first}; ln -sfn {r} .current.new; "
               f"mv -T .current.new current; {prune}")


def _new_name(taken: list[str]) -> str:
    """The release's name: the UTC second, `-2`, `-3` … after one already made in that second —
    numbered past the highest kept, so the newest still sorts last after older ones were pruned."""
    name = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    numbers = [1 if t == name else int(t[len(name) + 1:]) for t in taken
               if t == name or (t.startswith(name + "-") and t[len(name) + 1:].isdigit())]
    return f"{name}-{max(numbers) + 1}" if numbers else name
