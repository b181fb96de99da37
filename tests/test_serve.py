"""`streetkit serve`: serves the site, rebuilds on change, reloads the browser, survives bad edits."""
from __future__ import annotations

import os
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request

from conftest import interruptible, make_workspace
from streetkit.serve import PreviewState, make_server
from streetkit.serverguard import Guard


def _wait_for(predicate, timeout=30.0, interval=0.2):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("timed out")


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode("utf-8")


def test_serve_rebuilds_and_reloads_the_browser(tmp_path, browser):
    folder = make_workspace(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "streetkit", "serve", "streets/test-street", "--port", "0"],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"}, preexec_fn=interruptible)
    try:
        line = proc.stdout.readline()
        url = re.search(r"(http://127\.0\.0\.1:\d+/\?token=[\w-]+)", line)[1]
        home = _get(url)
        assert "새 골목형상점가" in home and "/__streetkit/version" in home
        assert "__streetkit" not in (tmp_path / "_build/test-street/site/index.html").read_text("utf-8")

        page = browser.new_page()
        page.goto(url)
        assert page.inner_text("h1") == "새 골목형상점가"
        text = (folder / "street.yaml").read_text("utf-8")
        (folder / "street.yaml").write_text(text.replace("name: 새 골목형상점가", "name: 바뀐 골목", 1), "utf-8")
        _wait_for(lambda: page.inner_text("h1") == "바뀐 골목")  # the page reloaded itself
        assert "rebuilt test-street" in proc.stdout.readline()

        (folder / "street.yaml").write_text(text.replace("category: food", "category: fod"), "utf-8")
        err = _wait_for(lambda: proc.stderr.readline())
        assert "merchants[0].category" in err
        assert "바뀐 골목" in _get(url)  # the last good build is still served
        page.close()
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=20)
    assert proc.returncode == 0


def test_a_dropped_connection_is_not_a_traceback(tmp_path, capfd):
    (tmp_path / "big.bin").write_bytes(os.urandom(8_000_000))
    guard = Guard()
    server = make_server(tmp_path, "127.0.0.1", 0, PreviewState(), guard)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        for _ in range(3):  # a browser that reloads while a big file is on its way
            client = socket.create_connection(server.server_address)
            client.sendall(f"GET /big.bin?token={guard.token} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            client.recv(1024)
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset, not FIN
            client.close()
        time.sleep(0.5)
        try:
            raise ValueError("bad request line")
        except ValueError:
            server.handle_error(None, ("127.0.0.1", 5))
    finally:
        server.shutdown()
        server.server_close()
    err = capfd.readouterr().err
    assert "Traceback" not in err and "ConnectionResetError" not in err and "BrokenPipe" not in err
    assert err == "preview server: 127.0.0.1 request failed: ValueError: bad request line\n"
