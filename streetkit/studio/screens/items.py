"""Merchants and events: a searchable list, one generated form each, the page previewed beside it."""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ...errors import Problem, StreetkitError
from ...profileedit import Conflict, Refused, digest
from ..forms import FormField, describe, errors_by_path, parse
from . import LISTS, Screens, as_typed, located, new_id, summary, take_uploads

#: Where the lists of items live: /s/<slug>/merchants/…, /s/<slug>/events/…
ITEMS = "/s/{slug}/{list_name:str}"


def routes(s: Screens) -> list[BaseRoute]:
    page, studio, slug_of = s.page, s.studio, s.slug_of

    # -- items: merchants and events ----------------------------------------------------------
    def items(request: Request) -> Response:
        slug, list_name = slug_of(request), _list(request)
        q = str(request.query_params.get("q", "")).strip()
        rows = studio.editor(slug).items(list_name)
        shown = [r for r in rows if _matches(r, q)] if q else rows
        return page(request, "items.html", street=studio.summary(slug), list_name=list_name, rows=shown, q=q,
                    total=len(rows))

    def fields_for(slug: str, list_name: str) -> list[FormField]:
        return describe(studio.item_model(list_name), skip=studio.disabled_item_fields(slug, list_name))

    def item_form(request: Request) -> Response:
        slug, list_name = slug_of(request), _list(request)
        ident = request.path_params.get("ident")
        editor = studio.editor(slug)
        if ident is None:
            source = request.query_params.get("from")
            values = dict(editor.item(list_name, str(source)) or {}) if source else {}
            if values:
                values.pop("id", None)
                for key in ("name", "title"):
                    if key in values:
                        values[key] = f"{values[key]} (복사본)"
            base = ""
            draft = studio.draft(slug, list_name, "new")
        else:
            found = editor.item(list_name, ident)
            if found is None:
                return page(request, "missing.html", status=404, street=studio.summary(slug))
            values, base = found, digest(found)
            draft = studio.draft(slug, list_name, ident)
        problems: list[Problem] = []
        if draft:
            values, base = draft["values"], str(draft.get("base", base))
            problems = studio.check_item(slug, list_name, ident, values)
        return _form_page(request, slug, list_name, ident, values, base, problems, draft=bool(draft))

    def _form_page(request: Request, slug: str, list_name: str, ident: str | None, values: dict[str, Any],
                   base: str, problems: list[Problem], *, draft: bool = False, status: int = 200,
                   conflict: Conflict | None = None) -> Response:
        errors = errors_by_path(problems, "")
        preview = f"/s/{slug}/preview/site/{list_name}/{ident}/" if ident else ""
        if list_name == "events" and ident:
            preview = f"/s/{slug}/preview/site/events/{ident}/"
        fields = fields_for(slug, list_name)
        labels = {f.name: f.label for f in fields} | {f.english.name: f.english.label for f in fields if f.english}
        return page(request, "item.html", status=status, street=studio.summary(slug), list_name=list_name,
                    ident=ident, fields=fields, labels=labels, values=values, base=base, errors=errors,
                    summary=summary(problems), draft=draft, preview=preview, conflict=conflict,
                    saved=request.query_params.get("saved"), theirs=conflict.theirs if conflict else None)

    async def save_item(request: Request) -> Response:
        slug, list_name = slug_of(request), _list(request)
        ident = request.path_params.get("ident")
        form = await request.form(max_files=4, max_fields=400)
        fields = fields_for(slug, list_name)
        editor = studio.editor(slug)
        existing = editor.item(list_name, ident) if ident else None
        values = _from_form(fields, form, existing)
        base = str(form.get("base") or "")
        problems: list[Problem] = []
        problems += await take_uploads(studio, slug, fields, form, values, str(values.get("id") or ident or "photo"))
        auto_id = not ident and not values.get("id")
        if auto_id:
            values = {"id": new_id(list_name, values, editor.items(list_name)), **values}
        # Hours a visitor cannot use stop a new item or an edit of the hours; an untouched old entry
        # is not held up by them.
        touched = existing is None or values.get("hours") != existing.get("hours")
        problems += studio.check_item(slug, list_name, ident, values, advice=touched)
        if problems:
            studio.keep_draft(slug, list_name, ident or "new", _without_auto_id(values, auto_id), base)
            return _form_page(request, slug, list_name, ident, values, base, problems, draft=True, status=422)
        force = form.get("force") == "1"
        try:
            saved = editor.save_item(list_name, ident, values, base or None, force=force)
        except Refused as exc:
            studio.keep_draft(slug, list_name, ident or "new", _without_auto_id(values, auto_id), base)
            return _form_page(request, slug, list_name, ident, values, base, located(exc.problems, list_name),
                              draft=True, status=422)
        except Conflict as exc:
            return _form_page(request, slug, list_name, ident, values, exc.current_base, [], status=409, conflict=exc)
        studio.drop_draft(slug, list_name, ident or "new")
        return RedirectResponse(f"/s/{slug}/{list_name}/{quote(str(values['id']))}?saved={saved.undo_id}",
                                status_code=303)

    async def check_item(request: Request) -> Response:
        """Problems of the form as typed so far (htmx, as you type): out-of-band error slots."""
        slug, list_name = slug_of(request), _list(request)
        ident = request.path_params.get("ident")
        form = await request.form(max_files=0, max_fields=400)
        fields = fields_for(slug, list_name)
        existing = studio.editor(slug).item(list_name, ident) if ident else None
        values = _from_form(fields, form, existing)
        if not ident and not values.get("id"):
            values = {"id": new_id(list_name, values, studio.editor(slug).items(list_name)), **values}
        problems = as_typed(studio.check_item(slug, list_name, ident, values), values)
        errors = errors_by_path(problems, "")
        return page(request, "_errors.html", fields=fields, errors=errors)

    async def delete_item(request: Request) -> Response:
        slug, list_name = slug_of(request), _list(request)
        ident = str(request.path_params["ident"])
        form = await request.form(max_files=0)
        try:
            saved = studio.editor(slug).delete_item(list_name, ident, str(form.get("base") or ""))
        except Conflict:
            return RedirectResponse(f"/s/{slug}/{list_name}/{quote(ident)}", status_code=303)
        except Refused as exc:  # still used elsewhere (a coupon, a stamp tour …): say where
            found = studio.editor(slug).item(list_name, ident) or {}
            where = sorted({studio.section_label(p.field.split("[")[0].split(".")[0]) for p in exc.problems})
            problems = [Problem("", 0, 0, "", f"{'·'.join(where)}에서 쓰고 있어 지울 수 없습니다. 그곳에서 먼저 빼 주세요.")]
            return _form_page(request, slug, list_name, ident, found, digest(found), problems, status=409)
        return RedirectResponse(f"/s/{slug}/{list_name}/?deleted={quote(saved.undo_id)}", status_code=303)

    return [
        Route(ITEMS + "/", items), Route(ITEMS + "/new", item_form),
        Route(ITEMS + "/new", save_item, methods=["POST"]),
        Route(ITEMS + "/new/check", check_item, methods=["POST"]),
        Route(ITEMS + "/{ident}", item_form), Route(ITEMS + "/{ident}", save_item, methods=["POST"]),
        Route(ITEMS + "/{ident}/check", check_item, methods=["POST"]),
        Route(ITEMS + "/{ident}/delete", delete_item, methods=["POST"]),
    ]


