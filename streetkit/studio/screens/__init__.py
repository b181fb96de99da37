"""The studio's screens, a module per part of the street (streets, items, settings, docs, preview,
flyers); each module's `routes(screens)` gives its routes. `Screens` holds what they share: the
studio, the Jinja environment of its templates, and the page renderer with its security headers.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from ...errors import Problem
from ...korean import kdate
from ...messages_ko import korean
from ...models import DESIGNATION_NAMES
from ...render.html import bytecode_cache
from ..forms import FormField, entries, value_at, week_rows
from ..state import Studio

HERE = Path(__file__).resolve().parent.parent
STATIC = HERE / "static"
LISTS = {"merchants": ("가게", "Shops", "merchant"), "events": ("행사", "Events", "event")}
#: Studio screens allow their own files only: no inline script or style, no framing by others.
CSP = ("default-src 'self'; img-src 'self' data: blob:; style-src 'self'; frame-ancestors 'self'; "
       "form-action 'self'; base-uri 'none'")


def htmx_file() -> Path | None:
    """htmx from the npm registry (package.json), served by the studio itself; None when absent
    (every screen works without it)."""
    for base in (HERE.parents[1], Path.cwd()):
        candidate = base / "node_modules" / "htmx.org" / "dist" / "htmx.min.js"
        if candidate.is_file():
            return candidate
    return None


class Screens:
    """What every screen needs: the studio, and a page renderer."""

    def __init__(self, studio: Studio):
        self.studio = studio
        # Compiled screens are kept with the site's templates (Jinja keys each by its file, so the
        # two environments' settings never meet): a studio's first screens are not compiled again
        # each time it starts (a form took 0.1–0.25 s more).
        self.env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                               trim_blocks=True, lstrip_blocks=True, bytecode_cache=bytecode_cache(False))
        self.env.globals.update(kdate=kdate, week_rows=week_rows, entries=entries, designations=DESIGNATION_NAMES,
                                has_htmx=htmx_file() is not None, lists=LISTS, field_label=field_label)
        self.env.filters["value_at"] = value_at

    def page(self, request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        """A studio screen in the visitor's language (Korean unless they chose English)."""
        lang = "en" if request.cookies.get("studio_lang") == "en" else "ko"
        context.setdefault("title", "")
        if (street := context.get("street")) and "merchant_choices" not in context:
            context["merchant_choices"] = [(str(m.get("id")), str(m.get("name") or m.get("id")))
                                           for m in self.studio.editor(street["slug"]).items("merchants")]
        html = self.env.get_template(template).render(request=request, lang=lang, path=request.url.path,
                                                      t=lambda ko, en: en if lang == "en" else ko, **context)
        return HTMLResponse(html, status_code=status, headers={"content-security-policy": CSP})

    def slug_of(self, request: Request) -> str:
        """The street a request is about; an unknown one is a StreetkitError (the 404 page)."""
        slug = request.path_params["slug"]
        self.studio.street_dir(slug)
        return str(slug)


async def take_uploads(studio: Studio, slug: str, fields: list[FormField], form: Any, values: dict[str, Any],
                       stem: str) -> list[Problem]:
    """Keep the photos a form sent (`<field>.upload`) in the street's images/ as `<stem>…`, setting
    each field's value to the kept file; the problems of those that could not be kept."""
    from starlette.datastructures import UploadFile

    from ..uploads import UploadProblem, store_image

    problems = []
    for f in image_fields(fields):
        upload = form.get(f.path + ".upload")
        if isinstance(upload, UploadFile) and upload.filename:
            try:
                values[f.name] = store_image(studio.street_dir(slug), stem, await upload.read())
            except UploadProblem as exc:
                problems.append(Problem("upload", 0, 0, f.path, str(exc)))
    return problems


def image_fields(fields: list[FormField]) -> list[FormField]:
    return [f for f in fields if f.widget == "image"]


def new_id(list_name: str, values: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    """An id for a new item: from its English name when it has one, else `merchant-2`, `event-3` …"""
    taken = {str(r.get("id")) for r in rows}
    english = str(values.get("name_en") or values.get("title_en") or "")
    prefix = LISTS[list_name][2]
    base = re.sub(r"[^a-z0-9]+", "-", english.lower()).strip("-")[:40].strip("-") or prefix
    if base != prefix and base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def located(problems: list[Problem], list_name: str) -> list[Problem]:
    """Problems of a refused save, those of the edited item relative to it (`merchants[3].phone`
    -> `phone`; a section's `brand.primary` -> `primary`), all in Korean."""
    out = []
    for p in problems:
        m = re.match(rf"^{re.escape(list_name)}(?:\[(\d+)\])?\.?(.*)$", p.field) if list_name else None
        field = m[2] if m else ("id" if p.field == f"{list_name}.id" else p.field)
        out.append(Problem(p.file, p.line, p.col, field, korean(p.message), p.severity))
    return out


def field_label(fields: list[Any], path: str, lang: str) -> str:
    """The label of the form field at `path` ("hours.mon" → "월요일"), or "" when the form has none:
    the error box names the field a message is about, as the message under the field need not."""
    for f in fields:
        if f.path == path:
            return str(f.label_en or f.label) if lang == "en" else str(f.label)
        if path.startswith((f.path + ".", f.path + "[")):
            return field_label(f.children, path, lang) or str(f.label_en or f.label if lang == "en" else f.label)
    return ""


def summary(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.field, p.message) for p in problems if p.severity == "error"]


def as_typed(problems: list[Problem], values: dict[str, Any]) -> list[Problem]:
    """The problems worth saying while a form is being filled in: those of what has been written.
    A field not reached yet is not wrong yet; what is missing is said when the form is saved (and
    an error box appearing at the top as you type the first field would push the form down)."""
    def written(field: str) -> bool:
        path = re.sub(r"\[(\d+)\]", r".\1", field)
        while path:
            if value_at(values, path) not in ("", None, [], {}):
                return True
            if "." not in path:
                return False
            path = path.rsplit(".", 1)[0]  # `hours.mon.open` with `hours.mon` written: its problem
        return False
    return [p for p in problems if p.field and written(p.field)]


def shown(problems: list[Problem]) -> list[dict[str, Any]]:
    return [{"where": f"{p.file}:{p.line}" if p.line else p.file, "field": p.field, "message": korean(p.message),
             "english": p.message, "warning": p.severity == "warning"} for p in problems]
