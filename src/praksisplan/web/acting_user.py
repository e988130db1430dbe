"""Who is acting on the Praksisplan pages — the one place the login will plug in.

Until the access layer (users, sessions, roles) is merged, the acting user is a *demo*
choice kept in a cookie and set with the "Optræd som" form; without it the visitor reads
only (role ``viewer``). The lead replaces :func:`acting_user` with the logged-in user.
"""

from __future__ import annotations

from fastapi import Request
from pydantic import ValidationError

from praksisplan.plan.edits import Actor

ROLE_COOKIE = "praksisplan_demo_role"
READ_ONLY = Actor(name="gæst", role="viewer")


def acting_user(request: Request) -> Actor:
    """The user the request acts as (read-only without a valid demo role)."""
    role = request.cookies.get(ROLE_COOKIE, "")
    try:
        return Actor(name=f"demo-{role.replace(':', '-')}", role=role)
    except ValidationError:
        return READ_ONLY
