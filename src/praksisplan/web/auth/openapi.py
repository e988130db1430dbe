"""The OpenAPI document states the two ways to authenticate: session cookie and API token."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from praksisplan.web.auth.principal import CSRF_HEADER, SESSION_COOKIE

SECURITY_SCHEMES: dict[str, Any] = {
    "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": SESSION_COOKIE,
        "description": "Session from the login page (POST /login). Writes also need the "
        f"session's CSRF token in the {CSRF_HEADER} header.",
    },
    "apiToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "API token from `praksisplan users token` (no CSRF token needed).",
    },
}


def describe_auth(app: FastAPI) -> None:
    """Add the security schemes (and the requirement on every operation) to the document."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        schema.setdefault("components", {})["securitySchemes"] = SECURITY_SCHEMES
        schema["security"] = [{"session": []}, {"apiToken": []}]
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
