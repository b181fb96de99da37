"""The studio's screens: a Starlette app of server-rendered pages, enhanced by htmx when present.

Every screen is a plain HTML form that works without JavaScript (save, search, preview, download);
htmx only makes it quicker (problems shown as you type, the list filtered as you search, the
flyer picture swapped in place). Endpoints are synchronous functions: Starlette runs them in its
thread pool, and the work they do (YAML, validation, rendering) is synchronous anyway.
"""
from __future__ import annotations

import mimetypes
import re
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import scaffold
from ..docedit import FOLDERS, DocEditor
from ..documents import render_markdown
from ..errors import Problem, ProfileError, StreetkitError
from ..korean import kdate
from ..messages_ko import korean
from ..models import DESIGNATION_NAMES
from ..profileedit import Conflict, Refused, digest
from ..safepath import PathEscape
from ..safepath import read_bytes as read_inside
from . import flyers as flyer_kit
from .forms import FormField, describe, entries, errors_by_path, parse, value_at, week_rows
from .state import Studio
from .uploads import UploadProblem, store_image

HERE = Path(__file__).parent
FAILED_PAGE = """<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>문제가 생겼습니다 · streetkit 스튜디오</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/static/studio.css"></head>
<body><main id="main"><h1>문제가 생겼습니다</h1><p>스튜디오 안에서 오류가 났습니다. 저장된 내용은 그대로 있습니다.
뒤로 가서 다시 해 보시고, 또 그러면 스튜디오를 띄운 창에 나온 글을 담당자에게 보내 주세요.</p>
<p lang="en">Something went wrong inside the studio; nothing saved was lost. The details are in the terminal
the studio was started from.</p><p><a class="button" href="/">처음으로</a></p></main></body></html>"""
LISTS = {"merchants": ("가게", "Shops", "merchant"), "events": ("행사", "Events", "event")}


def htmx_file() -> Path | None:
    """htmx from the npm registry (package.json), served by the studio itself; None when absent
    (every screen works without it)."""
    for base in (HERE.parents[1], Path.cwd()):
        candidate = base / "node_modules" / "htmx.org" / "dist" / "htmx.min.js"
        if candidate.is_file():
            return candidate
    return None


