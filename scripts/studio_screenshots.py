"""Regenerate docs/studio.md's pictures: each studio screen on a desktop and on a phone, taken in
headless Chromium (Playwright) from a studio serving a copy of the example street.

Usage: .venv/bin/python scripts/studio_screenshots.py [NAME…]   (only those screens, e.g. studio-publish)
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from streetkit.build import Builder
from streetkit.studio import StudioServer
from streetkit.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs" / "images"
SLUG = "sinan-alley"
TODAY = date(2026, 11, 23)  # fixed, so the pictures are stable between runs
PUBLISHED = Path("/tmp/streetkit-docs/www/sinan")


def _errors(page: Page, base: str) -> None:
    page.goto(f"{base}/s/{SLUG}/merchants/new")
    page.locator("#f-name").fill("골목 국수집")
    page.locator("#f-category").select_option("food")
    page.locator("#f-phone").fill("12345")
    page.get_by_role("button", name="저장", exact=True).click()
    page.locator(".error-summary").wait_for()


def _published(page: Page, base: str) -> None:
    page.goto(f"{base}/s/{SLUG}/build")
    page.get_by_role("button", name="만들고 사이트에 올리기").click()
    page.locator("#build-status", has_text="올렸습니다").wait_for(timeout=240_000)


#: (file name, path or action): what docs/studio.md shows, in the order a user meets it.
SCREENS = [
    ("studio-home", "/"),
    ("studio-street", f"/s/{SLUG}/"),
    ("studio-merchants", f"/s/{SLUG}/merchants/"),
    ("studio-merchant", f"/s/{SLUG}/merchants/haru-coffee"),
    ("studio-errors", _errors),
    ("studio-flyers", f"/s/{SLUG}/flyers"),
    ("studio-flyer", f"/s/{SLUG}/flyer?doc=print/posters/event-corner-market-a4.pdf"),
    ("studio-new-street", "/new"),
    ("studio-brand", f"/s/{SLUG}/settings/brand"),
    ("studio-news", f"/s/{SLUG}/docs/news/2026-11-02-winter-night-market"),
    ("studio-coupons", f"/s/{SLUG}/settings/coupons"),
    ("studio-publish", _published),
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "streets").mkdir()
        shutil.copytree(REPO / "streets" / SLUG, root / "streets" / SLUG, ignore=shutil.ignore_patterns(".streetkit"))
        profile = root / "streets" / SLUG / "street.yaml"  # somewhere to publish to, on this machine only
        profile.write_text(profile.read_text("utf-8").replace(
            "\nmerchants:", f"\npublish: {{target: '{PUBLISHED}'}}\nmerchants:", 1), "utf-8")
        shutil.rmtree(PUBLISHED, ignore_errors=True)
        Builder(Workspace.open(root), today=TODAY).build(root / "streets" / SLUG)  # the preview's styles and photos
        server = StudioServer(root, today=TODAY).start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                            args=["--no-sandbox", "--disable-gpu"])
                for suffix, viewport in (("desktop", {"width": 1280, "height": 860}), ("phone", {"width": 390, "height": 844})):
                    context = browser.new_context(viewport=viewport, device_scale_factor=1, locale="ko-KR")
                    page = context.new_page()
                    page.goto(server.url)
                    for name, target in SCREENS:
                        if sys.argv[1:] and name not in sys.argv[1:]:
                            continue
                        if callable(target):
                            target(page, server.base)
                        else:
                            page.goto(server.base + target)
                        page.wait_for_load_state("networkidle")
                        page.screenshot(path=str(OUT / f"{name}-{suffix}.png"), full_page=suffix == "phone")
                        print(f"wrote docs/images/{name}-{suffix}.png")
                    context.close()
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
