"""Serve a built site on 127.0.0.1 the way a production web host does, for measuring it: pretty URLs,
`404.html` for a missing page, and the build's `.gz` twin sent as it is when the browser accepts
gzip (nginx `gzip_static on`). Python's `http.server` sends every file uncompressed, which no host
does and which makes a big page look five times slower than it is on the web.

    python scripts/static_host.py FOLDER [PORT]      # prints the URL; Ctrl-C stops
"""
from __future__ import annotations

import functools
import http.server
import io
import os
import sys
from http import HTTPStatus


class HostHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's URL with a slash
            path = os.path.join(path, "index.html")
        status = HTTPStatus.OK
        if not os.path.isfile(path):
            path, status = os.path.join(self.directory, "404.html"), HTTPStatus.NOT_FOUND
        twin = path + ".gz"
        gzipped = "gzip" in self.headers.get("Accept-Encoding", "") and os.path.isfile(twin)
        with open(twin if gzipped else path, "rb") as f:
            body = f.read()
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", "max-age=600")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        return io.BytesIO(body)


def make_host(folder: str, port: int = 0) -> http.server.ThreadingHTTPServer:
    """A host for `folder` on 127.0.0.1 (`port` 0: any free one)."""
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(HostHandler, directory=folder))


if __name__ == "__main__":
    server = make_host(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0)
    print(f"http://127.0.0.1:{server.server_address[1]}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
