"""HTTP HEAD for every GET route of the app, in one place (RFC 9110 § 9.3.2).

FastAPI registers a ``@router.get`` route for GET alone, so a HEAD request would get 405.
This outermost middleware answers HEAD as the app answers GET — the same status and
headers (``Content-Type``, ``Content-Length`` of the GET's body, the security headers),
without the body: it hands the request on as a GET and drops every body chunk of the
response. So the permission matrix holds for HEAD as for GET (one rule per route), a
refusal is the same refusal, and a path or method without a GET route answers HEAD as its
GET is answered (404, or 405 with ``Allow``).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: The messages that carry a response's body (a chunk, or a file sent by its path).
_BODY_MESSAGES = frozenset({"http.response.body", "http.response.pathsend"})


class HeadAsGetMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        ended = False

        async def without_body(message: Message) -> None:
            nonlocal ended
            if message["type"] not in _BODY_MESSAGES:
                await send(message)  # the start, and extensions' messages
            elif not ended and not message.get("more_body", False):
                # the last body chunk (or a file sent by path) ends the empty body
                ended = True
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        await self.app({**scope, "method": "GET"}, receive, without_body)
