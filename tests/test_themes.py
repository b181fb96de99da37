"""Theme discovery and the template lookup order: street → theme → parent themes → plugin templates."""
from __future__ import annotations

import subprocess
from datetime import date

import pytest
from PIL import Image as PILImage

from conftest import make_workspace, run_cli, static_file
from streetkit.build import Builder
from streetkit.errors import ProfileError
from streetkit.workspace import Workspace

LAYER_PLUGIN = '''
from pathlib import Path
import streetkit

@streetkit.hookimpl
def template_dirs():
    return [Path(__file__).parent / "layer_templates"]

@streetkit.hookimpl
def artifacts():
    return [streetkit.Page(path="site/layer/index.html", template="site/layer.html")]
'''


@pytest.fixture
def layered(tmp_path):
    """A street using theme `kid` (parent: default), a plugin template, and a street override."""
    folder = make_workspace(tmp_path)
    text = (folder / "street.yaml").read_text("utf-8")
    (folder / "street.yaml").write_text(text.replace("theme: default", "theme: kid").replace("plugins: []", "plugins: [layer]"), "utf-8")
    plugins = tmp_path / "plugins"
    (plugins / "layer_templates" / "site").mkdir(parents=True)
    (plugins / "layer.py").write_text(LAYER_PLUGIN, "utf-8")
    (plugins / "layer_templates" / "site" / "layer.html").write_text("from-plugin", "utf-8")
    kid = tmp_path / "themes" / "kid"
    (kid / "templates" / "site").mkdir(parents=True)
    (kid / "static").mkdir()
    (kid / "theme.yaml").write_text("name: kid\nparent: default\ndescription: 테스트용 자식 테마\ntokens: {radius: 2px}\n", "utf-8")
    (kid / "templates" / "site" / "layer.html").write_text("from-theme", "utf-8")
    (kid / "static" / "site.css").write_text("/* kid */", "utf-8")
    (folder / "templates" / "site").mkdir(parents=True)
    (folder / "templates" / "site" / "layer.html").write_text("from-street", "utf-8")
    return tmp_path, folder


def _layer(root, folder) -> str:
    result = Builder(Workspace.open(root), today=date(2026, 1, 1), only={"site"}).build(folder)
    return (result.out_dir / "site/layer/index.html").read_text("utf-8")


def test_lookup_order(layered):
    root, folder = layered
    assert _layer(root, folder) == "from-street"
    (folder / "templates" / "site" / "layer.html").unlink()
    assert _layer(root, folder) == "from-theme"
    (root / "themes" / "kid" / "templates" / "site" / "layer.html").unlink()
    assert _layer(root, folder) == "from-plugin"


def test_child_theme_inherits_templates_and_overrides_static_and_tokens(layered):
    root, folder = layered
    result = Builder(Workspace.open(root), today=date(2026, 1, 1), only={"site"}).build(folder)
    home = (result.out_dir / "site/index.html").read_text("utf-8")
    assert "새 골목형상점가" in home  # default theme's home.html, inherited
    assert static_file(result.out_dir, "site.css").read_text("utf-8") == "/* kid */"
    tokens = static_file(result.out_dir, "tokens.css").read_text("utf-8")
    assert "--radius: 2px;" in tokens and "--font-sans:" in tokens  # child token + inherited token


def test_themes_command_shows_parent(layered):
    root, _ = layered
    out = run_cli("themes", cwd=root).stdout
    kid = next(line for line in out.splitlines() if line.startswith("kid"))
    assert "parent: default" in kid and "테스트용 자식 테마" in kid
    assert any(line.startswith("default") for line in out.splitlines())


def test_unknown_parent_and_loops_are_reported(layered):
    root, folder = layered
    meta = root / "themes" / "kid" / "theme.yaml"
    meta.write_text("name: kid\nparent: nobody\n", "utf-8")
    ws = Workspace.open(root)
    with pytest.raises(ProfileError, match="theme 'kid' extends unknown theme 'nobody'"):
        Builder(ws).build(folder)
    meta.write_text("name: kid\nparent: kid\n", "utf-8")
    with pytest.raises(ProfileError, match="theme inheritance loops"):
        Builder(Workspace.open(root)).build(folder)


def test_build_theme_override(layered):
    root, folder = layered
    result = Builder(Workspace.open(root), theme="default", only={"site"}).build(folder)
    assert "/* kid */" not in static_file(result.out_dir, "site.css").read_text("utf-8")


# -- the built-in themes ----------------------------------------------------------------------

#: Each built-in child theme: its page colour and what sets it apart.
CHILDREN = {"market": "#FBF6EA", "night": "#14161C"}


#: The tests of the child themes run on one test worker, so each theme's build is made once.
one_worker = pytest.mark.xdist_group("themes")


