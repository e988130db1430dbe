"""Why a plan edit is refused. The web layer maps the kinds to HTTP 403, 409 and 422."""

from __future__ import annotations

from praksisplan.core.errors import PraksisplanError


class PlanEditError(PraksisplanError):
    """An edit that cannot be applied (the plan is left as it was)."""


class PlanForbiddenError(PlanEditError):
    """The acting user's role may not make this edit (HTTP 403)."""


class PlanFrozenError(PlanEditError):
    """The edit would change an adopted (frozen) version or a superseded plan (HTTP 409)."""


class PlanConflictError(PlanEditError):
    """The edit does not fit the plan's state: an unknown id, a closed consultation (HTTP 409)."""
