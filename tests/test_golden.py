"""Golden output: the golden street's whole build, as text, equals tests/golden/expected/.

A template or plugin change that changes what is built shows here as a readable diff of pages,
PDF text and boxes. When the change is meant, refresh the expected files and commit them:

    .venv/bin/python tests/golden/refresh.py
"""
from __future__ import annotations

import difflib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "golden"))
from snapshot import EXPECTED, build, snapshot


def test_the_golden_street_builds_as_expected(tmp_path):
    actual = snapshot(build(tmp_path))
    expected = {p.relative_to(EXPECTED).as_posix(): p.read_bytes().decode("utf-8") for p in EXPECTED.rglob("*") if p.is_file()}
    assert sorted(actual) == sorted(expected), (
        f"files differ: new {sorted(set(actual) - set(expected))}, gone {sorted(set(expected) - set(actual))}; "
        "if meant, run .venv/bin/python tests/golden/refresh.py")
    changed = [name for name in sorted(actual) if actual[name] != expected[name]]
    diffs = "".join("".join(difflib.unified_diff(expected[n].splitlines(True), actual[n].splitlines(True),
                                                 f"expected/{n}", f"built/{n}", n=2))[:3000] for n in changed[:5])
    assert not changed, f"{len(changed)} files differ (if meant, run .venv/bin/python tests/golden/refresh.py):\n{diffs}"
