"""The studio's screens: a Starlette app of server-rendered pages, enhanced by htmx when present.

Every screen is a plain HTML form that works without JavaScript (save, search, preview, download);
htmx only makes it quicker (problems shown as you type, the list filtered as you search, the
flyer picture swapped in place). Endpoints are synchronous functions: Starlette runs them in its
thread pool, and the work they do (YAML, validation, rendering) is synchronous anyway.
"""
from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ..errors import StreetkitError
from .screens import Screens, docs, flyers, items, preview, settings, streets
from .state import Studio

FAILED_PAGE = """<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>문제가 생겼습니다 · streetkit 스튜디오</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/static/studio.css"></head>
<body><main id="main"><h1>문제가 생겼습니다</h1><p>스튜디오 안에서 오류가 났습니다. 저장된 내용은 그대로 있습니다.
뒤로 가서 다시 해 보시고, 또 그러면 스튜디오를 띄운 창에 나온 글을 담당자에게 보내 주세요.</p>
<p lang="en">Something went wrong inside the studio; nothing saved was lost. The details are in the terminal
the studio was started from.</p><p><a class="button" href="/">처음으로</a></p></main></body></html>"""


def create_app(studio: Studio) -> Starlette:
    """The studio's app for `studio`; `StudioGate` wraps it (see security)."""
    screens = Screens(studio)

    async def not_found(request: Request, exc: Exception) -> Response:
        return screens.page(request, "missing.html", status=404, street=None)

    async def failed(request: Request, exc: Exception) -> Response:
        # A bug of ours or a plugin's: the person gets a page that says nothing was lost; the
        # traceback goes to the terminal the studio was started from.
        import traceback

        traceback.print_exception(exc)
        return HTMLResponse(FAILED_PAGE, status_code=500)

    # Order matters: the lists of items (/s/<slug>/<list>/…) match what the others leave.
    routes = [*streets.routes(screens), *flyers.routes(screens), *settings.routes(screens), *preview.routes(screens),
              *docs.routes(screens), *items.routes(screens)]
    return Starlette(routes=routes, exception_handlers={StreetkitError: not_found, 404: not_found, 500: failed})
