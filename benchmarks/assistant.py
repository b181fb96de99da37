"""The street assistant, measured: the share of the question set (tests/assistant_set) it answers
well on the example streets, how long an answer takes in Chromium, and what a visitor downloads
when opening it (the script and the street's index, gzipped)."""
from __future__ import annotations

import gzip
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from assistant_set import score  # noqa: E402

from streetkit.build import Builder  # noqa: E402
from streetkit.workspace import Workspace  # noqa: E402

TODAY = date(2026, 11, 23)


def bench_assistant(tmp: Path) -> dict:
    from playwright.sync_api import sync_playwright

    from conftest import serve

    builder = Builder(Workspace.open(REPO), out_root=tmp / "assistant", only={"site"}, today=TODAY)
    urls, streets, servers, downloads = {}, {}, [], {}
    for slug in score.questions():
        result = builder.build(REPO / "streets" / slug)
        site = result.out_dir / "site"
        downloads[slug] = sum(len(gzip.compress((site / "assistant" / name).read_bytes(), 9))
                              for name in ("assistant.js", "assistant-panel.css", "index.json"))
        server, urls[slug] = serve(site)
        servers.append(server)
        streets[slug] = result.street
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            start = time.perf_counter()
            results = score.run(browser, urls, streets, TODAY)
            seconds = time.perf_counter() - start
            browser.close()
    finally:
        for server in servers:
            server.shutdown()
    good = sum(r.ok for r in results)
    return {"questions": len(results), "answered_well": good, "share": good / len(results),
            "failed": [f"{r.street}: {r.q} — {r.why}" for r in results if not r.ok],
            "seconds_with_page_loads": seconds, "download_gz_bytes": downloads}
