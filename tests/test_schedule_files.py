"""`streetkit ci`: the files that rebuild and publish every night and on every push. Their build
and publish steps are run here as the CI runner or the timer would run them."""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from conftest import GOLDEN_STREET, copy_street, edit_profile, run_cli

SLUG = GOLDEN_STREET.name
KST = timezone(timedelta(hours=9))
#: The runner's tools are this virtual environment's.
RUNNER_ENV = {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    copy_street(GOLDEN_STREET, root)
    return root


def _target(ws: Path, target: str) -> None:
    edit_profile(ws / "streets" / SLUG, "\nmerchants:", f"\npublish: {{target: '{target}'}}\nmerchants:")


def _bash(script: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **RUNNER_ENV, **(env or {})}, timeout=300)


def _step(workflow: dict, name: str) -> dict:
    return next(s for s in workflow["jobs"]["build"]["steps"] if s.get("name") == name)


def test_github_pages_workflow_builds_nightly_after_midnight_in_korea(ws):
    result = run_cli("ci", ws)
    assert result.returncode == 0, result.stderr
    workflow = yaml.safe_load((ws / ".github/workflows/streetkit.yml").read_text("utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "push" in triggers and "workflow_dispatch" in triggers
    minute, hour, *rest = triggers["schedule"][0]["cron"].split()
    assert rest == ["*", "*", "*"]
    in_korea = datetime(2026, 12, 6, int(hour), int(minute), tzinfo=UTC).astimezone(KST)
    assert (in_korea.hour, in_korea.minute) == (0, 10)  # just after the date changes in Korea
    assert "fonts-noto-cjk" in _step(workflow, "Korean fonts and print tools")["run"]
    # The build step, run as the runner runs it, builds what the Pages step uploads.
    build = _step(workflow, f"Build {SLUG}")
    assert _bash(build["run"], ws).returncode == 0
    upload = next(s for s in workflow["jobs"]["build"]["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert (ws / upload["with"]["path"] / "index.html").is_file()
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")
    gitlab = yaml.safe_load((ws / ".gitlab-ci.yml").read_text("utf-8"))
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]
    assert _bash("\n".join(gitlab["pages"]["script"]), ws).returncode == 0 and (ws / "public" / "index.html").is_file()
    again = run_cli("ci", ws)
    assert again.returncode == 1 and "already there (--force overwrites them)" in again.stderr
    assert "덮어쓰려면 --force" in run_cli("--lang", "ko", "ci", ws).stderr
    assert run_cli("ci", ws, "--force", "--install", "streetkit @ git+https://example.kr/streetkit.git").returncode == 0
    assert "git+https://example.kr/streetkit.git" in (ws / ".github/workflows/streetkit.yml").read_text("utf-8")


def test_a_server_target_is_published_with_the_key_from_the_repository_secrets(ws, sshd, tmp_path):
    live = tmp_path / "srv"
    _target(ws, f"ssh://{sshd.login}:{sshd.port}{live}")
    assert run_cli("ci", ws, "--no-gitlab").returncode == 0
    workflow = yaml.safe_load((ws / ".github/workflows/streetkit.yml").read_text("utf-8"))
    step = _step(workflow, f"Build and publish {SLUG}")
    assert step["env"]["SSH_KEY"] == "${{ secrets.STREETKIT_SSH_KEY }}" and "deploy" not in workflow["jobs"]
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()
    secrets = {"SSH_KEY": sshd.key.read_text(), "SSH_KNOWN_HOSTS": sshd.known_hosts, "RUNNER_TEMP": str(runner_temp)}
    done = _bash(step["run"], ws, env={**secrets, "STREETKIT_SSH": ""})
    assert done.returncode == 0, done.stderr
    assert (live / "current" / "index.html").is_file()


def test_a_timer_for_the_district_server_runs_the_same_publish(ws, tmp_path):
    live = tmp_path / "www"
    _target(ws, str(live))
    assert run_cli("ci", ws, "--systemd", "--no-github", "--no-gitlab").returncode == 0
    timer = (ws / "deploy" / "streetkit-publish.timer").read_text()
    assert "OnCalendar=*-*-* 00:10:00 Asia/Seoul" in timer and "Persistent=true" in timer
    service = (ws / "deploy" / "streetkit-publish.service").read_text()
    assert f"WorkingDirectory={ws.resolve()}" in service and "Type=oneshot" in service
    for line in service.splitlines():
        if line.startswith("ExecStart="):
            assert subprocess.run(shlex.split(line.removeprefix("ExecStart=")), cwd=ws, capture_output=True).returncode == 0
    assert (live / "index.html").is_file()
    cron = (ws / "deploy" / "crontab").read_text()
    assert cron.startswith("CRON_TZ=Asia/Seoul\n10 0 * * * ")


def test_two_streets_cannot_share_one_pages_site(ws):
    shutil.copytree(ws / "streets" / SLUG, ws / "streets" / "second")
    path = ws / "streets" / "second" / "street.yaml"
    path.write_text(path.read_text("utf-8").replace(f"slug: {SLUG}", "slug: second"), "utf-8")
    result = run_cli("ci", ws)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "one site per repository" in result.stderr and "저장소마다 사이트 하나" in result.stderr
    assert run_cli("ci", ws, "--street", ws / "streets" / "second").returncode == 0
