"""Accounts, sessions, roles and the permission matrix of the web app (docs/security.md).

:func:`install` adds the access middleware (identification, permission matrix, CSRF,
request size, security headers), the login/logout/account/revision routes, the admin's
users page, the Danish
error pages and the auth schemes of the OpenAPI document.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.requests import Request

from praksisplan.web.auth import routes, user_admin
from praksisplan.web.auth.errors import install_error_pages
from praksisplan.web.auth.matrix import ROUTES
from praksisplan.web.auth.middleware import AccessMiddleware
from praksisplan.web.auth.openapi import describe_auth
from praksisplan.web.auth.principal import AuthSettings, Principal, current_user
from praksisplan.web.auth.ratelimit import LoginLimiter
from praksisplan.web.routers.pages import templates

__all__ = ["AuthSettings", "Principal", "current_user", "install"]


def _csrf_token(request: Request) -> str:
    return current_user(request).csrf_token or ""


def _may(request: Request, route: str) -> bool:
    """Whether the request's user may use ``route`` (``"METHOD /path"``), for templates."""
    settings: AuthSettings = request.app.state.auth_settings
    rule = ROUTES.get(route)
    return rule is not None and rule.allows(
        current_user(request).role, public_view=settings.public_view
    )


def install(app: FastAPI, settings: AuthSettings) -> None:
    app.state.auth_settings = settings
    app.state.login_limiter = LoginLimiter(app.state.praksisplan.store)
    app.include_router(routes.router)
    app.include_router(user_admin.router)
    app.add_middleware(AccessMiddleware, settings=settings)
    install_error_pages(app)
    describe_auth(app)
    templates.env.globals.update(csrf_token=_csrf_token, current_user=current_user, may=_may)
