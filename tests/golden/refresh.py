"""Write the golden street's build, as text, to tests/golden/expected/ (run after a change that is
meant to change the output, then read `git diff tests/golden/expected` and commit it).

    .venv/bin/python tests/golden/refresh.py
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from snapshot import EXPECTED, build, snapshot

if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        files = snapshot(build(Path(tmp)))
    shutil.rmtree(EXPECTED, ignore_errors=True)
    for rel, text in files.items():
        target = EXPECTED / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))  # as built: iCalendar keeps its CRLF line ends
    print(f"wrote {len(files)} files to {EXPECTED.relative_to(Path.cwd()) if EXPECTED.is_relative_to(Path.cwd()) else EXPECTED}")
