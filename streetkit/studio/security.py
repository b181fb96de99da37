"""The studio's gate: every request passes the Host, token, Origin and size checks first.

An ASGI middleware in front of the whole app, so no route can forget a check. The checks are the
preview server's (`serverguard`): a Host allow-list against DNS rebinding, the run's token (in the
query once, then a `SameSite=Strict`, `HttpOnly` cookie), the Origin of every request that changes
something, and, when the studio listens beyond this machine, a password (HTTP Basic, so a phone on
the office network can log in with its browser's own prompt). Request bodies are capped while they
stream in, whatever Content-Length claims.
"""
from __future__ import annotations

import base64
import hmac
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.responses import HTMLResponse, RedirectResponse, Response

from ..serverguard import Guard, host_allowed, host_name

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The largest request body the studio reads: a phone photo is 3–12 MB.
MAX_BODY = 20 * 1024 * 1024
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

REFUSED = """<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{code} · streetkit 스튜디오</title>
<style>body{{font:1.0625rem/1.7 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1.25rem;color:#1a1a1a;
word-break:keep-all}}h1{{font-size:1.5rem}}p.en{{color:#555}}</style></head><body>
<h1>스튜디오를 열 수 없습니다</h1><p>{ko}</p><p class="en" lang="en">{en} ({code})</p></body></html>"""


def refused(code: int, ko: str, en: str, headers: dict[str, str] | None = None) -> Response:
    return HTMLResponse(REFUSED.format(code=code, ko=ko, en=en), status_code=code, headers=headers)


class _TooLarge(Exception):
    pass


class StudioGate:
    """ASGI middleware: Host, token or cookie, password, Origin and body size, in that order."""

    def __init__(self, app: ASGIApp, guard: Guard, *, password: str | None = None, extra_host: str | None = None,
                 max_body: int = MAX_BODY):
        self.app = app
        self.guard = guard
        self.password = password
        #: The name given to `--host`, when it is a name (an IP literal passes anyway).
        self.extra_host = host_name(extra_host) if extra_host else None
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host")
        answer = self._check(scope, headers, host)
        if answer is not None:
            await answer(scope, receive, send)
            return
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body:
            await self._too_large()(scope, receive, send)
            return
        seen = 0

        async def capped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _TooLarge
            return message

        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [
                    (b"cache-control", b"no-store"), (b"referrer-policy", b"same-origin"),
                    (b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"SAMEORIGIN")]
            await send(message)

        try:
            await self.app(scope, capped, sending)
        except _TooLarge:
            if not started:
                await self._too_large()(scope, receive, send)

    def _check(self, scope: Scope, headers: dict[str, str], host: str | None) -> Response | None:
        name = host_name(host)
        if not (host_allowed(host) or (self.extra_host and name == self.extra_host)):
            return refused(400, "이 주소 이름으로는 스튜디오에 들어올 수 없습니다. 스튜디오가 알려 준 주소(127.0.0.1…)를 여세요.",
                           "Host not allowed: open the address the studio printed")
        if self.password is not None and not self._password_ok(headers.get("authorization")):
            return refused(401, "비밀번호가 필요합니다.", "Password required",
                           headers={"WWW-Authenticate": 'Basic realm="streetkit studio", charset="UTF-8"'})
        query = scope.get("query_string", b"").decode("latin-1")
        if self.guard.token_in_query("?" + query):
            # Trade the token for the cookie, and take it out of the address bar (and history).
            rest = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "token"]
            target = scope.get("path", "/") + ("?" + urlencode(rest) if rest else "")
            response = RedirectResponse(target, status_code=303)
            response.headers.append("set-cookie", self.guard.set_cookie())
            return response
        if not self.guard.cookie_ok(headers.get("cookie")):
            return refused(403, "스튜디오를 시작할 때 나온 주소(끝에 ?token=… 이 붙은 주소)를 그대로 여세요.",
                           "A token is required: open the address with ?token= that the studio printed")
        if scope.get("method", "GET") not in SAFE_METHODS and not Guard.origin_ok(headers.get("origin"), host):
            return refused(403, "다른 사이트에서 보낸 요청은 받지 않습니다.", "Cross-origin request refused")
        return None

    def _password_ok(self, header: str | None) -> bool:
        if not header or not header.lower().startswith("basic "):
            return False
        try:
            _user, _, given = base64.b64decode(header[6:]).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return False
        assert self.password is not None
        return hmac.compare_digest(given.encode(), self.password.encode())

    def _too_large(self) -> Response:
        mb = self.max_body // (1024 * 1024)
        return refused(413, f"파일이 너무 큽니다. {mb} MB보다 작은 파일을 올려 주세요.", f"Request larger than {mb} MB")
