"""`streetkit publish` over rsync and SSH, for real: to an sshd this module starts on 127.0.0.1
with a throwaway host key and client key, as an association's own server would be reached."""
from __future__ import annotations

import filecmp
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import GOLDEN_STREET, TODAY, copy_street, edit_profile, free_port, run_cli

SLUG = GOLDEN_STREET.name


@pytest.fixture(scope="module")
def ws(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("ws")
    copy_street(GOLDEN_STREET, root)
    return root


def _publish(ws: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    return run_cli("publish", ws / "streets" / SLUG, "--today", str(TODAY), *args, cwd=ws, env=env)


def _edit(ws: Path, old: str, new: str) -> None:
    edit_profile(ws / "streets" / SLUG, old, new)


def _same(a: Path, b: Path) -> bool:
    def clean(c: filecmp.dircmp) -> bool:
        return not (c.left_only or c.right_only or c.diff_files or c.funny_files) and all(clean(s) for s in c.subdirs.values())
    return clean(filecmp.dircmp(a, b))


def test_releases_over_ssh_send_only_what_changed_and_roll_back(sshd, ws, tmp_path):
    env, login, port = sshd.env, sshd.login, sshd.port
    live = tmp_path / "srv" / "golden"
    to = f"ssh://{login}:{port}{live}"
    site = ws / "_build" / SLUG / "site"

    dry = _publish(ws, env, "--to", to, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "would publish" in dry.stdout and "  + index.html" in dry.stdout and not live.exists()

    logins = sshd.logins()
    first = _publish(ws, env, "--to", to)
    assert first.returncode == 0, first.stderr
    assert (live / "current").is_symlink() and _same(site, live / "current")
    assert sshd.logins() == logins + 1  # five trips to the server over one connection
    (release1,) = sorted(p.name for p in (live / "releases").iterdir())

    again = _publish(ws, env, "--to", to)
    assert "nothing changed" in again.stdout and "바뀐 것이 없습니다" in again.stdout
    assert sorted(p.name for p in (live / "releases").iterdir()) == [release1]  # nothing sent, no new release

    _edit(ws, "모서리책방", "모서리책방 2호점")  # (a release in the same second as the last is named …Z-2)
    dry = _publish(ws, env, "--to", to, "--dry-run")
    assert "  ~ merchants/corner-books/index.html" in dry.stdout and "  + index.html" not in dry.stdout, dry.stdout
    assert "  ~ merchants/corner-books/index.html.gz" in dry.stdout  # the page's gzip twin goes with it
    changed = dry.stdout.count("\n  ~ ")
    assert 6 <= changed <= 12  # the shop's page and the lists that name it, in two languages, and their twins
    second = _publish(ws, env, "--to", to)
    assert second.returncode == 0, second.stderr
    assert f"published 0 added, {changed} changed, 0 removed" in second.stdout
    release2 = os.readlink(live / "current").removeprefix("releases/")
    assert release2 != release1 and _same(site, live / "current")
    assert "모서리책방 2호점" in (live / "current" / "merchants" / "corner-books" / "index.html").read_text("utf-8")
    # Only changed files were sent: an unchanged file of the new release is the old release's file (a hard link).
    old, new = live / "releases" / release1, live / "releases" / release2
    assert (old / "robots.txt").stat().st_ino == (new / "robots.txt").stat().st_ino
    assert (old / "merchants/corner-books/index.html").stat().st_ino != (new / "merchants/corner-books/index.html").stat().st_ino

    back = _publish(ws, env, "--to", to, "--rollback")
    assert back.returncode == 0, back.stderr
    assert "rolled back" in back.stdout
    assert os.readlink(live / "current") == f"releases/{release1}"
    assert "모서리책방 2호점" not in (live / "current" / "merchants" / "corner-books" / "index.html").read_text("utf-8")
    none_left = _publish(ws, env, "--to", to, "--rollback")
    assert none_left.returncode == 1 and "되돌릴 이전 사이트가 없습니다" in none_left.stderr
    assert "no earlier release" in none_left.stderr and "Traceback" not in none_left.stderr


def test_the_profile_names_the_server_and_how_many_releases_stay(sshd, ws, tmp_path):
    env, login, port = sshd.env, sshd.login, sshd.port
    live = tmp_path / "srv"
    _edit(ws, "\nmerchants:", f"\npublish: {{target: '{login}:{live}', keep: 2}}\nmerchants:")
    # user@host:/folder takes no port: ~/.ssh/config's job, here STREETKIT_SSH's.
    env = {"STREETKIT_SSH": env["STREETKIT_SSH"] + f" -p {port}"}
    about = ws / "streets" / SLUG / "pages/about.md"  # on the site only: no PDF is made again
    for n in range(3):
        about.write_text(about.read_text("utf-8") + f"\n개정 {n}\n", "utf-8")
        result = _publish(ws, env)
        assert result.returncode == 0, result.stderr
    releases = sorted(p.name for p in (live / "releases").iterdir())
    assert len(releases) == 2 and os.readlink(live / "current") == f"releases/{releases[-1]}"


def test_an_interrupted_publish_leaves_the_live_site_as_it_was(sshd, ws, tmp_path):
    env, login, port = sshd.env, sshd.login, sshd.port
    live = tmp_path / "srv"
    to = f"ssh://{login}:{port}{live}"
    assert _publish(ws, env, "--to", to).returncode == 0
    before = os.readlink(live / "current")
    snapshot = tmp_path / "before"
    shutil.copytree(live / "current", snapshot)
    _edit(ws, "\nname_en: Golden Alley Market", "")  # the English half goes: many files change and go
    proc = subprocess.Popen([sys.executable, "-m", "streetkit", "publish", str(ws / "streets" / SLUG), "--today", str(TODAY),
                             "--to", to, "--bwlimit", "16"], cwd=ws, env={**os.environ, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    partial: list[Path] = []
    while time.monotonic() < deadline and not partial:
        partial = [p for p in (live / "releases").glob(".*.partial") if any(p.rglob("*.html"))]
        time.sleep(0.05)
    assert partial, "the upload never started"
    os.killpg(proc.pid, signal.SIGKILL)  # the office's power goes off midway
    proc.wait(10)
    assert os.readlink(live / "current") == before and _same(snapshot, live / "current")
    done = _publish(ws, env, "--to", to)  # the next publish clears the half-made release and finishes
    assert done.returncode == 0, done.stderr
    assert not list((live / "releases").glob(".*.partial"))
    assert not (live / "current" / "en").exists() and _same(ws / "_build" / SLUG / "site", live / "current")


def test_a_server_it_cannot_reach_is_named_in_both_languages(ws, tmp_path):
    # An ssh that notes each time it is run: a server that does not answer is tried once, not
    # waited for again by the publish's first step.
    calls = tmp_path / "calls"
    wrapper = tmp_path / "ssh"
    wrapper.write_text(f'#!/bin/sh\necho x >> "{calls}"\nexec ssh "$@"\n')
    wrapper.chmod(0o755)
    env = {"STREETKIT_SSH": f"{wrapper} -o ConnectTimeout=5"}
    result = _publish(ws, env, "--to", f"ssh://nobody@127.0.0.1:{free_port()}/srv/www")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "127.0.0.1" in result.stderr and "서버에 닿을 수 없습니다" in result.stderr and "cannot reach the server" in result.stderr
    assert "connect to host" in result.stderr and calls.read_text().count("x") == 1


def test_a_live_folder_that_is_not_a_release_link_is_left_alone(sshd, ws, tmp_path):
    env, login, port = sshd.env, sshd.login, sshd.port
    live = tmp_path / "srv"
    (live / "current").mkdir(parents=True)
    (live / "current" / "index.html").write_text("the association's old site")
    result = _publish(ws, env, "--to", f"ssh://{login}:{port}{live}")
    assert result.returncode == 1 and "move it away" in result.stderr and "옮기고" in result.stderr
    assert (live / "current" / "index.html").read_text() == "the association's old site"


def test_releases_made_in_one_second_keep_sorting_newest_last(monkeypatch):
    """Names are sorted to prune and to roll back: a fourth release within a second, after the
    first was pruned, must not take the freed name (it would sort as the oldest)."""
    from datetime import UTC, datetime

    from streetkit.publish import rsync

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 12, 7, 3, 4, 5, tzinfo=UTC)

    monkeypatch.setattr(rsync, "datetime", Frozen)
    assert rsync._new_name([]) == "20261207T030405Z"
    assert rsync._new_name(["20261207T030405Z"]) == "20261207T030405Z-2"
    assert rsync._new_name(["20261207T030405Z-2", "20261207T030405Z-3"]) == "20261207T030405Z-4"
    assert rsync._new_name(["20261207T030404Z", "20261207T030405Z-x"]) == "20261207T030405Z"
