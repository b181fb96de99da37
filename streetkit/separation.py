"""Screen colours as the four process inks of an output profile: the numbers the brand guideline
prints and the plates of a CMYK file receive, worked out once per colour.

- A neutral colour (black, the greys of text and rules, tinted by at most OKLCH chroma 0.02) goes on
  the K plate alone, at the black that gives the same lightness on paper: four plates under small
  text misregister, and a rich black costs ink for nothing.
- Any other colour goes through the profile (littleCMS, relative colorimetric with black-point
  compensation: the brand's colours as close as the press can print them) and is rounded to whole
  percent, the precision a guideline states and a plate is made to.
- Photos go through the profile with the perceptual intent, which keeps detail out of gamut.
"""
from __future__ import annotations

import functools
import io
from typing import TYPE_CHECKING, Any, cast

from .tokens import oklch

if TYPE_CHECKING:
    from PIL import Image

    from .printprofile import OutputProfile

Cmyk = tuple[int, int, int, int]

#: OKLCH chroma below which a colour counts as neutral and is printed with black ink alone.
NEUTRAL_CHROMA = 0.02


class Separation:
    """Colours and photos in the inks of `profile` (see the module docstring)."""

    def __init__(self, profile: OutputProfile):
        from PIL import ImageCms

        self.profile = profile
        output = ImageCms.ImageCmsProfile(io.BytesIO(profile.data))
        srgb, lab = ImageCms.createProfile("sRGB"), ImageCms.createProfile("LAB", 5000)
        flags = ImageCms.Flags.BLACKPOINTCOMPENSATION
        self._to_cmyk = ImageCms.buildTransform(srgb, output, "RGB", "CMYK", ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                                flags=flags)
        self._photo = ImageCms.buildTransform(srgb, output, "RGB", "CMYK", ImageCms.Intent.PERCEPTUAL, flags=flags)
        self._to_lab = ImageCms.buildTransform(output, lab, "CMYK", "LAB", ImageCms.Intent.RELATIVE_COLORIMETRIC)
        # The lightness black ink alone gives at each percent, to match neutrals against.
        self._black_ramp = self._lightness([(0, 0, 0, k) for k in range(101)])
        self._known: dict[str, Cmyk] = {}

    def _lightness(self, inks: list[Cmyk]) -> list[float]:
        from PIL import Image

        swatch = Image.new("CMYK", (len(inks), 1))
        swatch.putdata([tuple(round(v * 2.55) for v in ink) for ink in inks])
        lab = _apply(swatch, self._to_lab)
        return [cast(tuple[int, ...], lab.getpixel((x, 0)))[0] * 100 / 255 for x in range(lab.width)]

    def cmyk(self, hex_color: str) -> Cmyk:
        """`hex_color` (#RRGGBB) in whole percent of C, M, Y and K."""
        key = hex_color.upper()
        if key not in self._known:
            self._known[key] = self._separate(key)
        return self._known[key]

    def _separate(self, hex_color: str) -> Cmyk:
        from PIL import Image

        h = hex_color.lstrip("#")
        rgb = (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))
        if rgb == (255, 255, 255):
            return 0, 0, 0, 0
        swatch = _apply(Image.new("RGB", (1, 1), rgb), self._to_cmyk)
        c, m, y, k = (round(v / 2.55) for v in cast(tuple[int, ...], swatch.getpixel((0, 0))))
        if oklch(hex_color)[1] < NEUTRAL_CHROMA:
            target = self._lightness([(c, m, y, k)])[0]
            k = min(range(101), key=lambda level: abs(self._black_ramp[level] - target))
            return 0, 0, 0, k
        return c, m, y, k

    def css(self, hex_color: str, alpha: float = 1.0) -> str:
        """The CSS (and SVG) colour WeasyPrint writes as DeviceCMYK with exactly these inks."""
        c, m, y, k = self.cmyk(hex_color)
        return f"device-cmyk({c}% {m}% {y}% {k}%{'' if alpha >= 1 else f' / {alpha:g}'})"

    def photo(self, data: bytes) -> bytes | None:
        """A raster image as a CMYK JPEG for this profile, or None for one with transparency (a
        JPEG cannot keep it; the file keeps the RGB image and preflight says so) or one that does
        not decode (left for WeasyPrint to refuse, as in any document)."""
        from PIL import Image

        try:
            opened = Image.open(io.BytesIO(data))
            opened.load()
        except (OSError, ValueError, Image.DecompressionBombError):
            return None
        with opened:
            im: Image.Image = opened
            if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
                lowest = cast(tuple[int, int], im.convert("RGBA").getchannel("A").getextrema())[0]
                if lowest < 255:
                    return None
            if im.mode == "CMYK":
                return data
            cmyk = _apply(im.convert("RGB"), self._photo)
            out = io.BytesIO()
            # Fixed settings and no metadata: the same photo gives the same bytes.
            cmyk.save(out, "JPEG", quality=92, dpi=im.info.get("dpi", (300, 300)))
            return out.getvalue()


def _apply(image: Image.Image, transform: Any) -> Image.Image:
    from PIL import ImageCms

    out = ImageCms.applyTransform(image, transform)
    assert out is not None  # None only for a transform in place
    return out


def approximate_cmyk(hex_color: str) -> Cmyk:
    """A plain formula's CMYK in percent, for a machine without an output profile: a starting point
    for the print shop, not what a press prints."""
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))
    k = 1 - max(r, g, b)
    if k >= 1:
        return 0, 0, 0, 100
    c, m, y = (round(100 * (1 - v - k) / (1 - k)) for v in (r, g, b))
    return c, m, y, round(100 * k)


@functools.lru_cache(maxsize=4)
def separation_for(profile: OutputProfile) -> Separation:
    """One Separation per profile and process (building the transforms takes tens of milliseconds)."""
    return Separation(profile)
