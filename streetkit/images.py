"""Images a street supplies: checked when the profile is validated, resized when the site is built.

Validation reads only headers (fast even for hundreds of photos); the build decodes, so truncated
files are caught there. Both report the file and never crash on a bad image.
"""
from __future__ import annotations

import contextlib
import functools
import io
import warnings
from collections.abc import Iterator
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageFile, ImageOps, UnidentifiedImageError

from . import svgclean

RASTER = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF"}
SUPPORTED = sorted(RASTER) + [".svg"]
#: Larger images are refused as probable decompression bombs (Pillow's own limit is ~89 MP).
MAX_PIXELS = 80_000_000
MAX_SVG_BYTES = 2_000_000


class ImageProblem(ValueError):
    """An image that cannot be used, with a message naming the file."""


def inspect(path: Path, shown: str | None = None) -> tuple[int, int, str]:
    """(width, height, format) from the file's header; raise ImageProblem when it is unusable."""
    name = shown or path.name
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise ImageProblem(f"{name}: unsupported image type {suffix or '(none)'}; use one of {', '.join(SUPPORTED)}")
    if suffix == ".svg":
        return (0, 0, _check_svg(path, name))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(path) as im:
                width, height, fmt = im.width, im.height, im.format
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise ImageProblem(f"{name}: too many pixels (a decompression bomb?); the limit is "
                           f"{MAX_PIXELS // 1_000_000} megapixels") from None
    except UnidentifiedImageError:
        raise ImageProblem(f"{name}: not an image Pillow can read (corrupt, or not really {suffix})") from None
    except OSError as exc:
        raise ImageProblem(f"{name}: cannot read image: {exc}") from None
    if width * height > MAX_PIXELS:
        raise ImageProblem(f"{name}: {width}x{height} is {width * height / 1e6:.0f} megapixels; the limit is "
                           f"{MAX_PIXELS // 1_000_000} (resize it first)")
    if fmt != RASTER[suffix] and not (fmt == "MPO" and RASTER[suffix] == "JPEG"):
        raise ImageProblem(f"{name}: the file is {fmt}, but its name ends in {suffix}")
    return width, height, fmt


def _check_svg(path: Path, name: str) -> str:
    clean_svg(path, name)
    return "SVG"


def clean_svg(path: Path, shown: str | None = None) -> bytes:
    """The SVG at `path` rebuilt from svgclean's allow-list — what the site, the brand pack and
    PDFs get instead of the file's own bytes; ImageProblem when it is hostile or not an SVG."""
    name = shown or path.name
    if path.stat().st_size > MAX_SVG_BYTES:
        raise ImageProblem(f"{name}: SVG larger than {MAX_SVG_BYTES // 1_000_000} MB")
    data = path.read_bytes()
    return _cleaned(data, name)


@functools.lru_cache(maxsize=32)
def _cleaned(data: bytes, name: str) -> bytes:
    # Cached by content: validation, the site image, the brand pack and each PDF read the same logo.
    try:
        return svgclean.clean(data)[0]
    except svgclean.UnsafeSvg as exc:
        raise ImageProblem(f"{name}: {exc}") from None


@contextlib.contextmanager
def strict_decoding() -> Iterator[None]:
    """Truncated files must fail. WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES on
    import, which would otherwise let a half-downloaded photo through once any PDF was rendered."""
    saved = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = saved


def scaled_size(source: Path, max_width: int) -> tuple[int, int]:
    """The (width, height) `web_version` produces for `source` (0, 0 for SVG)."""
    width, height, _fmt = inspect(source)
    if not width or width <= max_width:
        return width, height
    return max_width, round(height * max_width / width)


def web_version(source: Path, target: Path, max_width: int, shown: str | None = None, fmt_out: str | None = None) -> None:
    """Write `source` to `target` at most `max_width` wide, in its own format or `fmt_out`, with
    metadata (EXIF, GPS) removed."""
    target.write_bytes(web_bytes(source, max_width, shown, fmt_out))


def web_bytes(source: Path, max_width: int, shown: str | None = None, fmt_out: str | None = None) -> bytes:
    """The bytes `web_version` writes."""
    fmt = inspect(source, shown)[2]
    if fmt == "SVG":
        return clean_svg(source, shown)
    target = io.BytesIO()
    try:
        with strict_decoding(), PILImage.open(source) as opened:
            im: PILImage.Image = opened
            if im.format == "JPEG" and im.width > max_width:
                # Decode at a reduced scale straight from the DCT data: a 48 MP photo never
                # occupies 48 MP of memory. draft() keeps the result at least this large.
                im.draft("RGB", (max_width, -(-im.height * max_width // im.width)))
            im.load()
            im = ImageOps.exif_transpose(im)
            if im.width > max_width:
                im.thumbnail((max_width, max_width * 4), PILImage.Resampling.LANCZOS)
            if fmt_out == "WEBP":
                im.save(target, "WEBP", quality=80, method=4)
            elif fmt in ("JPEG", "MPO"):
                im.convert("RGB").save(target, "JPEG", quality=85, progressive=True, optimize=True)
            elif fmt == "PNG":
                im.save(target, "PNG", optimize=True)
            else:
                im.save(target, fmt)
    except OSError as exc:  # truncated or otherwise undecodable data
        raise ImageProblem(f"{shown or source.name}: cannot decode image: {exc}") from None
    return target.getvalue()


#: Resolution a print shop expects for photos at their printed size.
PRINT_PPI = 300


def print_version(source: Path, width_mm: float, height_mm: float, shown: str | None = None) -> tuple[bytes, float]:
    """`source` cropped to the box's proportions (centred) and scaled down to 300 ppi at
    `width_mm` × `height_mm`, as JPEG (PNG photos make WeasyPrint slow and PDFs huge); returns the
    bytes and the resolution the photo reaches. Never upscales: a small photo keeps its pixels and
    reports its lower ppi."""
    need_w, need_h = (round(mm / 25.4 * PRINT_PPI) for mm in (width_mm, height_mm))
    inspect(source, shown)
    try:
        with strict_decoding(), PILImage.open(source) as opened:
            im: PILImage.Image = opened
            im.load()
            im = ImageOps.exif_transpose(im)
            box_ratio = width_mm / height_mm
            if im.width / im.height > box_ratio:  # too wide: crop the sides
                w = round(im.height * box_ratio)
                im = im.crop(((im.width - w) // 2, 0, (im.width - w) // 2 + w, im.height))
            else:
                h = round(im.width / box_ratio)
                im = im.crop((0, (im.height - h) // 2, im.width, (im.height - h) // 2 + h))
            ppi = im.width / (width_mm / 25.4)
            if im.width > need_w:
                im = im.resize((need_w, need_h), PILImage.Resampling.LANCZOS)
            out = io.BytesIO()
            # Fixed settings and no metadata: the same photo gives the same bytes, so PDFs are stable.
            im.convert("RGB").save(out, "JPEG", quality=90, dpi=(PRINT_PPI, PRINT_PPI))
            return out.getvalue(), ppi
    except OSError as exc:
        raise ImageProblem(f"{shown or source.name}: cannot decode image: {exc}") from None
