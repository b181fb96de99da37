"""The opt-in CMYK path: Ghostscript turns a finished RGB PDF into PDF/X-3 with a CMYK ICC output intent.

Limits (Ghostscript 10.0, Debian 12): PDF/X-3 only — PDF/X-1a and PDF/X-4 need Ghostscript 10.05 or
later; link annotations are dropped (PDF/X forbids them); text and vectors in `#1A1A1A` become a
four-colour black, which some shops ask to be changed to pure K; fonts stay embedded and subset.
The default profile is Ghostscript's own `default_cmyk.icc` (a SWOP-like coated profile); pass the
shop's profile (e.g. Japan Color 2001 Coated, common in Korea) with `--icc`.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..errors import BuildError
from ..i18n import _

DEFAULT_PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")


def _ps_string(text: str) -> str:
    """A PostScript string pdfmark accepts for any text: UTF-16BE hex with a byte-order mark."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _pdfx_def(profile: Path, title: str) -> str:
    """Ghostscript's PDFX_def.ps with our ICC profile and title filled in."""
    found = sorted(glob.glob("/usr/share/ghostscript/*/lib/PDFX_def.ps"))
    if not found:
        raise BuildError(_("--cmyk: Ghostscript's PDFX_def.ps not found; install Debian's `ghostscript` package"))
    text = Path(found[-1]).read_text("latin-1")
    text = text.replace("/Title (Title)", f"/Title {_ps_string(title)}")
    return text.replace("(ISO Coated sb.icc)", "(" + str(profile).replace("\\", "\\\\").replace("(", "\\(")
                        .replace(")", "\\)") + ")")


def to_pdfx3(source: Path, target: Path, profile: Path, title: str, created: int = 0) -> None:
    """Convert `source` to a PDF/X-3 `target` in CMYK for `profile`, dated `created` (Unix time).

    Same input, same bytes: Ghostscript takes its dates from SOURCE_DATE_EPOCH and derives the
    document ID from them and the output file name, so it writes to a fixed name in a temporary folder."""
    gs = shutil.which("gs")
    if gs is None:
        raise BuildError(_("--cmyk needs Ghostscript: install Debian's `ghostscript` package (scripts/setup.sh does)"))
    with tempfile.TemporaryDirectory() as tmp:
        definition = Path(tmp) / "pdfx_def.ps"
        definition.write_text(_pdfx_def(profile, title), "latin-1")
        cmd = [gs, "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-dPDFX=true", "-dShowAnnots=false",
               # WeasyPrint wraps anchored SVG text (chart labels) in transparency groups; PDF/X-3 has no
               # transparency, and flattening them turned every glyph of the document into outlines.
               "-dNOTRANSPARENCY",
               "-sDEVICE=pdfwrite", "-sColorConversionStrategy=CMYK", "-sProcessColorModel=DeviceCMYK",
               f"--permit-file-read={profile.parent}/", f"--permit-file-read={definition}",
               "-sOutputFile=out.pdf", str(definition), str(source.resolve())]
        proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace", cwd=tmp,
                              env={**os.environ, "SOURCE_DATE_EPOCH": str(created)})
        if proc.returncode == 0 and (Path(tmp) / "out.pdf").is_file():
            shutil.move(Path(tmp) / "out.pdf", target)
    if proc.returncode != 0 or not target.is_file():
        raise BuildError(_("Ghostscript could not convert {file} to PDF/X-3: {why}", file=source.name,
                           why=(proc.stderr or proc.stdout).strip()[:500]))


def convert_all(jobs: list[tuple[Path, Path, str]], profile: Path, workers: int, created: int = 0) -> None:
    """Convert (source, target, title) triples in parallel: each Ghostscript is its own process."""
    if not profile.is_file():
        raise BuildError(_("--icc: no ICC profile at {file}", file=profile))
    for _src, target, _title in jobs:
        target.parent.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for future in [pool.submit(to_pdfx3, src, dst, profile, title, created) for src, dst, title in jobs]:
            future.result()
