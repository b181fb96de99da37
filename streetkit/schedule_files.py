"""`streetkit ci`: the files that rebuild and publish a workspace's streets on every push and
every night, ready to commit — a GitHub Actions workflow, a GitLab CI file, and a systemd timer
(or a cron line) for a district's own server.

Why every night: a static site is built at a moment, and "upcoming" or "D-3" is true only as of
that moment (the browser keeps them fresh, but new dates, new posts and the sitemap need a build).
Nightly runs are at 00:10 Korea time, just after the date changes.
"""
from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

from .errors import StreetkitError

#: 00:10 in Korea is 15:10 UTC the day before (Korea has no summer time); GitHub's cron is in UTC.
NIGHTLY_UTC_CRON = "10 15 * * *"
NIGHTLY_KST = "00:10"
#: The Debian/Ubuntu packages a build needs on a CI runner: Korean fonts, WeasyPrint's text
#: layout and fast subsetting, cairo for the brand pack, rsync and ssh for a server target.
RUNNER_PACKAGES = "fonts-noto-cjk fonts-nanum libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libcairo2 rsync openssh-client"


@dataclass(frozen=True)
class StreetTarget:
    """One street to rebuild: its folder relative to the workspace, and how it is published."""

    folder: str  # e.g. streets/sinan-alley
    slug: str
    target: str | None  # the profile's publish.target

    @property
    def over_ssh(self) -> bool:
        from .publish import parse_target

        return self.target is not None and parse_target(self.target).kind == "rsync"


def github_workflow(streets: list[StreetTarget], install: str) -> str:
    """A workflow that builds the streets; one published to a server is published with the SSH key
    kept in the repository's secrets, the others go to GitHub Pages (one street per repository)."""
    servers = [s for s in streets if s.over_ssh]
    pages = [s for s in streets if not s.over_ssh]
    if len(pages) > 1:
        raise StreetkitError("GitHub Pages는 저장소마다 사이트 하나입니다: --street로 하나를 고르거나 "
                             "나머지에 publish.target(서버)을 적어 주세요 "
                             "(GitHub Pages serves one site per repository: choose one street with --street, "
                             f"or give the others a server as publish.target): {', '.join(s.slug for s in pages)}")
    steps = [
        "      - uses: actions/checkout@v4",
        "      - uses: actions/setup-python@v5",
        "        with:",
        "          python-version: \"3.12\"",
        "      - name: Korean fonts and print tools",
        f"        run: sudo apt-get update && sudo apt-get install -y --no-install-recommends {RUNNER_PACKAGES}",
        "      - name: Install streetkit",
        "        run: pip install \"$STREETKIT\"",
    ]
    for street in servers:
        steps += [
            f"      - name: Build and publish {street.slug}",
            "        env:",
            "          SSH_KEY: ${{ secrets.STREETKIT_SSH_KEY }}",
            "          SSH_KNOWN_HOSTS: ${{ secrets.STREETKIT_KNOWN_HOSTS }}",
            "        run: |",
            "          install -m 600 /dev/null \"$RUNNER_TEMP/key\" && printf '%s\\n' \"$SSH_KEY\" > \"$RUNNER_TEMP/key\"",
            "          printf '%s\\n' \"$SSH_KNOWN_HOSTS\" > \"$RUNNER_TEMP/known_hosts\"",
            "          export STREETKIT_SSH=\"ssh -i $RUNNER_TEMP/key -o UserKnownHostsFile=$RUNNER_TEMP/known_hosts\"",
            f"          streetkit publish {shlex.quote(street.folder)}",
        ]
    for street in pages:
        steps += [
            f"      - name: Build {street.slug}",
            f"        run: streetkit build {shlex.quote(street.folder)}",
            "      - uses: actions/upload-pages-artifact@v3",
            "        with:",
            f"          path: _build/{street.slug}/site",
        ]
    deploy = [
        "  deploy:",
        "    needs: build",
        "    runs-on: ubuntu-24.04",
        "    environment:",
        "      name: github-pages",
        "      url: ${{ steps.deployment.outputs.page_url }}",
        "    steps:",
        "      - id: deployment",
        "        uses: actions/deploy-pages@v4",
    ] if pages else []
    return "\n".join([
        "# Written by `streetkit ci`. Builds the streets on every push to main, every night at",
        f"# {NIGHTLY_KST} Korea time (so dates and D-days stay true), and when you press",
        "# 'Run workflow' on the Actions tab; then publishes them. See docs/publish.md.",
        "name: streetkit",
        "on:",
        "  push:",
        "    branches: [main]",
        "  schedule:",
        f"    - cron: \"{NIGHTLY_UTC_CRON}\"  # {NIGHTLY_KST} in Korea (GitHub's clock is UTC)",
        "  workflow_dispatch:",
        "permissions:",
        "  contents: read",
        "  pages: write",
        "  id-token: write",
        "concurrency:",
        "  group: streetkit-publish",
        "  cancel-in-progress: false",
        "env:",
        f"  STREETKIT: \"{install}\"  # where pip finds streetkit; change it if yours comes from elsewhere",
        "jobs:",
        "  build:",
        "    runs-on: ubuntu-24.04",
        "    steps:",
        *steps,
        *deploy,
        "",
    ])


