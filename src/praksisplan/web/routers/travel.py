"""The *Sygebesøg og pladser* page (``/rejsetid``): the snapshot's land masses with their
island notes, its ferry and fixed links, and every temporary bed site and care home with the
practices within the 15 km of the home-visit duty over the travel model (docs/travel.md).
A municipality user sees the bed sites and care homes of their own municipality only.

The patient-assignment shares (likely patients whose own GP is beyond 15 km) are not on the
page: the assignment LP takes seconds per snapshot; ``praksisplan travel beds`` reports them.
"""

from __future__ import annotations

from typing import Annotated, Any

import numpy as np
from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from praksisplan.core.dataset import Dataset
from praksisplan.core.spatial import assign_points
from praksisplan.travel.home_visits import HOME_VISIT_KM
from praksisplan.travel.islands import land_mass_reports, link_words
from praksisplan.travel.land import land_masses_of
from praksisplan.travel.links import dataset_links
from praksisplan.travel.network import TravelNetwork
from praksisplan.web.routers.pages import State, UserScope, templates

router = APIRouter(include_in_schema=False)


def _within_reach(network: TravelNetwork, dataset: Dataset, xy: np.ndarray) -> list[int]:
    """Per site: the practices within 15 km over the network."""
    practices = dataset.practices[["x", "y"]].to_numpy(dtype=np.float64)
    od = network.od_table(xy, practices, HOME_VISIT_KM * 1000.0)
    return [int(n) for n in np.bincount(od.origin, minlength=len(xy))]


def travel_context(dataset: Dataset, municipality: str | None = None) -> dict[str, Any]:
    """What rejsetid.html shows of a dataset; bed sites and care homes only of
    ``municipality`` when given (a municipality user's scope)."""
    network = TravelNetwork.of(land_masses_of(dataset), dataset_links(dataset))
    beds = dataset.temporary_beds
    homes = dataset.care_homes
    if municipality is not None:
        found = assign_points(
            beds["x"].to_numpy(dtype=np.float64),
            beds["y"].to_numpy(dtype=np.float64),
            dataset.municipalities,
            "code",
        )
        beds = beds[np.array([str(c) == municipality for c in found], dtype=bool)]
        homes = homes[homes["municipality_code"].astype(str) == municipality]
    bed_reach = _within_reach(network, dataset, beds[["x", "y"]].to_numpy(dtype=np.float64))
    home_reach = _within_reach(network, dataset, homes[["x", "y"]].to_numpy(dtype=np.float64))
    fixed = homes["fixed_gp"].astype(str).str.lower().eq("true").tolist()
    return {
        "lands": land_mass_reports(dataset, network),
        "links": [(link, link_words(link)) for link in network.links],
        "beds": [
            {"id": row["bed_id"], "kind": row["kind"], "beds": row["beds"], "near": near}
            for row, near in zip(beds.to_dict("records"), bed_reach, strict=True)
        ],
        "homes": [
            {"name": row["name"], "places": row["places"], "fixed": f, "near": near}
            for row, f, near in zip(homes.to_dict("records"), fixed, home_reach, strict=True)
        ],
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
    context.update(
        snapshot=analysis.info,
        **await run_in_threadpool(travel_context, analysis.dataset, scope.municipality),
    )
    return templates.TemplateResponse(request, "rejsetid.html", context)
