"""The website's quality bars: valid HTML (Nu Html Checker) and no WCAG 2.1 A/AA violations (axe-core)."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import REPO

VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"
AXE = REPO / "node_modules/axe-core/axe.min.js"


def test_every_page_is_valid_html(built):
    """vnu over every page of both sites (one JVM start): 0 errors."""
    assert VNU.is_file(), "run scripts/setup.sh (npm ci installs vnu-jar)"
    sites = [str(r.out_dir / "site") for r in built.values()]
    out = subprocess.run([shutil.which("java") or "java", "-jar", str(VNU), "--errors-only", "--skip-non-html",
                          "--format", "gnu", *sites], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and not out.stdout.strip() and not out.stderr.strip(), out.stdout + out.stderr
    assert sum(1 for r in built.values() for _ in (r.out_dir / "site").rglob("*.html")) >= 200


PAGES = {"sinan-alley": ["", "merchants/", "merchants/haru-coffee/", "events/night-market-2026-12/", "map/", "news/",
                         "local-currency/", "programmes/"],
         "jinju-bidan-market": ["", "merchants/", "merchants/naengmyeon-hwa/", "events/kimjang-2026/", "map/", "visit/",
                                "local-currency/", "programmes/"]}


@pytest.mark.parametrize("slug", list(PAGES))
@pytest.mark.parametrize("lang", ["", "en/"])
def test_no_accessibility_violations(browser, site_url, slug, lang):
    axe = AXE.read_text("utf-8")
    context = browser.new_context()
    page = context.new_page()
    problems = []
    for path in PAGES[slug]:
        page.goto(site_url[slug] + lang + path)
        page.add_script_tag(content=axe)
        result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: "
                               "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
        problems += [f"{lang}{path}: {v['id']} {v['nodes'][0]['target']}" for v in result["violations"]]
        assert result["passes"], "axe ran no rule"
    context.close()
    assert not problems, problems
