"""The *Scenarier* pages and the scenario JSON API.

A scenario is edited on a map drawn as inline SVG (``scenario.html``) by the page's script
(``web/src/scenario.ts``), which calls the API below: every edit is checked on the base
snapshot and stored, or refused with the Danish message naming the edit, the field and
the rule (HTTP 422, nothing stored). The diff is computed incrementally over the base
snapshot's analysis, which is kept in memory per snapshot (:mod:`praksisplan.web.scenario_diffs`).

Writing routes: ``POST /api/scenarios``, ``POST /api/scenarios/{id}/edits``,
``POST /api/scenarios/{id}/undo``, ``PUT /api/scenarios/{id}/status``,
``DELETE /api/scenarios/{id}``. The author is the acting user
(:func:`praksisplan.web.acting_user.acting_user`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.core.vocabulary import STATUS_LABELS
from praksisplan.scenario.diff import ScenarioDiff
from praksisplan.scenario.edits import ScenarioEditError, parse_edits
from praksisplan.scenario.wording import describe_edit
from praksisplan.scenario_report import diff_xlsx
from praksisplan.store import ScenarioInfo, ScenarioStore
from praksisplan.store.scenario_tables import SCENARIO_STATUSES
from praksisplan.web.acting_user import acting_user
from praksisplan.web.auth.audit_trail import Audit, audited_async
from praksisplan.web.catalogue import THREAT_CLASSES
from praksisplan.web.routers.pages import State, templates
from praksisplan.web.scenario_controls import scenario_controls
from praksisplan.web.scenario_diffs import diff_json, scenario_bases
from praksisplan.web.scenario_review_view import review_context
from praksisplan.web.svg_map import SvgFrame

router = APIRouter()


class RefusalOut(BaseModel):
    """Why a request was refused: a Danish message, or for a refused edit its number,
    field and rule."""

    detail: str | dict[str, Any]


#: The refusals every scenario endpoint documents (nothing is stored when one is given).
REFUSED: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such scenario or snapshot", "model": RefusalOut},
    422: {"description": "Refused: the message names the rule broken", "model": RefusalOut},
}
#: Ids are 32-bit integers in every supported database.
MAX_ID = 2_147_483_647
ScenarioId = Annotated[int, Path(ge=1, le=MAX_ID)]
MAP_WIDTH = 640.0
_EDIT_EXAMPLE = {
    "table": "practices",
    "key": "D00042",
    "op": "update",
    "values": {"status": "closed"},
}


class NewScenario(BaseModel):
    snapshot_id: Annotated[int, Field(ge=1, le=MAX_ID, examples=[1])]
    name: Annotated[str, Field(min_length=1, max_length=200, examples=["Luk D00042"])]
    description: Annotated[str, Field(examples=["Hvad hvis D00042 lukker?"])] = ""
    edits: Annotated[list[dict[str, Any]], Field(examples=[[_EDIT_EXAMPLE]])] = []
    status: Annotated[str, Field(examples=["kladde"], description=", ".join(SCENARIO_STATUSES))] = (
        "kladde"
    )


class StatusChange(BaseModel):
    status: Annotated[str, Field(examples=["forslag"], description=", ".join(SCENARIO_STATUSES))]


def _scenario_json(info: ScenarioInfo, scenarios: ScenarioStore) -> dict[str, Any]:
    return {
        "id": info.id,
        "snapshot_id": info.snapshot_id,
        "name": info.name,
        "description": info.description,
        "status": info.status,
        "created_by": info.created_by,
        "created_at": info.created_at.isoformat(),
        "updated_at": info.updated_at.isoformat(),
        "edits": [
            {
                "seq": r.seq,
                **r.edit.to_dict(),
                "description": describe_edit(r.edit),
                "added_by": r.added_by,
                "added_at": r.added_at.isoformat(),
            }
            for r in scenarios.edits(info.id)
        ],
    }


def _refused(error: PraksisplanError) -> HTTPException:
    if isinstance(error, ScenarioEditError):
        detail: Any = {
            "message": str(error),
            "edit": error.number,
            "field": error.field,
            "rule": error.rule,
        }
        return HTTPException(422, detail)
    return HTTPException(404 if "intet scenarie" in str(error) else 422, str(error))


def _get(state: State, scenario_id: ScenarioId) -> ScenarioInfo:
    try:
        return ScenarioStore(state.store).get(scenario_id)
    except PraksisplanError as error:
        raise HTTPException(404, str(error)) from None


def _diff(request: Request, state: State, scenario_id: ScenarioId) -> ScenarioDiff:
    return scenario_bases(request).diff(state.store, _get(state, scenario_id))


# -- pages -------------------------------------------------------------------------------


@router.get("/scenarier", response_class=HTMLResponse, include_in_schema=False)
async def scenarios_page(request: Request, state: State, snapshot: int | None = None) -> Response:
    snapshots = state.snapshots()
    chosen = next((s for s in snapshots if s.id == snapshot), snapshots[0] if snapshots else None)
    infos = await run_in_threadpool(ScenarioStore(state.store).list_scenarios)
    context = {
        "request": request,
        "page": "scenarier",
        "snapshots": snapshots,
        "snapshot": chosen,
        "scenarios": infos,
        **scenario_controls(request),
    }
    return templates.TemplateResponse(request, "scenarios.html", context)


@router.get("/scenarier/{scenario_id}", response_class=HTMLResponse, include_in_schema=False)
async def scenario_page(request: Request, state: State, scenario_id: ScenarioId) -> Response:
    info = _get(state, scenario_id)
    base = await run_in_threadpool(scenario_bases(request).get, state.store, info.snapshot_id)
    frame = SvgFrame.of(base.dataset, MAP_WIDTH)
    table = base.dataset.practices
    practices = [
        {
            "provider": str(provider),
            "name": str(name),
            "status": str(status),
            "capacities": float(capacities),
            "xy": frame.point(float(x), float(y)),
        }
        for provider, name, status, capacities, x, y in zip(
            table["provider_number"],
            table["name"],
            table["status"],
            table["capacities"].to_numpy(dtype=float),
            table["x"].to_numpy(dtype=float),
            table["y"].to_numpy(dtype=float),
            strict=True,
        )
    ]
    classes = base.analysis.assessment.areas["threat_class"].astype(str).to_dict()
    context = {
        "request": request,
        "page": "scenarie",
        "scenario": info,
        "frame": frame,
        "areas": frame.area_paths(base.dataset),
        "classes": classes,
        "class_colours": {k: colour for k, (_, colour) in THREAT_CLASSES.items()},
        "practices": practices,
        "status_labels": STATUS_LABELS,
        **scenario_controls(request),
        **await run_in_threadpool(review_context, request, state.store, info.id),
    }
    return templates.TemplateResponse(request, "scenario.html", context)


# -- API ---------------------------------------------------------------------------------


@router.get("/api/scenarios", responses=REFUSED, tags=["scenarier"], summary="All scenarios")
async def list_scenarios(state: State) -> list[dict[str, Any]]:
    infos = await run_in_threadpool(ScenarioStore(state.store).list_scenarios)
    return [
        {"id": i.id, "name": i.name, "snapshot_id": i.snapshot_id, "status": i.status}
        for i in infos
    ]


@router.post(
    "/api/scenarios",
    responses=REFUSED,
    tags=["scenarier"],
    status_code=201,
    summary="Create a scenario",
)
async def create_scenario(request: Request, state: State, body: NewScenario) -> dict[str, Any]:
    scenarios = ScenarioStore(state.store)

    def create(base: Dataset) -> dict[str, Any]:
        info = scenarios.create(
            body.snapshot_id,
            body.name,
            acting_user(request).name,
            description=body.description,
            edits=parse_edits(body.edits),
            status=body.status,
            base=base,
        )
        return _scenario_json(info, scenarios)

    try:
        base = await run_in_threadpool(scenario_bases(request).get, state.store, body.snapshot_id)
        return await audited_async(
            request,
            lambda: create(base.dataset),
            lambda made: Audit("scenario_created", "scenario", str(made["id"]), after=made),
        )
    except PraksisplanError as error:
        raise _refused(error) from None


@router.get(
    "/api/scenarios/{scenario_id}",
    responses=REFUSED,
    tags=["scenarier"],
    summary="A scenario and its edits",
)
async def get_scenario(state: State, scenario_id: ScenarioId) -> dict[str, Any]:
    info = _get(state, scenario_id)
    return await run_in_threadpool(_scenario_json, info, ScenarioStore(state.store))


@router.post(
    "/api/scenarios/{scenario_id}/edits",
    responses=REFUSED,
    tags=["scenarier"],
    summary="Append edits (checked first; 422 and nothing stored if one is refused)",
)
async def add_edits(
    request: Request,
    state: State,
    scenario_id: ScenarioId,
    edits: Annotated[list[dict[str, Any]], Body(examples=[[_EDIT_EXAMPLE]])],
) -> dict[str, Any]:
    info = _get(state, scenario_id)
    scenarios = ScenarioStore(state.store)

    def add(base: Dataset) -> dict[str, Any]:
        updated = scenarios.add_edits(
            info.id, parse_edits(edits), acting_user(request).name, base=base
        )
        return _scenario_json(updated, scenarios)

    try:
        base = await run_in_threadpool(scenario_bases(request).get, state.store, info.snapshot_id)
        return await audited_async(
            request,
            lambda: add(base.dataset),
            lambda _: Audit("scenario_edited", "scenario", str(info.id), after=edits),
        )
    except PraksisplanError as error:
        raise _refused(error) from None


@router.post(
    "/api/scenarios/{scenario_id}/undo",
    responses=REFUSED,
    tags=["scenarier"],
    summary="Undo the last edit",
)
async def undo_edit(request: Request, state: State, scenario_id: ScenarioId) -> dict[str, Any]:
    scenarios = ScenarioStore(state.store)
    try:
        info = await audited_async(
            request,
            lambda: scenarios.undo(scenario_id),
            lambda _: Audit("scenario_edit_undone", "scenario", str(scenario_id)),
        )
    except PraksisplanError as error:
        raise _refused(error) from None
    return await run_in_threadpool(_scenario_json, info, scenarios)


@router.put(
    "/api/scenarios/{scenario_id}/status",
    responses=REFUSED,
    tags=["scenarier"],
    summary="Set the status",
)
async def set_status(
    request: Request, state: State, scenario_id: ScenarioId, body: StatusChange
) -> dict[str, Any]:
    scenarios = ScenarioStore(state.store)
    before = _get(state, scenario_id).status
    try:
        info = await audited_async(
            request,
            lambda: scenarios.set_status(scenario_id, body.status),
            lambda _: Audit("scenario_status", "scenario", str(scenario_id),
                            before={"status": before}, after={"status": body.status}),
        )  # fmt: skip
    except PraksisplanError as error:
        raise _refused(error) from None
    return await run_in_threadpool(_scenario_json, info, scenarios)


@router.delete(
    "/api/scenarios/{scenario_id}",
    responses={
        **REFUSED,
        409: {"description": "A committee decision cites the scenario", "model": RefusalOut},
    },
    tags=["scenarier"],
    status_code=204,
)
async def delete_scenario(request: Request, state: State, scenario_id: ScenarioId) -> Response:
    before = _get(state, scenario_id)
    try:
        await audited_async(
            request,
            lambda: ScenarioStore(state.store).delete(scenario_id),
            lambda _: Audit("scenario_deleted", "scenario", str(scenario_id),
                            before={"name": before.name, "status": before.status}),
        )  # fmt: skip
    except PraksisplanError as cited:
        raise HTTPException(409, str(cited)) from None
    return Response(status_code=204)


@router.get(
    "/api/scenarios/{scenario_id}/diff",
    responses=REFUSED,
    tags=["scenarier"],
    summary="Base vs scenario: region, municipalities, areas (class changes first)",
)
async def scenario_diff(request: Request, state: State, scenario_id: ScenarioId) -> dict[str, Any]:
    result = await run_in_threadpool(_diff, request, state, scenario_id)
    return diff_json(result)


@router.get(
    "/api/scenarios/{scenario_id}/diff.xlsx",
    responses=REFUSED,
    tags=["scenarier"],
    summary="The diff as an XLSX workbook",
    response_class=Response,
)
async def scenario_diff_xlsx(request: Request, state: State, scenario_id: ScenarioId) -> Response:
    result = await run_in_threadpool(_diff, request, state, scenario_id)
    return Response(
        diff_xlsx(result),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="scenarie-{scenario_id}.xlsx"'},
    )
