"""The studio's latencies on the 44-merchant example street, as a user meets them (the browser's
own time excluded): the command started until its first page answers; a merchant saved until its
preview page is rendered; an A5 flyer's picture after the edit that changed it."""
from __future__ import annotations

import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
SLUG = "sinan-alley"
MERCHANT = "haru-coffee"  # has a photo, so it has an A5 flyer


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench_studio(tmp: Path, saves: int = 30) -> dict:
    ws = tmp / "studio-ws"
    shutil.rmtree(ws, ignore_errors=True)
    (ws / "streets").mkdir(parents=True)
    shutil.copytree(REPO / "streets" / SLUG, ws / "streets" / SLUG, ignore=shutil.ignore_patterns(".streetkit"))
    # Sinan inherits its currency, programmes and centre from the example district.
    shutil.copytree(REPO / "districts", ws / "districts")
    port = _free_port()
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "streetkit", "studio", str(ws), "--no-browser", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        token = re.search(r"token=(\S+)", line)
        assert token, line
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, follow_redirects=True, timeout=60) as c:
            first = c.get(f"/?token={token[1]}")
            first_page_s = time.perf_counter() - started
            assert first.status_code == 200, first.text[:200]
            c.get(f"/s/{SLUG}/merchants/{MERCHANT}/")
            save_s, flyer_s = [], []
            for i in range(saves + 1):
                form = _merchant_form(c.get(f"/s/{SLUG}/merchants/{MERCHANT}").text)
                form["description"] = f"직접 볶은 원두로 내리는 핸드드립 전문 카페입니다. ({i})"
                t0 = time.perf_counter()
                r = c.post(f"/s/{SLUG}/merchants/{MERCHANT}", data=form, headers={"Origin": base}, follow_redirects=False)
                assert r.status_code == 303, r.text[:300]
                page = c.get(f"/s/{SLUG}/preview/site/merchants/{MERCHANT}/")
                elapsed = time.perf_counter() - t0
                assert f"({i})" in page.text
                if i:  # the first save warms the renderers
                    save_s.append(elapsed)
                if i and i % 6 == 0:
                    t0 = time.perf_counter()
                    png = c.get(f"/s/{SLUG}/flyer.png", params={"doc": f"print/flyers/merchant-{MERCHANT}-a5.pdf"})
                    flyer_s.append(time.perf_counter() - t0)
                    assert png.headers["content-type"] == "image/png"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return {"first_page_s": first_page_s, "saves": len(save_s),
            "save_p50_ms": 1000 * statistics.median(save_s), "save_p95_ms": 1000 * _percentile(save_s, 0.95),
            "flyer_p50_s": statistics.median(flyer_s), "flyer_max_s": max(flyer_s)}


def _merchant_form(html: str) -> dict[str, str | list[str]]:
    """The merchant form's fields as the browser would send them (inputs, selected options,
    checked boxes, textareas)."""
    form: dict[str, str | list[str]] = {}

    def add(name: str, value: str) -> None:
        if name in form:
            old = form[name]
            form[name] = [*old, value] if isinstance(old, list) else [old, value]
        else:
            form[name] = value

    for tag in re.findall(r"<input\b[^>]*>", html):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag))
        name, kind = attrs.get("name"), attrs.get("type", "text")
        if not name or kind == "file" or name == "back":
            continue
        if kind == "checkbox" and " checked" not in tag:
            continue
        add(name, _unescape(attrs.get("value", "")))
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        if chosen:
            add(name, _unescape(chosen[1]))
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        add(name, _unescape(body))
    return form


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)
