"""What every streetkit server checks before it answers: the Host, the token, the Origin.

A server on 127.0.0.1 is still reachable from any web page the same browser opens: a page can send
requests to `http://127.0.0.1:PORT/`, and by DNS rebinding (a hostname of the attacker's that starts
resolving to 127.0.0.1) even read the answers. So, as Jupyter does:

- **Host**: only `localhost`, `*.localhost` and IP literals are answered; a rebound hostname is not;
- **token**: a random token is printed with the address (`?token=…`); the first request that brings
  it gets an `HttpOnly`, `SameSite=Strict` cookie, and every request needs the token or the cookie;
- **Origin**: a request that changes something (not GET/HEAD) must come from the server's own
  origin (and a browser sends no SameSite=Strict cookie cross-site anyway).
"""
from __future__ import annotations

import hmac
import ipaddress
import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlsplit

COOKIE = "streetkit_token"
#: The longest request line a streetkit server reads; longer ones get 414.
MAX_REQUEST_LINE = 8192
#: How much of a refused request a log line shows.
LOG_CHARS = 160


def host_name(host_header: str | None) -> str:
    """The host of a Host header without its port (`[::1]:8000` -> `::1`), lower-case."""
    host = (host_header or "").strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    if host.count(":") == 1:
        host = host.partition(":")[0]
    return host


def host_allowed(host_header: str | None) -> bool:
    """Loopback names and IP literals; never a DNS name that could be rebound to this machine."""
    host = host_name(host_header)
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def is_loopback(bind: str) -> bool:
    """True for an address only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if bind == "localhost":
        return True
    try:
        return ipaddress.ip_address(bind).is_loopback
    except ValueError:
        return False


class Guard:
    """The token of one server run, and the checks that use it."""

    def __init__(self, token: str | None = None):
        self.token = token or secrets.token_urlsafe(24)

    def _matches(self, value: str | None) -> bool:
        return value is not None and hmac.compare_digest(value.encode(), self.token.encode())

    def token_in_query(self, target: str) -> bool:
        """The request target (`/path?token=…`) carries this run's token."""
        values = parse_qs(urlsplit(target).query).get("token", [])
        return any(self._matches(v) for v in values)

    def cookie_ok(self, cookie_header: str | None) -> bool:
        if not cookie_header:
            return False
        try:
            jar = SimpleCookie(cookie_header)
        except Exception:
            return False
        return COOKIE in jar and self._matches(jar[COOKIE].value)

    def set_cookie(self) -> str:
        """The Set-Cookie header value that lets later requests in without the query token."""
        return f"{COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/"

    @staticmethod
    def origin_ok(origin: str | None, host_header: str | None) -> bool:
        """A state-changing request comes from this server's own origin (scheme, host and port)."""
        if not origin:
            return False
        parts = urlsplit(origin)
        return parts.scheme == "http" and parts.netloc.lower() == (host_header or "").strip().lower()


def shorten(text: str, limit: int = LOG_CHARS) -> str:
    """`text` on one line, cut to `limit` characters (a 60 KB request line is not a log line)."""
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"
