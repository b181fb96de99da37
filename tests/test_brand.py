"""The brand is data: one seed colour drives the site, the print and the brand pack, always readable."""
from __future__ import annotations

import json
import re
import subprocess
import zipfile
from datetime import date

from PIL import Image as PILImage

from conftest import make_workspace, run_cli, static_file
from streetkit import contrast
from streetkit.build import Builder
from streetkit.workspace import Workspace

PAIRS = [("color-primary-text", "color-surface"), ("color-primary-text", "color-primary-tint"),
         ("color-on-primary", "color-primary-surface"), ("color-accent-text", "color-surface")]


def _build(tmp_path, seed: str):
    root = tmp_path / seed.strip("#")
    folder = make_workspace(root)
    text = (folder / "street.yaml").read_text("utf-8").replace('primary: "#1F6F5C"', f'primary: "{seed}"')
    (folder / "street.yaml").write_text(text, "utf-8")
    return Builder(Workspace.open(root), today=date(2026, 1, 1)).build(folder)


def _band_pixel(result, tmp_path) -> tuple[int, int, int]:
    png = tmp_path / f"band-{result.out_dir.parent.parent.name}"
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-singlefile", str(result.out_dir / "print/flyers/street-a5.pdf"),
                    str(png)], check=True)
    with PILImage.open(f"{png}.png") as im:
        return im.convert("RGB").getpixel((im.width // 2, 40))  # the brand band at the top


def test_pale_seed_stays_accessible_and_reaches_every_output(tmp_path):
    good, pale = _build(tmp_path, "#1F6F5C"), _build(tmp_path, "#FFE66D")
    tokens = json.loads((pale.out_dir / "brand/tokens.json").read_text("utf-8"))["color"]
    value = {k: v["$value"] for k, v in tokens.items()}
    assert value["primary"] == "#FFE66D"  # the seed stays the brand's identity…
    for fg, bg in PAIRS:  # …while every text pair the themes use reaches AA
        assert contrast(value[fg[6:]], value[bg[6:]]) >= 4.5, (fg, bg)
    assert "FAIL" not in (pale.out_dir / "brand/contrast.md").read_text("utf-8")
    # Site: the stylesheet carries the derived colours.
    css = static_file(pale.out_dir, "tokens.css").read_text("utf-8")
    assert "--color-primary: #FFE66D;" in css and f"--color-primary-text: {value['primary-text']};" in css
    assert css != static_file(good.out_dir, "tokens.css").read_text("utf-8")
    # Print: the flyer's band is painted in the brand surface colour.
    surface = tuple(int(value["primary-surface"][i:i + 2], 16) for i in (1, 3, 5))
    assert _band_pixel(pale, tmp_path) == surface != _band_pixel(good, tmp_path)
    # Brand pack: swatches and the zip.
    assert "255 230 109\tcolor-primary" in (pale.out_dir / "brand/palette.gpl").read_text("utf-8")
    with zipfile.ZipFile(pale.out_dir / "brand/test-street-brand.zip") as z:
        assert sorted(z.namelist()) == ["test-street-brand/contrast.md", "test-street-brand/palette.gpl",
                                        "test-street-brand/tokens.css", "test-street-brand/tokens.json"]


def test_tokens_json_has_cmyk_hints(built):
    tokens = json.loads((built["sinan-alley"].out_dir / "brand/tokens.json").read_text("utf-8"))
    primary = tokens["color"]["primary"]
    assert primary["$type"] == "color" and len(primary["$extensions"]["kr.streetkit.cmyk"]) == 4
    assert tokens["font"]["sans"]["$value"][0] == "Noto Sans CJK KR"


def test_brand_command(tmp_path):
    make_workspace(tmp_path)
    result = run_cli("brand", "streets/test-street", cwd=tmp_path)
    assert result.returncode == 0 and "brand 5" in result.stdout, result.stderr
    assert not (tmp_path / "_build/test-street/site").exists()
    assert re.search(r"\| pass \|", (tmp_path / "_build/test-street/brand/contrast.md").read_text("utf-8"))
