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

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from praksisplan.core.errors import PraksisplanError
from praksisplan.plan.edits import Actor
from praksisplan.plan.model import Plan
from praksisplan.web.acting_user import acting_user
from praksisplan.web.routers.plan import (
    apply_form_edit,
    error_page,
    form_value,
    read_form,
    stored_plan,
)
from praksisplan.web.state import AppState, app_state

router = APIRouter(include_in_schema=False)
State = Annotated[AppState, Depends(app_state)]
User = Annotated[Actor, Depends(acting_user)]


def _is_new(form: dict[str, list[str]]) -> bool:
    return form_value(form, "new") == "ja"


def _taken(plan: Plan, form: dict[str, list[str]], kind: str) -> str | None:
    """The Danish refusal of an add form whose id the plan already has, else None."""
    wanted = form_value(form, "id")
    if kind == "goal" and any(g.id == wanted for g in plan.content.goals):
        return f"Planen har allerede en målsætning '{wanted}'; vælg et andet id"
    if kind == "initiative" and plan.initiative(wanted) is not None:
        return f"Planen har allerede en indsats '{wanted}'; vælg et andet id"
    return None


def _checked_plan(request: Request, state: AppState, key: str) -> Plan | Response:
    try:
        return stored_plan(state, key)
    except PraksisplanError as missing:
        return error_page(request, 404, str(missing))


@router.post("/praksisplan/{key}/maal")
async def put_goal(request: Request, state: State, key: str, actor: User) -> Response:
    """Add a goal (``new=ja``) or change a goal's title and text."""
    form = await read_form(request)
    plan = _checked_plan(request, state, key)
    if isinstance(plan, Response):
        return plan
    if _is_new(form) and (taken := _taken(plan, form, "goal")):
        return error_page(request, 409, taken)
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
    form = await read_form(request)
    plan = _checked_plan(request, state, key)
    if isinstance(plan, Response):
        return plan
    if _is_new(form) and (taken := _taken(plan, form, "initiative")):
        return error_page(request, 409, taken)
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
