"""Jinja2 environments: one per output kind, with the filters every theme relies on."""
from __future__ import annotations

import base64
import functools
import io
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from PIL import Image as PILImage

from .. import images, korean, textfit
from ..cache import cache_dir, cache_key, cached_bytes
from ..documents import plain_text, render_markdown
from ..errors import rel
from ..i18n import _
from ..safepath import is_outside
from .calls import FastCallContext
from .fragments import FragmentCache
from .sandbox import SecurityError, StreetSandbox


def _pick(obj: Any, field: str, lang: str) -> Any:
    """`obj.field_en` in English when it has one, else `obj.field` (the Korean text)."""
    if lang == "en":
        value = obj.get(f"{field}_en") if isinstance(obj, dict) else getattr(obj, f"{field}_en", None)
        if value:
            return value
    return obj.get(field) if isinstance(obj, dict) else getattr(obj, field, None)


@jinja2.pass_context
def tr(ctx: jinja2.runtime.Context, obj: Any, field: str) -> Any:
    """Bilingual field: the page's language when the profile provides it, Korean otherwise."""
    return _pick(obj, field, ctx.get("lang", "ko"))


@jinja2.pass_context
def url(ctx: jinja2.runtime.Context, target: str) -> str:
    """A link from the current page to `target` (a path below the site root), relative so the
    site works from any folder and any host."""
    return relative(ctx.get("page_path", "index.html"), target)


def relative(page: str, target: str) -> str:
    """`target` (below the site root) as seen from `page`: always up to the root, then down
    (`../../merchants/`), never a shortcut (`../`). A link then depends only on the page's depth,
    so a fragment with links looks the same on every page of that depth (see `{% cache %}`)."""
    up = "../" * page.count("/")
    target = target.lstrip("/")
    return up + target if up or target else "./"


class NoJoin(str):
    """Filter `nojoin`: a value that is not running text. Print text is joined into words only
    outside markup (see keepall.py), so metadata in attributes and <title> needs nothing more;
    the filter stays for templates that mark such values."""


@jinja2.pass_context
def photo(ctx: jinja2.runtime.Context, path: str, width_mm: float, height_mm: float) -> str:
    """A photo from the street folder for a print template, prepared for its printed size (JPEG,
    300 ppi, cropped to the box) as a data URI; SVGs pass through as vectors. A photo with too few
    pixels still prints, and the build warns with the file, the document and the ppi it reaches."""
    street, artifact = ctx["street"], ctx.get("artifact")
    source = street.file(path)
    if source.suffix.lower() == ".svg":
        return NoJoin(path)
    key = cache_key(source.read_bytes(), f"{width_mm:.2f}x{height_mm:.2f}", code=[images], libraries=["pillow"])
    result: dict[str, float] = {}

    def produce() -> bytes:
        data, result["ppi"] = images.print_version(source, width_mm, height_mm, path)
        return data

    data = cached_bytes("print-photo", key, produce)
    ppi = result.get("ppi") or _jpeg_ppi(data, width_mm)
    if ppi < images.PRINT_PPI - 0.5:
        need = f"{round(width_mm / 25.4 * images.PRINT_PPI)}×{round(height_mm / 25.4 * images.PRINT_PPI)}"
        street.warn(f"{path}: {ppi:.0f} ppi at {width_mm:g}×{height_mm:g} mm in {artifact.path if artifact else 'print'}; "
                    f"print needs {images.PRINT_PPI} ppi, so supply at least {need} px")
    return NoJoin("data:image/jpeg;base64," + base64.b64encode(data).decode("ascii"))


def _jpeg_ppi(data: bytes, width_mm: float) -> float:
    # A cached photo was stored at min(its own size, 300 ppi): its width tells the ppi it reaches.
    with PILImage.open(io.BytesIO(data)) as im:
        return im.width / (width_mm / 25.4)


@functools.lru_cache(maxsize=2)
def bytecode_cache(sandboxed: bool) -> jinja2.BytecodeCache | None:
    """Where compiled templates are kept (None when the cache cannot be written). Jinja keys
    them by file name and source, so every environment of ours can share it."""
    # Jinja keys compiled templates by their source alone; what the environment compiles into them
    # (extensions, the context class, the sandbox's checks) is in this module and its neighbours,
    # and in Jinja itself: a folder per version of those.
    version = cache_key(str(sandboxed), code=[__name__, "streetkit.render.calls", "streetkit.render.fragments",
                                              "streetkit.render.sandbox"], libraries=["jinja2", "markupsafe"])
    folder = cache_dir() / "jinja" / version[:16]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only home: compile every time
    return jinja2.FileSystemBytecodeCache(str(folder))


class ConfinedLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader whose templates under `untrusted` (a street's own `templates/`) must stay
    inside it: a symlink from there to a file elsewhere is refused, not read."""

    def __init__(self, search_path: list[Path], untrusted: Path | None):
        super().__init__([str(p) for p in search_path])
        self.untrusted = untrusted

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        source, filename, uptodate = super().get_source(environment, template)
        if self.untrusted is not None and Path(filename).is_relative_to(self.untrusted) \
                and is_outside(self.untrusted, Path(filename)):
            raise SecurityError(_("{file} is a link to a file outside the street folder; copy the file into the folder "
                                  "instead.", file=rel(filename)))
        return source, filename, uptodate


def make_environment(search_path: list[Path], output: str, untrusted: Path | None = None) -> jinja2.Environment:
    """An environment whose loader looks through `search_path` in order (first match wins).

    `untrusted` is a street's own template folder, when it has one: its templates may not leave it,
    and the environment is the sandbox (render/sandbox.py), since a street folder is not code we trust.
    """
    sandboxed = untrusted is not None
    env = (StreetSandbox if sandboxed else jinja2.Environment)(
        loader=ConfinedLoader(search_path, untrusted),
        # Compiled templates are kept on disk (keyed by source checksum): compiling the theme costs
        # every build process most of a second otherwise.
        bytecode_cache=bytecode_cache(sandboxed),
        autoescape=True,  # every template is HTML/XML/SVG; plain-text templates opt out locally
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=[FragmentCache],
    )
    env.context_class = FastCallContext  # calls from templates without Jinja's per-call introspection
    # `tojson` stays HTML-safe (< > & ' escaped) but keeps Hangul readable and pages small.
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}
    env.filters.update(
        kdate=korean.kdate, edate=korean.edate, floor=korean.floor_label, ktime=korean.ktime, won=korean.won,
        tel=korean.tel_uri, keep_all=korean.keep_all, nojoin=NoJoin, plain=plain_text, fit_pt=textfit.fit_pt,
        fit_clip=textfit.fit_clip, balanced_lines=textfit.balanced_lines, markdown=lambda t: Markup(render_markdown(t or "")),
    )
    env.globals.update(tr=tr, url=url, weekdays_ko=korean.WEEKDAY_KO, weekdays_en=korean.WEEKDAY_EN)
    if output == "print":
        env.globals["photo"] = photo
    return env
