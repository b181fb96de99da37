"""The brand is data: one seed colour drives the site, the print and the brand pack, always readable."""
from __future__ import annotations

import io
import json
import re
import subprocess
import zipfile
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image as PILImage

from conftest import make_workspace, pages_drawing_in_side_margins, run_cli, static_file
from streetkit import contrast
from streetkit.build import Builder
from streetkit.models import Brand
from streetkit.tokens import derive, oklch
from streetkit.workspace import Workspace
from streetkit_plugins import social
from streetkit_plugins.brand.palette import PAIRS, STEPS

SVG = "{http://www.w3.org/2000/svg}"


def _build(tmp_path, seed: str):
    root = tmp_path / seed.strip("#")
    folder = make_workspace(root)
    text = (folder / "street.yaml").read_text("utf-8").replace('primary: "#1F6F5C"', f'primary: "{seed}"')
    (folder / "street.yaml").write_text(text, "utf-8")
    return Builder(Workspace.open(root), today=date(2026, 1, 1)).build(folder)


def _rgb(hex_color: str) -> tuple[int, int, int]:
    return tuple(int(hex_color[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def _pdf_pixel(pdf, x_frac: float, y_px: int, tmp_path) -> tuple[int, int, int]:
    png = tmp_path / f"px-{abs(hash(str(pdf)))}"
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(png)], check=True)
    with PILImage.open(f"{png}.png") as im:
        return im.convert("RGB").getpixel((int(im.width * x_frac), y_px))


def _opaque_colours(im: PILImage.Image) -> set[tuple[int, int, int]]:
    alpha, rgb = im.getchannel("A").tobytes(), im.convert("RGB").tobytes()
    return {tuple(rgb[3 * i:3 * i + 3]) for i, a in enumerate(alpha) if a == 255}


def test_pale_seed_stays_accessible_and_reaches_every_output(tmp_path):
    good, pale = _build(tmp_path, "#1F6F5C"), _build(tmp_path, "#FFE66D")
    tokens = json.loads((pale.out_dir / "brand/tokens.json").read_text("utf-8"))["color"]
    value = {k: v["$value"] for k, v in tokens.items()}
    assert value["primary"] == "#FFE66D"  # the seed stays the brand's identity…
    for fg, bg, need in PAIRS:  # …while every text pair the themes use reaches AA
        assert contrast(value[fg[6:]], value[bg[6:]]) >= need, (fg, bg)
    report = (pale.out_dir / "brand/contrast.md").read_text("utf-8")
    assert "FAIL" not in report and "primary #FFE66D has 1.25:1 on the page" in report  # what was adjusted, said
    assert any("primary #FFE66D" in note for note in pale.notes)
    # Site: the stylesheet carries the derived colours, and the icons are in the new colour.
    css = static_file(pale.out_dir, "tokens.css").read_text("utf-8")
    assert "--color-primary: #FFE66D;" in css and f"--color-primary-text: {value['primary-text']};" in css
    assert css != static_file(good.out_dir, "tokens.css").read_text("utf-8")
    with PILImage.open(pale.out_dir / "site/icons/icon-maskable-512.png") as icon:
        assert icon.convert("RGB").getpixel((5, 5)) == _rgb(value["primary-surface"])
    # Print: the flyer's band is painted in the brand surface colour.
    surface = _rgb(value["primary-surface"])
    band = _pdf_pixel(pale.out_dir / "print/flyers/street-a5.pdf", 0.5, 40, tmp_path)
    assert band == surface != _pdf_pixel(good.out_dir / "print/flyers/street-a5.pdf", 0.5, 40, tmp_path)
    # Brand pack: the guide's cover, the logo, the swatches and the share images follow the seed.
    assert _pdf_pixel(pale.out_dir / "brand/brand-guidelines.pdf", 0.9, 10, tmp_path) == surface
    with PILImage.open(pale.out_dir / "brand/logo/png/symbol-color-256.png") as symbol:
        assert symbol.convert("RGB").getpixel((128, 12)) == surface
    with PILImage.open(pale.out_dir / "site/social/street.jpg") as card:
        assert all(abs(a - b) <= 3 for a, b in zip(card.convert("RGB").getpixel((20, 20)), surface))
    assert "255 230 109\tcolor-primary" in (pale.out_dir / "brand/palette.gpl").read_text("utf-8")


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 0xFFFFFF))
def test_any_seed_gives_accessible_pairs_and_ordered_scales(seed):
    colour = f"#{seed:06X}"
    tokens, _ = derive(Brand(primary=colour))
    for fg, bg, need in PAIRS:
        assert contrast(tokens[fg], tokens[bg]) >= need, (colour, fg, bg)
    for scale in ("primary", "secondary", "accent", "neutral"):
        lightness = [oklch(tokens[f"color-{scale}-{step}"])[0] for step in STEPS]
        assert lightness == sorted(lightness, reverse=True), (colour, scale)  # 50 lightest … 900 darkest


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 0xFFFFFF), st.sampled_from(["#14161C", "#000000", "#2A2A3A", "#FBF7EE", "#F3EBDD"]))
def test_a_theme_page_colour_keeps_every_pair_accessible(seed, surface):
    """A theme may set its own page colour, dark (a night market) or warm (hanji paper)."""
    tokens, _ = derive(Brand(primary=f"#{seed:06X}"), {"color-surface": surface})
    assert tokens["color-surface"] == surface
    for fg, bg, need in PAIRS:
        assert contrast(tokens[fg], tokens[bg]) >= need, (f"#{seed:06X}", surface, fg, bg)