def create_app(studio: Studio) -> Starlette:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(kdate=kdate, week_rows=week_rows, entries=entries, designations=DESIGNATION_NAMES,
                       has_htmx=htmx_file() is not None, lists=LISTS)
    env.filters["value_at"] = value_at

    def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        lang = "en" if request.cookies.get("studio_lang") == "en" else "ko"
        context.setdefault("title", "")
        if (street := context.get("street")) and "merchant_choices" not in context:
            context["merchant_choices"] = [(str(m.get("id")), str(m.get("name") or m.get("id")))
                                           for m in studio.editor(street["slug"]).items("merchants")]
        html = env.get_template(template).render(request=request, lang=lang, t=lambda ko, en: en if lang == "en" else ko,
                                             path=request.url.path, **context)
        return HTMLResponse(html, status_code=status, headers={
            "content-security-policy": "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
                                       "frame-ancestors 'self'; form-action 'self'; base-uri 'none'"})

    def slug_of(request: Request) -> str:
        slug = request.path_params["slug"]
        studio.street_dir(slug)  # unknown street -> StreetkitError -> 404 page
        return str(slug)

    # -- first screens -------------------------------------------------------------------------
    def home(request: Request) -> Response:
        streets = [studio.summary(s) for s in studio.slugs()]
        return page(request, "home.html", streets=streets)

    def new_street(request: Request) -> Response:
        return page(request, "new_street.html", values={}, errors={})

    async def create_street(request: Request) -> Response:
        form = await request.form()
        values = {k: str(form.get(k) or "").strip() for k in ("name", "name_en", "slug", "sigungu", "sido",
                                                              "designation", "primary")}
        errors: dict[str, str] = {}
        if not values["name"]:
            errors["name"] = "상점가 이름을 적어 주세요."
        if not re.fullmatch(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?", values["slug"]):
            errors["slug"] = "영문 소문자, 숫자와 하이픈(-)으로 적어 주세요. 예: sinan-alley"
        elif (studio.streets_dir / values["slug"]).exists():
            errors["slug"] = "같은 이름의 상점가가 이미 있습니다. 다른 이름을 적어 주세요."
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", values["primary"] or ""):
            errors["primary"] = "색을 골라 주세요."
        if values["designation"] not in DESIGNATION_NAMES:
            errors["designation"] = "목록에서 골라 주세요."
        if errors:
            return page(request, "new_street.html", status=422, values=values, errors=errors)
        folder = scaffold.create(studio.streets_dir / values["slug"], values["slug"])
        editor = studio.editor(values["slug"])
        doc = editor.document()
        region = {**{str(k): v for k, v in (doc.get("region") or {}).items()}}
        region.update({k: values[k] for k in ("sido", "sigungu") if values[k]})
        update: dict[str, Any] = {"name": values["name"], "designation": values["designation"], "region": region,
                                  "brand": {**{str(k): v for k, v in doc["brand"].items()}, "primary": values["primary"].upper()},
                                  "association": {**{str(k): v for k, v in doc["association"].items()},
                                                  "name": values["name"] + " 상인회"}}
        update["name_en"] = values["name_en"] or None
        try:
            editor.set_values(update)
        except Refused as exc:
            return page(request, "new_street.html", status=422, values=values,
                        errors={"name": "; ".join(korean(p.message) for p in exc.problems)})
        studio.start_build(folder.name)
        return RedirectResponse(f"/s/{folder.name}/?created=1", status_code=303)

    def street_home(request: Request) -> Response:
        slug = slug_of(request)
        problems = studio.problems(slug)
        return page(request, "street.html", street=studio.summary(slug), problems=_shown(problems),
                    build=studio.builds.get(slug))

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
                    summary=_summary(problems), draft=draft, preview=preview, conflict=conflict,
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
        for f in _image_fields(fields):
            upload = form.get(f.path + ".upload")
            if isinstance(upload, UploadFile) and upload.filename:
                try:
                    values[f.name] = store_image(studio.street_dir(slug), str(values.get("id") or ident or "photo"),
                                                 await upload.read())
                except UploadProblem as exc:
                    problems.append(Problem("upload", 0, 0, f.path, str(exc)))
        auto_id = not ident and not values.get("id")
        if auto_id:
            values = {"id": _new_id(list_name, values, editor.items(list_name)), **values}
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
            return _form_page(request, slug, list_name, ident, values, base, _located(exc.problems, list_name),
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
            values = {"id": _new_id(list_name, values, studio.editor(slug).items(list_name)), **values}
        problems = studio.check_item(slug, list_name, ident, values)
        errors = errors_by_path(problems, "")
        return page(request, "_errors.html", fields=fields, errors=errors, summary=_summary(problems))

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
                    base=base, errors=errors_by_path(problems, ""), summary=_summary(problems), labels=labels,
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
        for f in _image_fields(fields):
            upload = form.get(f.path + ".upload")
            if isinstance(upload, UploadFile) and upload.filename:
                try:
                    values[f.name] = store_image(studio.street_dir(slug), f"{key}-{f.name}", await upload.read())
                except UploadProblem as exc:
                    problems.append(Problem("upload", 0, 0, f.path, str(exc)))
        if problems:
            return _settings_page(request, slug, key, fields, values, base, problems, status=422)
        try:
            saved = editor.save_section(name, values, base, keys=keys, force=form.get("force") == "1")
        except Refused as exc:
            return _settings_page(request, slug, key, fields, values, base, _located(exc.problems, name or ""), status=422)
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

    # -- pages and news: Markdown with front matter ------------------------------------------
    def docs(request: Request) -> Response:
        slug, folder = slug_of(request), _folder(request)
        editor = DocEditor(studio.street_dir(slug), folder)
        rows = []
        for name in editor.names():
            meta, _body, _digest = editor.read(name)
            rows.append({"name": name, "title": meta.get("title") or name, "english": name.endswith(".en"),
                         "date": meta.get("date")})
        if folder == "news":
            rows.sort(key=lambda r: str(r["date"] or ""), reverse=True)
        return page(request, "docs.html", street=studio.summary(slug), folder=folder, rows=rows,
                    deleted=request.query_params.get("deleted"))

    def doc_form(request: Request) -> Response:
        slug, folder = slug_of(request), _folder(request)
        name = request.path_params.get("name")
        editor = DocEditor(studio.street_dir(slug), folder)
        if name is None:
            meta: dict[str, Any] = {"date": studio.builder.today} if folder == "news" else {}
            english_of = str(request.query_params.get("english_of", ""))
            new_name = f"{english_of}.en" if english_of and english_of in editor.names() else ""
            return _doc_page(request, slug, folder, None, meta, "", "", [], new_name=new_name)
        try:
            meta, body, base = editor.read(str(name))
        except (OSError, StreetkitError):
            return page(request, "missing.html", status=404, street=studio.summary(slug))
        return _doc_page(request, slug, folder, str(name), meta, body, base, [])

    def _doc_page(request: Request, slug: str, folder: str, name: str | None, meta: dict[str, Any], body: str, base: str,
                  problems: list[Problem], *, status: int = 200, conflict: Conflict | None = None,
                  new_name: str = "") -> Response:
        fields = describe(FOLDERS[folder])
        preview = f"/s/{slug}/preview/site/{_doc_url(folder, name)}" if name else ""
        return page(request, "doc.html", status=status, street=studio.summary(slug), folder=folder, name=name,
                    fields=fields, values=meta, body=body, base=base, errors=errors_by_path(problems, ""),
                    summary=_summary(problems), preview=preview, conflict=conflict, new_name=new_name,
                    markdown=render_markdown(body), saved=request.query_params.get("saved"),
                    has_english=bool(name) and f"{name}.en" in DocEditor(studio.street_dir(slug), folder).names())

    async def save_doc(request: Request) -> Response:
        slug, folder = slug_of(request), _folder(request)
        name = request.path_params.get("name")
        editor = DocEditor(studio.street_dir(slug), folder)
        form = await request.form(max_files=2, max_fields=100)
        fields = describe(FOLDERS[folder])
        meta = parse(fields, form)
        body = str(form.get("body") or "")
        base = str(form.get("base") or "")
        target = str(name) if name else (str(form.get("new_name") or "").strip() or _new_doc_name(folder, meta, editor))
        for f in _image_fields(fields):
            upload = form.get(f.path + ".upload")
            if isinstance(upload, UploadFile) and upload.filename:
                try:
                    meta[f.name] = store_image(studio.street_dir(slug), f"{folder}-{target}", await upload.read())
                except UploadProblem as exc:
                    return _doc_page(request, slug, folder, name, meta, body, base, [Problem("upload", 0, 0, f.path, str(exc))],
                                     status=422, new_name=target)
        try:
            saved = editor.save(target, meta, body, base, new=name is None, force=form.get("force") == "1")
        except Refused as exc:
            problems = [Problem(p.file, p.line, p.col, p.field, korean(p.message)) for p in exc.problems]
            return _doc_page(request, slug, folder, name, meta, body, base, problems, status=422, new_name=target)
        except Conflict as exc:
            return _doc_page(request, slug, folder, name, meta, body, exc.current_base, [], status=409, conflict=exc)
        except StreetkitError as exc:  # a name that is not one
            problems = [Problem("", 0, 0, "name", f"웹 주소 이름으로 쓸 수 없습니다: {exc}")]
            return _doc_page(request, slug, folder, name, meta, body, base, problems, status=422, new_name=target)
        return RedirectResponse(f"/s/{slug}/docs/{folder}/{quote(target)}?saved={saved.undo_id}", status_code=303)

    async def delete_doc(request: Request) -> Response:
        slug, folder = slug_of(request), _folder(request)
        name = str(request.path_params["name"])
        form = await request.form(max_files=0)
        try:
            saved = DocEditor(studio.street_dir(slug), folder).delete(name, str(form.get("base") or ""))
        except Conflict:
            return RedirectResponse(f"/s/{slug}/docs/{folder}/{quote(name)}", status_code=303)
        return RedirectResponse(f"/s/{slug}/docs/{folder}/?deleted={quote(saved.undo_id)}", status_code=303)

    async def markdown_preview(request: Request) -> Response:
        """The body as the site will show it (htmx, as you type); sanitised like the build's."""
        slug_of(request)
        form = await request.form(max_files=0, max_fields=100)
        return HTMLResponse(render_markdown(str(form.get("body") or "")))

    # -- preview -------------------------------------------------------------------------------
    def preview(request: Request) -> Response:
        slug = slug_of(request)
        rest = str(request.path_params["rest"])
        if rest.endswith("/") or not rest:
            rest += "index.html"
        if not rest.startswith("site/") or ".." in rest.split("/"):
            return PlainTextResponse("not found", status_code=404)
        if rest.endswith(".html"):
            try:
                html = studio.render(slug, rest).decode("utf-8")
            except ProfileError as exc:
                return page(request, "preview_problem.html", status=422, problems=_shown(exc.problems))
            except StreetkitError:
                return PlainTextResponse("not found", status_code=404)
            version = studio.editor(slug).path.stat().st_mtime_ns
            tag = f'<script src="/static/reload.js" data-version="{version}" data-slug="{slug}"></script>'
            html = html.replace("</body>", tag + "</body>", 1) if "</body>" in html else html + tag
            return HTMLResponse(html)
        built = studio.built_file(slug, rest)
        if built is not None:
            return Response(built.read_bytes(), media_type=mimetypes.guess_type(built.name)[0] or "application/octet-stream")
        try:
            data = studio.render(slug, rest)
        except StreetkitError:
            return PlainTextResponse("not found", status_code=404)
        return Response(data, media_type=mimetypes.guess_type(rest)[0] or "application/octet-stream")

    def street_file(request: Request) -> Response:
        """A photo or logo of the street folder (for a form's thumbnail); only images/."""
        slug = slug_of(request)
        rest = str(request.path_params["rest"])
        if not rest.startswith("images/"):
            return PlainTextResponse("not found", status_code=404)
        try:
            data = read_inside(studio.street_dir(slug), rest)
        except (PathEscape, OSError):
            return PlainTextResponse("not found", status_code=404)
        kind = mimetypes.guess_type(rest)[0] or "application/octet-stream"
        if not kind.startswith("image/"):
            return PlainTextResponse("not found", status_code=404)
        if kind == "image/svg+xml":  # shown as a picture only, never as a document with scripts
            return Response(data, media_type=kind,
                            headers={"content-security-policy": "default-src 'none'; style-src 'unsafe-inline'"})
        return Response(data, media_type=kind)

    def version(request: Request) -> Response:
        slug = slug_of(request)
        return PlainTextResponse(str(studio.editor(slug).path.stat().st_mtime_ns))

    # -- flyers --------------------------------------------------------------------------------
    def flyer_list(request: Request) -> Response:
        slug = slug_of(request)
        try:
            found = flyer_kit.catalogue(studio.documents(slug))
        except ProfileError as exc:
            return page(request, "preview_problem.html", status=422, problems=_shown(exc.problems))
        return page(request, "flyers.html", street=studio.summary(slug), catalogue=found, values={}, errors={}, summary=[],
                    quick_fields=_quick_event_fields(studio))

    def _doc_path(request: Request) -> str:
        doc = str(request.query_params.get("doc", ""))
        if not re.fullmatch(r"print/[a-z0-9/_.-]+\.pdf", doc) or ".." in doc:
            raise StreetkitError("no such document")
        return doc

    def flyer(request: Request) -> Response:
        slug = slug_of(request)
        doc = _doc_path(request)
        titles = {d.path: d.title for d in studio.documents(slug)}
        if doc not in titles:
            return page(request, "missing.html", status=404, street=studio.summary(slug))
        pdf = studio.render(slug, doc)
        return page(request, "flyer.html", street=studio.summary(slug), doc=doc, title=titles[doc],
                    checks=flyer_kit.print_checks(pdf))

    def flyer_image(request: Request) -> Response:
        slug = slug_of(request)
        width = min(max(int(request.query_params.get("w", "900") or 900), 120), 1600)
        png = flyer_kit.first_page_png(studio.render(slug, _doc_path(request)), width)
        return Response(png, media_type="image/png")

    def flyer_pdf(request: Request) -> Response:
        slug = slug_of(request)
        doc = _doc_path(request)
        marks, as_cmyk = request.query_params.get("marks") == "1", request.query_params.get("cmyk") == "1"
        data = studio.render(slug, doc, marks=marks)
        name = doc.rsplit("/", 1)[1][:-4] + ("-marks" if marks else "") + ("-cmyk" if as_cmyk else "") + ".pdf"
        if as_cmyk:
            titles = {d.path: d.title for d in studio.documents(slug)}
            data = studio.cmyk(data, titles.get(doc, name))
        return Response(data, media_type="application/pdf",
                        headers={"content-disposition": f'attachment; filename="{slug}-{name}"'})

    async def flyer_event(request: Request) -> Response:
        """A poster for an event that is not in the profile yet: the event is added, then its poster shown."""
        slug = slug_of(request)
        form = await request.form(max_files=0, max_fields=40)
        values = parse(_quick_event_fields(studio), form)
        editor = studio.editor(slug)
        values = {"id": _new_id("events", values, editor.items("events")), **values}
        problems = studio.check_item(slug, "events", None, values)
        if not problems:
            try:
                editor.save_item("events", None, values, None)
            except Refused as exc:
                problems = _located(exc.problems, "events")
        if problems:
            found = flyer_kit.catalogue(studio.documents(slug))
            return page(request, "flyers.html", status=422, street=studio.summary(slug), catalogue=found, values=values,
                        errors=errors_by_path(problems, ""), summary=_summary(problems), quick_fields=_quick_event_fields(studio))
        return RedirectResponse(f"/s/{slug}/flyer?doc=print/posters/event-{values['id']}-a4.pdf", status_code=303)

    # -- build and undo ------------------------------------------------------------------------
    def build_page(request: Request) -> Response:
        slug = slug_of(request)
        return page(request, "build.html", street=studio.summary(slug), build=studio.builds.get(slug))

    def build_start(request: Request) -> Response:
        slug = slug_of(request)
        studio.start_build(slug)
        return RedirectResponse(f"/s/{slug}/build", status_code=303)

    def build_status(request: Request) -> Response:
        slug = slug_of(request)
        return page(request, "_build_status.html", street=studio.summary(slug), build=studio.builds.get(slug))

    def history(request: Request) -> Response:
        slug = slug_of(request)
        return page(request, "history.html", street=studio.summary(slug), versions=studio.editor(slug).versions()[:15])

    def undo(request: Request) -> Response:
        slug = slug_of(request)
        studio.editor(slug).undo(str(request.path_params["version"]))
        return RedirectResponse(f"/s/{slug}/history?undone=1", status_code=303)

    async def set_lang(request: Request) -> Response:
        form = await request.form(max_files=0)
        lang = "en" if form.get("lang") == "en" else "ko"
        back = str(form.get("back") or "/")
        response = RedirectResponse(back if back.startswith("/") and not back.startswith("//") else "/", status_code=303)
        response.set_cookie("studio_lang", lang, httponly=True, samesite="strict")
        return response

    def vendor_htmx(request: Request) -> Response:
        found = htmx_file()
        if found is None:
            return PlainTextResponse("", media_type="text/javascript")
        return Response(found.read_bytes(), media_type="text/javascript")

    async def not_found(request: Request, exc: Exception) -> Response:
        return page(request, "missing.html", status=404, street=None)

    async def failed(request: Request, exc: Exception) -> Response:
        # A bug of ours or a plugin's: the person gets a page that says nothing was lost; the
        # traceback goes to the terminal the studio was started from.
        import traceback

        traceback.print_exception(exc)
        return HTMLResponse(FAILED_PAGE, status_code=500)

    item_routes = "/s/{slug}/{list_name:str}"
    routes = [
        Route("/", home), Route("/new", new_street), Route("/new", create_street, methods=["POST"]),
        Route("/lang", set_lang, methods=["POST"]),
        Route("/vendor/htmx.min.js", vendor_htmx),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        Route("/s/{slug}/", street_home),
        Route("/s/{slug}/flyers", flyer_list), Route("/s/{slug}/flyer", flyer),
        Route("/s/{slug}/flyer.png", flyer_image), Route("/s/{slug}/flyer.pdf", flyer_pdf),
        Route("/s/{slug}/flyers/event", flyer_event, methods=["POST"]),
        Route("/s/{slug}/build", build_page), Route("/s/{slug}/build", build_start, methods=["POST"]),
        Route("/s/{slug}/build/status", build_status),
        Route("/s/{slug}/settings", settings), Route("/s/{slug}/settings/{key}", settings_form),
        Route("/s/{slug}/settings/{key}", save_settings, methods=["POST"]),
        Route("/s/{slug}/settings/{key}/check", check_settings, methods=["POST"]),
        Route("/s/{slug}/plugins", plugins_page), Route("/s/{slug}/plugins", save_plugins, methods=["POST"]),
        Route("/s/{slug}/history", history), Route("/s/{slug}/history/{version}", undo, methods=["POST"]),
        Route("/s/{slug}/preview/{rest:path}", preview), Route("/s/{slug}/file/{rest:path}", street_file),
        Route("/s/{slug}/version", version),
        Route("/s/{slug}/docs/markdown", markdown_preview, methods=["POST"]),
        Route("/s/{slug}/docs/{folder}/", docs), Route("/s/{slug}/docs/{folder}/new", doc_form),
        Route("/s/{slug}/docs/{folder}/new", save_doc, methods=["POST"]),
        Route("/s/{slug}/docs/{folder}/{name}", doc_form), Route("/s/{slug}/docs/{folder}/{name}", save_doc, methods=["POST"]),
        Route("/s/{slug}/docs/{folder}/{name}/delete", delete_doc, methods=["POST"]),
        Route(item_routes + "/", items), Route(item_routes + "/new", item_form),
        Route(item_routes + "/new", save_item, methods=["POST"]),
        Route(item_routes + "/new/check", check_item, methods=["POST"]),
        Route(item_routes + "/{ident}", item_form), Route(item_routes + "/{ident}", save_item, methods=["POST"]),
        Route(item_routes + "/{ident}/check", check_item, methods=["POST"]),
        Route(item_routes + "/{ident}/delete", delete_item, methods=["POST"]),
    ]
    app = Starlette(routes=routes, exception_handlers={StreetkitError: not_found, 404: not_found, 500: failed})
    return app


def _quick_event_fields(studio: Studio) -> list[FormField]:
    """The four things a poster needs of a new event: what, when (from, until) and where."""
    return [f for f in describe(studio.item_model("events")) if f.name in ("title", "start", "end", "place")]


def _folder(request: Request) -> str:
    name = str(request.path_params["folder"])
    if name not in FOLDERS:
        raise StreetkitError("no such folder")
    return name


def _doc_url(folder: str, name: str | None) -> str:
    """Where a document is published: `about` -> `about/`, `x.en` -> `en/x/`, news under `news/`."""
    stem, _, lang = str(name).partition(".")
    return ("en/" if lang == "en" else "") + ("news/" if folder == "news" else "") + f"{stem}/"


def _new_doc_name(folder: str, meta: dict[str, Any], editor: DocEditor) -> str:
    """A file name for a new document: a post by its date (`2026-12-04-1`), a page `page-2`."""
    taken = set(editor.names())
    base = f"{meta['date']}" if folder == "news" and isinstance(meta.get("date"), date) else "page"
    n = 1
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


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


def _shown_names(fields: list[FormField]) -> set[str]:
    return {f.name for f in fields} | {f.english.name for f in fields if f.english}


def _image_fields(fields: list[FormField]) -> list[FormField]:
    return [f for f in fields if f.widget == "image"]


def _new_id(list_name: str, values: dict[str, Any], rows: list[dict[str, Any]]) -> str:
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


def _located(problems: list[Problem], list_name: str) -> list[Problem]:
    """Problems of a refused save, those of the edited item relative to it (`merchants[3].phone`
    -> `phone`; a section's `brand.primary` -> `primary`), all in Korean."""
    out = []
    for p in problems:
        m = re.match(rf"^{re.escape(list_name)}(?:\[(\d+)\])?\.?(.*)$", p.field) if list_name else None
        field = m[2] if m else ("id" if p.field == f"{list_name}.id" else p.field)
        out.append(Problem(p.file, p.line, p.col, field, korean(p.message), p.severity))
    return out


def _summary(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.field, p.message) for p in problems if p.severity == "error"]


def _shown(problems: list[Problem]) -> list[dict[str, Any]]:
    return [{"where": f"{p.file}:{p.line}" if p.line else p.file, "field": p.field, "message": korean(p.message),
             "english": p.message, "warning": p.severity == "warning"} for p in problems]
