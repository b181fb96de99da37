"""Lighthouse (mobile) on one page of each type — home, directory, merchant, map, events, event,
news, post, free page, local currency, programmes, 404, and the English home and directory — of
each example street and of the benchmark's 1,000-merchant street, against Debian's Chromium, each
site served as a web host serves it (scripts/static_host.py: gzip twins, 404.html).

Prints a table (page, the four scores, CLS, LCP, transfer size, DOM elements) and fails when any
score is below 95 or a CLS is 0.05 or more. Runs one Lighthouse at a time: two at once on a
2-core machine measure each other.

    .venv/bin/python scripts/check_site.py                 # both examples + the 1,000-merchant street
    .venv/bin/python scripts/check_site.py sinan-alley     # one example
    .venv/bin/python scripts/check_site.py --no-big --theme market
    .venv/bin/python scripts/check_site.py --district districts/buk-gu/district.yaml   # its portal
Writes _build/lighthouse/<site>-<page>.json and _build/lighthouse/summary.md.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "benchmarks"))

from sitepages import page_types  # noqa: E402
from static_host import make_host  # noqa: E402

MIN_SCORE = 95
MAX_CLS = 0.05
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
                "--no-first-run --disable-sync")


def build(workspace: Path, slugs: list[str], out: Path, theme: str | None) -> None:
    args = [str(REPO / ".venv/bin/streetkit"), "build", *[f"streets/{s}" for s in slugs], "--only", "site", "-q",
            "--out", str(out)]
    subprocess.run(args + (["--theme", theme] if theme else []), cwd=workspace, check=True, stdout=subprocess.DEVNULL)


def big_street(root: Path) -> Path:
    """The benchmark's synthetic 1,000-merchant street, written into its own workspace."""
    from synthetic import write_street

    shutil.rmtree(root, ignore_errors=True)
    return write_street(root, 1000)


def lighthouse(url: str, report: Path) -> dict:
    subprocess.run([str(REPO / "node_modules/.bin/lighthouse"), url, "--quiet", f"--chrome-flags={CHROME_FLAGS}",
                    "--form-factor=mobile", f"--only-categories={','.join(CATEGORIES)}", "--output=json",
                    f"--output-path={report}"], check=True, env={**os.environ, "CHROME_PATH": shutil.which("chromium") or ""})
    data = json.loads(report.read_text("utf-8"))
    audits = data["audits"]
    return {"scores": {c: round((data["categories"][c]["score"] or 0) * 100) for c in CATEGORIES},
            "cls": audits["cumulative-layout-shift"]["numericValue"],
            "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
            "kib": audits["total-byte-weight"]["numericValue"] / 1024,
            "dom": int(audits.get("dom-size-insight", {}).get("numericValue") or 0)}


