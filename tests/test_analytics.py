"""The analytics plugin: a cookieless counter loaded by the visitor's browser when the profile names
one, not at all when the visitor asks not to be tracked, and nothing on a site that names none."""
from __future__ import annotations

import http.server
import threading

import pytest

from conftest import GOLDEN_STREET, TODAY, copy_street, edit_profile, run_cli, serve
from streetkit.build import Builder
from streetkit.workspace import Workspace


class Counter(http.server.BaseHTTPRequestHandler):
    """A stand-in counter on 127.0.0.1: serves its script and remembers who asked for what."""

    hits: list[str] = []

    def do_GET(self):
        Counter.hits.append(self.path)
        body = b"window.counted = (window.counted || 0) + 1;"
        self.send_response(200)
        self.send_header("Content-Type", "text/javascript")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def counter():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Counter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def counted_site(tmp_path_factory, counter):
    root = tmp_path_factory.mktemp("ws")
    folder = copy_street(GOLDEN_STREET, root)
    edit_profile(folder, "plugins: [local_currency]", "plugins: [local_currency, analytics]\n"
                 f"analytics: {{provider: umami, url: '{counter}', site_id: abc-123}}")
    builder = Builder(Workspace.open(root), today=TODAY, only={"site"})  # the counter is the site's
    try:
        result = builder.build(folder)
    finally:
        builder.close()
    server, url = serve(result.out_dir / "site")
    yield result.out_dir / "site", url
    server.shutdown()


def test_every_page_loads_the_counter_and_no_cookie_is_set(browser, counted_site):
    site, url = counted_site
    pages = [p for p in site.rglob("*.html") if p.name != "404.html"]
    assert pages and all('data-src="http://127.0.0.1:' in p.read_text("utf-8") for p in pages)
    Counter.hits.clear()
    context = browser.new_context()
    page = context.new_page()
    page.goto(url + "merchants/")
    page.wait_for_function("window.counted === 1")
    assert Counter.hits == ["/script.js"]
    assert page.eval_on_selector("script[data-website-id]", "s => s.getAttribute('data-website-id')") == "abc-123"
    assert context.cookies() == []
    context.close()


def test_a_visitor_who_asks_not_to_be_tracked_is_not_counted(browser, counted_site):
    _site, url = counted_site
    Counter.hits.clear()
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(navigator, 'globalPrivacyControl', {value: true})")
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert Counter.hits == [] and page.evaluate("window.counted") is None
    context.close()


def test_a_site_without_a_counter_has_no_trace_of_one(built):
    site = built["sinan-alley"].out_dir / "site"
    assert not (site / "analytics.js").exists()
    assert not any("analytics.js" in p.read_text("utf-8") for p in site.rglob("*.html"))


@pytest.mark.parametrize(("provider", "extra", "src", "attrs"), [
    ("goatcounter", {}, "https://gc.zgo.at/count.js", {"data-goatcounter": "https://sinan.goatcounter.com/count"}),
    ("plausible", {}, "https://sinan.goatcounter.com/js/script.js", {"data-domain": "moturi.kr"}),
    ("umami", {"site_id": "x1"}, "https://sinan.goatcounter.com/script.js", {"data-website-id": "x1"}),
])
def test_each_counter_gets_the_tag_its_documentation_gives(provider, extra, src, attrs):
    from streetkit_plugins.analytics import Analytics, counter_script

    settings = Analytics(provider=provider, url="https://sinan.goatcounter.com", **extra)
    assert counter_script(settings, "moturi.kr") == (src, attrs)


def test_umami_without_its_id_is_a_profile_error(tmp_path):
    folder = copy_street(GOLDEN_STREET, tmp_path / "ws")
    edit_profile(folder, "plugins: [local_currency]",
                 "plugins: [local_currency, analytics]\nanalytics: {provider: umami, url: 'https://stats.example.kr'}")
    result = run_cli("validate", folder, cwd=folder.parent.parent)
    assert result.returncode == 1 and "analytics" in result.stderr and "site_id" in result.stderr

