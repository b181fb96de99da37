"""Local preview: serve a street's site, rebuild when its files change, and reload the browser."""
from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from collections.abc import Callable
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .serverguard import MAX_REQUEST_LINE, Guard, host_allowed, shorten

if TYPE_CHECKING:
    from .workspace import Workspace

# Injected into HTML responses by the preview server only; built files never contain it. The page
# carries the build version it was served from, so a rebuild finishing before the first poll counts.
RELOAD_SCRIPT = """<script>(function(){{var v="{version}";setInterval(function(){{fetch("/__streetkit/version").then(
function(r){{return r.text()}}).then(function(t){{if(t!==v)location.reload()}}).catch(function(){{}})}},700)}})();</script>"""


class PreviewState:
    """The build counter the browser polls, and the last build error (shown in the console)."""

    def __init__(self) -> None:
        self.version = 0
        self.error: str | None = None
        self.lock = threading.Lock()


class QuietServer(http.server.ThreadingHTTPServer):
    """A threading HTTP server that reports a failed request in one line, never a traceback."""

    daemon_threads = True
    #: Connections waiting to be accepted: the default 5 makes the 200th of a burst of page loads
    #: (a directory's photos) wait for TCP's retry, a second or more.
    request_queue_size = 256

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        exc = sys.exc_info()[1]
        # A browser that stops loading (a reload while a photo or font is on its way) drops the
        # connection: nothing went wrong on our side.
        if isinstance(exc, ConnectionError):
            return
        print(shorten(f"preview server: {client_address[0]} request failed: {type(exc).__name__}: {exc}", 300),
              file=sys.stderr)


#: What a person reads when the preview refuses or misses a page: Korean first, the English reason
#: below (the status line itself must stay ASCII).
ERROR_PAGE = """<!DOCTYPE html>
<html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>%(code)d · streetkit 미리보기</title>
<style>body{font:1.0625rem/1.7 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1.25rem;color:#1a1a1a;
word-break:keep-all;overflow-wrap:anywhere}h1{font-size:1.5rem;line-height:1.3}p.en{color:#555}</style></head>
<body><h1>미리보기를 열 수 없습니다</h1><p>%(explain)s</p><p class="en" lang="en">%(message)s (%(code)d)</p></body></html>
"""
#: The Korean explanation of each refusal, and of the errors http.server sends itself.
EXPLAIN_KO: dict[int, str] = {
    HTTPStatus.NOT_FOUND: "이 주소에는 페이지가 없습니다. 주소를 확인하거나 첫 페이지에서 다시 찾아 주세요.",
    HTTPStatus.REQUEST_URI_TOO_LONG: "주소가 너무 깁니다.",
    HTTPStatus.NOT_IMPLEMENTED: "미리보기는 페이지를 보여 주기만 합니다.",
}
NO_TOKEN_KO = ("이 미리보기는 열쇠가 붙은 주소로만 열립니다. ‘streetkit serve’를 실행한 창에 나온 주소 "
               "(끝에 ?token=… 이 붙은 주소)를 그대로 열어 주세요.")
BAD_HOST_KO = "이 이름으로는 미리보기를 열 수 없습니다. 127.0.0.1 또는 localhost 주소로 열어 주세요."


