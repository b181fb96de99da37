"""No page moves after it appears: every page type of both examples, in both languages, on a phone
and a desktop, loaded with the web fonts arriving late (so the fallback paints first and the swap is
seen) and the scripts running. Chromium's own layout-shift entries are summed as Lighthouse sums
them (CLS), and a page at or above 0.05 fails with the elements that moved."""
from __future__ import annotations

import pytest

from conftest import CLS_LIMIT, layout_shifts, page_types


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["", "en/"])
@pytest.mark.parametrize("slug", ["sinan-alley", "jinju-bidan-market"])
def test_no_page_moves_after_it_appears(built, browser, slug, lang, width):
    paths = page_types(built[slug].out_dir / "site", lang)
    assert {"home", "directory", "merchant", "event", "post", "map", "404"} <= paths.keys()
    results = layout_shifts(browser, built[slug].out_dir / "site", paths, width)
    moved = {kind: (round(cls, 3), what) for kind, (cls, what) in results.items() if cls >= CLS_LIMIT}
    assert not moved, moved


def test_the_guard_sees_a_shift(built, browser, tmp_path):
    """The guard itself: a directory whose filters are revealed by a script after the page paints
    (as they were before) is caught."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(built["sinan-alley"].out_dir / "site", site)
    directory = site / "merchants" / "index.html"
    html = directory.read_text("utf-8")
    # Revealed two frames after the load event: after the first paint however slow the machine is.
    late_reveal = ('<script>addEventListener("load", function () { requestAnimationFrame(function () { '
                   'requestAnimationFrame(function () { document.getElementById("filters").hidden = false; }); }); });'
                   "</script></body>")
    directory.write_text(html.replace('class="filters needs-js" id="filters"', 'class="filters" id="filters" hidden')
                         .replace("</body>", late_reveal), "utf-8")
    cls, moved = layout_shifts(browser, site, {"directory": "merchants/"}, 390)["directory"]
    assert cls >= CLS_LIMIT and any("section#" in m for m in moved), (cls, moved)