@pytest.fixture(scope="module", params=list(CHILDREN))
def themed(request, tmp_path_factory, workspace):
    """Both example streets built in one of the child themes: (theme, {slug: result})."""
    from conftest import REPO, TODAY

    out = tmp_path_factory.mktemp(request.param)
    builder = Builder(workspace, out_root=out, theme=request.param, today=TODAY, only={"site"})
    results = {slug: builder.build(REPO / "streets" / slug) for slug in ("sinan-alley", "jinju-bidan-market")}
    # Of the print output, the kinds the tests look at, each rendered alone through the build's code
    # (the whole output — cards, every sticker, the Word report — would triple the fixture's time).
    printer = Builder(workspace, out_root=out, theme=request.param, today=TODAY)
    try:
        for slug, docs in PRINTS.items():
            for doc in docs:
                target = results[slug].out_dir / "print" / doc
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(printer.render_artifact(REPO / "streets" / slug, "print/" + doc))
    finally:
        printer.close()
    return request.param, results


@one_worker
def test_child_themes_extend_default_and_keep_every_pair_readable(themed, tmp_path):
    from streetkit import contrast
    from streetkit_plugins.brand.palette import PAIRS

    theme, results = themed
    for slug, result in results.items():
        tokens = result.street.tokens
        assert tokens["color-surface"] == CHILDREN[theme]
        for fg, bg, need in PAIRS:  # the brand's text colours, checked against this theme's page
            assert contrast(tokens[fg], tokens[bg]) >= need, (theme, slug, fg, bg)
        home = (result.out_dir / "site/index.html").read_text("utf-8")
        assert home.index("/site.") < home.index("/theme.")  # the child's stylesheet comes after the parent's
        flyer = result.out_dir / "print/flyers/street-a5.pdf"
        fonts = subprocess.run(["pdffonts", str(flyer)], capture_output=True, text=True, check=True).stdout
        if theme == "market":  # 명조 headings, on the web (the subset ships) and in print
            assert tokens["font-heading"].startswith('"Noto Serif CJK KR"') and "Noto-Serif-CJK-KR" in fonts
            assert (result.out_dir / "site/static/fonts/serif-700.woff2").is_file()
        if theme == "night":  # the dark page reaches the bleed of every PDF
            png = tmp_path / f"{slug}-report"
            subprocess.run(["pdftoppm", "-png", "-r", "20", "-f", "3", "-l", "3", "-singlefile",
                            str(result.out_dir / "print/report.pdf"), str(png)], check=True)
            with PILImage.open(f"{png}.png") as im:
                assert im.convert("RGB").getpixel((1, im.height - 2)) == (0x14, 0x16, 0x1C)
            text = subprocess.run(["pdftotext", str(flyer), "-"], capture_output=True, check=True).stdout.decode()
            assert "함께하는" in text.replace("\u2060", "")


#: Every kind of print, per street (paths below print/, trim size in mm).
PRINTS = {"sinan-alley": {"flyers/street-a5.pdf": (148, 210), "flyers/street-a4.pdf": (210, 297),
                          "posters/event-night-market-2026-12-a3.pdf": (297, 420),
                          "stickers/local-currency-haru-coffee.pdf": (150, 150), "flyers/coupons-a4.pdf": (210, 297),
                          "flyers/stamp-tour-a5.pdf": (148, 210), "flyers/merchant-haru-coffee-a5.pdf": (148, 210),
                          "report.pdf": (210, 297)},
          "jinju-bidan-market": {"flyers/street-a5.pdf": (148, 210), "report.pdf": (210, 297),
                                 "programmes/market-modernisation-2027.pdf": None}}


@one_worker
def test_child_themes_print_ready(themed):
    from conftest import assert_print_ready

    _theme, results = themed
    for slug, docs in PRINTS.items():
        for doc, size in docs.items():
            if size:  # the board notice has no bleed (office printer); the others are for the print shop
                assert_print_ready(results[slug].out_dir / "print" / doc, *size)
            else:
                assert (results[slug].out_dir / "print" / doc).is_file()


@one_worker
def test_child_themes_pass_the_quality_bars(themed, browser):
    """Valid HTML (Nu), the home page within 200 KB, and no WCAG 2.1 AA violations (axe, colour
    contrast included) in each child theme."""
    from conftest import REPO, axe_context, axe_violations, nu_errors, page_types, serve

    theme, results = themed
    # A child theme restyles (stylesheets, tokens) and writes no page markup of its own: one page
    # of each type in each language is its markup; every page of the default templates is
    # validated by test_quality.
    assert not (REPO / "themes" / theme / "templates" / "site").exists(), "a child's own site templates: validate every page"
    pages = [str(r.out_dir / "site" / path / ("" if path.endswith(".html") else "index.html"))
             for r in results.values() for lang in ("", "en/") for path in page_types(r.out_dir / "site", lang).values()]
    assert not nu_errors(*pages)
    problems = []
    for result in results.values():
        server, url = serve(result.out_dir / "site")
        sizes: dict[str, int] = {}
        page = browser.new_page()
        page.on("response", lambda r, sizes=sizes: sizes.__setitem__(r.url, len(r.body())) if r.ok else None)
        try:
            page.goto(url, wait_until="networkidle")
            assert sum(sizes.values()) <= 200 * 1024, sizes  # the home page's weight budget
        finally:
            page.close()
        context = axe_context(browser)
        page = context.new_page()
        try:
            for path in ("", "merchants/", "merchants/" + result.street.profile.merchants[0].id + "/", "events/",
                         "map/", "programmes/", "local-currency/"):
                page.goto(url + path)
                problems += [f"{path}: {found}" for found in axe_violations(page)]
        finally:
            context.close()
            server.shutdown()
    assert not problems, problems


