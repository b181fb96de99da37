"""The flyer maker: what the street can print, a picture of it, its print checks, the PDF."""
from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ...errors import ProfileError, StreetkitError
from ...profileedit import Refused
from .. import flyers as flyer_kit
from ..forms import FormField, describe, errors_by_path, parse
from ..state import Studio
from . import Screens, located, new_id, shown, summary


def routes(s: Screens) -> list[BaseRoute]:
    page, studio, slug_of = s.page, s.studio, s.slug_of

    # -- flyers --------------------------------------------------------------------------------
    def flyer_list(request: Request) -> Response:
        slug = slug_of(request)
        try:
            found = flyer_kit.catalogue(studio.documents(slug))
        except ProfileError as exc:
            return page(request, "preview_problem.html", status=422, problems=shown(exc.problems))
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
        found = {d.path: d for d in studio.documents(slug)}
        if doc not in found:
            return page(request, "missing.html", status=404, street=studio.summary(slug))
        pdf = studio.render(slug, doc)
        return page(request, "flyer.html", street=studio.summary(slug), doc=doc, title=found[doc].title,
                    press=found[doc].press and not found[doc].forms, checks=flyer_kit.print_checks(pdf))

    def flyer_image(request: Request) -> Response:
        slug = slug_of(request)
        width = min(max(int(request.query_params.get("w", "900") or 900), 120), 1600)
        png = flyer_kit.first_page_png(studio.render(slug, _doc_path(request)), width)
        return Response(png, media_type="image/png")

    def flyer_pdf(request: Request) -> Response:
        slug = slug_of(request)
        doc = _doc_path(request)
        marks, as_cmyk = request.query_params.get("marks") == "1", request.query_params.get("cmyk") == "1"
        data = studio.render(slug, doc, marks=marks, cmyk=as_cmyk)
        name = doc.rsplit("/", 1)[1][:-4] + ("-marks" if marks else "") + ("-cmyk" if as_cmyk else "") + ".pdf"
        return Response(data, media_type="application/pdf",
                        headers={"content-disposition": f'attachment; filename="{slug}-{name}"'})

    async def flyer_event(request: Request) -> Response:
        """A poster for an event that is not in the profile yet: the event is added, then its poster shown."""
        slug = slug_of(request)
        form = await request.form(max_files=0, max_fields=40)
        values = parse(_quick_event_fields(studio), form)
        editor = studio.editor(slug)
        values = {"id": new_id("events", values, editor.items("events")), **values}
        problems = studio.check_item(slug, "events", None, values)
        if not problems:
            try:
                editor.save_item("events", None, values, None)
            except Refused as exc:
                problems = located(exc.problems, "events")
        if problems:
            found = flyer_kit.catalogue(studio.documents(slug))
            return page(request, "flyers.html", status=422, street=studio.summary(slug), catalogue=found, values=values,
                        errors=errors_by_path(problems, ""), summary=summary(problems), quick_fields=_quick_event_fields(studio))
        return RedirectResponse(f"/s/{slug}/flyer?doc=print/posters/event-{values['id']}-a4.pdf", status_code=303)

    return [
        Route("/s/{slug}/flyers", flyer_list), Route("/s/{slug}/flyer", flyer),
        Route("/s/{slug}/flyer.png", flyer_image), Route("/s/{slug}/flyer.pdf", flyer_pdf),
        Route("/s/{slug}/flyers/event", flyer_event, methods=["POST"]),
    ]


def _quick_event_fields(studio: Studio) -> list[FormField]:
    """The four things a poster needs of a new event: what, when (from, until) and where."""
    return [f for f in describe(studio.item_model("events")) if f.name in ("title", "start", "end", "place")]
