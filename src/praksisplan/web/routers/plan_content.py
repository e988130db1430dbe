"""Editing the plan's goals and initiatives in the browser.

Each form becomes one content edit of :mod:`praksisplan.plan.edits` (``put_goal``,
``remove_goal``, ``put_initiative``, ``remove_initiative``) and goes the same way as every
other plan write (:func:`~praksisplan.web.routers.plan.apply_form_edit`): the plan's role
rules (:mod:`praksisplan.plan.permissions`) and frozen-version rule decide, the store keeps a
new version and its journal row, the audit trail records the edit. An *add* form refuses an
id the plan already has (409) instead of overwriting it; editing an initiative keeps its
milestones and measures, which the form does not show.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response

from praksisplan.core.errors import PraksisplanError
from praksisplan.plan.model import Plan
from praksisplan.web.routers.plan import (
    State,
    User,
    apply_form_edit,
    error_page,
    form_value,
    read_form,
    stored_plan,
)
from praksisplan.web.state import AppState

router = APIRouter(include_in_schema=False)


async def _form_and_plan(
    request: Request, state: AppState, key: str, kind: str
) -> tuple[dict[str, list[str]], Plan] | Response:
    """The form and the stored plan, or the error page: an unknown plan (404), an add form
    (``new=ja``) whose id the plan already has (409)."""
    form = await read_form(request)
    try:
        plan = stored_plan(state, key)
    except PraksisplanError as missing:
        return error_page(request, 404, str(missing))
    if form_value(form, "new") == "ja":
        wanted = form_value(form, "id")
        if kind == "goal" and any(g.id == wanted for g in plan.content.goals):
            return error_page(
                request, 409, f"Planen har allerede en målsætning '{wanted}'; vælg et andet id"
            )
        if kind == "initiative" and plan.initiative(wanted) is not None:
            return error_page(
                request, 409, f"Planen har allerede en indsats '{wanted}'; vælg et andet id"
            )
    return form, plan


@router.post("/praksisplan/{key}/maal")
async def put_goal(request: Request, state: State, key: str, actor: User) -> Response:
    """Add a goal (``new=ja``) or change a goal's title and text."""
    found = await _form_and_plan(request, state, key, "goal")
    if isinstance(found, Response):
        return found
    form, _ = found
    goal = {"id": form_value(form, "id"), "title": form_value(form, "title"),
            "text": form_value(form, "text")}  # fmt: skip
    back = f"/praksisplan/{quote(key)}#maal-{quote(goal['id'])}"
    return await apply_form_edit(
        request, state, key, actor, {"kind": "put_goal", "goal": goal}, back
    )


@router.post("/praksisplan/{key}/maal/slet")
async def remove_goal(request: Request, state: State, key: str, actor: User) -> Response:
    form = await read_form(request)
    fields = {"kind": "remove_goal", "goal_id": form_value(form, "goal_id")}
    return await apply_form_edit(request, state, key, actor, fields, f"/praksisplan/{quote(key)}")


def _initiative(plan: Plan, form: dict[str, list[str]]) -> dict[str, Any]:
    initiative_id = form_value(form, "id")
    stored = plan.initiative(initiative_id)
    owners = form.get("owners", [""])[-1].replace(",", "\n").splitlines()
    return {
        "id": initiative_id,
        "title": form_value(form, "title"),
        "description": form_value(form, "description"),
        "owners": [owner.strip() for owner in owners if owner.strip()],
        "start": form_value(form, "start"),
        "end": form_value(form, "end"),
        "focus": form_value(form, "focus") == "ja",
        "tags": form.get("tag", []),
        "milestones": [] if stored is None else [m.model_dump() for m in stored.milestones],
        "measures": [] if stored is None else [m.model_dump() for m in stored.measures],
    }


@router.post("/praksisplan/{key}/indsats")
async def put_initiative(request: Request, state: State, key: str, actor: User) -> Response:
    """Add an initiative to a goal (``new=ja``) or change one; owners one per line (or
    comma-separated), target groups as ``tag`` checkboxes, focus as ``focus=ja``."""
    found = await _form_and_plan(request, state, key, "initiative")
    if isinstance(found, Response):
        return found
    form, plan = found
    initiative = _initiative(plan, form)
    fields = {"kind": "put_initiative", "goal_id": form_value(form, "goal_id"),
              "initiative": initiative}  # fmt: skip
    back = f"/praksisplan/{quote(key)}#indsats-{quote(initiative['id'])}"
    return await apply_form_edit(request, state, key, actor, fields, back)


@router.post("/praksisplan/{key}/indsats/slet")
async def remove_initiative(request: Request, state: State, key: str, actor: User) -> Response:
    form = await read_form(request)
    fields = {"kind": "remove_initiative", "initiative_id": form_value(form, "initiative_id")}
    return await apply_form_edit(request, state, key, actor, fields, f"/praksisplan/{quote(key)}")
