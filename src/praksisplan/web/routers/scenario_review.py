"""The committee's review of a scenario: comments and marks, on the scenario page and in the API.

The ``committee`` (and ``planner``, ``admin``) comment on a scenario and mark it (one of
:data:`~praksisplan.store.scenario_tables.SCENARIO_MARKS`); everyone who reads the scenario
sees the comments and marks (the rules are in :mod:`praksisplan.web.auth.matrix`). Each write
is stored with its audit entry in one unit of work (``scenario_commented``,
``scenario_marked``, ``scenario_unmarked``) as the logged-in user. Comments are plain text:
the page escapes them and keeps their line breaks; an empty or too long comment is refused
with a Danish message and nothing is stored.

The forms (``POST /scenarier/{id}/kommentar``, ``…/markering``, ``…/markering/fjern``) answer
with a redirect back to the scenario page (post/redirect/get), a refusal as its ``fejl``.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from praksisplan.core.errors import PraksisplanError
from praksisplan.store import ScenarioComment, ScenarioMark, ScenarioReview
from praksisplan.store.scenario_tables import MAX_COMMENT_CHARS, SCENARIO_MARKS
from praksisplan.web.auth.audit_trail import Audit, audited_async
from praksisplan.web.auth.principal import current_user
from praksisplan.web.auth.routes import form_fields
from praksisplan.web.routers.pages import State
from praksisplan.web.routers.scenarios import REFUSED, ScenarioId

router = APIRouter()
MarkKey = Annotated[
    str,
    Path(pattern=f"^({'|'.join(SCENARIO_MARKS)})$", description=", ".join(SCENARIO_MARKS)),
]


class NewComment(BaseModel):
    text: Annotated[
        str,
        Field(
            max_length=2 * MAX_COMMENT_CHARS,
            examples=["Hvad betyder lukningen for øerne?"],
            description=f"Plain text, at most {MAX_COMMENT_CHARS} characters once stripped",
        ),
    ]
    area_id: Annotated[
        str | None,
        Field(max_length=64, examples=["A1"], description="The coverage area it is about"),
    ] = None


class NewMark(BaseModel):
    mark: Annotated[str, Field(examples=["foretrukket"], description=", ".join(SCENARIO_MARKS))]


def comment_json(comment: ScenarioComment) -> dict[str, Any]:
    return {
        "id": comment.id,
        "author": comment.author_name,
        "author_username": comment.author_username,
        "written_at": comment.written_at.isoformat(),
        "text": comment.text,
        "area_id": comment.area_id,
    }


def mark_json(mark: ScenarioMark) -> dict[str, Any]:
    return {
        "mark": mark.mark,
        "label": mark.label,
        "marked_by": mark.marked_by_name,
        "marked_by_username": mark.marked_by_username,
        "marked_at": mark.marked_at.isoformat(),
    }


def _status(error: PraksisplanError) -> HTTPException:
    return HTTPException(404 if "intet scenarie" in str(error) else 422, str(error))


async def _comment(
    request: Request, state: State, scenario_id: int, text: str, area_id: str | None
) -> ScenarioComment:
    user = current_user(request)
    review = ScenarioReview(state.store)
    return await audited_async(
        request,
        lambda: review.add_comment(scenario_id, text, user.username, user.label, area_id=area_id),
        lambda made: Audit("scenario_commented", "scenario", str(scenario_id),
                           after={"comment": made.id, "text": made.text, "area_id": made.area_id}),
    )  # fmt: skip


async def _mark(request: Request, state: State, scenario_id: int, mark: str) -> ScenarioMark:
    user = current_user(request)
    review = ScenarioReview(state.store)
    return await audited_async(
        request,
        lambda: review.add_mark(scenario_id, mark, user.username, user.label),
        lambda _: Audit("scenario_marked", "scenario", str(scenario_id), after={"mark": mark}),
    )


async def _unmark(request: Request, state: State, scenario_id: int, mark: str) -> ScenarioMark:
    user = current_user(request)
    review = ScenarioReview(state.store)
    return await audited_async(
        request,
        lambda: review.remove_mark(scenario_id, mark, user.username),
        lambda removed: Audit("scenario_unmarked", "scenario", str(scenario_id),
                              before={"mark": mark, "marked_at": removed.marked_at.isoformat()}),
    )  # fmt: skip


# -- forms -------------------------------------------------------------------------------


def _back(scenario_id: int, error: PraksisplanError | None = None) -> RedirectResponse:
    query = f"?{urlencode({'fejl': str(error)})}" if error is not None else ""
    return RedirectResponse(f"/scenarier/{scenario_id}{query}#gennemgang", status_code=303)


@router.post("/scenarier/{scenario_id}/kommentar", include_in_schema=False)
async def comment_form(request: Request, state: State, scenario_id: ScenarioId) -> Response:
    fields = await form_fields(request)
    try:
        await _comment(request, state, scenario_id, fields.get("text", ""), fields.get("area_id"))
    except PraksisplanError as refused:
        if "intet scenarie" in str(refused):
            raise HTTPException(404, str(refused)) from None
        return _back(scenario_id, refused)
    return _back(scenario_id)


async def _mark_form(request: Request, state: State, scenario_id: int, *, remove: bool) -> Response:
    fields = await form_fields(request)
    try:
        if remove:
            await _unmark(request, state, scenario_id, fields.get("mark", ""))
        else:
            await _mark(request, state, scenario_id, fields.get("mark", ""))
    except PraksisplanError as refused:
        if "intet scenarie" in str(refused):
            raise HTTPException(404, str(refused)) from None
        return _back(scenario_id, refused)
    return _back(scenario_id)


@router.post("/scenarier/{scenario_id}/markering", include_in_schema=False)
async def mark_form(request: Request, state: State, scenario_id: ScenarioId) -> Response:
    return await _mark_form(request, state, scenario_id, remove=False)


@router.post("/scenarier/{scenario_id}/markering/fjern", include_in_schema=False)
async def unmark_form(request: Request, state: State, scenario_id: ScenarioId) -> Response:
    return await _mark_form(request, state, scenario_id, remove=True)


# -- API ---------------------------------------------------------------------------------


@router.get(
    "/api/scenarios/{scenario_id}/comments",
    responses=REFUSED,
    tags=["scenarier"],
    summary="The scenario's comments, oldest first",
)
async def list_comments(state: State, scenario_id: ScenarioId) -> list[dict[str, Any]]:
    try:
        comments = await run_in_threadpool(ScenarioReview(state.store).comments, scenario_id)
    except PraksisplanError as error:
        raise _status(error) from None
    return [comment_json(c) for c in comments]


@router.post(
    "/api/scenarios/{scenario_id}/comments",
    responses=REFUSED,
    tags=["scenarier"],
    status_code=201,
    summary="Comment on the scenario (422 and nothing stored if empty or too long)",
)
async def add_comment(
    request: Request, state: State, scenario_id: ScenarioId, body: NewComment
) -> dict[str, Any]:
    try:
        return comment_json(await _comment(request, state, scenario_id, body.text, body.area_id))
    except PraksisplanError as error:
        raise _status(error) from None


@router.get(
    "/api/scenarios/{scenario_id}/marks",
    responses=REFUSED,
    tags=["scenarier"],
    summary="The scenario's marks and who set them",
)
async def list_marks(state: State, scenario_id: ScenarioId) -> list[dict[str, Any]]:
    try:
        marks = await run_in_threadpool(ScenarioReview(state.store).marks, scenario_id)
    except PraksisplanError as error:
        raise _status(error) from None
    return [mark_json(m) for m in marks]


@router.post(
    "/api/scenarios/{scenario_id}/marks",
    responses=REFUSED,
    tags=["scenarier"],
    status_code=201,
    summary="Mark the scenario as the logged-in user (422 if already marked so)",
)
async def add_mark(
    request: Request, state: State, scenario_id: ScenarioId, body: NewMark
) -> dict[str, Any]:
    try:
        return mark_json(await _mark(request, state, scenario_id, body.mark))
    except PraksisplanError as error:
        raise _status(error) from None


@router.delete(
    "/api/scenarios/{scenario_id}/marks/{mark}",
    responses=REFUSED,
    tags=["scenarier"],
    status_code=204,
    summary="Remove the logged-in user's own mark",
)
async def remove_mark(
    request: Request, state: State, scenario_id: ScenarioId, mark: MarkKey
) -> Response:
    try:
        await _unmark(request, state, scenario_id, mark)
    except PraksisplanError as error:
        raise _status(error) from None
    return Response(status_code=204)
