"""The street's own fields, its brand (with the derived colours), features on and off, and plugins' sections."""
from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ...errors import Problem
from ...messages_ko import korean
from ...profileedit import Conflict, Refused, digest
from ..forms import FormField, errors_by_path, parse
from . import Screens, located, summary, take_uploads


def routes(s: Screens) -> list[BaseRoute]:
    page, studio, slug_of = s.page, s.studio, s.slug_of

    # -- settings: the street's own fields, its brand, its plugins and their sections ---------
    def settings(request: Request) -> Response:
        slug = slug_of(request)
        return page(request, "settings.html", street=studio.summary(slug), sections=studio.settings_sections(slug))

    def settings_form(request: Request) -> Response:
        slug, key = slug_of(request), str(request.path_params["key"])
        fields, name, keys = studio.section_form(slug, key)
        values = studio.editor(slug).section(keys, name)
        return _settings_page(request, slug, key, fields, values, digest(values), [])

    def _settings_page(request: Request, slug: str, key: str, fields: list[FormField], values: dict[str, Any],
                       base: str, problems: list[Problem], *, status: int = 200, conflict: Conflict | None = None) -> Response:
        labels = {f.name: f.label for f in fields} | {f.english.name: f.english.label for f in fields if f.english}
        palette = studio.palette(slug, values) if key == "brand" else None
        return page(request, "section.html", status=status, street=studio.summary(slug), key=key,
                    heading=dict(studio.settings_sections(slug)).get(key, key), fields=fields, values=values,
                    base=base, errors=errors_by_path(problems, ""), summary=summary(problems), labels=labels,
                    palette=palette, conflict=conflict, theirs=conflict.theirs if conflict else None,
                    saved=request.query_params.get("saved"))

    async def save_settings(request: Request) -> Response:
        slug, key = slug_of(request), str(request.path_params["key"])
        fields, name, keys = studio.section_form(slug, key)
        form = await request.form(max_files=2, max_fields=400)
        editor = studio.editor(slug)
        values = {**{k: v for k, v in editor.section(keys, name).items() if k not in _shown_names(fields)},
                  **parse(fields, form)}
        base = str(form.get("base") or "")
        problems: list[Problem] = []
        problems += await take_uploads(studio, slug, fields, form, values, key)
        if problems:
            return _settings_page(request, slug, key, fields, values, base, problems, status=422)
        try:
            saved = editor.save_section(name, values, base, keys=keys, force=form.get("force") == "1")
        except Refused as exc:
            return _settings_page(request, slug, key, fields, values, base, located(exc.problems, name or ""), status=422)
        except Conflict as exc:
            return _settings_page(request, slug, key, fields, values, exc.current_base, [], status=409, conflict=exc)
        return RedirectResponse(f"/s/{slug}/settings/{key}?saved={saved.undo_id}", status_code=303)

    async def check_settings(request: Request) -> Response:
        """As you pick a colour: the derived colours and their contrast (htmx swaps the panel)."""
        slug, key = slug_of(request), str(request.path_params["key"])
        fields, _name, _keys = studio.section_form(slug, key)
        values = parse(fields, await request.form(max_files=0, max_fields=400))
        return page(request, "_palette.html", palette=studio.palette(slug, values))

    def plugins_page(request: Request) -> Response:
        slug = slug_of(request)
        return page(request, "plugins.html", street=studio.summary(slug), plugins=studio.plugin_rows(slug),
                    saved=request.query_params.get("saved"), problems=[])

    async def save_plugins(request: Request) -> Response:
        slug = slug_of(request)
        form = await request.form(max_files=0)
        optional = [r["name"] for r in studio.plugin_rows(slug) if not r["always"]]
        chosen = [n for n in optional if n in form.getlist("plugins")]
        editor = studio.editor(slug)
        listed = [str(p) for p in (editor.document().get("plugins") or [])]
        kept = [p for p in listed if p not in optional]  # a name the studio does not know stays as it is
        try:
            saved = editor.set_values({"plugins": kept + [n for n in optional if n in chosen]})
        except Refused as exc:
            problems = []
            for p in exc.problems:
                owned = re.match(r"^`([^`]+)` belongs to plugin `([^`]+)`", p.message)
                problems.append(f"'{studio.section_label(owned[1])}' 설정이 남아 있어 이 기능을 끌 수 없습니다. "
                                f"그 설정을 먼저 지워 주세요. ({owned[2]})" if owned else korean(p.message))
            return page(request, "plugins.html", status=422, street=studio.summary(slug), plugins=studio.plugin_rows(slug),
                        problems=problems, saved=None)
        return RedirectResponse(f"/s/{slug}/plugins?saved={saved.undo_id}", status_code=303)

    return [
        Route("/s/{slug}/settings", settings), Route("/s/{slug}/settings/{key}", settings_form),
        Route("/s/{slug}/settings/{key}", save_settings, methods=["POST"]),
        Route("/s/{slug}/settings/{key}/check", check_settings, methods=["POST"]),
        Route("/s/{slug}/plugins", plugins_page), Route("/s/{slug}/plugins", save_plugins, methods=["POST"]),
    ]


def _shown_names(fields: list[FormField]) -> set[str]:
    return {f.name for f in fields} | {f.english.name for f in fields if f.english}
