"""News and pages: front matter as a form, the Markdown body with a live preview."""
from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ...docedit import FOLDERS, DocEditor
from ...documents import render_markdown
from ...errors import Problem, StreetkitError
from ...messages_ko import korean
from ...profileedit import Conflict, Refused
from ..forms import describe, errors_by_path, parse
from . import Screens, summary, take_uploads


def routes(s: Screens) -> list[BaseRoute]:
    page, studio, slug_of = s.page, s.studio, s.slug_of

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
                    summary=summary(problems), preview=preview, conflict=conflict, new_name=new_name,
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
        if problems := await take_uploads(studio, slug, fields, form, meta, f"{folder}-{target}"):
            return _doc_page(request, slug, folder, name, meta, body, base, problems, status=422, new_name=target)
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

    return [
        Route("/s/{slug}/docs/markdown", markdown_preview, methods=["POST"]),
        Route("/s/{slug}/docs/{folder}/", docs), Route("/s/{slug}/docs/{folder}/new", doc_form),
        Route("/s/{slug}/docs/{folder}/new", save_doc, methods=["POST"]),
        Route("/s/{slug}/docs/{folder}/{name}", doc_form), Route("/s/{slug}/docs/{folder}/{name}", save_doc, methods=["POST"]),
        Route("/s/{slug}/docs/{folder}/{name}/delete", delete_doc, methods=["POST"]),
    ]


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