def check(site_name: str, site: Path, pages: dict[str, str], reports: Path) -> list[dict]:
    host = make_host(str(site))
    threading.Thread(target=host.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{host.server_address[1]}/"
    rows = []
    try:
        for kind, path in pages.items():
            found = lighthouse(base + path, reports / f"{site_name}-{kind.replace(' ', '-')}.json")
            rows.append({"site": site_name, "page": kind, "path": "/" + path, **found})
            print(_row(rows[-1]), flush=True)
    finally:
        host.shutdown()
    return rows


def _row(r: dict) -> str:
    s = r["scores"]
    return (f"| {r['site']} | {r['page']} | {s['performance']} | {s['accessibility']} | {s['best-practices']} | {s['seo']} "
            f"| {r['cls']:.3f} | {r['lcp']:.1f} s | {r['kib']:.0f} KiB | {r['dom']:,} |")


HEADER = ("| site | page | performance | accessibility | best practices | SEO | CLS | LCP | transfer | DOM elements |\n"
          "|---|---|---|---|---|---|---|---|---|---|")


def matrix(rows: list[dict]) -> str:
    """The README's table: a row per page type, a column per site, each cell the four scores
    (performance/accessibility/best practices/SEO) and the CLS."""
    sites = list(dict.fromkeys(r["site"] for r in rows))
    pages = list(dict.fromkeys(r["page"] for r in rows))
    cell = {(r["site"], r["page"]): r for r in rows}
    lines = ["| page | " + " | ".join(sites) + " |", "|---|" + "---|" * len(sites)]
    for page in pages:
        found = [cell.get((site, page)) for site in sites]
        lines.append(f"| {page} | " + " | ".join(
            "/".join(str(r["scores"][c]) for c in CATEGORIES) + f" · CLS {r['cls']:.2f}" if r else "—" for r in found) + " |")
    return "\n".join(lines) + "\n"


#: A portal's pages: its own and those its shared sections' plugins make.
PORTAL_PAGES = {"home": "", "directory": "merchants/", "events": "events/", "local currency": "local-currency/",
                "programmes": "programmes/", "centre": "centre/", "home (en)": "en/", "directory (en)": "en/merchants/"}


def check_portal(district: Path) -> int:
    """Lighthouse on a district portal's pages (the district built with its streets' sites)."""
    out = REPO / "_build" / "check-portal"
    subprocess.run([str(REPO / ".venv/bin/streetkit"), "build", str(district), "--only", "site", "-q", "--out", str(out)],
                   cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    slug = next(line.split(":", 1)[1].strip() for line in district.read_text("utf-8").splitlines()
                if line.startswith("slug:"))
    reports = REPO / "_build" / "lighthouse"
    reports.mkdir(parents=True, exist_ok=True)
    print(HEADER, flush=True)
    site = out / slug / "site"
    rows = check(f"portal {slug}", site, {k: v for k, v in PORTAL_PAGES.items() if (site / v / "index.html").is_file()},
                 reports)
    failing = [r for r in rows if min(r["scores"].values()) < MIN_SCORE or r["cls"] >= MAX_CLS]
    for r in failing:
        print(f"below the bar: {r['site']} {r['page']} ({r['path']})", file=sys.stderr)
    return 1 if failing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("slugs", nargs="*", help="example streets (default: all)")
    parser.add_argument("--theme", help="build in this theme")
    parser.add_argument("--no-big", action="store_true", help="leave out the 1,000-merchant street")
    parser.add_argument("--district", type=Path, help="check this district's portal (its streets built first) only")
    args = parser.parse_args()
    if args.district:
        return check_portal(args.district.resolve())
    slugs = args.slugs or sorted(p.name for p in (REPO / "streets").iterdir() if (p / "street.yaml").is_file())
    out = REPO / "_build" / (f"theme-{args.theme}" if args.theme else "check-site")
    reports = REPO / "_build" / "lighthouse"
    reports.mkdir(parents=True, exist_ok=True)
    build(REPO, slugs, out, args.theme)
    sites = [(slug, out / slug / "site") for slug in slugs]
    if not args.no_big:
        street = big_street(REPO / "_build" / "check-site-big")
        build(street.parent.parent, [street.name], out, args.theme)
        sites.append(("1,000 merchants", out / street.name / "site"))
    print(HEADER, flush=True)
    rows = []
    for name, site in sites:
        pages = page_types(site)
        if (site / "en").is_dir():
            pages |= {f"{kind} (en)": path for kind, path in page_types(site, "en/").items() if kind in ("home", "directory")}
        rows += check(name, site, pages, reports)
    (reports / "summary.md").write_text(HEADER + "\n" + "\n".join(_row(r) for r in rows) + "\n\n" + matrix(rows), "utf-8")
    print("\n" + matrix(rows))
    failing = [r for r in rows if min(r["scores"].values()) < MIN_SCORE or r["cls"] >= MAX_CLS]
    for r in failing:
        print(f"below the bar: {r['site']} {r['page']} ({r['path']})", file=sys.stderr)
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
