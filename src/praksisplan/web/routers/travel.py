"""The *Sygebesøg og pladser* page (``/rejsetid``): the snapshot's land masses with their
island notes, its ferry and fixed links, and every temporary bed site and care home with the
practices within the 15 km of the home-visit duty over the travel model and the share of its
likely patients whose own GP is beyond 15 km (docs/travel.md); and the travel map layers as
GeoJSON. A municipality user sees the bed sites and care homes of their own municipality
only. All of it comes from the snapshot's cached travel figures (``web.travel_figures``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from praksisplan.travel.islands import link_words
from praksisplan.web.routers.pages import State, UserScope, templates
from praksisplan.web.travel_figures import SnapshotTravel, site_rows

router = APIRouter(include_in_schema=False)


def travel_context(travel: SnapshotTravel, municipality: str | None = None) -> dict[str, Any]:
    """What rejsetid.html shows of a snapshot's travel figures; bed sites and care homes
    only of ``municipality`` when given (a municipality user's scope)."""
    beds, homes = travel.beds, travel.homes
    if municipality is not None:
        beds = beds[beds["municipality_code"] == municipality]
        homes = homes[homes["municipality_code"] == municipality]
    return {
        "lands": travel.lands,
        "links": [(link, link_words(link)) for link in travel.links],
        "beds": site_rows(beds),
        "homes": site_rows(homes),
    }


@router.get("/api/snapshots/{snapshot_id}/travel/{layer}.geojson", response_class=Response)
async def travel_layer(
    request: Request,
    state: State,
    snapshot_id: Annotated[int, Path(ge=1)],
    layer: Annotated[str, Path(pattern="^(links|sites|patients-beyond)$")],
) -> Response:
    """A travel map layer as GeoJSON (WGS84): ``links`` (ferries and fixed links), ``sites``
    (temporary beds and care homes), ``patients-beyond`` (areas with their patients beyond
    15 km of their GP); the map fetches each only when its layer is switched on."""
    analysis = await state.analysis_nonblocking(snapshot_id)
    travel = await run_in_threadpool(state.travel.get, snapshot_id, analysis.dataset)
    return travel.layers[layer].response(request, {"Cache-Control": "private, max-age=3600"})


@router.get("/rejsetid", response_class=HTMLResponse)
async def travel_page(
    request: Request,
    state: State,
    scope: UserScope,
    snapshot: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    snapshots = state.snapshots()
    context: dict[str, Any] = {"request": request, "page": "rejsetid", "snapshots": snapshots}
    if not snapshots:
        return templates.TemplateResponse(request, "empty.html", context)
    analysis = await state.analysis_nonblocking(snapshot or snapshots[0].id)
    travel = await run_in_threadpool(state.travel.get, analysis.info.id, analysis.dataset)
    context.update(snapshot=analysis.info, **travel_context(travel, scope.municipality))
    return templates.TemplateResponse(request, "rejsetid.html", context)
