"""The site's icon set from the brand symbol: favicon (.ico and SVG), Apple touch icon, the web
app manifest's 192/512 px icons (plain and maskable) and the manifest itself."""
from __future__ import annotations

import functools
import io
import json

from PIL import Image as PILImage

from streetkit import Asset, Street

from . import lockups

#: Path under site/ → (size in px, full-bleed). Full-bleed icons fill the square with the brand
#: colour: iOS and Android's maskable icons crop their own shape and show no transparency.
PNGS = {"icons/icon-32.png": (32, False), "apple-touch-icon.png": (180, True), "icons/icon-192.png": (192, False),
        "icons/icon-512.png": (512, False), "icons/icon-maskable-512.png": (512, True)}


def full_bleed_svg(street: Street) -> str:
    """The symbol inside the safe zone (the central 80 %) of a square filled with the brand colour,
    or with white when the street's own logo is the symbol (it brings its own colours)."""
    t = street.tokens
    ground = "#FFFFFF" if street.profile.brand.logo else t["color-primary-surface"]
    body, _, _ = lockups.lockup(street, "symbol", "color")
    size = 0.72 * lockups.S
    offset = (lockups.S - size) / 2
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" '
            f'fill="{ground}"/><g transform="translate({offset:.2f} {offset:.2f}) scale({size / lockups.S:.4f})">'
            f"{body}</g></svg>\n")


def ico(street: Street) -> bytes:
    """favicon.ico with 16, 32 and 48 px images, drawn from the symbol at each size."""
    symbol = lockups.svg(street, "symbol", "color")
    frames = [PILImage.open(io.BytesIO(lockups.png(symbol, size))).convert("RGBA") for size in (48, 32, 16)]
    buf = io.BytesIO()
    frames[0].save(buf, "ICO", sizes=[(48, 48), (32, 32), (16, 16)], append_images=frames[1:])
    return buf.getvalue()


def manifest(street: Street) -> str:
    """The web app manifest: installable on a phone's home screen with the street's name and colours."""
    p, t = street.profile, street.tokens
    icons = [{"src": path, "sizes": f"{size}x{size}", "type": "image/png",
              **({"purpose": "maskable"} if "maskable" in path else {})}
             for path, (size, _) in PNGS.items() if size >= 192]
    doc = {"name": p.name, "short_name": lockups.names(street)[0], "lang": "ko", "start_url": "./", "scope": "./",
           "display": "standalone", "background_color": t["color-surface"],
           "theme_color": t["color-primary-surface"], "description": p.tagline or p.name, "icons": icons}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def assets(street: Street) -> list[Asset]:
    symbol = lambda: lockups.svg(street, "symbol", "color", title=street.profile.name)  # noqa: E731
    out = [Asset(path="site/favicon.svg", data=symbol), Asset(path="site/favicon.ico", data=lambda: ico(street)),
           Asset(path="site/manifest.webmanifest", data=lambda: manifest(street))]
    for path, (size, bleed) in PNGS.items():
        out.append(Asset(path=f"site/{path}", data=functools.partial(_icon_png, street, size, bleed)))
    return out


def _icon_png(street: Street, size: int, bleed: bool) -> bytes:
    svg = full_bleed_svg(street) if bleed else lockups.svg(street, "symbol", "color", title=street.profile.name)
    return lockups.png(svg, size)