@one_worker
def test_child_themes_do_not_move_after_they_appear(themed, browser):
    """The layout-shift guard (test_layout_shift) in each child theme, on a phone, in Korean and
    English, on the page types a theme restyles most (the default theme's guard covers every type)."""
    from conftest import CLS_LIMIT, layout_shifts, page_types

    _theme, results = themed
    moved = {}
    for slug, result in results.items():
        for lang in ("", "en/"):
            kinds = page_types(result.out_dir / "site", lang)
            found = layout_shifts(browser, result.out_dir / "site", {k: kinds[k] for k in ("home", "directory", "merchant",
                                                                                         "free page") if k in kinds}, 390)
            moved |= {(slug, lang, kind): (round(cls, 3), what) for kind, (cls, what) in found.items() if cls >= CLS_LIMIT}
    assert not moved, moved


def test_gallery_builds_a_street_in_each_theme_side_by_side(tmp_path):
    from conftest import REPO, copy_street, run_cli

    street = copy_street(REPO / "streets/sinan-alley", tmp_path)
    result = run_cli("gallery", street, "--today", "2026-11-23", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "_build/gallery/sinan-alley/index.html").read_text("utf-8")
    for theme in ("default", "market", "night"):
        assert f"<h2>{theme}</h2>" in page
        with PILImage.open(tmp_path / f"_build/gallery/sinan-alley/{theme}/home-desktop.png") as im:
            assert im.size == (1280, 800)
        with PILImage.open(tmp_path / f"_build/gallery/sinan-alley/{theme}/home-phone.png") as im:
            assert im.size == (390, 844)
        # The PDFs their plugins mark as showcase: the A5 street flyer and the report's cover.
        assert f'src="{theme}/street-a5.png"' in page and f'src="{theme}/report.png"' in page
        assert "A5 전단" in page and "보고서 표지" in page
    assert "default 테마를 이어받음" in page  # market's parent, said


def test_the_brand_pack_stays_on_paper_in_a_dark_theme(tmp_path, workspace):
    """Logos, share cards and the guide belong to the brand, not the theme: under `night` the
    colour logo keeps its dark lettering, and the guide prints on white."""
    from conftest import REPO, TODAY

    result = Builder(workspace, out_root=tmp_path, theme="night", today=TODAY, only={"brand"}).build(
        REPO / "streets/sinan-alley")
    tokens = result.street.tokens
    assert tokens["color-primary-text"] != tokens["color-brand-text"]  # the page's text is lightened …
    logo = (result.out_dir / "brand/logo/horizontal-color.svg").read_text("utf-8")
    assert f'fill="{tokens["color-brand-text"]}"' in logo and f'fill="{tokens["color-primary-text"]}"' not in logo
    mono = (result.out_dir / "brand/logo/horizontal-mono.svg").read_text("utf-8")
    assert 'fill="#1A1A1A"' in mono  # … and one-colour is the brand's ink, not the night page's
    png = tmp_path / "guide"
    subprocess.run(["pdftoppm", "-png", "-r", "20", "-f", "2", "-l", "2", "-singlefile",
                    str(result.out_dir / "brand/brand-guidelines.pdf"), str(png)], check=True)
    with PILImage.open(f"{png}.png") as im:
        assert im.convert("RGB").getpixel((2, im.height - 2)) == (255, 255, 255)


def test_a_theme_shipped_as_a_package(tmp_path):
    """The docs' recipe, for real: a distribution whose entry point names a folder of themes."""
    from conftest import install_distribution, run_cli

    project = tmp_path / "streetkit-theme-harbour"
    theme = project / "streetkit_theme_harbour" / "harbour"
    (theme / "static").mkdir(parents=True)
    (project / "streetkit_theme_harbour" / "__init__.py").write_text("", "utf-8")
    (theme / "theme.yaml").write_text("name: harbour\ndescription: 항구 골목 — sea blue\nparent: default\n"
                                      "tokens:\n  radius: 0px\n", "utf-8")
    (theme / "static" / "theme.css").write_text(".hero { border-bottom: 8px solid var(--color-accent); }\n", "utf-8")
    env = install_distribution(project, "streetkit-theme-harbour", "0.1.0",
                               {"streetkit.themes": 'harbour = "streetkit_theme_harbour"'}, ["*/theme.yaml", "*/static/*"])
    listing = run_cli("themes", env=env).stdout
    line = next(row for row in listing.splitlines() if row.startswith("harbour"))
    assert "parent: default" in line and "streetkit-theme-harbour" in line and "항구 골목" in line
    make_workspace(tmp_path / "ws")
    result = run_cli("build", "streets/test-street", "--only", "site", "--theme", "harbour", cwd=tmp_path / "ws", env=env)
    assert result.returncode == 0, result.stderr
    assert "/theme." in (tmp_path / "ws/_build/test-street/site/index.html").read_text("utf-8")
