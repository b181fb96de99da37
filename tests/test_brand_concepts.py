"""Brand proposals (#32): three concepts that differ — palette, typefaces, symbol — on paper in
brand/proposals.pdf, and the one chosen in the profile (`brand.concept`) driving the tokens, the site,
the flyers and the logo from then on."""
from __future__ import annotations

import subprocess

import pytest

import streetkit
from conftest import STREETS, TODAY, copy_street, edit_profile, make_workspace, run_cli
from streetkit.build import Builder
from streetkit.workspace import Workspace

SINAN = next(s for s in STREETS if s.name == "sinan-alley")


def _run(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("slug", ["sinan-alley", "jinju-bidan-market"])
def test_three_proposals_that_differ_on_paper(built, slug):
    result = built[slug]
    pdf = str(result.out_dir / "brand/proposals.pdf")
    info = _run("pdfinfo", "-box", pdf)
    assert "Pages:           4" in info and "1207.56 x 858.898 pts" in info  # A3 landscape and 3 mm of bleed
    fonts = _run("pdffonts", pdf).splitlines()[2:]
    assert all(line.split()[-5] == "yes" for line in fonts)  # every font embedded
    families = {name for line in fonts for name in ("Serif", "NanumSquareRound", "Sans") if name in line.split()[0]}
    assert families == {"Serif", "NanumSquareRound", "Sans"}  # a different heading face in each
    text = _run("pdftotext", pdf, "-").replace("\u2060", "")
    street = result.street
    proposals = streetkit.brand_proposals(street.profile.brand)
    palettes = set()
    for concept, brand in proposals:
        view = street.with_brand(brand)
        colours = tuple(view.tokens[f"color-{k}"] for k in ("primary", "secondary", "accent"))
        palettes.add(colours)
        assert concept.ko in text and all(f"HEX {c}" in text for c in colours), concept.id
        assert f"CMYK {' '.join(map(str, street.cmyk(colours[0])))}" in text
    assert len(palettes) == 3 and len({p[1] for p in palettes}) == 3 and len({p[2] for p in palettes}) == 3
    assert "brand.concept" in text
    # Every text the spreads print on a colour reads at 4.5:1 or more.
    from streetkit_plugins.brand import proposals as spreads

    for spread in spreads.context(street)["spreads"]:
        low = [(fg, bg) for fg, bg in spread["pairs"] if streetkit.contrast(fg, bg) < 4.5]
        assert not low, (spread["concept"].id, low)


def test_a_chosen_concept_drives_tokens_logo_site_and_flyers(tmp_path):
    folder = copy_street(SINAN, tmp_path)
    edit_profile(folder, '  accent: "#2E86AB"\n  font: sans\n', "  concept: heritage\n")
    builder = Builder(Workspace.open(tmp_path), today=TODAY)
    try:
        street = builder.load(folder)
        planned = builder.plan(street)
        t = street.tokens
        assert t["color-primary"] != "#E4572E" and "Serif" in t["font-heading"]  # the seed muted, a serif face
        assert street.brand.font == "serif" and street.brand.concept == "heritage"
        css = next(a for a in planned.artifacts if a.path.startswith("site/static/tokens."))
        assert f"--color-primary: {t['color-primary']};" in css.data.decode()  # the site's tokens
        logo = street.data["brand"]["svg"]("horizontal", "color")
        assert "<circle" in logo and "stroke-linecap" in logo  # the seal with its pictogram
        flyer = tmp_path / "flyer.pdf"
        flyer.write_bytes(builder.render_artifact(folder, "print/flyers/street-a5.pdf"))
        assert "Serif" in _run("pdffonts", str(flyer))  # the flyer's headings in the concept's face
        guide = tmp_path / "guide.pdf"
        guide.write_bytes(builder.render_artifact(folder, "brand/brand-guidelines.pdf"))
        text = _run("pdftotext", str(guide), "-").replace("\u2060", "")
        assert "‘전통 오방색’ 안을 따릅니다" in text and "업종을 그린 그림을 둥근 도장" in text
        proposals = tmp_path / "proposals.pdf"
        proposals.write_bytes(builder.render_artifact(folder, "brand/proposals.pdf"))
        assert "선택한 안" in _run("pdftotext", "-f", "2", "-l", "2", str(proposals), "-").replace("\u2060", "")
    finally:
        builder.close()


def test_the_wordmark_concept_draws_no_badge_and_kept_choices_win(tmp_path):
    folder = copy_street(SINAN, tmp_path)
    edit_profile(folder, "  font: sans\n", "  concept: contrast\n")  # the accent stays the profile's
    builder = Builder(Workspace.open(tmp_path), today=TODAY)
    try:
        street = builder.load(folder)
        builder.plan(street)
    finally:
        builder.close()
    assert street.tokens["color-accent"] == "#2E86AB" and street.brand.font == "rounded"
    logo = street.data["brand"]["svg"]("horizontal", "color")
    assert "A22 22" not in logo  # no badge: the name alone
    assert "A22 22" not in street.data["brand"]["svg"]("symbol", "color")


def test_an_unknown_concept_is_refused_with_the_choices(tmp_path):
    folder = copy_street(SINAN, tmp_path)
    edit_profile(folder, "  font: sans\n", "  font: sans\n  concept: retro\n")
    proc = run_cli("validate", folder)
    assert proc.returncode != 0
    assert "street.yaml:52" in proc.stderr and "brand.concept" in proc.stderr and "heritage" in proc.stderr


@pytest.mark.parametrize("slug", ["sinan-alley", "jinju-bidan-market"])
def test_applications_at_real_size_with_the_bleed_a_shop_asks(built, slug):
    import pikepdf
    from PIL import Image

    from streetkit.preflight import preflight_file

    result = built[slug]
    folder = result.out_dir / "brand/applications"
    sizes = {"sign": (2400, 600, 10), "banner": (5000, 900, 10), "x-banner": (600, 1800, 10), "bag": (260, 320, 3),
             "badge": (90, 55, 3)}
    mm = 72 / 25.4
    for name, (width, height, bleed) in sizes.items():
        pdf = folder / f"{name}.pdf"
        with pikepdf.open(pdf) as doc:
            page = doc.pages[0]
            trim = [float(v) for v in page.trimbox]
            media = [float(v) for v in page.mediabox]
        assert (round((trim[2] - trim[0]) / mm), round((trim[3] - trim[1]) / mm)) == (width, height), name
        assert round((trim[0] - media[0]) / mm, 1) == bleed and round((media[2] - trim[2]) / mm, 1) == bleed, name
        fonts = _run("pdffonts", str(pdf)).splitlines()[2:]
        assert all(line.split()[-5] == "yes" for line in fonts), name  # the sign is all outlines: no font
        assert not preflight_file(pdf).findings, name
    # The banners say what is coming (or the street's line), in text a shop's software can read.
    headline = next(iter(result.street.upcoming_events()), None)
    expected = headline.title if headline else (result.street.profile.tagline or result.street.profile.name)
    for name in ("banner", "x-banner"):
        assert expected.replace(" ", "") in _run("pdftotext", str(folder / f"{name}.pdf"), "-").replace("\u2060", "").replace(
            " ", "").replace("\n", "")
    t = result.street.tokens
    assert streetkit.contrast(t["color-on-primary"], t["color-primary-surface"]) >= 4.5  # the banner's text
    assert streetkit.contrast(t["color-primary-text"], "#FFFFFF") >= 4.5  # the badge's and bag's
    for name, size in (("social-profile", (1080, 1080)), ("social-cover", (1600, 900))):
        with Image.open(folder / f"{name}.png") as im:
            assert im.size == size
    guide = _run("pdftotext", "-f", "11", "-l", "11", str(result.out_dir / "brand/brand-guidelines.pdf"), "-")
    for name in sizes:
        assert f"brand/applications/{name}.pdf" in guide
    assert "5,000 × 900 mm" in guide.replace("\u2060", "")


def test_no_korean_word_breaks_in_the_proposals_or_the_banners(built, workspace):
    """Every Hangul word a line of the PDF holds is a whole word of the document's text: lines break
    only between words, as Korean print asks."""
    import re

    builder = Builder(workspace, today=TODAY)
    try:
        street = builder.load(SINAN)
        planned = builder.plan(street)
        for path in ("brand/proposals.pdf", "brand/applications/x-banner.pdf", "brand/applications/bag.pdf"):
            html = builder.render_html(street, planned, planned.find(path))
            inline = re.sub(r"</?(?:b|i|span|code|em|strong)\b[^>]*>", "", html)  # inside a word
            source = re.sub(r"<style.*?</style>|<[^>]+>", " ", inline, flags=re.S).replace("\u2060", "")
            words = {w.strip(".,()") for w in source.replace("·", " ").split()}  # a line may break after ·
            text = _run("pdftotext", str(built["sinan-alley"].out_dir / path), "-").replace("\u2060", "")
            hangul = [w.strip(".,()") for line in text.replace("·", " ").splitlines() for w in line.split()
                      if re.search("[가-힣]", w)]
            assert len(hangul) > 3 and all(w in words for w in hangul), (path, [w for w in hangul if w not in words])
    finally:
        builder.close()


def test_the_brand_command_proposes_as_many_concepts_as_asked(tmp_path):
    folder = make_workspace(tmp_path / "ws")
    proc = run_cli("brand", folder, "--proposals", "2", "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    pdf = tmp_path / "out" / folder.name / "brand/proposals.pdf"
    assert "Pages:           3" in _run("pdfinfo", str(pdf))  # the comparison and two spreads
    assert "두 가지 안" in _run("pdftotext", "-f", "1", "-l", "1", str(pdf), "-").replace("\u2060", "")
    assert all(f"brand.concept: {c}" in proc.stdout for c in streetkit.CONCEPTS)
