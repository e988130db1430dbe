"""The *Fordeling af kapaciteter* page: choose N, objectives and candidates; see the proof,
the proposed sites on a map sized by capacities, the explanation and the frontier.

The candidate choices (existing practices, towns, existing clinic premises, the forms and
sizes of new clinics, solo growth) are :mod:`praksisplan.web.allocation_choices`; the
premises are read from the snapshot's history with the CLI's function and carried in the
request as values.

The form is a GET (the page is a pure computation on an immutable snapshot, so its URL is
shareable). With script (web/src/allocation.ts) the form instead POSTs the same query to
``/fordeling/beregning``, which starts a background job (:mod:`praksisplan.web.allocation_jobs`)
and answers at once; the page polls ``/fordeling/beregning/{job_id}`` for the solver's stage
and then loads the GET URL with ``job=…``, which renders that job's proposal; the owner can
cancel a run (``/fordeling/beregning/{job_id}/annuller``). A job id the server does not
know (jobs live in memory, so after a restart none) answers 404 with a Danish explanation,
both to the poll and to the result page. The map and the
frontier chart are inline SVG drawn on the server from the dataset's planar coordinates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any

import numpy as np
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.core.schema import OrgForm
from praksisplan.core.vocabulary import ORG_FORM_LABELS
from praksisplan.optimise.allocation import AllocationRequest, Proposal, allocate
from praksisplan.optimise.candidates import forms_da
from praksisplan.optimise.explain import explain, proposal_edits
from praksisplan.optimise.feasibility import check_capacities
from praksisplan.optimise.objectives import DEFAULT_ORDER, OBJECTIVES, Objective
from praksisplan.optimise.premises import FormerPractice
from praksisplan.store.premises_history import earlier_snapshots
from praksisplan.web.allocation_choices import (
    DEFAULT_NEW_FORMS,
    SiteChoices,
    request_premises,
    site_choices,
)
from praksisplan.web.allocation_jobs import AllocationJobs, LostJobError
from praksisplan.web.auth.audit_trail import Audit, record_async
from praksisplan.web.auth.principal import current_user
from praksisplan.web.routers.pages import State, templates
from praksisplan.web.svg_map import SvgFrame

router = APIRouter(include_in_schema=False)
Choices = Annotated[SiteChoices, Depends(site_choices)]
MAP_WIDTH = 640.0
CHART_WIDTH, CHART_HEIGHT = 480.0, 220.0
#: Most capacities the page lets one request place (a frontier solve per capacity).
MAX_CAPACITIES = 30
#: Seconds per solve on the page.
TIME_LIMIT = 30.0


@dataclass(frozen=True)
class MapDrawing:
    width: float
    height: float
    areas: list[str]  # SVG path data
    practices: list[tuple[float, float]]
    sites: list[dict[str, Any]]


def _drawing(dataset: Dataset, proposal: Proposal) -> MapDrawing:
    """Areas, practices and proposed sites in SVG coordinates (north up)."""
    frame = SvgFrame.of(dataset, MAP_WIDTH)
    point = frame.point
    paths = [path for _, path in frame.area_paths(dataset)]
    practices = [point(x, y) for x, y in dataset.practices[["x", "y"]].to_numpy()]
    sites = []
    site_ids = proposal.instance.sites["site_id"].to_numpy()
    site_xy = proposal.instance.sites[["x", "y"]].to_numpy(dtype=np.float64)
    for row in explain(proposal).to_dict(orient="records"):
        j = int(np.flatnonzero(site_ids == row["site_id"])[0])
        px, py = point(float(site_xy[j, 0]), float(site_xy[j, 1]))
        capacities = int(row["capacities"])
        sites.append(
            {
                "x": px,
                "y": py,
                "r": round(5 + 4 * float(np.sqrt(capacities)), 1),
                "label": f"{row['name']}: {capacities} kapacitet(er)",
            }
        )
    return MapDrawing(MAP_WIDTH, frame.height, paths, practices, sites)


def _frontier(proposal: Proposal) -> dict[str, Any] | None:
    primary = proposal.request.objectives[0]
    points = [(p.capacities, p.values[primary]) for p in proposal.frontier]
    if len(points) < 2:
        return None
    low = min(proposal.baseline[primary], *(v for _, v in points))
    high = max(proposal.baseline[primary], *(v for _, v in points))
    span = max(high - low, 1e-9)
    n_max = points[-1][0]
    coords = [(0, proposal.baseline[primary]), *points]
    polyline = " ".join(
        f"{40 + (CHART_WIDTH - 60) * n / n_max:.1f},"
        f"{CHART_HEIGHT - 30 - (CHART_HEIGHT - 50) * (v - low) / span:.1f}"
        for n, v in coords
    )
    return {"points": polyline, "label": OBJECTIVES[primary].label, "n_max": n_max}


def _allocation_request(
    capacities: int,
    objectives: tuple[Objective, ...],
    choices: SiteChoices,
    former: tuple[FormerPractice, ...],
) -> AllocationRequest:
    """The page's request (the same for the synchronous path and a background job); the
    choices are checked before anything runs."""
    if capacities > MAX_CAPACITIES:
        raise PraksisplanError(
            f"Siden fordeler højst {MAX_CAPACITIES} kapaciteter ad gangen; "
            "brug kommandoen praksisplan allocate til flere"
        )
    check_capacities(capacities)
    return AllocationRequest(
        capacities=capacities,
        objectives=objectives,
        candidates=choices.options(),
        time_limit=TIME_LIMIT,
        former=former,
        runner_up=False,
    )


def _forms_or_default(choices: SiteChoices) -> tuple[OrgForm, ...]:
    """The forms to show ticked: the chosen ones, or the default when one is unknown (the
    page then shows the error)."""
    try:
        return choices.new_forms()
    except PraksisplanError:
        return DEFAULT_NEW_FORMS


def _result(dataset: Dataset, proposal: Proposal) -> dict[str, Any]:
    return {
        "proposal": proposal,
        "table": explain(proposal).to_dict(orient="records"),
        "drawing": _drawing(dataset, proposal),
        "frontier": _frontier(proposal),
        "edits_json": json.dumps(proposal_edits(dataset, proposal), ensure_ascii=False),
    }


def _jobs(request: Request) -> AllocationJobs:
    jobs: AllocationJobs | None = getattr(request.app.state, "allocation_jobs", None)
    if jobs is None:
        jobs = request.app.state.allocation_jobs = AllocationJobs()
    return jobs


def _finished_job(
    request: Request, job_id: str, snapshot_id: int, allocation: AllocationRequest
) -> tuple[Dataset, Proposal] | None:
    """The dataset and proposal of the user's job for exactly this request once it has
    finished (None while it runs); an unknown job raises
    :class:`~praksisplan.web.allocation_jobs.LostJobError`, and a job started with other
    choices than the form's is refused (its result would be ignored)."""
    job = _jobs(request).get(job_id, current_user(request).username)
    if job.snapshot_id != snapshot_id or job.request != allocation:
        raise PraksisplanError(
            f"Beregningen {job_id} blev startet med andre valg end formularens (snapshot, "
            "kapaciteter, mål eller kandidatsteder); beregn fordelingen igen"
        )
    if job.dataset is None or job.proposal is None:
        return None
    return job.dataset, job.proposal


