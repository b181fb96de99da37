"""streetkit benchmark: one command, numbers as ratios measured in the same run on the same machine.

    .venv/bin/python benchmarks/run.py            # 1,000 merchants + 100 streets of 50 (about half an hour)
    .venv/bin/python benchmarks/run.py --quick    # 200 merchants + 10 streets, a smoke run (not saved)

Measures (each against its floor or peer, so the machine's speed cancels out):
- site: pages per second (with `--jobs` as `streetkit build` runs one street, and with --jobs 1),
  and streetkit against the bare-Jinja floor (the same templates and
  context rendered and written with nothing else) and against Pelican on as many Markdown pages
  (when Pelican is installed: `pip install -e '.[bench]'`);
- incremental: a no-change rebuild (up to date), a change nothing shows (a file added to the street
  folder), a one-merchant edit and a template edit, as a share of the full build;
- print: flyers against bare WeasyPrint on the same HTML, and the report's time per page for the
  1,000-merchant street and for a 50-merchant one (and bare WeasyPrint's on the same HTML);
- memory: the peak resident size of a full build, measured in a child process;
- assistant: the share of the question set answered well, and what opening it downloads;
- scale: 100 streets of 50 merchants built with a process per core from an empty cache, as
  streets per hour per core (the number to size a sharded national build by);
- district: a portal of 25 streets × 50 merchants built from their records (time, pages per
  second, peak memory, and again with nothing changed); and a simulated national run of 1,000
  streets × 30 merchants in 10 shards one after another, then the portal assembled from their
  outputs (streets per hour per core, assemble time and peak memory). `--national N` sets its size.
Measurements of a few seconds are the median of three runs. A full run writes benchmarks/results.json.
It is not part of the test suite: timings depend on the machine and its load.
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from assistant import bench_assistant  # noqa: E402
from district import bench_district, bench_national  # noqa: E402
from studio import bench_studio  # noqa: E402
from synthetic import write_street  # noqa: E402

TODAY = date(2026, 11, 23)


#: Measurements of a few seconds are taken this many times and the median kept: on the 2-core
#: development machine one run can be 10–15 % off the next.
RUNS = 3


def _timed(fn, runs: int = 1, before=None):
    """The seconds `fn` takes — the median of `runs` calls, each after `before()` — and its last value."""
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        os.sync()  # earlier writes reach the disk first: a measurement pays only for its own
        started = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), value


def _fresh(folder: Path):
    """A `before` for `_timed`: each run builds into an empty folder, as a first build does."""
    return lambda: shutil.rmtree(folder, ignore_errors=True)


def _builder(ws_root: Path, out: Path, only: set[str] | None = None, jobs: int = 1):
    from streetkit.build import Builder
    from streetkit.workspace import Workspace

    return Builder(Workspace.open(ws_root), out_root=out, only=only, today=TODAY, pdf_jobs=jobs, page_jobs=jobs)


def bench_site(ws: Path, folder: Path, tmp: Path) -> dict:
    from streetkit.artifacts import Page

    builder = _builder(ws, tmp / "site-warmup", {"site"})
    builder.build(folder)  # warm the content cache (font subsets, share cards): measure rendering, not first runs
    # As `streetkit build` runs one street: --jobs defaults to the cores (pages rendered by workers);
    # and with --jobs 1, everything in one process.
    jobs = os.cpu_count() or 1
    seconds, result = _timed(lambda: _builder(ws, tmp / "site", {"site"}, jobs).build(folder), RUNS, _fresh(tmp / "site"))
    serial_s, _ = _timed(lambda: _builder(ws, tmp / "site-1", {"site"}).build(folder), RUNS, _fresh(tmp / "site-1"))
    pages = sum(1 for p in result.written if p.endswith(".html"))

    # The floor: the same planned pages, rendered by the same Jinja templates with the same context,
    # written to disk, and nothing else (no hooks, no staging, no images or fonts).
    street = builder.load(folder)
    planned = builder.plan(street)
    page_items = [a for a in planned.artifacts if isinstance(a, Page)]
    floor_dir = tmp / "floor"

    # The contexts are prepared before the clock starts (plugins' page_context included), so the
    # floor is pure template rendering and file writing.
    contexts = []
    for a in page_items:
        ctx = {"lang": a.lang, "page_path": a.path.split("/", 1)[1], "artifact": a, **a.context}
        for _plugin, extra in builder.ws.host.each("page_context", street.enabled_plugins, artifact=a,
                                                    context=ctx, street=street):
            ctx.update(extra)
        contexts.append((a, ctx))

    def floor():
        # The same files at the same paths: folders included (pretty URLs make one per page).
        for a, ctx in contexts:
            target = floor_dir / a.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(planned.envs["site"].get_template(a.template).render(ctx), "utf-8")

    floor_s, _ = _timed(floor, RUNS, _fresh(floor_dir))
    return {"pages": pages, "jobs": jobs, "seconds": seconds, "pages_per_s": pages / seconds, "floor_s": floor_s,
            "floor_pages_per_s": pages / floor_s, "vs_floor": seconds / floor_s,
            "serial_s": serial_s, "serial_pages_per_s": pages / serial_s, "serial_vs_floor": serial_s / floor_s}


def bench_pelican(pages: int, tmp: Path) -> dict | None:
    """Pelican on `pages` Markdown articles of similar length, with its default theme."""
    try:
        import pelican  # noqa: F401
    except ImportError:
        return None
    content = tmp / "pelican" / "content"
    content.mkdir(parents=True)
    for n in range(pages):
        (content / f"a{n}.md").write_text(
            f"Title: 가게 {n}\nDate: 2026-01-01 10:00\nCategory: 가게\nSlug: shop-{n}\n\n"
            + "골목에서 오래 손님을 맞은 가게입니다. **영업시간**과 위치를 확인하세요.\n\n" * 4, "utf-8")
    conf = tmp / "pelican" / "conf.py"
    conf.write_text("SITENAME='bench'\nSITEURL=''\nTIMEZONE='Asia/Seoul'\nDEFAULT_LANG='ko'\n"
                    "FEED_ALL_ATOM=None\nCATEGORY_FEED_ATOM=None\nRELATIVE_URLS=True\nLOAD_CONTENT_CACHE=False\n", "utf-8")
    cmd = [sys.executable, "-m", "pelican", str(content), "-s", str(conf), "-o", str(tmp / "pelican" / "out"), "-q"]
    seconds, proc = _timed(lambda: subprocess.run(cmd, capture_output=True, text=True))
    if proc.returncode != 0:
        return {"error": proc.stderr[-300:]}
    written = sum(1 for _ in (tmp / "pelican" / "out").rglob("*.html"))
    return {"pages": written, "seconds": seconds, "pages_per_s": written / seconds}


@contextlib.contextmanager
def _content_cache(folder: Path):
    """Builds inside use `folder` as their content cache (empty at first, as on a new machine)."""
    previous = os.environ.get("STREETKIT_CACHE")
    os.environ["STREETKIT_CACHE"] = str(folder)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("STREETKIT_CACHE", None)
        else:
            os.environ["STREETKIT_CACHE"] = previous


def bench_incremental(ws: Path, folder: Path, tmp: Path) -> dict:
    # The full build is a first build: an empty output folder and an empty content cache (with a
    # warm one, parts of the sticker sheet, share cards and photos would come from earlier runs).
    # The rebuilds then find the cache as that build left it.
    with _content_cache(tmp / "inc-cache"):
        return _incremental(ws, folder, tmp)


def _incremental(ws: Path, folder: Path, tmp: Path) -> dict:
    out = tmp / "inc"
    full, _ = _timed(lambda: _builder(ws, out).build(folder))
    warm, _ = _timed(lambda: _builder(ws, tmp / "inc-warm").build(folder))  # a new output folder, the cache warm
    nochange, r = _timed(lambda: _builder(ws, out).build(folder))
    assert r.up_to_date
    # The same, as a user runs it: a new `streetkit build` process, Python and imports included.
    command = [sys.executable, "-m", "streetkit", "build", str(folder), "--out", str(out),
               "--today", TODAY.isoformat(), "--quiet"]
    nochange_cli, _ = _timed(lambda: subprocess.run(command, check=True, cwd=ws), RUNS)
    # An input changed, but nothing the build makes shows it: every page is rendered again, and
    # every PDF and image is reused from the record.
    (folder / "memo.txt").write_text("회의 메모", "utf-8")
    try:
        unseen, r4 = _timed(lambda: _builder(ws, out).build(folder))
    finally:
        (folder / "memo.txt").unlink()
    yaml = folder / "street.yaml"
    text = yaml.read_text("utf-8")
    yaml.write_text(text.replace("단골이 많은 가게입니다.", "단골이 아주 많은 가게입니다.", 1), "utf-8")
    try:
        edit, r2 = _timed(lambda: _builder(ws, out).build(folder))
    finally:
        yaml.write_text(text, "utf-8")
    # The same edit as a user makes it: a new `streetkit build` process (imports, fonts opened and
    # the plan made from nothing), the build before it undone first so that each run has the edit to build.
    def edit_from_cli() -> None:
        yaml.write_text(text.replace("단골이 많은 가게입니다.", "단골이 아주 많은 가게입니다.", 1), "utf-8")
        subprocess.run(command, check=True, cwd=ws)

    def undo() -> None:
        yaml.write_text(text, "utf-8")
        subprocess.run(command, check=True, cwd=ws)

    try:
        edit_cli, _ = _timed(edit_from_cli, RUNS, before=undo)
    finally:
        yaml.write_text(text, "utf-8")
    # A template edit: the street overrides the merchant page (1 of every 1.3 pages) and changes a word.
    _builder(ws, out).build(folder)
    override = folder / "templates/site/merchant.html"
    override.parent.mkdir(parents=True, exist_ok=True)
    theme = REPO / "themes/default/templates/site/merchant.html"
    override.write_text(theme.read_text("utf-8"), "utf-8")
    _builder(ws, out).build(folder)
    override.write_text(theme.read_text("utf-8").replace('<article class="wrap merchant">',
                                                         '<article class="wrap merchant edited">'), "utf-8")
    try:
        template, r3 = _timed(lambda: _builder(ws, out).build(folder))
    finally:
        shutil.rmtree(folder / "templates")
    return {"full_s": full, "full_warm_cache_s": warm, "nochange_s": nochange, "nochange_share": nochange / full,
            "reused": r.reused,
            "nochange_cli_s": nochange_cli,
            "unseen_s": unseen, "unseen_share": unseen / full, "unseen_reused": r4.reused,
            "edit_s": edit, "edit_share": edit / full, "edit_reused": r2.reused, "edit_cli_s": edit_cli,
            "template_s": template, "template_share": template / full, "template_reused": r3.reused}


def bench_print(ws: Path, folder: Path, tmp: Path) -> dict:
    from weasyprint import HTML

    from streetkit.artifacts import Document

    builder = _builder(ws, tmp / "print", {"print"})
    street = builder.load(folder)
    planned = builder.plan(street)
    docs = [a for a in planned.artifacts if isinstance(a, Document)]
    flyers = [d for d in docs if d.path.startswith(("print/flyers/street", "print/posters/"))][:20]
    html = [builder.render_html(street, planned, d) for d in flyers]
    base = street.root.as_uri() + "/"
    builder.pdf.render(html[0], base, builder._allowed_roots(street))  # WeasyPrint's import and font setup
    ours, _ = _timed(lambda: [builder.pdf.render(h, base, builder._allowed_roots(street)) for h in html], RUNS)
    bare, _ = _timed(lambda: [HTML(string=h, base_url=base).write_pdf() for h in html], RUNS)
    report = next(d for d in docs if d.path == "print/report.pdf")
    report_html = builder.render_html(street, planned, report)
    report_s, pdf = _timed(lambda: builder.pdf.render(report_html, base, builder._allowed_roots(street)), RUNS)
    report_bare, _ = _timed(lambda: HTML(string=report_html, base_url=base).write_pdf(), RUNS)
    pages = _pdf_pages(pdf)
    typical = _typical_report(tmp)
    return {"flyers": len(flyers), "ours_s": ours, "bare_s": bare, "vs_bare": ours / bare,
            "flyers_per_s": len(flyers) / ours, "report_s": report_s, "report_bare_s": report_bare,
            "report_pages": pages, "report_s_per_20_pages": report_s / max(pages, 1) * 20, **typical}


def bench_cards(ws: Path, folder: Path, tmp: Path) -> dict:
    """Merchant cards on the same street: the findings of every card planned (peer counts made
    once per question), and the sheet of all cards rendered by one process from an empty cache."""
    import streetkit
    from streetkit_plugins.cards import cards

    copy = tmp / "cards-ws" / "streets" / folder.name
    shutil.copytree(folder, copy)
    profile = copy / "street.yaml"
    profile.write_text(profile.read_text("utf-8").replace("plugins: [local_currency, delivery]",
                                                          "plugins: [local_currency, delivery, merchant_cards]"), "utf-8")
    street = streetkit.load(copy, enriched=True, today=TODAY)
    plan_s, made = _timed(lambda: (street.data.pop("cards", None), street.peer_counts.clear(), cards(street))[2], RUNS)
    builder = _builder(copy.parent.parent, tmp / "cards-out", {"print"})
    with _content_cache(tmp / "cards-cache"):
        sheet_s, pdf = _timed(lambda: builder.render_artifact(copy, "print/cards/merchant-cards.pdf"))
    builder.close()
    return {"cards": len(made), "plan_s": plan_s, "sheet_s": sheet_s, "pages": _pdf_pages(pdf),
            "ms_per_card": 1000 * sheet_s / max(len(made), 1)}


def _typical_report(tmp: Path) -> dict:
    """The report of a street of 50 merchants (the district run's size): charts, maps and SWOT
    pages rather than the 1,000-shop street's 25 pages of merchant table."""
    from weasyprint import HTML

    from streetkit.artifacts import Document

    folder = write_street(tmp / "typical", 50, events=5, news=10, photos=3, slug="typical", seed=7)
    builder = _builder(tmp / "typical", tmp / "typical-out", {"print"})
    street = builder.load(folder)
    planned = builder.plan(street)
    report = next(d for d in planned.artifacts if isinstance(d, Document) and d.path == "print/report.pdf")
    html = builder.render_html(street, planned, report)
    base = street.root.as_uri() + "/"
    builder.pdf.render(html, base, builder._allowed_roots(street))  # fonts and images warmed
    seconds, pdf = _timed(lambda: builder.pdf.render(html, base, builder._allowed_roots(street)), RUNS)
    bare, _ = _timed(lambda: HTML(string=html, base_url=base).write_pdf(), RUNS)
    pages = _pdf_pages(pdf)
    return {"typical_report_pages": pages, "typical_report_s": seconds, "typical_report_bare_s": bare,
            "typical_report_s_per_20_pages": seconds / pages * 20}


def bench_report(tmp: Path) -> dict:
    """The consulting report of each example street — every chapter, the trade-area analysis
    among them — as a PDF (seconds per page, against bare WeasyPrint) and as the Word file (from an
    empty picture cache, and with its charts cached)."""
    return {slug: _example_report(slug, tmp) for slug in ("sinan-alley", "jinju-bidan-market")}


def _example_report(slug: str, tmp: Path) -> dict:
    from weasyprint import HTML

    from streetkit.artifacts import Document, WordDocument
    from streetkit.render.docx import html_to_docx

    builder = _builder(REPO, tmp / f"report-{slug}", {"print"})
    street = builder.load(REPO / "streets" / slug)
    planned = builder.plan(street)
    pdf_doc = next(a for a in planned.artifacts if isinstance(a, Document) and a.path == "print/report.pdf")
    word = next(a for a in planned.artifacts if isinstance(a, WordDocument))
    html = builder.render_html(street, planned, pdf_doc)
    base = street.root.as_uri() + "/"
    roots = builder._allowed_roots(street)
    builder.pdf.render(html, base, roots)  # fonts and images warmed
    seconds, pdf = _timed(lambda: builder.pdf.render(html, base, roots), RUNS)
    bare, _ = _timed(lambda: HTML(string=html, base_url=base).write_pdf(), RUNS)
    word_html = builder.render_html(street, planned, word)
    font = street.tokens["font-sans"].split(",")[0].strip().strip('"')
    os.environ["STREETKIT_CACHE"] = str(tmp / f"cache-{slug}")  # an empty picture cache: a first build
    try:
        cold, _ = _timed(lambda: html_to_docx(word_html, font=font), 1)
        warm, _ = _timed(lambda: html_to_docx(word_html, font=font), RUNS)
    finally:
        del os.environ["STREETKIT_CACHE"]
    pages = _pdf_pages(pdf)
    return {"pages": pages, "pdf_s": seconds, "bare_s": bare, "ms_per_page": 1000 * seconds / pages,
            "docx_cold_s": cold, "docx_warm_s": warm}

def bench_press(tmp: Path) -> dict:
    """What a press copy costs (`build --cmyk`): a poster, the window-sticker sheet and the report of
    the Gwangju example rendered as they are (RGB) and in CMYK for FOGRA39 (colours and photos
    rewritten, PDF/X-4 finishing), each in one process with fonts warm."""
    from streetkit.printprofile import require_default_profile

    builder = _builder(REPO, tmp / "press", {"print"})
    street = builder.load(REPO / "streets" / "sinan-alley")
    planned = builder.plan(street)
    base, roots = street.root.as_uri() + "/", builder._allowed_roots(street)
    profile = require_default_profile()
    poster = next(a.path for a in planned.artifacts if a.path.startswith("print/posters/") and a.path.endswith("-a4.pdf"))
    out = {}
    for name, path in (("poster", poster), ("stickers", "print/stickers/local-currency-all.pdf"),
                       ("report", "print/report.pdf")):
        html = builder.render_html(street, planned, planned.find(path))
        builder.pdf.render(html, base, roots, output_profile=profile)  # fonts, images and transforms warm
        rgb, _ = _timed(functools.partial(builder.pdf.render, html, base, roots), RUNS)
        cmyk, pdf = _timed(functools.partial(builder.pdf.render, html, base, roots, output_profile=profile), RUNS)
        out[name] = {"pages": _pdf_pages(pdf), "rgb_s": rgb, "cmyk_s": cmyk, "ratio": cmyk / rgb}
    builder.close()
    return out


def bench_many(tmp: Path, streets: int, merchants: int) -> dict:
    """A district-scale run: `streets` streets of `merchants` merchants, full builds (site, print,
    brand) through `--jobs` (a process per core), from an empty content cache like a first run."""
    from streetkit.parallel import build_parallel

    ws = tmp / "many"
    dirs = [write_street(ws, merchants, events=5, news=10, photos=3, slug=f"street-{i:03d}", seed=i)
            for i in range(streets)]
    jobs = os.cpu_count() or 1
    with _content_cache(tmp / "many-cache"):
        def run() -> list:
            out = []
            for n, outcome in enumerate(build_parallel(ws, dirs, {"out_root": tmp / "many-out", "today": TODAY}, jobs), 1):
                if outcome.error:
                    raise RuntimeError(outcome.error)
                out.append(outcome)
                print(f"\r  {n}/{streets} streets", end="", file=sys.stderr, flush=True)
            print(file=sys.stderr)
            return out
        seconds, outcomes = _timed(run)
    files = sum(o.total for o in outcomes)
    return {"streets": streets, "merchants": merchants, "jobs": jobs, "seconds": seconds, "files": files,
            "streets_per_hour_per_core": streets / seconds * 3600 / jobs}


def _pdf_pages(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True).stdout
    return int(next((line.split()[1] for line in info.splitlines() if line.startswith("Pages:")), 0))


def bench_memory(ws: Path, folder: Path, tmp: Path) -> float:
    """Peak resident memory (MB) of a full build in a fresh process (VmHWM: ru_maxrss survives exec)."""
    code = ("import sys; from pathlib import Path; from datetime import date;"
            "from streetkit.build import Builder; from streetkit.workspace import Workspace;"
            f"Builder(Workspace.open(Path({str(ws)!r})), out_root=Path({str(tmp / 'mem')!r}), today=date(2026, 11, 23))"
            f".build(Path({str(folder)!r}));"
            "print([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return int(out.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="200 merchants instead of 1,000")
    parser.add_argument("--streets", type=int, default=100,
                        help="streets of 50 merchants in the district-scale run (default 100; 0 skips it)")
    parser.add_argument("--only", default=None,
                        help="run one step (site, pelican, incremental, print, cards, peak_memory_mb, many, studio, "
                             "assistant, report, press, district, national); not saved")
    parser.add_argument("--national", type=int, default=1000,
                        help="streets of 30 merchants in the simulated national run (default 1,000; 0 skips it)")
    parser.add_argument("--national-full", action="store_true",
                        help="the national run's shards make full builds (site, print, brand) instead of the sites "
                             "the portal reads (hours on two cores)")
    parser.add_argument("--json", type=Path, default=None,
                        help="where to write the numbers (a full run: benchmarks/results.json by default)")
    args = parser.parse_args()
    merchants = 200 if args.quick else 1000
    results: dict = {"merchants": merchants}
    with tempfile.TemporaryDirectory(prefix="streetkit-bench-") as tmp_name:
        tmp = Path(tmp_name)
        ws = tmp / "ws"
        folder = write_street(ws, merchants, events=merchants // 10, news=merchants // 5)
        steps = [("site", lambda: bench_site(ws, folder, tmp)),
                 ("pelican", lambda: bench_pelican(results["site"]["pages"], tmp)),
                 ("incremental", lambda: bench_incremental(ws, folder, tmp)),
                 ("print", lambda: bench_print(ws, folder, tmp)),
                 ("cards", lambda: bench_cards(ws, folder, tmp)),
                 ("peak_memory_mb", lambda: bench_memory(ws, folder, tmp))]
        if args.streets:
            streets = 10 if args.quick else args.streets
            steps.append(("many", lambda: bench_many(tmp, streets, 50)))
        steps.append(("studio", lambda: bench_studio(tmp)))
        steps.append(("assistant", lambda: bench_assistant(tmp)))
        steps.append(("report", lambda: bench_report(tmp)))
        steps.append(("press", lambda: bench_press(tmp)))
        steps.append(("district", lambda: bench_district(tmp, 5 if args.quick else 25, 50)))
        if args.national:
            steps.append(("national", lambda: bench_national(tmp, 20 if args.quick else args.national, 30, 10,
                                                             None if args.national_full else {"site"})))
        if args.only:
            steps = [s for s in steps if s[0] == args.only]
            if args.only == "pelican":
                steps.insert(0, ("site", lambda: bench_site(ws, folder, tmp)))
        for n, (name, step) in enumerate(steps, 1):
            print(f"[{n}/{len(steps)}] {name} …", file=sys.stderr, flush=True)
            results[name] = step()
        shutil.rmtree(tmp, ignore_errors=True)
    results["machine"] = {"cores": __import__("os").cpu_count(), "python": sys.version.split()[0]}
    if args.only:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return
    _report(results)
    target = args.json or (None if args.quick else REPO / "benchmarks/results.json")
    if target:
        target.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
        print(f"\nwritten to {target}")


def _report(r: dict) -> None:
    s, inc, p = r["site"], r["incremental"], r["print"]
    rows = [
        ("site pages", f"{s['pages']:,} in {s['seconds']:.2f} s (--jobs {s['jobs']})",
         f"{s['pages_per_s']:,.0f} pages/s (target ≥ 2,000)"),
        ("site, --jobs 1", f"{s['serial_s']:.2f} s", f"{s['serial_pages_per_s']:,.0f} pages/s"),
        ("vs bare Jinja", f"floor {s['floor_s']:.2f} s ({s['floor_pages_per_s']:,.0f} pages/s)",
         f"{s['vs_floor']:.2f}× the floor (target ≤ 1.5×); --jobs 1: {s['serial_vs_floor']:.2f}×"),
    ]
    if r.get("pelican") and "seconds" in r["pelican"]:
        pel = r["pelican"]
        rows.append(("vs Pelican", f"{pel['pages']:,} pages in {pel['seconds']:.2f} s",
                     f"streetkit {s['pages_per_s'] / pel['pages_per_s']:.1f}× faster per page (target ≥ 10×)"))
    else:
        rows.append(("vs Pelican", "not installed", "pip install -e '.[bench]' to compare"))
    rows += [
        ("full build", f"{inc['full_s']:.1f} s", "site + print + brand, first build (empty content cache)"),
        ("clean build, warm cache", f"{inc['full_warm_cache_s']:.1f} s", "a new output folder"),
        ("no-change rebuild", f"{inc['nochange_s']:.2f} s", f"{100 * inc['nochange_share']:.1f} % of full (target ≤ 5 %)"),
        ("no-change, command line", f"{inc['nochange_cli_s']:.2f} s", "a new `streetkit build` process: "
                                                                           "Python, imports and the check"),
        ("a change nothing shows", f"{inc['unseen_s']:.2f} s", f"{100 * inc['unseen_share']:.1f} % of full "
                                                                 "(every page rendered, every PDF reused)"),
        ("one-merchant edit", f"{inc['edit_s']:.2f} s", f"{100 * inc['edit_share']:.1f} % of full (target ≤ 10 %)"),
        ("one-merchant edit, command line", f"{inc['edit_cli_s']:.2f} s", "a new `streetkit build` process"),
        ("merchant template edit", f"{inc['template_s']:.2f} s", f"{100 * inc['template_share']:.1f} % of full"),
        ("flyers", f"{p['flyers']} in {p['ours_s']:.2f} s", f"{p['vs_bare']:.2f}× bare WeasyPrint (target ≤ 1.1×)"),
        ("report", f"{p['report_pages']} pages in {p['report_s']:.2f} s",
         f"{p['report_s_per_20_pages']:.2f} s per 20 pages (target ≤ 1.5 s); bare WeasyPrint {p['report_bare_s']:.2f} s"),
        ("report, 50 merchants", f"{p['typical_report_pages']} pages in {p['typical_report_s']:.2f} s",
         f"{p['typical_report_s_per_20_pages']:.2f} s per 20 pages (target ≤ 1.5 s); "
         f"bare WeasyPrint {p['typical_report_bare_s']:.2f} s"),
        ("peak memory", f"{r['peak_memory_mb']:.0f} MB", "full build (target ≤ 500 MB)"),
    ]
    if c := r.get("cards"):
        rows.append(("merchant cards", f"{c['cards']:,} planned in {c['plan_s']:.2f} s",
                     f"the sheet of all: {c['pages']:,} pages in {c['sheet_s']:.0f} s, {c['ms_per_card']:.0f} ms a card "
                     "(one process, empty cache)"))
    if d := r.get("district"):
        pt = d["portal"]
        rows.append((f"district portal, {d['streets']} streets × {d['merchants']}",
                     f"{pt['pages']} HTML + {pt['comparison_pages']} PDF pages in {pt['seconds']:.1f} s, "
                     f"{pt['peak_memory_mb']:.0f} MB",
                     f"{pt['pages_per_s']:.1f} pages/s from the records; unchanged {d['portal_unchanged_s']:.2f} s "
                     f"(the streets: {d['streets_s']:.0f} s, {d['jobs']} processes)"))
    if n := r.get("national"):
        a = n["assemble"]
        rows.append((f"national, {n['streets']:,} streets × {n['merchants']} in {n['shards']} shards "
                     f"({', '.join(n['outputs'])})",
                     f"{n['streets_s'] / 60:.0f} min, {n['jobs']} processes",
                     f"{n['streets_per_hour_per_core']:.0f} streets per hour per core; assemble {a['seconds']:.0f} s, "
                     f"{a['peak_memory_mb']:.0f} MB peak (target ≤ 1 GB)"))
    if m := r.get("many"):
        rows.append((f"{m['streets']} streets × {m['merchants']}", f"{m['seconds']:.0f} s, {m['jobs']} processes",
                     f"{m['streets_per_hour_per_core']:.0f} streets per hour per core (full builds, cold cache)"))
    if st := r.get("studio"):
        rows += [
            ("studio start to first page", f"{st['first_page_s']:.2f} s", "a new `streetkit studio` process (target ≤ 2 s)"),
            ("studio save -> preview page", f"p50 {st['save_p50_ms']:.0f} ms, p95 {st['save_p95_ms']:.0f} ms",
             f"{st['saves']} saves of a merchant of the 44-merchant example (target p50 ≤ 300 ms)"),
            ("studio A5 flyer picture", f"{st['flyer_p50_s']:.2f} s (max {st['flyer_max_s']:.2f} s)",
             "after the edit that changed it (target ≤ 1.5 s)"),
        ]
    if a := r.get("assistant"):
        rows.append(("assistant question set", f"{a['answered_well']} of {a['questions']} answered well",
                     f"{100 * a['share']:.0f} % (goal ≥ 90 %); on opening it downloads "
                     f"{max(a['download_gz_bytes'].values()) / 1024:.1f} KB gzipped"))
    for slug, rep in (r.get("report") or {}).items():
        rows.append((f"report of {slug}", f"{rep['pages']} pages, {rep['ms_per_page']:.0f} ms a page",
                     f"bare WeasyPrint {rep['bare_s']:.2f} s for {rep['pdf_s']:.2f} s; the Word file "
                     f"{rep['docx_cold_s']:.2f} s (charts cached: {rep['docx_warm_s']:.2f} s)"))
    for name, press in (r.get("press") or {}).items():
        rows.append((f"press copy (CMYK) of the {name}", f"{press['pages']} pages, {press['cmyk_s']:.2f} s",
                     f"{press['ratio']:.2f}× its RGB render ({press['rgb_s']:.2f} s)"))
    width = max(len(a) for a, _b, _c in rows)
    print(f"\nstreetkit benchmark — {r['merchants']:,} merchants\n")
    for a, b, c in rows:
        print(f"  {a:<{width}}  {b:<34} {c}")


if __name__ == "__main__":
    main()