class _Handler(http.server.SimpleHTTPRequestHandler):
    state: PreviewState
    guard: Guard
    raw_requestline: bytes  # set by BaseHTTPRequestHandler.handle_one_request
    error_message_format = ERROR_PAGE

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # http.server's own errors (a missing file) get the Korean explanation too.
        super().send_error(code, message, explain if explain is not None else EXPLAIN_KO.get(code, ""))

    def _refuse(self, status: HTTPStatus, why: str, explain: str | None = None) -> None:
        line = self.raw_requestline.decode("latin-1").rstrip("\r\n")
        print(f"preview server: refused {self.client_address[0]} {shorten(repr(line))}: {why}", file=sys.stderr)
        self.send_error(status, why, explain)

    def log_message(self, *args: object) -> None:  # keep the console for build messages
        pass

    def parse_request(self) -> bool:
        # http.server reads request lines of up to 64 KB; a preview needs far less.
        if len(self.raw_requestline) > MAX_REQUEST_LINE:
            self.requestline, self.request_version, self.command = "", "", ""
            self.close_connection = True
            self._refuse(HTTPStatus.REQUEST_URI_TOO_LONG, f"request line over {MAX_REQUEST_LINE} bytes")
            return False
        return super().parse_request()

    def _allowed(self) -> bool:
        """Host, then token (query or cookie); sends the refusal itself."""
        if not host_allowed(self.headers.get("Host")):
            self._refuse(HTTPStatus.FORBIDDEN, "unknown Host (only localhost and IP addresses are served)", BAD_HOST_KO)
            return False
        self._new_cookie = self.guard.token_in_query(self.path)
        if not (self._new_cookie or self.guard.cookie_ok(self.headers.get("Cookie"))):
            self._refuse(HTTPStatus.FORBIDDEN, "no token: open the address streetkit serve printed (with ?token=...)",
                         NO_TOKEN_KO)
            return False
        return True

    def end_headers(self) -> None:
        if getattr(self, "_new_cookie", False):
            self.send_header("Set-Cookie", self.guard.set_cookie())
        super().end_headers()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(HTTPStatus.NOT_FOUND, "no such page")  # a folder without index.html is not a listing

    def do_HEAD(self) -> None:
        if self._allowed():
            self._serve()

    def do_GET(self) -> None:
        if self._allowed():
            self._serve()

    def _serve(self) -> None:
        if urlsplit(self.path).path == "/__streetkit/version":
            return self._send(str(self.state.version).encode(), "text/plain")
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            script = RELOAD_SCRIPT.format(version=self.state.version).encode()
            return self._send(path.read_bytes().replace(b"</body>", script + b"</body>", 1), "text/html; charset=utf-8")
        if self.command == "HEAD":
            return super().do_HEAD()
        super().do_GET()


def make_server(root: Path, bind: str, port: int, state: PreviewState, guard: Guard | None = None) -> QuietServer:
    """An HTTP server for `root` that injects the reload script into pages and answers only
    requests that pass `guard` (Host, token)."""
    handler = type("Handler", (_Handler,), {"state": state, "guard": guard or Guard()})
    return QuietServer((bind, port), functools.partial(handler, directory=str(root)))


def watch(paths: list[Path], rebuild: Callable[[], None], stop: threading.Event) -> None:
    """Call `rebuild` whenever a file below `paths` changes (debounced by watchfiles)."""
    from watchfiles import watch as watch_files

    existing = [str(p) for p in paths if p.exists()]
    for _changes in watch_files(*existing, stop_event=stop, debounce=300, raise_interrupt=False):
        rebuild()


def run_preview(ws: Workspace, street_dir: Path, port: int, bind: str, reload: bool) -> None:
    """`streetkit serve`: build the street's site, serve it with a token until Ctrl-C or SIGTERM,
    and (with `reload`) rebuild when its files change; a failed rebuild keeps the last good site."""
    import click

    from .build import Builder
    from .errors import ProfileError, StreetkitError, rel
    from .i18n import _
    from .serverguard import is_loopback

    builder = Builder(ws, only={"site"})
    result = builder.build(street_dir)
    state = PreviewState()

    def rebuild() -> None:
        try:
            again = builder.build(street_dir)
            with state.lock:
                state.version += 1
            click.echo(_("rebuilt {street}: {files} files in {seconds:.1f}s", street=again.street.slug,
                         files=len(again.written), seconds=again.seconds))
        except ProfileError as exc:
            click.echo(f"{exc}\n" + _("(still serving the previous build)"), err=True)
        except StreetkitError as exc:
            click.echo(_("error: {message}", message=exc) + "\n" + _("(still serving the previous build)"), err=True)

    guard = Guard()
    server = make_server(result.out_dir / "site", bind, port, state, guard)
    stop = threading.Event()
    if reload:
        paths = [street_dir, ws.root / "themes", ws.root / "plugins"]
        paths += [t.path for t in ws.themes.chain(result.street.profile.theme)]
        threading.Thread(target=watch, args=(paths, rebuild, stop), daemon=True).start()
    if not is_loopback(bind):
        click.echo(_("warning: serving on {address}, which other machines can reach; anyone with the address "
                     "below can see the preview", address=bind), err=True)
    host = bind if ":" not in bind else f"[{bind}]"
    try:  # SIGTERM arrives as KeyboardInterrupt too (cli.main): `kill` stops it like Ctrl-C
        url = f"http://{host}:{server.server_address[1]}/?token={guard.token}"
        click.echo((_("serving {folder} at {url} (live reload) — Ctrl-C to stop") if reload else
                    _("serving {folder} at {url} — Ctrl-C to stop")).format(folder=rel(result.out_dir / "site"), url=url))
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo(_("stopped"))
    finally:
        stop.set()
        server.server_close()
