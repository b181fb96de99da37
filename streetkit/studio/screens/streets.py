"""The first screens (streets, a new street, the street's task screen), building, undo and the language switch."""
from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from ... import scaffold
from ...messages_ko import korean
from ...models import DESIGNATION_NAMES
from ...profileedit import Refused
from . import STATIC, Screens, htmx_file, shown


def routes(s: Screens) -> list[BaseRoute]:
    page, studio, slug_of = s.page, s.studio, s.slug_of

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
        return page(request, "street.html", street=studio.summary(slug), problems=shown(problems),
                    build=studio.builds.get(slug))

    # -- build and undo ------------------------------------------------------------------------
    def build_page(request: Request) -> Response:
        slug = slug_of(request)
        target = (studio.editor(slug).document().get("publish") or {}).get("target")
        return page(request, "build.html", street=studio.summary(slug), build=studio.builds.get(slug),
                    publish_target=str(target or ""))

    async def build_start(request: Request) -> Response:
        slug = slug_of(request)
        form = await request.form(max_files=0)
        studio.start_build(slug, publish=form.get("publish") == "1")
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

    return [
        Route("/", home), Route("/new", new_street), Route("/new", create_street, methods=["POST"]),
        Route("/lang", set_lang, methods=["POST"]),
        Route("/vendor/htmx.min.js", vendor_htmx),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
        Route("/s/{slug}/", street_home),
        Route("/s/{slug}/build", build_page), Route("/s/{slug}/build", build_start, methods=["POST"]),
        Route("/s/{slug}/build/status", build_status),
        Route("/s/{slug}/history", history), Route("/s/{slug}/history/{version}", undo, methods=["POST"]),
    ]
