"""The committee's decision form (``POST /truede/beslutning``), documented in the OpenAPI
schema like the JSON API so its responses are checked against it too.

The form is URL-encoded; it is parsed here rather than with FastAPI's ``Form`` (which needs
python-multipart) and validated by the API's :class:`DecisionIn`. A valid decision is
stored through :func:`praksisplan.threat.run_service.record_decision`, like the CLI's
``decide``; the answer is a redirect back to the list (post/redirect/get). The form's
``scenario_id`` choice is empty when the decision cites no scenario.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from praksisplan.core.errors import PraksisplanError
from praksisplan.web import views
from praksisplan.web.auth.principal import CSRF_FIELD, current_user
from praksisplan.web.models import DecisionIn
from praksisplan.web.routers.api import store_decision
from praksisplan.web.state import AppState, app_state

router = APIRouter(tags=["forms"])
State = Annotated[AppState, Depends(app_state)]

_FORM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["snapshot", "area_id", "decided_class", "reason"],
    "properties": {
        "snapshot": {"type": "string", "pattern": "^[0-9]{1,10}$", "description": "Snapshot id"},
        CSRF_FIELD: {"type": "string", "description": "The session's CSRF token"},
        **DecisionIn.model_json_schema()["properties"],
    },
}
_ERROR: dict[str, Any] = {
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["detail"],
                "properties": {"detail": {"type": "string"}},
            }
        }
    }
}


@router.post(
    "/truede/beslutning",
    summary="Record a committee decision from the HTML form (redirects back to the list)",
    status_code=303,
    response_class=RedirectResponse,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/x-www-form-urlencoded": {"schema": _FORM_SCHEMA}},
        }
    },
    responses={
        303: {
            "description": "Stored (or refused with a message): back to the list",
            "headers": {"Location": {"schema": {"type": "string"}}},
        },
        400: {"description": "No valid snapshot in the form", **_ERROR},
        404: {"description": "No such snapshot or area", **_ERROR},
    },
)
async def record_decision_form(request: Request, state: State) -> RedirectResponse:
    """The committee's decision from the form; back to the list with a message if invalid."""
    body = (await request.body()).decode("utf-8", errors="replace")
    fields = {k: v[-1] for k, v in parse_qs(body).items() if k != CSRF_FIELD}
    if not fields.get("scenario_id"):
        fields.pop("scenario_id", None)
    snapshot = fields.pop("snapshot", "")
    if not snapshot.isascii() or not snapshot.isdigit():
        raise HTTPException(400, "Formularen mangler et gyldigt øjebliksbillede (snapshot).")
    analysis = await state.analysis_nonblocking(int(snapshot))
    target = f"/truede?snapshot={snapshot}"
    try:
        decision = DecisionIn.model_validate(fields)
    except ValidationError:
        message = "Beslutningen blev ikke gemt: vælg en klasse og skriv en begrundelse."
        return RedirectResponse(f"{target}&{urlencode({'error': message})}", status_code=303)
    if not views.has_area(analysis, decision.area_id):
        raise HTTPException(404, f"Området {decision.area_id!r} findes ikke i øjebliksbilledet.")
    user = current_user(request)
    try:
        await run_in_threadpool(store_decision, request, state, analysis, decision, user.label)
    except PraksisplanError as refused:
        message = f"Beslutningen blev ikke gemt: {refused}"
        return RedirectResponse(f"{target}&{urlencode({'error': message})}", status_code=303)
    return RedirectResponse(f"{target}#omraade-{decision.area_id}", status_code=303)
