"""The access middleware: who is asking, may they, is a write same-origin, is it too big.

For every HTTP request it

1. finds the route (as FastAPI will) and its rule in :data:`~praksisplan.web.auth.matrix.
   ROUTES` — a route without a rule is refused to everyone;
2. identifies the user from the session cookie or an ``Authorization: Bearer`` API token;
3. for a write (any method but GET/HEAD/OPTIONS) refuses a foreign ``Origin`` and a missing
   or wrong CSRF token (header ``X-CSRF-Token``, form field ``csrf_token`` or, for a
   multipart upload, the query parameter) — API tokens are not ambient, so they need none;
4. refuses a body over the size limit (413) before the app reads it;
5. answers 401 (not logged in; pages redirect to the login) or 403 by the rule; and
6. adds the security headers to every response.
"""

from __future__ import annotations

import datetime as dt
import hmac
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from praksisplan.store import AccountStore
from praksisplan.web.auth.errors import refusal_response
from praksisplan.web.auth.headers import SECURITY_HEADERS
from praksisplan.web.auth.matrix import ROUTES
from praksisplan.web.auth.passwords import digest
from praksisplan.web.auth.principal import (
    ANONYMOUS_PRINCIPAL,
    CSRF_FIELD,
    CSRF_HEADER,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    AuthSettings,
    Principal,
)
from praksisplan.web.auth.route_table import route_key

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
UPLOAD_PATH = "/upload"
LOGIN_ROUTE = "POST /login"


def _cookies(headers: Headers) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for value in headers.getlist("cookie"):
        try:
            jar.load(value)
        except Exception:  # a malformed cookie header is as good as no cookie
            continue
    return {key: morsel.value for key, morsel in jar.items()}


def _same_origin(headers: Headers, scope: Scope) -> bool:
    origin = headers.get("origin")
    if origin is None:
        return True
    host = headers.get("host", "")
    return origin in (f"http://{host}", f"https://{host}")


class AccessMiddleware:
    def __init__(self, app: ASGIApp, settings: AuthSettings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self._handle(scope, receive, send_with_headers)

    async def _handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        fastapi_app = scope["app"]
        headers = Headers(scope=scope)
        key = route_key(fastapi_app, scope)
        cookies = _cookies(headers)
        principal = await run_in_threadpool(self._identify, fastapi_app, headers, cookies)
        scope["praksisplan_user"] = principal
        if key is None:  # 404 or 405 from the app itself
            await self.app(scope, receive, send)
            return
        rule = ROUTES.get(key)
        allowed = rule is not None and rule.allows(
            principal.role, public_view=self.settings.public_view
        )
        if not allowed:
            await refusal_response(scope, principal, key, rule is None)(scope, receive, send)
            return
        if scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        limit = self.settings.max_upload_bytes if key.endswith(UPLOAD_PATH) else (
            self.settings.max_body_bytes
        )  # fmt: skip
        body = await _read_body(receive, headers, limit)
        if body is None:
            await refusal_response(scope, principal, key, False, status=413)(scope, receive, send)
            return
        login = key == LOGIN_ROUTE  # before a session: the login form's own cookie token
        expected = cookies.get(LOGIN_CSRF_COOKIE) if login else principal.csrf_token
        token_auth = not login and principal.logged_in and principal.csrf_token is None
        if not _same_origin(headers, scope) or not (
            token_auth or _csrf_ok(expected, headers, body, scope)
        ):
            await refusal_response(scope, principal, key, False, csrf=True)(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)

    def _identify(self, app: Any, headers: Headers, cookies: dict[str, str]) -> Principal:
        accounts = AccountStore(app.state.praksisplan.store)
        authorization = headers.get("authorization", "")
        if authorization.lower().startswith("bearer "):
            user = accounts.token_user(digest(authorization[7:].strip()))
            if user is not None:
                return Principal(user.username, user.display_name, user.role)
            return ANONYMOUS_PRINCIPAL
        session_id = cookies.get(SESSION_COOKIE)
        if session_id:
            idle = dt.timedelta(minutes=self.settings.idle_minutes)
            session = accounts.session(digest(session_id), idle)
            if session is not None:
                user = session.user
                return Principal(user.username, user.display_name, user.role, session.csrf_token)
        return ANONYMOUS_PRINCIPAL


def _csrf_ok(expected: str | None, headers: Headers, body: bytes, scope: Scope) -> bool:
    """Whether the header, the form field or (multipart) the query carries ``expected``."""
    if not expected:
        return False
    given = [headers.get(CSRF_HEADER)]
    content_type = headers.get("content-type", "")
    if content_type.startswith("application/x-www-form-urlencoded"):
        given += parse_qs(body.decode("utf-8", errors="replace")).get(CSRF_FIELD, [])
    if content_type.startswith("multipart/form-data"):
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        given += query.get(CSRF_FIELD, [])
    return any(
        token is not None and hmac.compare_digest(token.encode(), expected.encode())
        for token in given
    )


async def _read_body(receive: Receive, headers: Headers, limit: int) -> bytes | None:
    """The whole request body, or None as soon as it exceeds ``limit`` bytes."""
    declared = headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive_more: Receive) -> Receive:
    """The buffered body once, then the client's own messages (its disconnect)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive_more()

    return receive
