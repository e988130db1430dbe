"""Who a request acts as, and the settings of the access layer."""

from __future__ import annotations

import os
from dataclasses import dataclass

from starlette.requests import Request

from praksisplan.plan.edits import Actor
from praksisplan.web.auth.matrix import ANONYMOUS

#: Environment variable: ``1`` opens the aggregated figures to visitors who are not logged in.
PUBLIC_VIEW_ENV = "PRAKSISPLAN_PUBLIC_VIEW"
SESSION_COOKIE = "praksisplan_session"
LOGIN_CSRF_COOKIE = "praksisplan_login_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


@dataclass(frozen=True)
class AuthSettings:
    """``public_view``: anonymous visitors read the aggregated figures (off by default)."""

    public_view: bool = False
    #: Minutes without a request after which a session ends.
    idle_minutes: int = 30
    #: Largest request body (bytes) of every route but the dataset upload.
    max_body_bytes: int = 1_000_000
    #: Largest dataset upload (bytes).
    max_upload_bytes: int = 100_000_000

    @classmethod
    def from_environment(cls) -> AuthSettings:
        return cls(public_view=os.environ.get(PUBLIC_VIEW_ENV, "") in ("1", "true", "ja"))


@dataclass(frozen=True)
class Principal:
    """The user a request acts as (``role`` ``anonymous`` when no one is logged in)."""

    username: str
    display_name: str
    role: str
    #: The session's CSRF token (None for anonymous visitors and API tokens).
    csrf_token: str | None = None

    @property
    def logged_in(self) -> bool:
        return self.role != ANONYMOUS

    @property
    def label(self) -> str:
        """How the user is named in decisions and the audit trail."""
        if self.logged_in:
            return f"{self.display_name} ({self.username})"
        return f"anonym ({self.username})" if self.username else "anonym"

    @property
    def actor(self) -> Actor:
        """The user as the plan package's actor (anonymous reads only, as ``viewer``)."""
        return Actor(name=self.label, role=self.role if self.logged_in else "viewer")


ANONYMOUS_PRINCIPAL = Principal(username="", display_name="anonym", role=ANONYMOUS)


def current_user(request: Request) -> Principal:
    """FastAPI dependency: the request's user, as the access middleware identified it."""
    principal: Principal = request.scope.get("praksisplan_user", ANONYMOUS_PRINCIPAL)
    return principal


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""
