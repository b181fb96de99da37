"""`streetkit publish`: for real, to a bare git repository, a folder and a zip on this machine."""
from __future__ import annotations

import filecmp
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import GOLDEN_STREET, TODAY, copy_street, run_cli

SLUG = GOLDEN_STREET.name  # a small street: these tests are about publishing, not building


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    copy_street(GOLDEN_STREET, root)
    return root


def _publish(ws: Path, *args: str):
    return run_cli("publish", ws / "streets" / SLUG, "--today", str(TODAY), *args, cwd=ws)


def _same_tree(a: Path, b: Path, ignore: tuple[str, ...] = ()) -> bool:
    cmp = filecmp.dircmp(a, b, ignore=[".git", *ignore])
    def clean(c) -> bool:
        return not (c.left_only or c.right_only or c.diff_files or c.funny_files) and all(clean(s) for s in c.subdirs.values())
    return clean(cmp)


def test_to_a_git_branch_then_nothing_when_nothing_changed(ws, tmp_path):
    bare = tmp_path / "site.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    path = ws / "streets" / SLUG / "street.yaml"
    path.write_text(path.read_text("utf-8").replace("\nmerchants:", "\npublish: {target: git+file://" + str(bare)
                                                    + "#gh-pages, cname: moturi.kr, nojekyll: true}\nmerchants:", 1), "utf-8")
    first = _publish(ws)
    assert first.returncode == 0, first.stderr
    assert "published" in first.stdout
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", "--branch", "gh-pages", str(bare), str(clone)], check=True)
    assert _same_tree(ws / "_build" / SLUG / "site", clone, ignore=("CNAME", ".nojekyll"))
    assert (clone / "CNAME").read_text() == "moturi.kr\n" and (clone / ".nojekyll").exists()
    commits = subprocess.run(["git", "-C", str(bare), "rev-list", "--count", "gh-pages"], capture_output=True, text=True).stdout
    again = _publish(ws)
    assert "nothing changed" in again.stdout
    assert subprocess.run(["git", "-C", str(bare), "rev-list", "--count", "gh-pages"],
                          capture_output=True, text=True).stdout == commits  # no empty commit


def test_to_a_folder_swapped_in_whole_with_a_dry_run_first(ws, tmp_path):
    live = tmp_path / "www" / "sinan"
    dry = _publish(ws, "--to", str(live), "--dry-run")
    assert dry.returncode == 0 and "would publish" in dry.stdout and "  + index.html" in dry.stdout
    assert not live.exists()
    assert _publish(ws, "--to", str(live)).returncode == 0
    assert _same_tree(ws / "_build" / SLUG / "site", live)
    assert not list(live.parent.glob(".sinan.*"))  # no half-made or old copy left beside it
    path = ws / "streets" / SLUG / "street.yaml"
    path.write_text(path.read_text("utf-8").replace("모서리책방", "모서리책방 2호점", 1), "utf-8")
    changed = _publish(ws, "--to", str(live))
    assert "changed" in changed.stdout and "0 changed" not in changed.stdout
    assert "모서리책방 2호점" in (live / "merchants" / "corner-books" / "index.html").read_text("utf-8")


def test_to_a_zip_for_a_hosting_panel(ws, tmp_path):
    target = tmp_path / "site.zip"
    assert _publish(ws, "--to", str(target)).returncode == 0
    with zipfile.ZipFile(target) as z:
        names = set(z.namelist())
    assert "index.html" in names and "merchants/corner-books/index.html" in names
    stamp = target.stat().st_mtime_ns
    assert "nothing changed" in _publish(ws, "--to", str(target)).stdout and target.stat().st_mtime_ns == stamp


def test_a_failed_build_publishes_nothing(ws, tmp_path):
    live = tmp_path / "www"
    path = ws / "streets" / SLUG / "street.yaml"
    path.write_text(path.read_text("utf-8").replace("    phone: 062-520-1201", "    phone: 12345", 1), "utf-8")
    result = _publish(ws, "--to", str(live))
    assert result.returncode == 1 and "merchants[0].phone" in result.stderr and "Traceback" not in result.stderr
    assert not live.exists()


def test_a_target_it_cannot_reach_is_named_in_both_languages(ws, tmp_path):
    result = _publish(ws, "--to", f"git+file://{tmp_path}/missing.git#gh-pages")
    assert result.returncode == 1 and "missing.git" in result.stderr
    assert "저장소에 닿을 수 없습니다" in result.stderr and "cannot reach the repository" in result.stderr


@pytest.mark.parametrize(("text", "kind", "shown"), [
    ("/srv/www/sinan", "folder", "/srv/www/sinan"),
    ("site.zip", "zip", "site.zip"),
    ("git+ssh://git@github.com/org/site.git#gh-pages", "git", "git+ssh://git@github.com/org/site.git#gh-pages"),
    ("ssh://deploy@example.kr:2222/srv/www/sinan", "rsync", "ssh://deploy@example.kr:2222/srv/www/sinan"),
    ("deploy@example.kr:/srv/www/sinan", "rsync", "ssh://deploy@example.kr/srv/www/sinan"),
    ("deploy@example.kr:www/sinan", "rsync", "ssh://deploy@example.kr/~/www/sinan"),
    ("ssh://example.kr/~/www", "rsync", "ssh://example.kr/~/www"),
])
def test_targets_as_people_write_them(text, kind, shown):
    from streetkit.publish import parse_target

    target = parse_target(text)
    assert (target.kind, str(target)) == (kind, shown)


@pytest.mark.parametrize("text", ["git+ssh://host/site.git", "ssh://host", "ssh://host:port/x", "deploy@host:"])
def test_a_target_missing_a_part_says_what_to_write(text):
    from streetkit.publish import PublishError, parse_target

    with pytest.raises(PublishError, match="게시할 곳"):
        parse_target(text)
