"""Theme gallery: one street built in every theme, side by side on one page a consultant can show.

For each theme: the home page on a desktop and on a phone (headless Chromium via Playwright), the
street flyer and the report cover (pdftoppm). Needs what `scripts/setup.sh` installs; says so
plainly when something is missing.
"""
from __future__ import annotations

import contextlib
import functools
import html
import http.server
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .artifacts import Document
from .build import Builder
from .errors import StreetkitError
from .i18n import _
from .serve import QuietServer
from .workspace import Workspace

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ViewportSize

SHOTS: tuple[tuple[str, ViewportSize], ...] = (("home-desktop", {"width": 1280, "height": 800}),
                                              ("home-phone", {"width": 390, "height": 844}))


_DRAWN = """() => Promise.all([document.fonts.ready, ...Array.from(document.images)
    .filter(img => { const r = img.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight && r.width > 0; })
    .map(img => { img.loading = "eager"; return img.decode().catch(() => null); })])"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


#: The headless shell hints glyph outlines fully by default, rounding each advance to a whole pixel:
#: text set narrower than in Chrome itself (a 68ch column 612 px wide, not 642). Unhinted, its text
#: is laid out to the fraction of a pixel, as in the browser people use.
CHROMIUM_FLAGS = ("--font-render-hinting=none",)


def chromium() -> str | None:
    """The system's headless Chromium: Debian's headless shell where installed (the same Blink
    without the browser beneath it: half the CPU time for the same pages, measured), else the full
    browser; None lets Playwright use its own download. Launch it with `CHROMIUM_FLAGS`."""
    return shutil.which("chromium-headless-shell") or shutil.which("chromium") or shutil.which("chromium-browser")


@contextlib.contextmanager
def _browser() -> Iterator[Browser]:
    """Headless Chromium, launched once for every theme's screenshots."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise StreetkitError(_("the gallery takes screenshots with Playwright: install it with "
                               "pip install -e '.[test]' (scripts/setup.sh does)")) from None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=list(CHROMIUM_FLAGS))
        try:
            yield browser
        finally:
            browser.close()


def _screenshots(browser: Browser, site: Path, out: Path) -> None:
    """Home page screenshots of `site`, served over HTTP (pretty URLs need a server)."""
    server = QuietServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for name, viewport in SHOTS:
            page = browser.new_page(viewport=viewport)
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/", wait_until="load")
            # What the shot shows, drawn: the fonts and the pictures in view (lazy ones load after
            # the load event). Waiting for the network to go quiet instead costs half a second a shot.
            page.evaluate(_DRAWN)
            page.screenshot(path=str(out / f"{name}.png"))
            page.close()
    finally:
        server.shutdown()


def _pdf_page(pdf: Path, png: Path, dpi: int) -> bool:
    """The first page of `pdf` as `png`; False when the street has no such PDF."""
    if not pdf.exists():
        return False
    if not shutil.which("pdftoppm"):
        raise StreetkitError(_("the gallery renders PDF pages with pdftoppm: install poppler-utils (scripts/setup.sh does)"))
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(png.with_suffix(""))], check=True)
    return True


def build_gallery(ws: Workspace, street_dir: Path, out: Path, themes: list[str] | None = None,
                  today: date | None = None, progress: Callable[[str], None] = lambda _msg: None) -> Path:
    """Build the street in each theme under `out/<theme>/` and write `out/index.html`."""
    names = themes or ws.themes.names()
    for name in names:
        if problem := ws.themes.problem_for(name):
            raise StreetkitError(problem)
    rows = []
    with _browser() as browser:
        for n, name in enumerate(names, 1):
            progress(f"[{n}/{len(names)}] {name}: " + _("building"))
            folder = out / name
            # The site, and of the print output only the PDFs their plugins mark for showing, each
            # rendered alone: the whole print output (cards, stickers, the Word report) shows nowhere here.
            result = Builder(ws, out_root=folder / "build", theme=name, today=today, only={"site"}).build(street_dir)
            progress(f"[{n}/{len(names)}] {name}: " + _("screenshots"))
            _screenshots(browser, result.out_dir / "site", folder)
            pictures = [(f"{name}/{shot}.png", label) for (shot, _), label in zip(SHOTS, ("홈 · 데스크톱", "홈 · 휴대폰"))]
            pictures += _showcase(ws, street_dir, name, today, folder)
            theme = ws.themes.by_name[name]
            rows.append((name, theme.parent, theme.description, pictures))
    (out / "index.html").write_text(_page(result.street.profile.name, rows), "utf-8")
    return out / "index.html"


def _showcase(ws: Workspace, street_dir: Path, theme: str, today: date | None, folder: Path) -> list[tuple[str, str]]:
    """The first page of each PDF the street's plugins mark for showing, rendered in `theme`:
    (picture, label) each."""
    printer = Builder(ws, out_root=folder / "build", theme=theme, today=today)
    pictures = []
    try:
        _street, planned = printer.preview_plan(street_dir)  # the plan render_artifact then reuses
        for path, label in [(a.path, a.showcase) for a in planned.artifacts if isinstance(a, Document) and a.showcase]:
            pdf = folder / Path(path).name
            pdf.write_bytes(printer.render_artifact(street_dir, path))
            png = Path(path).stem + ".png"
            if _pdf_page(pdf, folder / png, 45):
                pictures.append((f"{theme}/{png}", label))
    finally:
        printer.close()
    return pictures


def _page(street: str, rows: list[tuple[str, str | None, str, list[tuple[str, str]]]]) -> str:
    sections = []
    for name, parent, description, pictures in rows:
        figures = "".join(f'<figure><img src="{html.escape(src)}" alt="{html.escape(name)} — {html.escape(label)}" '
                          f'loading="lazy"><figcaption>{html.escape(label)}</figcaption></figure>'
                          for src, label in pictures)
        inherits = f" · {html.escape(parent)} 테마를 이어받음" if parent else ""
        sections.append(f'<section><h2>{html.escape(name)}</h2><p>{html.escape(description)}{inherits}</p>'
                        f'<div class="shots">{figures}</div></section>')
    return f"""<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(street)} · 테마 비교</title>
<style>
body {{ font-family: "Noto Sans CJK KR", sans-serif; margin: 2rem; color: #1A1A1A; background: #F4F4F4; }}
section {{ background: #FFF; border-radius: 12px; padding: 1rem 1.5rem 1.5rem; margin-bottom: 2rem; }}
.shots {{ display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }}
figure {{ margin: 0; }} figcaption {{ font-size: .85rem; color: #595959; margin-top: .3rem; }}
img {{ display: block; border: 1px solid #DDD; max-height: 300px; width: auto; }}
</style></head><body>
<h1>{html.escape(street)} — 테마 비교</h1>
<p>같은 프로필을 테마만 바꿔 만든 결과입니다. 프로필의 <code>theme:</code> 한 줄로 고릅니다.</p>
{''.join(sections)}
</body></html>
"""
