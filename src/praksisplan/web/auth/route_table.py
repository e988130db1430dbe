"""Every route of the app as ``(method, path)``, and which one a request goes to.

The middleware runs before FastAPI's router, so it matches the request itself against the
same path templates, in the router's order; the permission-matrix test lists the routes
from here too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from starlette.routing import Mount, compile_path
from starlette.types import Scope


@dataclass(frozen=True)
class RouteTemplate:
    method: str
    path: str
    pattern: re.Pattern[str]

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


def _flat(routes: list[Any]) -> Iterator[tuple[str, str]]:
    for route in routes:
        if isinstance(route, Mount):
            yield "GET", route.path
        elif hasattr(route, "effective_route_contexts"):  # FastAPI's included routers
            for context in route.effective_route_contexts():
                for method in sorted(getattr(context.original_route, "methods", None) or []):
                    yield method, context.path
        elif hasattr(route, "path"):
            for method in sorted(getattr(route, "methods", None) or ["GET"]):
                yield method, route.path


def route_templates(app: Any) -> list[RouteTemplate]:
    """The app's routes, compiled once per app; HEAD is left out (Starlette lists it beside
    GET; the app answers HEAD as GET, so one rule per route covers both)."""
    cached: list[RouteTemplate] | None = getattr(app.state, "route_templates", None)
    if cached is None:
        cached = []
        for method, path in _flat(app.routes):
            if method == "HEAD":
                continue
            mount = any(isinstance(r, Mount) and r.path == path for r in app.routes)
            regex = re.compile(f"^{re.escape(path)}/.*$") if mount else compile_path(path)[0]
            cached.append(RouteTemplate(method, path, regex))
        app.state.route_templates = cached
    return cached


def route_key(app: Any, scope: Scope) -> str | None:
    """``"METHOD /path"`` of the route the request goes to (None: the app's 404/405).

    A HEAD request arrives here as a GET (:mod:`praksisplan.web.head_requests`), so it
    meets the GET route's rule."""
    for template in route_templates(app):
        if template.method == scope["method"] and template.pattern.match(scope["path"]):
            return template.key
    return None
