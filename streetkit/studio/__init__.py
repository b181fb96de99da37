"""`streetkit studio`: the street in a browser, for people who never open a terminal.

A thin web layer over the loader, the validator, the models and the renderers: forms are generated
from the profile's models (`forms`), saves go through the one round-trip writer (`profileedit`),
previews through `Builder.render_artifact`, and every request through the gate (`security`).
"""
from __future__ import annotations

import socket
import sys
import threading
import time
import webbrowser
from datetime import date
from pathlib import Path

from ..errors import StreetkitError
from ..i18n import _
from ..serverguard import Guard, is_loopback


def free_port(host: str) -> int:
    """A port nobody listens on now (the OS picks it)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


class StudioServer:
    """The studio for one workspace, listening on `host:port` (a free port when 0)."""

    def __init__(self, root: Path, *, host: str = "127.0.0.1", port: int = 0, password: str | None = None,
                 token: str | None = None, today: date | None = None):
        import uvicorn

        from .app import create_app
        from .security import StudioGate
        from .state import Studio

        if not is_loopback(host) and not password:
            raise StreetkitError(_("--host {host} lets other machines in: give a password too (--password, or the "
                                   "STREETKIT_STUDIO_PASSWORD environment variable)", host=host))
        self.studio = Studio(root, today=today)
        self.guard = Guard(token)
        self.host = host
        self.port = port or free_port(host)
        app = StudioGate(create_app(self.studio), self.guard, password=password,
                         extra_host=None if is_loopback(host) else host)
        config = uvicorn.Config(app, host=host, port=self.port, log_level="warning", access_log=False,
                                limit_concurrency=64, timeout_graceful_shutdown=2, server_header=False)
        self.server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def base(self) -> str:
        shown = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{shown}:{self.port}"

    @property
    def url(self) -> str:
        """The address to open: with the run's token, as Jupyter prints it."""
        return f"{self.base}/?token={self.guard.token}"

    def run(self) -> None:
        """Serve until interrupted (Ctrl+C, SIGTERM)."""
        try:
            self.server.run()
        finally:
            self.studio.close()

    def start(self) -> StudioServer:
        """Serve from a background thread (tests, benchmarks, screenshots); returns once listening."""
        self._thread = threading.Thread(target=self.server.run, name="studio", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise StreetkitError(_("the studio did not start"))
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.studio.close()


def run_studio(root: Path, *, host: str = "127.0.0.1", port: int = 0, open_browser: bool = True,
               password: str | None = None, token: str | None = None) -> None:
    """Serve the studio for the workspace at `root` until interrupted."""
    server = StudioServer(root, host=host, port=port, password=password, token=token)
    print(_("streetkit studio: {url}", url=server.url), flush=True)
    print("  " + _("(open this address in a browser; Ctrl+C stops the studio)"), flush=True)
    if not is_loopback(host):
        print(_("warning: the studio listens on {host}: anyone on that network who has the address and the password "
                "can edit the streets", host=host), file=sys.stderr, flush=True)
    if open_browser:
        threading.Timer(0.6, lambda: webbrowser.open(server.url)).start()
    server.run()
