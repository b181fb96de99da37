"""The command line as a user meets it: scaffold, validate, build, listings, help and exit codes."""
from __future__ import annotations

import pytest

from conftest import run_cli

COMMANDS = ["new", "validate", "build", "serve", "plugins", "themes", "schema"]


def test_new_validate_build_round_trip(tmp_path):
    created = run_cli("new", "my-street", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    text = (tmp_path / "streets/my-street/street.yaml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=") and "# stable id" in text
    assert run_cli("validate", "streets/my-street", cwd=tmp_path).returncode == 0
    built = run_cli("build", "streets/my-street", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "[1/1] my-street:" in built.stdout and "site" in built.stdout and "print 6" in built.stdout
    assert (tmp_path / "_build/my-street/site/index.html").exists()
    assert (tmp_path / "_build/my-street/print/flyers/street-a5.pdf").exists()


def test_new_refuses_existing_folder_and_bad_slug(tmp_path):
    assert run_cli("new", "a", cwd=tmp_path).returncode == 0
    again = run_cli("new", "a", cwd=tmp_path)
    assert again.returncode == 1 and "already exists" in again.stderr
    bad = run_cli("new", "Bad Slug", cwd=tmp_path)
    assert bad.returncode == 1 and "lower-case ASCII" in bad.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = run_cli(command, "--help")
    assert result.returncode == 0 and "Usage: streetkit " + command in result.stdout


def test_usage_errors_exit_2_and_missing_street_exits_1(tmp_path):
    assert run_cli("build", cwd=tmp_path).returncode == 2
    assert run_cli("build", "x", "--only", "pdf", cwd=tmp_path).returncode == 2
    missing = run_cli("validate", "streets/nowhere", cwd=tmp_path)
    assert missing.returncode == 1 and "no street.yaml here" in missing.stderr and "Traceback" not in missing.stderr


def test_schema_command_prints_json():
    result = run_cli("schema")
    assert result.returncode == 0 and '"title": "streetkit street profile"' in result.stdout


def test_build_accepts_street_yaml_path_and_today(tmp_path):
    from datetime import date, timedelta

    from streetkit.scaffold import example_event_day

    run_cli("new", "s", cwd=tmp_path)
    day = example_event_day(date.today())
    assert f'start: "{day} 11:00"' in (tmp_path / "streets/s/street.yaml").read_text("utf-8")
    for today, shown in ((day, True), (day + timedelta(days=1), False)):  # the day after, it is archived
        result = run_cli("build", "streets/s/street.yaml", "--only", "site", "--today", today.isoformat(), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert ("골목 여는 날" in (tmp_path / "_build/s/site/index.html").read_text("utf-8")) is shown


def _streets(tmp_path, names):
    for name in names:
        assert run_cli("new", name, cwd=tmp_path).returncode == 0
    return [f"streets/{n}" for n in names]


def test_parallel_build_reports_each_street_and_isolates_a_failure(tmp_path):
    streets = _streets(tmp_path, ["east", "west", "north"])
    broken = tmp_path / "streets/north/street.yaml"
    broken.write_text(broken.read_text("utf-8").replace("primary:", "primary_:"), "utf-8")
    # The site alone: a scaffold's pages take a fraction of its PDFs' time.
    proc = run_cli("build", *streets, "--jobs", "2", "--only", "site", cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "building 3 streets in 2 processes" in proc.stdout
    for name in ("east", "west"):  # the good streets still built, each reported once
        assert proc.stdout.count(f"] {name}: ") == 1 and (tmp_path / f"_build/{name}/site/index.html").is_file()
    assert "north: failed" in proc.stderr and "unknown key `primary_`: did you mean `primary`?" in proc.stderr
    assert "1 of 3 streets failed" in proc.stderr and not (tmp_path / "_build/north").exists()

    # Mended, and one street edited: each line says what happened to that street.
    broken.write_text(broken.read_text("utf-8").replace("primary_:", "primary:"), "utf-8")
    about = tmp_path / "streets/east/pages/about.md"
    about.write_text(about.read_text("utf-8") + "\n한 줄 더.\n", "utf-8")
    proc = run_cli("build", *streets, "--jobs", "2", "--only", "site", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = {name: next(line for line in proc.stdout.splitlines() if f"] {name}: " in line) for name in ("east", "west")}
    assert "up to date" in lines["west"] and "up to date" not in lines["east"]
    assert proc.stdout.count("built because") == 1 and "built because the street's files changed" in proc.stdout


def test_a_street_named_twice_is_built_once(tmp_path):
    streets = _streets(tmp_path, ["east", "west"])
    # A shell glob after an explicit name repeats it; two processes must not write one folder.
    proc = run_cli("build", "streets/east/street.yaml", *streets, "--jobs", "2", "--only", "site", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "building 2 streets in 2 processes" in proc.stdout and proc.stdout.count("] east: ") == 1


def test_shards_split_streets_stably(tmp_path):
    streets = _streets(tmp_path, ["s1", "s2", "s3", "s4", "s5"])

    def shard(spec, names):
        proc = run_cli("build", *names, "--shard", spec, "--only", "site", "--jobs", "1", "--out", f"out-{spec[0]}",
                       cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        return {p.name for p in (tmp_path / f"out-{spec[0]}").iterdir()} if (tmp_path / f"out-{spec[0]}").exists() else set()

    first, second = shard("1/2", streets), shard("2/2", streets)
    assert first | second == {"s1", "s2", "s3", "s4", "s5"} and not first & second
    # Adding a street never moves the others to another shard.
    streets += _streets(tmp_path, ["s6"])
    import shutil
    shutil.rmtree(tmp_path / "out-1")
    assert shard("1/2", streets) - {"s6"} == first
    bad = run_cli("build", *streets, "--shard", "3/2", cwd=tmp_path)
    assert bad.returncode == 2 and "I must be between 1 and N" in bad.stderr
