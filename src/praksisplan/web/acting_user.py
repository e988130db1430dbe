"""Who is acting on the Praksisplan pages: the logged-in user as the plan's :class:`Actor`.

The access layer (:mod:`praksisplan.web.auth`) identifies the user; the plan package's role
rules (:mod:`praksisplan.plan.permissions`) then decide each edit.
"""

from __future__ import annotations

from fastapi import Request

from praksisplan.plan.edits import Actor
from praksisplan.web.auth.principal import current_user


def acting_user(request: Request) -> Actor:
    """The user the request acts as (a visitor who is not logged in reads only)."""
    return current_user(request).actor
