"""Photos and logos sent from a computer or a phone, made safe to keep in the street folder.

An upload is untrusted: its name is never used as a path (the file is named for what it shows,
`images/<item-id>.<type>`), its type is read from its bytes rather than its name, a raster image
goes through the build's own checks (decompression-bomb guard, strict decoding) and is re-encoded
(which also drops EXIF data such as the phone's GPS position), and an SVG is rebuilt by the
sanitiser; one with a script or an outside reference is refused.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .. import svgclean
from ..images import MAX_PIXELS, strict_decoding
from ..profileedit import write_atomic

#: A kept photo's longest side: enough for an A3 poster at 150 dpi, a tenth of a phone's raw file.
MAX_SIDE = 3000


class UploadProblem(ValueError):
    """An upload that cannot be kept; the message is Korean, for the person who sent it."""


def safe_stem(ident: str) -> str:
    """A file name from an item id: ASCII letters, digits and dashes only."""
    stem = re.sub(r"[^a-z0-9-]+", "-", ident.lower()).strip("-")[:60]
    return stem or "photo"


def store_image(street_dir: Path, ident: str, data: bytes) -> str:
    """Check `data`, keep it as `images/<ident>.<ext>` in the street folder; return that path."""
    if not data:
        raise UploadProblem("빈 파일입니다. 사진 파일을 다시 골라 주세요.")
    head = data[:512].lstrip()
    folder = Path(street_dir) / "images"
    folder.mkdir(exist_ok=True)
    if head.startswith((b"<?xml", b"<svg")) or b"<svg" in head[:256]:
        try:
            cleaned, _dropped = svgclean.clean(data)
        except svgclean.UnsafeSvg as exc:
            raise UploadProblem(f"이 SVG 파일은 쓸 수 없습니다 ({exc}). PNG나 JPEG로 올려 주세요.") from None
        name = _free_name(folder, safe_stem(ident), "svg", cleaned)
        write_atomic(folder / name, cleaned.decode("utf-8"))
        return f"images/{name}"
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with strict_decoding(), Image.open(io.BytesIO(data)) as im:
            fmt = im.format
            if fmt not in ("JPEG", "PNG", "WEBP", "GIF", "MPO"):
                raise UploadProblem(f"사진은 JPEG, PNG, WebP 파일만 올릴 수 있습니다 (이 파일: {fmt}).")
            im.load()
            picture = ImageOps.exif_transpose(im)
    except Image.DecompressionBombError:
        raise UploadProblem("사진이 너무 큽니다 (화소 수가 지나치게 많습니다). 크기를 줄여 올려 주세요.") from None
    except UnidentifiedImageError:
        raise UploadProblem("사진 파일이 아니거나 망가진 파일입니다. 다른 파일을 골라 주세요.") from None
    except OSError:
        raise UploadProblem("사진을 끝까지 읽을 수 없습니다 (파일이 잘렸습니다). 다시 올려 주세요.") from None
    picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    keep_alpha = picture.mode in ("RGBA", "LA", "P") and fmt in ("PNG", "WEBP", "GIF")
    buf = io.BytesIO()
    if keep_alpha:
        picture.convert("RGBA").save(buf, "PNG", optimize=True)
        ext = "png"
    else:
        picture.convert("RGB").save(buf, "JPEG", quality=88, optimize=True)
        ext = "jpg"
    name = _free_name(folder, safe_stem(ident), ext, buf.getvalue())
    (folder / name).write_bytes(buf.getvalue())
    return f"images/{name}"


def _free_name(folder: Path, stem: str, ext: str, data: bytes) -> str:
    # A new name for a new photo, so that undoing the save that set it brings the old one back.
    for n in range(1, 1000):
        name = f"{stem}.{ext}" if n == 1 else f"{stem}-{n}.{ext}"
        path = folder / name
        if not path.exists() or path.read_bytes() == data:
            return name
    raise UploadProblem("사진 폴더에 같은 이름의 파일이 너무 많습니다.")
