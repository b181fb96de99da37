"""Regenerate the README's pictures in docs/images/: an example street's home page on a desktop and
a phone (headless Chromium via Playwright) and its flyer (pdftoppm).

Usage: .venv/bin/python scripts/screenshots.py [STREET_SLUG]
"""
from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

from playwright.sync_api import sync_playwright

from streetkit.build import Builder
from streetkit.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs" / "images"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def _shoot(site: Path, shots: tuple[tuple[str, int, int, int], ...]) -> None:
    """Serve `site` and save its home page at each (name, width, height, pixel ratio)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for name, width, height, scale in shots:
            page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=scale)
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/", wait_until="networkidle")
            page.screenshot(path=str(OUT / f"{name}.png"))
            page.close()
        browser.close()
    server.shutdown()


def main(slug: str = "sinan-alley") -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    # A fixed date keeps the pictures stable between runs.
    result = Builder(Workspace.open(REPO), today=date(2026, 11, 23)).build(REPO / "streets" / slug)
    _shoot(result.out_dir / "site", (("home-desktop", 1280, 900, 1), ("home-phone", 390, 844, 2)))
    pdf = result.out_dir / "print/flyers/street-a5.pdf"
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(OUT / "flyer-a5")], check=True)
    # The report's merchant-mix chapter (chart, benchmark, table) and the coupon sheet.
    report = result.out_dir / "print/report.pdf"
    mix_page = next(n for n in range(3, 12) if "점포 구성 분석" in subprocess.run(
        ["pdftotext", "-f", str(n), "-l", str(n), str(report), "-"], capture_output=True, text=True).stdout.replace("\u2060", "")
        .split("\n", 3)[-1][:200])
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(mix_page), "-l", str(mix_page), "-singlefile", str(report),
                    str(OUT / "report-mix")], check=True)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-singlefile", str(result.out_dir / "print/flyers/coupons-a4.pdf"),
                    str(OUT / "coupons-a4")], check=True)
    # The brand guideline's colour-variant page (page 4).
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "4", "-l", "4", "-singlefile",
                    str(result.out_dir / "brand/brand-guidelines.pdf"), str(OUT / "brand-variants")], check=True)
    portal()
    for f in sorted(OUT.glob("*.png")):
        print(f"wrote {f.relative_to(REPO)}")


def portal() -> None:
    """The Buk-gu district's portal (its home on a desktop and a phone) and the first page of its
    comparison, from the three streets built beside it."""
    from streetkit.district import load_district

    ws = Workspace.open(REPO)
    district = load_district(REPO / "districts/buk-gu/district.yaml", ws.host)
    builder = Builder(ws, today=date(2026, 11, 23))
    for folder in district.street_dirs:
        builder.build(folder)
    result = builder.build_portal(district)
    builder.close()
    _shoot(result.out_dir / "site", (("portal-desktop", 1280, 1500, 1), ("portal-phone", 390, 844, 2)))
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                    str(result.out_dir / "print/comparison.pdf"), str(OUT / "comparison")], check=True)


if __name__ == "__main__":
    main(*sys.argv[1:2])