def gitlab_ci(streets: list[StreetTarget], install: str) -> str:
    """GitLab CI: a `pages` job (GitLab Pages publishes its `public/` folder) for a street without a
    server, a job per street published to a server. The nightly run is a pipeline schedule, set in
    GitLab's settings with the Asia/Seoul time zone (docs/publish.md)."""
    pages = [s for s in streets if not s.over_ssh]
    if len(pages) > 1:
        raise StreetkitError("GitLab Pages는 프로젝트마다 사이트 하나입니다: --street로 하나를 고르세요 "
                             f"(GitLab Pages serves one site per project: choose one with --street): "
                             f"{', '.join(s.slug for s in pages)}")
    out = [
        "# Written by `streetkit ci`. Builds the streets on every push to the default branch and on",
        f"# the nightly pipeline schedule (Build > Pipeline schedules: '10 0 * * *', Asia/Seoul, {NIGHTLY_KST}),",
        "# then publishes them. See docs/publish.md.",
        "default:",
        "  image: python:3.12-bookworm",
        "  before_script:",
        f"    - apt-get update && apt-get install -y --no-install-recommends {RUNNER_PACKAGES}",
        "    - pip install \"$STREETKIT\"",
        "variables:",
        f"  STREETKIT: \"{install}\"  # where pip finds streetkit; change it if yours comes from elsewhere",
        "workflow:",
        "  rules:",
        "    - if: $CI_PIPELINE_SOURCE == \"schedule\"",
        "    - if: $CI_PIPELINE_SOURCE == \"web\"",
        "    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH",
    ]
    for street in streets:
        if street.over_ssh:
            out += [
                f"publish-{street.slug}:",
                "  script:",
                "    - install -m 600 \"$STREETKIT_SSH_KEY\" /tmp/key  # a CI/CD variable of type File",
                "    - export STREETKIT_SSH=\"ssh -i /tmp/key -o UserKnownHostsFile=$STREETKIT_KNOWN_HOSTS\"",
                f"    - streetkit publish {shlex.quote(street.folder)}",
            ]
        else:
            out += [
                "pages:",
                "  script:",
                f"    - streetkit build {shlex.quote(street.folder)}",
                f"    - rm -rf public && cp -r _build/{street.slug}/site public",
                "  artifacts:",
                "    paths: [public]",
            ]
    return "\n".join([*out, ""])


def systemd_units(workspace: Path, streets: list[StreetTarget], streetkit: str) -> dict[str, str]:
    """A oneshot service that publishes the streets, and a timer that starts it at 00:10 Korea
    time (and at boot, if the machine was off then)."""
    commands = [f"ExecStart={shlex.quote(streetkit)} publish {shlex.quote(s.folder)}" for s in streets]
    service = "\n".join([
        "# Written by `streetkit ci --systemd`. Install: see docs/publish.md (systemctl enable --now streetkit-publish.timer).",
        "[Unit]",
        "Description=Build and publish the shopping streets' sites (streetkit)",
        "Wants=network-online.target",
        "After=network-online.target",
        "",
        "[Service]",
        "Type=oneshot",
        f"WorkingDirectory={workspace}",
        *commands,
        "",
    ])
    timer = "\n".join([
        "# Written by `streetkit ci --systemd`.",
        "[Unit]",
        "Description=Rebuild and publish the streets every night just after midnight, Korea time",
        "",
        "[Timer]",
        f"OnCalendar=*-*-* {NIGHTLY_KST}:00 Asia/Seoul",
        "Persistent=true",
        "",
        "[Install]",
        "WantedBy=timers.target",
        "",
    ])
    return {"streetkit-publish.service": service, "streetkit-publish.timer": timer}


def cron_line(workspace: Path, streets: list[StreetTarget], streetkit: str) -> str:
    """The same as the timer, for a crontab (cronie and Debian's cron read CRON_TZ)."""
    run = " && ".join(f"{shlex.quote(streetkit)} publish {shlex.quote(s.folder)}" for s in streets)
    return (f"CRON_TZ=Asia/Seoul\n10 0 * * * cd {shlex.quote(str(workspace))} && {run} "
            f">> {shlex.quote(str(workspace / '_build' / 'publish.log'))} 2>&1\n")
