"""Finding installed fonts through fontconfig, the way WeasyPrint and the browser would."""
from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache

from .errors import StreetkitError


@lru_cache(maxsize=None)
def find_font(pattern: str) -> tuple[str, int]:
    """(file, index in a collection) of the font fontconfig picks for `pattern`, e.g.
    `"Noto Sans CJK KR:style=Bold"` (use `style=`: fontconfig's `weight=` scale is not CSS's)."""
    if not shutil.which("fc-match"):
        raise StreetkitError("fc-match (fontconfig) is not installed; run scripts/setup.sh")
    out = subprocess.run(["fc-match", "-f", "%{file}|%{index}", pattern], capture_output=True, text=True)
    if out.returncode != 0 or "|" not in out.stdout:
        raise StreetkitError(f"no installed font matches {pattern!r}")
    path, index = out.stdout.rsplit("|", 1)
    return path, int(index or 0)