@pytest.mark.parametrize("seed", ["#E4572E", "#2B4C7E", "#1F6F5C"])
def test_scales_keep_the_seed_hue(seed):
    tokens, _ = derive(Brand(primary=seed))
    hue = oklch(seed)[2]
    for step in (300, 500, 700):
        assert abs((oklch(tokens[f"color-primary-{step}"])[2] - hue + 180) % 360 - 180) < 8, step


def test_tokens_json_is_w3c_format_with_cmyk_type_and_logo_sizes(built):
    tokens = json.loads((built["sinan-alley"].out_dir / "brand/tokens.json").read_text("utf-8"))
    primary = tokens["color"]["primary"]
    assert primary["$type"] == "color" and len(primary["$extensions"]["kr.streetkit.cmyk"]) == 4
    assert {f"primary-{s}" for s in STEPS} | {"success-text", "danger-surface", "neutral-500"} <= set(tokens["color"])
    assert tokens["font"]["sans"]["$value"][0] == "Noto Sans CJK KR"
    assert tokens["text"]["h1"] == {"$type": "dimension", "$value": "1.953rem", "$extensions": {"kr.streetkit.lineHeight": 1.2}}
    assert tokens["logo"]["clear-space"]["$value"] == 0.5 and tokens["logo"]["min-print"]["$value"] == "20mm"


@pytest.mark.parametrize("slug", ["sinan-alley", "jinju-bidan-market"])
def test_lockups_are_outlined_svg_with_pngs_at_standard_sizes(built, slug):
    logo = built[slug].out_dir / "brand/logo"
    svgs = sorted(p for p in logo.glob("*.svg") if p.name != "original.svg")
    assert len(svgs) == 12  # horizontal, stacked, wordmark, symbol × colour, mono, reversed
    for svg in svgs:
        root = ElementTree.parse(svg).getroot()
        assert not root.findall(f".//{SVG}text"), f"{svg.name} needs a font to show"  # text is outlined
        assert root.findall(f".//{SVG}path") or root.findall(f".//{SVG}image")
    for png in (logo / "png").glob("*.png"):
        width = int(re.search(r"-(\d+)\.png$", png.name)[1])
        with PILImage.open(png) as im:
            assert im.width == width and im.getchannel("A").getbbox(), png.name  # right size, not blank
    with PILImage.open(logo / "png/horizontal-reversed-1200.png") as im:  # reversed: white only
        assert _opaque_colours(im) == {(255, 255, 255)}


def test_one_colour_symbol_knocks_the_monogram_out(built):
    """The mono badge is ink with the letter as a hole (not a white letter): it works on any paper."""
    with PILImage.open(built["sinan-alley"].out_dir / "brand/logo/png/symbol-mono-256.png") as im:
        inner = im.getchannel("A").crop((40, 40, 216, 216)).tobytes()  # inside the badge's rounded corners
        holes = inner.count(0)
        assert 0.08 < holes / len(inner) < 0.5
        assert _opaque_colours(im) == {(0x1A, 0x1A, 0x1A)}


