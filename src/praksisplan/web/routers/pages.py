"""The Danish HTML pages: Overblik, Kort, Område, Kommune, Praksis, Lægedækningstruede
områder.

Pages are rendered on the server from the same view functions as the API; the map page's
script then fetches the GeoJSON layers and area figures from the API.
"""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from praksisplan.core.danish_numbers import format_amount_da, format_number_da
from praksisplan.core.glossary import term_index, term_of
from praksisplan.core.schema import OrgForm, PracticeStatus
from praksisplan.core.vocabulary import EARLY_WARNING_NEED
from praksisplan.plan.instruments import default_catalogue
from praksisplan.store import ScenarioStore
from praksisplan.web import catalogue, comparison, views
from praksisplan.web.assets import asset_url
from praksisplan.web.auth.matrix import ROUTES
from praksisplan.web.auth.principal import current_user
from praksisplan.web.auth.scope import Scope, request_scope
from praksisplan.web.models import ThreatClassName
from praksisplan.web.routers.api import BlankIsNone, practice_query
from praksisplan.web.snapshot_analysis import SnapshotAnalysis
from praksisplan.web.snapshot_forecast import (
    cached_snapshot_forecast,
    coming_areas,
    coming_window,
    snapshot_forecast,
)
from praksisplan.web.state import AppState, app_state
from praksisplan.web.travel_figures import travel_section

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=FilePath(__file__).parent.parent / "templates")
templates.env.filters["da"] = format_number_da
templates.env.filters["amount"] = format_amount_da
templates.env.filters["local_time"] = catalogue.format_time_da
templates.env.filters["objective"] = catalogue.format_objective_da


def may_use(request: Request, route: str) -> bool:
    """Whether the request's user may use ``route`` (``"METHOD /path"`` of the permission
    matrix): a page shows a link only when following it would not answer 403."""
    return ROUTES[route].allows(current_user(request).role)


templates.env.globals.update(
    may_use=may_use,
    asset_url=asset_url,
    format_value=catalogue.format_value,
    signed=catalogue.format_signed_count,
    term_of=term_of,
    term_index=term_index,
    threat_classes=catalogue.THREAT_CLASSES,
    comparison_signs=catalogue.COMPARISON_SIGNS,
    class_colours=catalogue.CLASS_COLOURS,
    status_labels=catalogue.STATUS_LABELS,
    org_form_labels=catalogue.ORG_FORM_LABELS,
    map_indicators=catalogue.MAP_INDICATORS,
    early_warning_need=EARLY_WARNING_NEED,
)

State = Annotated[AppState, Depends(app_state)]
UserScope = Annotated[Scope, Depends(request_scope)]
SnapshotParam = Annotated[int | None, Query(ge=1, alias="snapshot")]
CompareParam = Annotated[int | None, BlankIsNone, Query(ge=1, description="Earlier snapshot")]
PAGE_SIZE = 50


def _context(
    request: Request, state: State, snapshot_id: int | None, page: str
) -> tuple[SnapshotAnalysis | None, dict[str, Any]]:
    snapshots = state.snapshots()
    if not snapshots:
        return None, {"request": request, "page": page, "snapshots": [], "analysis": None}
    chosen = snapshot_id if snapshot_id is not None else snapshots[0].id
    analysis = state.analysis(chosen)
    return analysis, {
        "request": request,
        "page": page,
        "snapshots": snapshots,
        "analysis": analysis,
        "snapshot": analysis.info,
    }