def _list(request: Request) -> str:
    name = str(request.path_params["list_name"])
    if name not in LISTS:
        raise StreetkitError("no such list")
    return name


def _matches(row: dict[str, Any], q: str) -> bool:
    text = " ".join(str(row.get(k) or "") for k in ("name", "name_en", "title", "subcategory", "address", "id"))
    return q.casefold() in text.casefold()


def _from_form(fields: list[FormField], form: FormData, existing: dict[str, Any] | None) -> dict[str, Any]:
    """The item as the form says, keeping the keys the form does not show (set by an importer, or
    a field of a plugin that is off) as they are, in the item's own key order."""
    values = parse(fields, form)
    shown = {f.name for f in fields} | {f.english.name for f in fields if f.english}
    existing = existing or {}
    merged = {**{k: v for k, v in existing.items() if k not in shown}, **values}
    if "id" in existing:
        merged["id"] = existing["id"]  # an item's id is its address: the form shows it, never changes it
    ordered = {k: merged[k] for k in existing if k in merged}
    ordered.update({k: v for k, v in merged.items() if k not in ordered})
    return ordered


def _without_auto_id(values: dict[str, Any], auto_id: bool) -> dict[str, Any]:
    # A draft keeps what the person typed; an id made up for them is made again at the next save
    # (from the English name they may add meanwhile).
    return {k: v for k, v in values.items() if not (auto_id and k == "id")}