@router.get("/fordeling", response_class=HTMLResponse)
async def allocation_page(
    request: Request,
    state: State,
    choices: Choices,
    snapshot: Annotated[int | None, Query(ge=1)] = None,
    capacities: Annotated[int | None, Query()] = None,
    objective: Annotated[list[Objective] | None, Query()] = None,
    job: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    """The form; with ``capacities`` the result — a finished background ``job``'s, or computed
    here (the page without script)."""
    snapshots = state.snapshots()
    context: dict[str, Any] = {
        "request": request,
        "page": "fordeling",
        "snapshots": snapshots,
        "objectives": OBJECTIVES,
        "chosen": objective or list(DEFAULT_ORDER),
        "capacities": capacities,
        "towns": choices.towns or capacities is None,
        "existing": choices.existing or capacities is None,
        "solo_growth": choices.solo_growth,
        "new_min": choices.new_min,
        "new_max": choices.new_max,
        "max_capacities": MAX_CAPACITIES,
        "org_forms": ORG_FORM_LABELS,
    }
    if not snapshots:
        return templates.TemplateResponse(request, "empty.html", context)
    analysis = await state.analysis_nonblocking(snapshot or snapshots[0].id)
    has_history = bool(await run_in_threadpool(earlier_snapshots, state.store, analysis.info.id))
    context.update(
        snapshot=analysis.info,
        analysis=analysis,
        has_history=has_history,
        premises=choices.premises or (capacities is None and has_history),
        new_forms=[f.value for f in _forms_or_default(choices)],
    )
    if job is not None and capacities is None:
        context["error"] = (
            "En beregning (job) kræver antallet af kapaciteter: uden det viser siden kun "
            "formularen; beregn fordelingen igen"
        )
        return templates.TemplateResponse(request, "allocation.html", context, 400)
    if capacities is not None:
        try:
            choices.options()  # an unknown form is refused before the history is read
            former = await run_in_threadpool(
                request_premises, state.store, analysis.info.id, analysis.dataset, choices
            )
            allocation = _allocation_request(capacities, tuple(context["chosen"]), choices, former)
            done = _finished_job(request, job, analysis.info.id, allocation) if job else None
            if done is None:
                dataset = await run_in_threadpool(state.store.read_dataset, analysis.info.id)
                proposal = await run_in_threadpool(allocate, dataset, allocation)
                await _audit(request, analysis.info.id, allocation, choices)
            else:
                dataset, proposal = done
        except PraksisplanError as error:
            context["error"] = str(error)
            status = 404 if isinstance(error, LostJobError) else 400
            return templates.TemplateResponse(request, "allocation.html", context, status)
        context.update(
            _result(dataset, proposal),
            unused=choices.unused(),
            former=former,
            used_forms=forms_da(allocation.candidates.new_forms),
        )
    return templates.TemplateResponse(request, "allocation.html", context)


async def _audit(
    request: Request, snapshot_id: int, allocation: AllocationRequest, choices: SiteChoices
) -> None:
    await record_async(
        request,
        Audit("allocation_run", "snapshot", str(snapshot_id),
              after={"capacities": allocation.capacities, "objectives": list(allocation.objectives),
                     **choices.audit(), "premises_sites": len(allocation.former)}),
    )  # fmt: skip


@router.post("/fordeling/beregning", status_code=202)
async def start_allocation(
    request: Request,
    state: State,
    snapshot: Annotated[int, Query(ge=1)],
    capacities: Annotated[int, Query()],
    objective: Annotated[list[Objective] | None, Query()] = None,
    *,
    choices: Choices,
) -> JSONResponse:
    """Start a background run of the page's request; answers at once with the job's status."""
    analysis = await state.analysis_nonblocking(snapshot)
    snapshot_id = analysis.info.id
    try:
        choices.options()  # an unknown form is refused before the history is read
        former = await run_in_threadpool(
            request_premises, state.store, snapshot_id, analysis.dataset, choices
        )
        allocation = _allocation_request(
            capacities, tuple(objective or DEFAULT_ORDER), choices, former
        )
    except PraksisplanError as error:
        return JSONResponse({"detail": str(error)}, status_code=400)
    await _audit(request, snapshot_id, allocation, choices)
    started = _jobs(request).start(
        current_user(request).username, snapshot_id, allocation, state.store.read_dataset
    )
    return JSONResponse(started.status(), status_code=202)


@router.get("/fordeling/beregning/{job_id}")
async def allocation_status(request: Request, job_id: str) -> JSONResponse:
    """The polled status of a run: stage text, elapsed seconds, done/failed (and the error)."""
    try:
        job = _jobs(request).get(job_id, current_user(request).username)
    except LostJobError as error:
        return JSONResponse({"detail": str(error)}, status_code=404)
    return JSONResponse(job.status())


@router.post("/fordeling/beregning/{job_id}/annuller")
async def cancel_allocation(request: Request, job_id: str) -> JSONResponse:
    """Stop the owner's run: its solve is interrupted and the job ends as cancelled."""
    try:
        job, asked = _jobs(request).cancel(job_id, current_user(request).username)
    except LostJobError as error:
        return JSONResponse({"detail": str(error)}, status_code=404)
    if asked:
        await record_async(
            request,
            Audit("allocation_cancelled", "snapshot", str(job.snapshot_id),
                  after={"job": job.id, "capacities": job.request.capacities}),
        )  # fmt: skip
    return JSONResponse(job.status())
