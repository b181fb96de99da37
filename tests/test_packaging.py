"""The package builds cleanly: a wheel without warnings that carries every template and static file."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

from conftest import REPO


def test_the_wheel_builds_without_warnings_and_carries_every_data_file(tmp_path):
    # Built from a copy: setuptools leaves a build/ folder in the tree it builds.
    source = tmp_path / "src"
    for name in ("streetkit", "plugins", "themes"):
        shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO / name, source / name)
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                             "-w", str(tmp_path), str(source)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "warning" not in output.lower(), output
    (wheel,) = tmp_path.glob("streetkit-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        metadata = next(z.read(n).decode() for n in names if n.endswith(".dist-info/METADATA"))
    for folder, package in (("plugins", "streetkit_plugins"), ("themes", "streetkit_themes")):
        for f in (REPO / folder).rglob("*"):
            if f.is_file() and "__pycache__" not in f.parts:
                assert f"{package}/{f.relative_to(REPO / folder).as_posix()}" in names, f
    assert "streetkit/py.typed" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "License-Expression: MIT" in metadata
