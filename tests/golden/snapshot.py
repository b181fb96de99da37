"""The golden fixture's build as text a reviewer can read: what `test_golden.py` compares with the
files committed under `tests/golden/expected/`, and what `refresh.py` writes there.

- Text outputs (HTML, XML, CSS, JS, JSON, iCalendar …) as they are, with content hashes in file
  names (`site.3f2a9c1b0d.css`) replaced by `HASH`, since they change with any byte of the file.
- PDFs as their page boxes (mm), the fonts they embed (without the subset prefix) and their text
  (pdftotext), so a template change shows as the words and boxes it moved.
- Images, fonts and archives as one line each in `MANIFEST.txt` (kind, pixel size, members): their
  bytes depend on library versions, their presence and size do not.
"""
from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

from PIL import Image as PILImage

HERE = Path(__file__).resolve().parent
STREET = HERE / "streets" / "golden-alley"
EXPECTED = HERE / "expected"
TEXT = {".html", ".xml", ".css", ".js", ".json", ".ics", ".txt", ".webmanifest", ".svg", ".md", ".gpl"}
_HASHED = re.compile(r"\.[0-9a-f]{10}\.(css|js|woff2)\b")
MM = 72 / 25.4


def _text(data: bytes) -> str:
    return _HASHED.sub(r".HASH.\1", data.decode("utf-8"))


def _pdf(path: Path) -> str:
    import pikepdf

    lines = []
    with pikepdf.open(path) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            boxes = []
            for name in ("/MediaBox", "/TrimBox", "/BleedBox"):
                box = page.obj.get(name)
                if box is not None:
                    x0, y0, x1, y1 = (float(v) / MM for v in box)
                    boxes.append(f"{name[1:]} {x1 - x0:.1f}×{y1 - y0:.1f} mm")
            lines.append(f"page {n}: " + ", ".join(boxes))
        fonts = set()
        for page in pdf.pages:
            # .items(), not .values(): pikepdf before 10 has no values() (the minimum-versions run)
            for _name, font in (page.obj.get("/Resources", {}).get("/Font", {}) or {}).items():
                fonts.add(re.sub(r"^[A-Z]{6}\+", "", str(font.get("/BaseFont", "?")).lstrip("/")))
    lines.append("fonts: " + ", ".join(sorted(fonts)))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout
    lines += ["", text.decode("utf-8").replace("\u2060", "").rstrip()]
    return "\n".join(lines) + "\n"


def _binary(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".png", ".jpg", ".jpeg", ".webp", ".gif", ".ico"):
        with PILImage.open(path) as im:
            return f"image {im.format} {im.width}×{im.height}"
    if suffix == ".zip":
        with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
            return f"zip of {len(z.namelist())}: " + ", ".join(_HASHED.sub(r".HASH.\1", n) for n in sorted(z.namelist()))
    if suffix in (".woff2", ".ttf", ".otf"):
        return "font"
    return f"{suffix or 'file'}"


def snapshot(out_dir: Path) -> dict[str, str]:
    """{path under expected/: its text} for a build of the golden street in `out_dir`."""
    files: dict[str, str] = {}
    manifest = []
    for path in sorted(p for p in out_dir.rglob("*") if p.is_file() and p.name != ".streetkit-record.json"):
        rel = _HASHED.sub(r".HASH.\1", path.relative_to(out_dir).as_posix())
        if path.suffix.lower() in TEXT:
            files[rel] = _text(path.read_bytes())
            manifest.append(rel)
        elif path.suffix.lower() == ".pdf":
            files[rel + ".txt"] = _pdf(path)
            manifest.append(f"{rel}  (PDF, see {Path(rel).name}.txt)")
        else:
            manifest.append(f"{rel}  ({_binary(path)})")
    files["MANIFEST.txt"] = "\n".join(manifest) + "\n"
    return files


def build(out_root: Path) -> Path:
    """Build the golden street (as of a fixed date) into `out_root`; its output folder."""
    from datetime import date

    from streetkit.build import Builder
    from streetkit.workspace import Workspace

    builder = Builder(Workspace.open(STREET.parent.parent), out_root=out_root, today=date(2026, 11, 23))
    try:
        return builder.build(STREET).out_dir
    finally:
        builder.close()
