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
from urllib.parse import urlsplit

from .serverguard import MAX_REQUEST_LINE, Guard, host_allowed, shorten

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


class _Handler(http.server.SimpleHTTPRequestHandler):
    state: PreviewState
    guard: Guard
    raw_requestline: bytes  # set by BaseHTTPRequestHandler.handle_one_request

    def log_message(self, *args: object) -> None:  # keep the console for build messages
        pass

    def _refuse(self, status: HTTPStatus, why: str) -> None:
        line = self.raw_requestline.decode("latin-1").rstrip("\r\n")
        print(f"preview server: refused {self.client_address[0]} {shorten(repr(line))}: {why}", file=sys.stderr)
        self.send_error(status, why)

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
            self._refuse(HTTPStatus.FORBIDDEN, "unknown Host (only localhost and IP addresses are served)")
            return False
        self._new_cookie = self.guard.token_in_query(self.path)
        if not (self._new_cookie or self.guard.cookie_ok(self.headers.get("Cookie"))):
            self._refuse(HTTPStatus.FORBIDDEN, "no token: open the address streetkit serve printed (with ?token=...)")
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
