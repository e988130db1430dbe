"""The *Ledigt ydernummer* page: for one vacated capacity of a practice, the three options
side by side (docs/allocation.md, "Vacated provider number").

``GET /ledigt-ydernummer/{provider_number}?snapshot=ID`` runs
:func:`praksisplan.optimise.vacancy.analyse_vacancy` on the snapshot — the computation of
``praksisplan vacancy`` — and shows re-advertising in the same area, the best area
elsewhere and absorbing the patients in the nearby practices, each with every objective's
value and which option is best by it, and an inline-SVG map of the vacated practice, the
sites the capacity would go to and the practices within the radius.

A snapshot or provider number the store does not know answers 404; a practice without a
filled capacity (nothing can fall vacant, as the CLI refuses it) answers 400 — both as the
Danish error page. The page is a pure computation on an immutable snapshot, so it is a GET.

"Gem som scenarie" saves the chosen option's edits (:func:`praksisplan.optimise.vacancy.
option_edits`) through the scenario API (``POST /api/scenarios``, status ``forslag``: its
rule and audit entry) from the page's script, as the *Fordeling* page saves its proposal;
the form is shown only to roles that may create a scenario.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.optimise.objectives import DEFAULT_ORDER, OBJECTIVES, Objective
from praksisplan.optimise.vacancy import (
    OPTION_LABELS,
    VacancyAnalysis,
    analyse_vacancy,
    best_options,
)
from praksisplan.web.routers.pages import State, templates
from praksisplan.web.svg_map import SvgFrame

router = APIRouter(include_in_schema=False)
#: The route's key in the permission matrix (the practice lists show the link by it).
VACANCY_ROUTE = "GET /ledigt-ydernummer/{provider_number}"
MAP_WIDTH = 640.0
#: Seconds per solve on the page (two solves: the same area, elsewhere).
TIME_LIMIT = 30.0
STATUS_LABELS = {"optimal": "bevist optimal", "time_limit": "tidsgrænse nået"}


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    label: str
    takes_patients: bool = False  # a nearby practice with extra patients in the survey


@dataclass(frozen=True)
class VacancyDrawing:
    width: float
    height: float
    areas: list[tuple[str, str]]  # (area_id, SVG path data)
    practices: list[tuple[float, float]]
    vacated: Marker
    radius: float  # the radius around the vacated practice, in SVG units
    sites: dict[str, Marker]  # by option: where the capacity would go
    nearby: list[Marker]


def _drawing(dataset: Dataset, analysis: VacancyAnalysis, name: str) -> VacancyDrawing:
    frame = SvgFrame.of(dataset, MAP_WIDTH)
    point = frame.point
    practices = dataset.practices
    row = practices.index[practices["provider_number"].astype(str) == analysis.provider_number]
    vx, vy = (float(v) for v in practices.loc[row[0], ["x", "y"]])
    sites = {
        o.option: Marker(*point(*o.site_xy), f"{OPTION_LABELS[o.option]}: {o.site_name}")
        for o in analysis.options
        if o.site_xy is not None
    }
    return VacancyDrawing(
        MAP_WIDTH,
        frame.height,
        frame.area_paths(dataset),
        [point(x, y) for x, y in practices[["x", "y"]].to_numpy()],
        Marker(*point(vx, vy), f"Ledig kapacitet: {name} ({analysis.provider_number})"),
        round(analysis.radius_m * frame.scale, 1),
        sites,
        [
            Marker(*point(p.x, p.y), f"{p.name} ({p.provider_number})", p.extra_patients > 0)
            for p in analysis.nearby
        ],
    )


def _area_names(dataset: Dataset) -> dict[str, str]:
    areas = dataset.coverage_areas
    return dict(zip(areas["area_id"].astype(str), areas["name"].astype(str), strict=True))


@router.get("/ledigt-ydernummer/{provider_number}", response_class=HTMLResponse)
async def vacancy_page(
    request: Request,
    state: State,
    provider_number: Annotated[str, Path(max_length=40)],
    snapshot: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    """The options for one vacated capacity of ``provider_number`` on the snapshot."""
    snapshots = state.snapshots()
    context: dict[str, Any] = {"request": request, "page": "ledigt-ydernummer",
                               "snapshots": snapshots}  # fmt: skip
    if not snapshots:
        return templates.TemplateResponse(request, "empty.html", context)
    analysis = await state.analysis_nonblocking(snapshot or snapshots[0].id)
    dataset = analysis.dataset
    practices = dataset.practices
    known = practices["provider_number"].astype(str) == provider_number
    if not known.any():
        raise HTTPException(
            404,
            f"Ydernummeret {provider_number!r} findes ikke i øjebliksbillede {analysis.info.id}.",
        )
    name = str(practices.loc[known, "name"].iloc[0])
    try:
        vacancy = await run_in_threadpool(
            analyse_vacancy, dataset, provider_number, time_limit=TIME_LIMIT
        )
    except PraksisplanError as error:
        raise HTTPException(400, f"{error}.") from None
    best = best_options(vacancy)
    first = DEFAULT_ORDER[0]
    context.update(
        snapshot=analysis.info,
        analysis=analysis,
        practice_name=name,
        vacancy=vacancy,
        option_labels=OPTION_LABELS,
        status_labels_da=STATUS_LABELS,
        objectives={o: OBJECTIVES[o] for o in Objective},
        best=best,
        preferred=best[first][0],  # pre-chosen to save: the best by the first objective
        edits_json={o.option: json.dumps(o.edits, ensure_ascii=False) for o in vacancy.options},
        area_names=_area_names(dataset),
        drawing=_drawing(dataset, vacancy, name),
    )
    return templates.TemplateResponse(request, "vacancy.html", context)
