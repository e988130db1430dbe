"""The JSON and GeoJSON API under ``/api``: everything the pages show."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response, status
from pydantic import BeforeValidator

from praksisplan.core.schema import OrgForm, PracticeStatus
from praksisplan.forecast_export import forecast_document
from praksisplan.store import DecisionRecord
from praksisplan.web import views
from praksisplan.web.auth.audit_trail import Audit, audited
from praksisplan.web.auth.principal import Principal, current_user
from praksisplan.web.auth.scope import Scope, request_scope
from praksisplan.web.exports import ExportFormat, export_practices
from praksisplan.web.models import (
    AreaDetailOut,
    AreaStatusOut,
    AreaSummaryOut,
    CatalogueOut,
    DecisionIn,
    DecisionOut,
    OverviewOut,
    Page,
    PracticeOut,
    SnapshotOut,
    ThreatListItemOut,
)
from praksisplan.web.snapshot_analysis import SnapshotAnalysis
from praksisplan.web.snapshot_forecast import snapshot_forecast
from praksisplan.web.state import AppState, app_state

router = APIRouter(prefix="/api", tags=["api"])

State = Annotated[AppState, Depends(app_state)]
User = Annotated[Principal, Depends(current_user)]
UserScope = Annotated[Scope, Depends(request_scope)]
SnapshotId = Annotated[int, Path(ge=1, description="Snapshot id (see /api/snapshots)")]
AreaId = Annotated[str, Path(min_length=1, max_length=64, description="Coverage area id")]
PageNumber = Annotated[int, Query(ge=1, le=100_000, description="1-based page number")]
PageSize = Annotated[int, Query(ge=1, le=500, description="Rows per page")]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such snapshot, area or practice"}
}


def _area_or_404(analysis: SnapshotAnalysis, area_id: str) -> None:
    if not views.has_area(analysis, area_id):
        raise HTTPException(404, f"Området {area_id!r} findes ikke i øjebliksbilledet.")


@router.get("/snapshots", summary="All snapshots, newest reference date first")
def list_snapshots(state: State) -> list[SnapshotOut]:
    return [views.snapshot_out(s) for s in state.snapshots()]


@router.get("/snapshots/{snapshot_id}", summary="One snapshot", responses=NOT_FOUND)
def get_snapshot(state: State, snapshot_id: SnapshotId) -> SnapshotOut:
    return views.snapshot_out(state.analysis(snapshot_id).info)


@router.get("/indicators", summary="Indicator labels, units and the map's fixed colour classes")
def get_catalogue() -> CatalogueOut:
    return views.indicator_catalogue()


@router.get(
    "/snapshots/{snapshot_id}/overview",
    summary="Key figures of the region with the change since the previous snapshot",
    response_model=OverviewOut,
    responses=NOT_FOUND,
)
async def get_overview(request: Request, state: State, snapshot_id: SnapshotId) -> Response:
    analysis = await state.analysis_nonblocking(snapshot_id)
    return await state.json_response(
        request,
        snapshot_id,
        "overview",
        lambda: state.overview(analysis, state.previous_analysis(snapshot_id)),
    )


@router.get(
    "/snapshots/{snapshot_id}/statuses",
    summary="Every area's status (the committee's decision, else the model's class)",
    response_model=list[AreaStatusOut],
    responses=NOT_FOUND,
)
async def list_statuses(request: Request, state: State, snapshot_id: SnapshotId) -> Response:
    analysis = await state.analysis_nonblocking(snapshot_id)
    return await state.json_response(
        request,
        snapshot_id,
        "statuses",
        lambda: views.area_statuses(analysis, state.current_decisions(snapshot_id)),
    )


@router.get(
    "/snapshots/{snapshot_id}/areas",
    summary="Coverage areas, most threatened first",
    response_model=Page[AreaSummaryOut],
    responses=NOT_FOUND,
)
async def list_areas(
    request: Request,
    state: State,
    snapshot_id: SnapshotId,
    page: PageNumber = 1,
    page_size: PageSize = 100,
) -> Response:
    analysis = await state.analysis_nonblocking(snapshot_id)
    return await state.json_response(
        request,
        snapshot_id,
        ("areas", page, page_size),
        lambda: views.paginate(
            views.area_summaries(analysis, state.current_decisions(snapshot_id)), page, page_size
        ),
    )


@router.get(
    "/snapshots/{snapshot_id}/areas/{area_id}",
    summary="Every indicator of one area, its threat criteria, explanation and practices",
    response_model=AreaDetailOut,
    responses=NOT_FOUND,
)
async def get_area(
    request: Request, state: State, snapshot_id: SnapshotId, area_id: AreaId, scope: UserScope
) -> Response:
    analysis = await state.analysis_nonblocking(snapshot_id)
    _area_or_404(analysis, area_id)
    scope.check_area(analysis, area_id)
    return await state.json_response(
        request,
        snapshot_id,
        ("area", area_id),
        lambda: views.area_detail(
            analysis, area_id, state.current_decisions(snapshot_id).get(area_id)
        ),
    )


def _blank_is_none(value: object) -> object:
    """A filter left at "Alle" arrives as ``status=`` from the browser form: no filter."""
    return None if value == "" else value


BlankIsNone = BeforeValidator(_blank_is_none)


async def practice_query(
    sort: Annotated[views.PracticeSortKey, Query(description="Column to sort by")] = "name",
    order: Annotated[views.SortOrder, Query(description="asc or desc")] = "asc",
    status_filter: Annotated[PracticeStatus | None, BlankIsNone, Query(alias="status")] = None,
    org_form: Annotated[OrgForm | None, BlankIsNone, Query()] = None,
    area_id: Annotated[str | None, Query(max_length=64)] = None,
    municipality_code: Annotated[str | None, Query(max_length=4)] = None,
    q: Annotated[str | None, Query(max_length=100, description="Part of name or number")] = None,
) -> views.PracticeQuery:
    """FastAPI dependency: the practice list's filters and order from the query string.

    Async (it does no I/O) so that FastAPI does not run it in the thread pool.
    """
    return views.PracticeQuery(
        sort=sort,
        order=order,
        status=status_filter.value if status_filter else None,
        org_form=org_form.value if org_form else None,
        area_id=area_id,
        municipality_code=municipality_code,
        text=q,
    )


Query_ = Annotated[views.PracticeQuery, Depends(practice_query)]


@router.get(
    "/snapshots/{snapshot_id}/practices",
    summary="Practices, filtered, sorted and paginated",
    response_model=Page[PracticeOut],
    responses=NOT_FOUND,
)
async def list_practices(
    request: Request,
    state: State,
    snapshot_id: SnapshotId,
    query: Query_,
    scope: UserScope,
    page: PageNumber = 1,
    page_size: PageSize = 50,
) -> Response:
    table = (await state.analysis_nonblocking(snapshot_id)).practice_table

    def build() -> Page[PracticeOut]:
        selected = scope.practices(query.select(table))
        start = (page - 1) * page_size
        return Page[PracticeOut](
            items=views.practices_out(selected.iloc[start : start + page_size]),
            total=len(selected),
            page=page,
            page_size=page_size,
            pages=views.page_count(len(selected), page_size),
        )

    return await state.json_response(
        request, snapshot_id, ("practices", scope, query, page, page_size), build
    )


@router.get(
    "/snapshots/{snapshot_id}/practices/export.{fmt}",
    summary="The filtered, sorted practice list as a CSV or XLSX file",
    response_class=Response,
    responses={
        200: {
            "content": {
                "text/csv": {},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
            }
        },
        **NOT_FOUND,
    },
)
def export_practice_list(
    state: State, snapshot_id: SnapshotId, fmt: ExportFormat, query: Query_, scope: UserScope
) -> Response:
    analysis = state.analysis(snapshot_id)
    selected = scope.practices(query.select(analysis.practice_table))
    return export_practices(selected, fmt, analysis.info)


@router.get(
    "/snapshots/{snapshot_id}/practices/{provider_number}",
    summary="One practice",
    response_model=PracticeOut,
    responses=NOT_FOUND,
)
async def get_practice(
    request: Request,
    state: State,
    snapshot_id: SnapshotId,
    provider_number: Annotated[str, Path(min_length=1, max_length=64)],
    scope: UserScope,
) -> Response:
    table = (await state.analysis_nonblocking(snapshot_id)).practice_table
    if provider_number not in table.index:
        raise HTTPException(404, f"Praksis {provider_number!r} findes ikke i øjebliksbilledet.")
    scope.check_practice(table, provider_number)
    return await state.json_response(
        request,
        snapshot_id,
        ("practice", provider_number),
        lambda: views.practices_out(table.loc[[provider_number]])[0],
    )


@router.get(
    "/snapshots/{snapshot_id}/threatened",
    summary="The gross list of threatened areas with explanations and current decisions",
    response_model=list[ThreatListItemOut],
    responses=NOT_FOUND,
)
async def get_threat_list(
    request: Request, state: State, snapshot_id: SnapshotId, scope: UserScope
) -> Response:
    analysis = await state.analysis_nonblocking(snapshot_id)
    return await state.json_response(
        request,
        snapshot_id,
        ("threatened", scope),
        lambda: scope.areas(
            analysis,
            views.threat_list(analysis, state.current_decisions(snapshot_id)),
            lambda item: item.area_id,
        ),
    )


@router.get(
    "/snapshots/{snapshot_id}/forecast",
    summary="The Prognose page's forecast to 2040 (rule set in force, packaged parameters): "
    "the JSON of `praksisplan forecast --format json`",
    responses=NOT_FOUND,
)
async def get_forecast(request: Request, state: State, snapshot_id: SnapshotId) -> Response:
    analysis = await state.analysis_nonblocking(snapshot_id)
    return await state.json_response(
        request,
        snapshot_id,
        "forecast",
        lambda: forecast_document(snapshot_forecast(state, analysis)),
    )


@router.get(
    "/snapshots/{snapshot_id}/decisions",
    summary="Committee decisions, newest first (full history; never overwritten)",
    responses=NOT_FOUND,
)
def list_decisions(
    state: State,
    snapshot_id: SnapshotId,
    scope: UserScope,
    area_id: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
) -> list[DecisionOut]:
    analysis = state.analysis(snapshot_id)
    if area_id is not None:
        _area_or_404(analysis, area_id)
        scope.check_area(analysis, area_id)
    decisions = state.store.decisions(snapshot_id, area_id)
    return [views.decision_out(d) for d in scope.areas(analysis, decisions, lambda d: d.area_id)]


@router.post(
    "/snapshots/{snapshot_id}/decisions",
    summary="Record a committee decision on an area's class",
    status_code=status.HTTP_201_CREATED,
    responses={
        **NOT_FOUND,
        400: {"description": "The cited scenario does not exist or is of another snapshot"},
    },
)
def record_decision(
    request: Request, state: State, snapshot_id: SnapshotId, decision: DecisionIn, user: User
) -> DecisionOut:
    analysis = state.analysis(snapshot_id)
    _area_or_404(analysis, decision.area_id)
    return views.decision_out(store_decision(request, state, analysis, decision, user.label))


def store_decision(
    request: Request,
    state: AppState,
    analysis: SnapshotAnalysis,
    decision: DecisionIn,
    decided_by: str,
) -> DecisionRecord:
    """Store the decision with its audit entry (together or neither); later responses see it."""

    def entry(record: DecisionRecord) -> Audit:
        after = views.decision_out(record).model_dump(mode="json")
        return Audit("decision_recorded", "area", f"{record.snapshot_id}/{record.area_id}",
                     after=after)  # fmt: skip

    return state.record_decision(
        lambda: audited(
            request,
            lambda: views.record_decision(state.store, analysis, decision, decided_by),
            entry,
        )
    )


@router.get(
    "/snapshots/{snapshot_id}/layers/{layer}.geojson",
    summary="A map layer as GeoJSON (WGS84): areas, municipalities or practices",
    response_class=Response,
    responses={200: {"content": {"application/geo+json": {}}}, **NOT_FOUND},
)
async def get_layer(
    request: Request,
    state: State,
    snapshot_id: SnapshotId,
    layer: Annotated[str, Path(pattern="^(areas|municipalities|practices)$")],
) -> Response:
    layer_body = (await state.analysis_nonblocking(snapshot_id)).layers[layer]
    return layer_body.response(request, {"Cache-Control": "private, max-age=3600"})