def test_the_street_logo_becomes_the_symbol(built):
    out = built["jinju-bidan-market"].out_dir / "brand/logo"
    # The street's own file, as its cleaned tree (svgclean): the same drawing, nothing else.
    original = ElementTree.parse(out / "original.svg").getroot()
    assert original.tag == f"{SVG}svg" and original.findall(f".//{SVG}circle")
    with PILImage.open(out / "png/symbol-color-256.png") as im:  # the street's own indigo badge
        assert im.convert("RGB").getpixel((128, 12)) == (0x2B, 0x4C, 0x7E)


def test_icon_set_and_web_manifest(built, site_url):
    site = built["sinan-alley"].out_dir / "site"
    with PILImage.open(site / "favicon.ico") as ico:
        assert ico.info["sizes"] == {(16, 16), (32, 32), (48, 48)}
    sizes = {"apple-touch-icon.png": 180, "icons/icon-32.png": 32, "icons/icon-192.png": 192,
             "icons/icon-512.png": 512, "icons/icon-maskable-512.png": 512}
    for path, px in sizes.items():
        with PILImage.open(site / path) as im:
            assert im.size == (px, px)
            if path in ("apple-touch-icon.png", "icons/icon-maskable-512.png"):  # full bleed, no transparency
                assert im.getchannel("A").getextrema() == (255, 255) if "A" in im.getbands() else True
    manifest = json.loads((site / "manifest.webmanifest").read_text("utf-8"))
    assert manifest["short_name"] == "신안 모퉁이길" and manifest["theme_color"] == "#E4572E"
    for icon in manifest["icons"]:
        assert (site / icon["src"]).is_file()
    assert any(i.get("purpose") == "maskable" for i in manifest["icons"])
    home = (site / "index.html").read_text("utf-8")
    for link in ('rel="manifest"', 'rel="apple-touch-icon"', 'href="favicon.svg"', 'href="favicon.ico"'):
        assert link in home
    assert ElementTree.fromstring((site / "favicon.svg").read_text("utf-8")).findall(f".//{SVG}path")


@pytest.mark.parametrize("slug", ["sinan-alley", "jinju-bidan-market"])
def test_instagram_posts_for_every_event(built, slug):
    result = built[slug]
    for event in result.street.profile.events:
        for name, size in social.INSTAGRAM.items():
            with PILImage.open(result.out_dir / f"brand/social/instagram/{event.id}-{name}.jpg") as im:
                assert im.size == size


@pytest.mark.parametrize("size", [social.SIZE, *social.INSTAGRAM.values()])
def test_long_text_shrinks_and_stays_inside_the_frame(built, size):
    street = built["sinan-alley"].street
    title = "모퉁이길 상인회가 준비한 아주 길고 긴 이름의 겨울 야시장과 골목 축제와 어린이 그림 대회 " * 3
    body = "설명 문장이 길어도 정해진 줄 수 안에서 줄이고, 넘치면 말줄임표로 끝냅니다. " * 8
    logo = street.data["brand"]["logo_png"]("horizontal", "color", social.LOGO_WIDTH)
    data = social._draw(street.tokens, title, "2026. 12. 12. 17:00", "신안로 57번길 골목 전체 · " * 5, size, logo, body)
    with PILImage.open(io.BytesIO(data)) as im:
        field = im.convert("RGB").crop((0, 0, size[0], size[1] - social.FOOTER))
        background = PILImage.new("RGB", field.size, street.tokens["color-primary-surface"])
        from PIL import ImageChops
        ink = ImageChops.difference(field, background).convert("L").point(lambda v: 255 if v > 60 else 0).getbbox()
    assert ink is not None
    left, top, right, bottom = ink
    margin = social.MARGIN
    assert left >= margin - 4 and right <= size[0] - margin + 4 and top >= margin - 20 and bottom <= field.size[1]