def _render(template: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    return templates.TemplateResponse(
        context["request"], template, context, status_code=status_code
    )


def _no_data(context: dict[str, Any]) -> HTMLResponse:
    return _render("empty.html", context)


def _municipalities(analysis: SnapshotAnalysis, scope: Scope) -> list[tuple[str, str]]:
    """The filter's municipalities (code, name) by name: the user's own, or all."""
    names = views.municipality_names(analysis).items()
    return sorted(
        ((str(code), str(name)) for code, name in names if scope.municipality in (None, code)),
        key=lambda m: m[1],
    )


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/overblik", status_code=307)


@router.get("/overblik", response_class=HTMLResponse)
def overview_page(
    request: Request, state: State, snapshot: SnapshotParam = None, sammenlign: CompareParam = None
) -> Response:
    analysis, context = _context(request, state, snapshot, "overblik")
    if analysis is None:
        return _no_data(context)
    previous = state.compared_with(analysis, sammenlign)
    context["overview"] = state.overview(analysis, previous)
    context["earlier"] = comparison.earlier_snapshots(context["snapshots"], analysis.info)
    context["changed"] = (
        comparison.changed_areas(
            analysis,
            previous,
            state.current_decisions(analysis.info.id),
            state.current_decisions(previous.info.id),
        )
        if previous is not None
        else None
    )
    return _render("overview.html", context)


@router.get("/kort", response_class=HTMLResponse)
def map_page(request: Request, state: State, snapshot: SnapshotParam = None) -> Response:
    analysis, context = _context(request, state, snapshot, "kort")
    if analysis is None:
        return _no_data(context)
    context["areas"] = sorted(views.area_summaries(analysis, {}), key=lambda a: a.name)
    context["municipalities"] = sorted(
        views.municipality_names(analysis).items(), key=lambda m: m[1]
    )
    return _render("map.html", context)


@router.get("/omraade/{area_id}", response_class=HTMLResponse)
def area_page(
    request: Request,
    state: State,
    area_id: str,
    scope: UserScope,
    snapshot: SnapshotParam = None,
    sammenlign: CompareParam = None,
) -> Response:
    analysis, context = _context(request, state, snapshot, "omraade")
    if analysis is None:
        return _no_data(context)
    if not views.has_area(analysis, area_id):
        raise HTTPException(404, f"Området {area_id!r} findes ikke i øjebliksbilledet.")
    scope.check_area(analysis, area_id)
    decision = state.current_decisions(analysis.info.id).get(area_id)
    context["area"] = views.area_detail(analysis, area_id, decision)
    previous = state.compared_with(analysis, sammenlign)
    context["compared"] = previous.info if previous is not None else None
    context["earlier"] = comparison.earlier_snapshots(context["snapshots"], analysis.info)
    context["changes"] = (
        comparison.figure_changes(analysis, previous, area_id) if previous is not None else {}
    )
    status = decision.decided_class if decision else context["area"].threat_class
    context["instruments"] = default_catalogue().for_status(status)
    context["history"] = [
        views.decision_out(d) for d in state.store.decisions(analysis.info.id, area_id)
    ]
    context["travel"] = travel_section(
        state.travel.get(analysis.info.id, analysis.dataset), area_id=area_id
    )
    return _render("area.html", context)


@router.get("/kommune/{code}", response_class=HTMLResponse)
def municipality_page(
    request: Request, state: State, code: str, scope: UserScope, snapshot: SnapshotParam = None
) -> Response:
    """A municipality: its coverage areas with their status, and its Sygebesøg og pladser."""
    analysis, context = _context(request, state, snapshot, "kommune")
    if analysis is None:
        return _no_data(context)
    names = views.municipality_names(analysis)
    if code not in names.index:
        raise HTTPException(404, f"Kommunen {code!r} findes ikke i øjebliksbilledet.")
    if scope.municipality not in (None, code):
        raise HTTPException(403, f"Kommune {code} er ikke din kommune ({scope.municipality}).")
    decisions = state.current_decisions(analysis.info.id)
    context["municipality"] = {"code": code, "name": str(names[code])}
    context["areas"] = sorted(
        (a for a in views.area_summaries(analysis, decisions) if a.municipality_code == code),
        key=lambda a: a.name,
    )
    context["travel"] = travel_section(
        state.travel.get(analysis.info.id, analysis.dataset), municipality=code
    )
    return _render("municipality.html", context)


@router.get("/praksis", response_class=HTMLResponse)
def practices_page(
    request: Request,
    state: State,
    query: Annotated[views.PracticeQuery, Depends(practice_query)],
    scope: UserScope,
    snapshot: SnapshotParam = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    analysis, context = _context(request, state, snapshot, "praksis")
    if analysis is None:
        return _no_data(context)
    table = scope.practices(query.select(analysis.practice_table))
    start = (page - 1) * PAGE_SIZE
    filters = {
        "status": query.status,
        "org_form": query.org_form,
        "area_id": query.area_id,
        "municipality_code": query.municipality_code,
        "q": query.text,
    }
    base = {"snapshot": analysis.info.id, **{k: v for k, v in filters.items() if v}}
    context.update(
        query=query,
        filters=filters,
        rows=views.practices_out(table.iloc[start : start + PAGE_SIZE]),
        total=len(table),
        page_number=page,
        pages=views.page_count(len(table), PAGE_SIZE),
        base_query=urlencode(base),
        sort_query=urlencode({**base, "sort": query.sort, "order": query.order}),
        statuses=[s.value for s in PracticeStatus],
        org_forms=[f.value for f in OrgForm],
        area_options=scope.areas(analysis, views.area_summaries(analysis, {}), lambda a: a.area_id),
        municipalities=_municipalities(analysis, scope),
        sort_keys=views.PRACTICE_SORT_KEYS,
    )
    return _render("practices.html", context)


@router.get("/truede", response_class=HTMLResponse)
def threat_page(
    request: Request,
    state: State,
    scope: UserScope,
    snapshot: SnapshotParam = None,
    error: Annotated[str | None, Query(max_length=1000)] = None,
    klasse: Annotated[ThreatClassName | None, BlankIsNone, Query()] = None,
    kommune: Annotated[str | None, Query(max_length=4)] = None,
    kommende: Annotated[bool, Query(description="Compute the coming threatened areas")] = False,
) -> Response:
    analysis, context = _context(request, state, snapshot, "truede")
    if analysis is None:
        return _no_data(context)
    snapshot_id = analysis.info.id
    decisions = state.current_decisions(snapshot_id)
    items = scope.areas(analysis, views.threat_list(analysis, decisions), lambda i: i.area_id)
    context["area_names"] = {item.area_id: item.name for item in items}
    status = views.statuses(analysis, decisions)
    municipality = analysis.assessment.areas["municipality_code"].astype(str)
    context["items"] = [
        item
        for item in items
        if (not klasse or status[item.area_id] == klasse)
        and (not kommune or municipality[item.area_id] == kommune)
    ]
    context["statuses"] = status.to_dict()
    context["klasse"], context["kommune"] = klasse, kommune
    context["municipalities"] = _municipalities(analysis, scope)
    history = scope.areas(analysis, state.store.decisions(snapshot_id), lambda d: d.area_id)
    context["history"] = [views.decision_out(d) for d in history]
    context["scenarios"] = [
        s for s in ScenarioStore(state.store).list_scenarios() if s.snapshot_id == snapshot_id
    ]
    context["error"] = error
    filters: dict[str, str | None] = {"klasse": klasse, "kommune": kommune}
    context.update(_coming(state, analysis, scope, filters, kommende))
    return _render("threatened.html", context)


def _coming(
    state: State,
    analysis: SnapshotAnalysis,
    scope: Scope,
    filters: dict[str, str | None],
    compute: bool,
) -> dict[str, Any]:
    """The threat page's coming threatened areas (docs/forecast.md): shown when the
    snapshot's forecast is in memory, or computed when asked (``kommende``); otherwise a
    link asks for it, so the gross list never waits for a forecast."""
    forecast = (snapshot_forecast if compute else cached_snapshot_forecast)(state, analysis)
    kommune = filters.get("kommune")
    shown = {key: value for key, value in filters.items() if value}
    query = {"snapshot": analysis.info.id, **shown, "kommende": 1}
    coming = None
    if forecast is not None:
        coming = [
            area
            for area in scope.areas(analysis, coming_areas(forecast, analysis), lambda a: a.area_id)
            if not kommune or area.municipality_code == kommune
        ]
    return {
        "coming": coming,
        "coming_window": coming_window(),
        "coming_link": f"/truede?{urlencode(query)}#kommende",
    }
