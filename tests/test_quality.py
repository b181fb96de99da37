"""The website's quality bars: valid HTML (Nu Html Checker) and no WCAG 2.1 A/AA violations (axe-core)."""
from __future__ import annotations

import pytest

from conftest import axe_context, axe_violations, nu_errors


def test_every_page_is_valid_html(built):
    """vnu over every page of both sites (one JVM start): 0 errors."""
    assert not nu_errors(*(r.out_dir / "site" for r in built.values()))
    assert sum(1 for r in built.values() for _ in (r.out_dir / "site").rglob("*.html")) >= 200


PAGES = {"sinan-alley": ["", "merchants/", "merchants/haru-coffee/", "events/night-market-2026-12/", "map/", "news/",
                         "local-currency/", "programmes/", "centre/"],
         "jinju-bidan-market": ["", "merchants/", "merchants/naengmyeon-hwa/", "events/kimjang-2026/", "map/", "visit/",
                                "local-currency/", "programmes/", "centre/"]}


@pytest.mark.parametrize("slug", list(PAGES))
@pytest.mark.parametrize("lang", ["", "en/"])
def test_no_accessibility_violations(browser, built, site_url, slug, lang):
    context = axe_context(browser)
    page = context.new_page()
    problems = []
    # and a merchant's private card, which no page links to
    card = min(p.name for p in (built[slug].out_dir / "site" / "cards").iterdir() if p.is_dir())
    for path in [*PAGES[slug], f"cards/{card}/"]:
        page.goto(site_url[slug] + lang + path)
        problems += [f"{lang}{path}: {found}" for found in axe_violations(page)]
    context.close()
    assert not problems, problems


@pytest.mark.parametrize("primary", ["#2E86AB", "#E4572E", "#F5D90A"])
def test_brand_colours_at_the_contrast_limit_stay_readable(tmp_path, browser, primary):
    """The brand's derived colours are made to reach 4.5:1 and no more; nothing in a theme may take
    contrast away from them (an opacity on the hero's eyebrow did: 4.26:1 with #2E86AB, the
    benchmark street's colour). The small golden street in three brand colours, every page type,
    both languages, in axe."""
    from conftest import GOLDEN_STREET, TODAY, copy_street, edit_profile, page_types, serve
    from streetkit.build import Builder
    from streetkit.workspace import Workspace

    folder = copy_street(GOLDEN_STREET, tmp_path / "ws")
    edit_profile(folder, 'primary: "#2E7D5B"', f'primary: "{primary}"')
    result = Builder(Workspace.open(tmp_path / "ws"), out_root=tmp_path / "out", today=TODAY, only={"site"}).build(folder)
    site = result.out_dir / "site"
    server, url = serve(site)
    context = axe_context(browser)
    page = context.new_page()
    problems = []
    try:
        for lang in ("", "en/"):
            for path in page_types(site, lang).values():
                page.goto(url + path)
                problems += [f"{path}: {found}" for found in axe_violations(page, ("wcag2aa",))]
    finally:
        context.close()
        server.shutdown()
    assert not problems, problems
