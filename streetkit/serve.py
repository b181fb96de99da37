"""Local preview: serve a street's site, rebuild when its files change, and reload the browser."""
from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path
from typing import Callable

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

    def handle_error(self, request: object, client_address: tuple) -> None:
        exc = sys.exc_info()[1]
        # A browser that stops loading (a reload while a photo or font is on its way) drops the
        # connection: nothing went wrong on our side.
        if isinstance(exc, ConnectionError):
            return
        print(f"preview server: {client_address[0]} request failed: {type(exc).__name__}: {exc}", file=sys.stderr)


class _Handler(http.server.SimpleHTTPRequestHandler):
    state: PreviewState

    def log_message(self, *args: object) -> None:  # keep the console for build messages
        pass

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if self.path == "/__streetkit/version":
            return self._send(str(self.state.version).encode(), "text/plain")
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            script = RELOAD_SCRIPT.format(version=self.state.version).encode()
            return self._send(path.read_bytes().replace(b"</body>", script + b"</body>", 1), "text/html; charset=utf-8")
        super().do_GET()


def make_server(root: Path, bind: str, port: int, state: PreviewState) -> QuietServer:
    """An HTTP server for `root` that injects the reload script into pages."""
    handler = type("Handler", (_Handler,), {"state": state})
    return QuietServer((bind, port), functools.partial(handler, directory=str(root)))


def watch(paths: list[Path], rebuild: Callable[[], None], stop: threading.Event) -> None:
    """Call `rebuild` whenever a file below `paths` changes (debounced by watchfiles)."""
    from watchfiles import watch as watch_files

    existing = [str(p) for p in paths if p.exists()]
    for _changes in watch_files(*existing, stop_event=stop, debounce=300, raise_interrupt=False):
        rebuild()
