"""Jinja2 environments: one per output kind, with the filters every theme relies on."""
from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .. import korean, textfit
from ..documents import plain_text, render_markdown


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
    page = ctx.get("page_path", "index.html")
    start = posixpath.dirname(page) or "."
    link = posixpath.relpath(target.rstrip("/") or ".", start)
    if target.endswith("/") or target == "":
        link = "./" if link == "." else link + "/"
    return link


class NoJoin(str):
    """A string the print finalizer leaves alone (metadata, URLs): filter `nojoin`."""


def _keep_all_finalize(value: Any) -> Any:
    # Print output: every interpolated Korean string keeps its words whole (WeasyPrint has no
    # `word-break: keep-all`). URLs, metadata marked `nojoin` and non-strings pass unchanged.
    if isinstance(value, NoJoin):
        return str(value)
    if isinstance(value, str) and "://" not in value and not value.startswith(("tel:", "mailto:", "data:")):
        joined = korean.keep_all(value)
        return Markup(joined) if isinstance(value, Markup) else joined
    return value


def make_environment(search_path: list[Path], output: str) -> jinja2.Environment:
    """An environment whose loader looks through `search_path` in order (first match wins)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path]),
        autoescape=True,  # every template is HTML/XML/SVG; plain-text templates opt out locally
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_keep_all_finalize if output == "print" else None,
    )
    # `tojson` stays HTML-safe (< > & ' escaped) but keeps Hangul readable and pages small.
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}
    env.filters.update(
        kdate=korean.kdate, edate=korean.edate, ktime=korean.ktime, won=korean.won,
        tel=korean.tel_uri, keep_all=korean.keep_all, nojoin=NoJoin, plain=plain_text, fit_pt=textfit.fit_pt, fit_clip=textfit.fit_clip, markdown=lambda t: Markup(render_markdown(t or "")),
    )
    env.globals.update(tr=tr, url=url, weekdays_ko=korean.WEEKDAY_KO, weekdays_en=korean.WEEKDAY_EN)
    return env
