"""District benchmarks: a district's portal built from its streets' records, and a simulated
national run — streets built as shards one after another, then the portal assembled from their
outputs (the way a batch engine runs it, docs/scale.md)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from synthetic import write_street

TODAY = date(2026, 11, 23)


def _district(ws: Path, slug: str) -> Path:
    """A district file naming every street of the workspace, sharing the gift certificate."""
    path = ws / "districts" / slug / "district.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"""slug: {slug}
name: 벤치마크 구 골목상권
name_en: Benchmark District
region: {{sido: 광주광역시, sigungu: 북구}}
base_url: https://district.example.kr/
brand: {{primary: "#1F6F8B"}}
office: {{name: 벤치마크 구청 지역경제과, phone: 062-410-6543}}
streets: [streets/*]
shared:
  local_currency:
    currency: {{name: 북구사랑상품권, forms: [paper, card, mobile], discount: 10}}
""", "utf-8")
    return path


def _streets(ws: Path, streets: int, merchants: int) -> list[Path]:
    # The district shares the currency: the synthetic street's own is left to it.
    dirs = []
    for i in range(streets):
        folder = write_street(ws, merchants, events=4, news=2, photos=1, slug=f"street-{i:04d}", seed=i)
        profile = folder / "street.yaml"
        text = profile.read_text("utf-8")
        profile.write_text(text.replace("local_currency:\n  currency: {name: 북구사랑상품권, forms: [paper, card, mobile], "
                                        "discount: 10}\n", ""), "utf-8")
        dirs.append(folder)
    return dirs


def _build_streets(ws: Path, dirs: list[Path], out: Path, jobs: int, only: set[str] | None = None) -> float:
    from streetkit.parallel import build_parallel

    started = time.perf_counter()
    for n, outcome in enumerate(build_parallel(ws, dirs, {"out_root": out, "today": TODAY, "only": only}, jobs), 1):
        if outcome.error:
            raise RuntimeError(outcome.error)
        print(f"\r  {n}/{len(dirs)} streets", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return time.perf_counter() - started


#: Runs in a child process so that its peak memory is the portal's alone.
_ASSEMBLE = """
import subprocess, sys, time
from datetime import date
from pathlib import Path
from streetkit.build import Builder
from streetkit.district import load_district
from streetkit.workspace import Workspace
ws = Workspace.open(Path(sys.argv[1]))
builder = Builder(ws, out_root=Path(sys.argv[3]), today=date(2026, 11, 23))
started = time.perf_counter()
result = builder.build_portal(load_district(Path(sys.argv[2]), ws.host))
seconds = time.perf_counter() - started
pages = sum(1 for p in (result.out_dir / "site").rglob("*.html"))
pdf = result.out_dir / "print" / "comparison.pdf"
info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout if pdf.is_file() else ""
pdf_pages = next((int(l.split()[1]) for l in info.splitlines() if l.startswith("Pages:")), 0)
peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]
print(seconds, pages, int(peak) / 1024, len(result.written), pdf_pages)
"""


def _assemble(ws: Path, district: Path, out: Path) -> dict:
    line = subprocess.run([sys.executable, "-c", _ASSEMBLE, str(ws), str(district), str(out)], capture_output=True,
                          text=True, check=True).stdout.strip().splitlines()[-1].split()
    seconds, pages, peak, files, pdf_pages = float(line[0]), int(line[1]), float(line[2]), int(line[3]), int(line[4])
    return {"seconds": seconds, "pages": pages, "comparison_pages": pdf_pages, "pages_per_s": (pages + pdf_pages) / seconds,
            "peak_memory_mb": peak, "files": files}


def bench_district(tmp: Path, streets: int = 25, merchants: int = 50) -> dict:
    """A district of `streets` streets: the streets built (full builds, a process per core), then
    the portal from their records — its time, pages per second and peak memory; and the portal
    again with nothing changed."""
    ws = tmp / "district"
    dirs = _streets(ws, streets, merchants)
    district = _district(ws, "bench")
    jobs = os.cpu_count() or 1
    streets_s = _build_streets(ws, dirs, tmp / "district-out", jobs)
    portal = _assemble(ws, district, tmp / "district-out")
    again = _assemble(ws, district, tmp / "district-out")
    return {"streets": streets, "merchants": merchants, "jobs": jobs, "streets_s": streets_s, "portal": portal,
            "portal_unchanged_s": again["seconds"]}


def bench_national(tmp: Path, streets: int = 1000, merchants: int = 30, shards: int = 10,
                   only: set[str] | None = None) -> dict:
    """A simulated national run: `streets` streets in `shards` shards built one after another
    (each as a batch engine's task would: `--shard I/N`, a process per core), their outputs in one
    folder, then the portal assembled from the records. With `only` ({"site"}) the shards build
    those outputs alone — what the portal reads — for a run that fits a working session; the
    district run measures full builds."""
    from streetkit.parallel import in_shard

    ws = tmp / "national"
    started = time.perf_counter()
    dirs = _streets(ws, streets, merchants)
    written_s = time.perf_counter() - started
    district = _district(ws, "national")
    jobs = os.cpu_count() or 1
    out = tmp / "national-out"
    shard_s = []
    for i in range(1, shards + 1):
        part = [d for d in dirs if in_shard(d, i, shards)]
        print(f"  shard {i}/{shards}: {len(part)} streets", file=sys.stderr)
        shard_s.append(_build_streets(ws, part, out, jobs, only))
    total = sum(shard_s)
    portal = _assemble(ws, district, out)
    return {"streets": streets, "merchants": merchants, "shards": shards, "jobs": jobs, "written_s": written_s,
            "outputs": sorted(only) if only else ["site", "print", "brand"],
            "shard_s": shard_s, "streets_s": total, "streets_per_hour_per_core": streets / total * 3600 / jobs,
            "assemble": portal}