def test_brand_guideline_pdf(built, tmp_path):
    for slug, monogram_or_logo in (("sinan-alley", "‘모’"), ("jinju-bidan-market", "로고 그림")):
        pdf = built[slug].out_dir / "brand/brand-guidelines.pdf"
        info = subprocess.run(["pdfinfo", "-box", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "Pages:           11" in info and "858.898 x 612.283 pts" in info  # A4 landscape and 3 mm of bleed
        assert re.search(r"TrimBox:\s+0\.00\s+0\.00\s+841\.89\s+595\.28", info)
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # every font embedded
        def text_of(*pages: str, pdf: Path = pdf) -> str:
            out = subprocess.run(["pdftotext", *pages, str(pdf), "-"], capture_output=True, check=True).stdout
            return out.decode("utf-8", "replace").replace("\u2060", "")
        text = text_of()
        for heading in ("로고 유형", "색상 변형", "여백과 최소 크기", "잘못된 사용", "명도 대비", "서체", "적용 예시"):
            assert heading in text, heading
        assert monogram_or_logo in text
        tokens = built[slug].street.tokens
        assert tokens["color-primary"] in text and tokens["color-primary-900"] in text  # the scales, in HEX
        # The street's real flyer, drawn small on the applications page, with its contact block.
        assert built[slug].street.profile.association.name.split()[-1] in text_of("-f", "10", "-l", "10")
        # Every page after the cover keeps inside its 18 mm side margins (the misuse tiles' grid ran
        # past the page's edge).
        (tmp_path / slug).mkdir()
        assert pages_drawing_in_side_margins(pdf, (18, 16), tmp_path / slug, first=2) == []


def test_zip_packs_the_whole_brand_folder(built):
    out = built["sinan-alley"].out_dir / "brand"
    with zipfile.ZipFile(out / "sinan-alley-brand.zip") as z:
        names = set(z.namelist())
        expected = {f"sinan-alley-brand/{p.relative_to(out).as_posix()}" for p in out.rglob("*")
                    if p.is_file() and p.suffix != ".zip"}
        assert names == expected and "sinan-alley-brand/brand-guidelines.pdf" in names
        assert z.read("sinan-alley-brand/logo/symbol-color.svg") == (out / "logo/symbol-color.svg").read_bytes()


def test_brand_command(tmp_path):
    make_workspace(tmp_path)
    result = run_cli("brand", "streets/test-street", cwd=tmp_path)
    assert result.returncode == 0 and re.search(r"brand \d+", result.stdout), result.stderr
    assert not (tmp_path / "_build/test-street/site").exists()
    out = tmp_path / "_build/test-street/brand"
    assert re.search(r"\| pass \|", (out / "contrast.md").read_text("utf-8"))
    assert (out / "brand-guidelines.pdf").is_file() and (out / "test-street-brand.zip").is_file()


def test_the_guide_says_in_korean_what_was_adjusted_with_the_table_s_figures(built):
    """#27: the guide's notes on adjusted colours were English inside a Korean document, and gave
    one figure (on the tint) beside a table showing another (on the page); the report's swatch
    said "흰 글자" over a surface whose text is dark."""
    import subprocess

    from streetkit import contrast

    result = built["sinan-alley"]
    t = result.street.tokens
    guide = subprocess.run(["pdftotext", str(result.out_dir / "brand/brand-guidelines.pdf"), "-"], capture_output=True,
                           check=True).stdout.decode("utf-8", "replace").replace("\u2060", "")
    assert result.street.token_notes and "on the page" not in guide and "text in it uses" not in guide
    page = f"{contrast(t['color-primary-text'], t['color-surface']):.2f} : 1"
    tint = f"{contrast(t['color-primary-text'], t['color-primary-tint']):.2f} : 1"
    note = next(line for line in guide.splitlines() if "주조색 " in line and "명도 대비가" in line)
    assert f"바탕에서 {page}" in note and f"브랜드 옅은 색에서 {tint}" in note and page in guide  # the table's figure
    report = subprocess.run(["pdftotext", str(result.out_dir / "print/report.pdf"), "-"], capture_output=True,
                            check=True).stdout.decode("utf-8", "replace").replace("\u2060", "")
    dark_text = t["color-on-primary"].upper() != "#FFFFFF"
    assert ("주조색 면 (검은 글자)" if dark_text else "주조색 면 (흰 글자)") in report


def test_the_guide_shows_the_flyer_the_build_prints(built):
    """#27: the guide's "the real A5 flyer" listed other events, and another count, than the
    street-a5.pdf of the same build."""
    import re
    import subprocess

    for result in built.values():
        def events_in(pdf):
            text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True
                                  ).stdout.decode("utf-8", "replace").replace("\u2060", "")
            return [re.sub(r"\s+", " ", m) for m in re.findall(r"\d{4}\. \d{1,2}\. \d{1,2}\.\(.\)\s+\S[^\n]*?(?=\s{2,}|\n)", text)]

        flyer = events_in(result.out_dir / "print/flyers/street-a5.pdf")
        assert flyer and all(e in events_in(result.out_dir / "brand/brand-guidelines.pdf") for e in flyer), flyer
