"""Which write controls the scenario pages show the user: those the permission matrix lets
the user's role use (a control that would answer 403 is not shown).

The rules are read from :data:`praksisplan.web.auth.matrix.ROUTES` by the routes the page's
script calls, so no role list is repeated here.
"""

from __future__ import annotations

from starlette.requests import Request

from praksisplan.web.auth.matrix import ROUTES
from praksisplan.web.auth.principal import current_user

#: The route behind each control flag: creating a scenario, and editing one (the edit
#: buttons and undo of the editor call these).
CONTROL_ROUTES = {
    "may_create_scenario": "POST /api/scenarios",
    "may_edit_scenario": "POST /api/scenarios/{scenario_id}/edits",
    "may_undo_scenario": "POST /api/scenarios/{scenario_id}/undo",
}


def scenario_controls(request: Request) -> dict[str, bool]:
    """Each control flag of :data:`CONTROL_ROUTES`: whether the user's role may use it."""
    role = current_user(request).role
    return {flag: ROUTES[route].allows(role) for flag, route in CONTROL_ROUTES.items()}
