"""The published pages as they will look, rendered on demand; the street's photos for thumbnails."""
from __future__ import annotations

import mimetypes

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from ...errors import ProfileError, StreetkitError
from ...safepath import PathEscape
from ...safepath import read_bytes as read_inside
from . import Screens, shown


def routes(s: Screens) -> list[BaseRoute]:
    page, studio, slug_of = s.page, s.studio, s.slug_of

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
                return page(request, "preview_problem.html", status=422, problems=shown(exc.problems))
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

    return [
        Route("/s/{slug}/preview/{rest:path}", preview), Route("/s/{slug}/file/{rest:path}", street_file),
        Route("/s/{slug}/version", version),
    ]
