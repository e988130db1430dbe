"""The *Fordeling af kapaciteter* page: choose N, objectives and candidates; see the proof,
the proposed sites on a map sized by capacities, the explanation and the frontier.

The form offers what ``praksisplan allocate`` offers, checked as hostile input by
:mod:`praksisplan.web.allocation_options` (the candidate choices in
:mod:`praksisplan.web.allocation_choices`; the "Avanceret" options: weights, growth limit,
area and municipality limits, moving vacant capacities, radius, detour, travel links, the
frontier and the user's candidate CSV). The premises are read from the snapshot's history with
the CLI's function and carried in the request as values; the chosen options are echoed under
the result and recorded in the ``allocation_run`` audit entry.

Without script the form is a multipart POST to ``/fordeling`` (the candidate file included)
that renders the result; a GET with the same fields as a query does too (a shareable URL,
without a file). With script (web/src/allocation.ts) the form instead POSTs the same fields to
``/fordeling/beregning``, which starts a background job (:mod:`praksisplan.web.allocation_jobs`)
and answers at once; the page polls ``/fordeling/beregning/{job_id}`` for the solver's stage
and then loads the GET URL with ``job=…``, which renders that job's proposal (the job keeps
the uploaded file); the owner can cancel a run (``/fordeling/beregning/{job_id}/annuller``).
A job id the server does not know (jobs live in memory, so after a restart none) answers 404
with a Danish explanation, both to the poll and to the result page. The map and the
frontier chart are inline SVG drawn on the server from the dataset's planar coordinates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any

import numpy as np
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.core.vocabulary import ORG_FORM_LABELS
from praksisplan.optimise.allocation import AllocationRequest, Proposal, allocate
from praksisplan.optimise.candidates import forms_da
from praksisplan.optimise.explain import explain, proposal_edits
from praksisplan.optimise.objectives import OBJECTIVES
from praksisplan.store.premises_history import earlier_snapshots
from praksisplan.store.records import SnapshotInfo
from praksisplan.web.allocation_choices import request_premises
from praksisplan.web.allocation_jobs import AllocationJobs, LostJobError
from praksisplan.web.allocation_options import (
    MAX_CAPACITIES,
    MAX_FILE_BYTES,
    SHORT_NAMES,
    AllocationForm,
    limit_choices,
    parse_form,
)
from praksisplan.web.allocation_view import FormView
from praksisplan.web.auth.audit_trail import Audit, record_async
from praksisplan.web.auth.principal import current_user
from praksisplan.web.chart_axes import value_ticks, whole_ticks
from praksisplan.web.form_fields import Fields, integer, read_fields, text
from praksisplan.web.routers.pages import State, templates
from praksisplan.web.snapshot_analysis import SnapshotAnalysis
from praksisplan.web.svg_map import SvgFrame

router = APIRouter(include_in_schema=False)
MAP_WIDTH = 640.0
CHART_WIDTH, CHART_HEIGHT = 480.0, 220.0
#: The frontier chart's left margin, room for its value labels.
CHART_LEFT = 64.0


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

    def x_of(n: float) -> float:
        return CHART_LEFT + (CHART_WIDTH - CHART_LEFT - 20) * n / n_max

    def y_of(v: float) -> float:
        return CHART_HEIGHT - 30 - (CHART_HEIGHT - 50) * (v - low) / span

    coords = [(0, proposal.baseline[primary]), *points]
    return {
        "points": " ".join(f"{x_of(n):.1f},{y_of(v):.1f}" for n, v in coords),
        "label": OBJECTIVES[primary].label,
        "n_max": n_max,
        "left": CHART_LEFT,
        "y_ticks": value_ticks(low, high, 4, y_of),
        "x_ticks": whole_ticks(0, n_max, 6, x_of),
    }


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


async def _fields(request: Request) -> Fields:
    return await read_fields(request, MAX_FILE_BYTES)


FormFields = Annotated[Fields, Depends(_fields)]


def _finished_job(
    request: Request, job_id: str, snapshot_id: int, form: AllocationForm
) -> tuple[Dataset, Proposal, AllocationForm] | None:
    """The user's job for exactly this form once it has finished (None while it runs); an
    unknown job raises :class:`~praksisplan.web.allocation_jobs.LostJobError`, and a job
    started with other choices than the form's is refused (its result would be ignored).
    The candidate file is the job's: a URL cannot carry it."""
    job = _jobs(request).get(job_id, current_user(request).username)
    started = job.form.without_upload() if job.form is not None else None
    if job.snapshot_id != snapshot_id or started != form.without_upload():
        raise PraksisplanError(
            f"Beregningen {job_id} blev startet med andre valg end formularens (snapshot, "
            "kapaciteter, mål eller kandidatsteder); beregn fordelingen igen"
        )
    if job.dataset is None or job.proposal is None or job.form is None:
        return None
    return job.dataset, job.proposal, job.form


async def _snapshot(
    state: State, fields: Fields, snapshots: list[SnapshotInfo]
) -> SnapshotAnalysis:
    try:
        chosen = integer(fields, "snapshot", "Snapshot", snapshots[0].id, 1, 2**31)
    except PraksisplanError as error:
        raise HTTPException(400, str(error)) from None
    return await state.analysis_nonblocking(chosen)


async def _page(request: Request, state: State, fields: Fields) -> Response:
    """The form; with ``capacities`` the result — a finished background ``job``'s, or computed
    here (the page without script, GET or POST with the candidate file)."""
    snapshots = state.snapshots()
    context: dict[str, Any] = {
        "request": request,
        "page": "fordeling",
        "snapshots": snapshots,
        "objectives": OBJECTIVES,
        "max_capacities": MAX_CAPACITIES,
        "org_forms": ORG_FORM_LABELS,
        "short_names": SHORT_NAMES,
    }
    if not snapshots:
        return templates.TemplateResponse(request, "empty.html", context)
    analysis = await _snapshot(state, fields, snapshots)
    has_history = bool(await run_in_threadpool(earlier_snapshots, state.store, analysis.info.id))
    view = FormView(fields, has_history)
    context.update(
        snapshot=analysis.info,
        analysis=analysis,
        has_history=has_history,
        view=view,
        limit_choices=limit_choices(analysis.dataset),
        radius_rule=analysis.dataset.manifest.rules.free_choice_radius_km,
    )
    job = fields.get("job")
    if job is not None and view.first:
        context["error"] = (
            "En beregning (job) kræver antallet af kapaciteter: uden det viser siden kun "
            "formularen; beregn fordelingen igen"
        )
        return templates.TemplateResponse(request, "allocation.html", context, 400)
    if view.first:
        return templates.TemplateResponse(request, "allocation.html", context)
    file_named = text(fields, "candidates_file", "Kandidatfil")[:100]
    if file_named and not job:
        context["error"] = (
            f"Forslaget blev beregnet med kandidatfilen «{file_named}», som en webadresse "
            "ikke kan bære; vælg filen igen under Avanceret og beregn fordelingen igen"
        )
        return templates.TemplateResponse(request, "allocation.html", context, 400)
    try:
        form = parse_form(fields, analysis.dataset)
        done = _finished_job(request, str(job), analysis.info.id, form) if job else None
        if done is None:
            former = await run_in_threadpool(
                request_premises, state.store, analysis.info.id, analysis.dataset, form.sites
            )
            allocation = form.request(former)
            dataset = await run_in_threadpool(state.store.read_dataset, analysis.info.id)
            proposal = await run_in_threadpool(allocate, dataset, allocation)
            await _audit(request, analysis.info.id, form, allocation)
        else:
            dataset, proposal, form = done
    except PraksisplanError as error:
        context["error"] = str(error)
        status = 404 if isinstance(error, LostJobError) else 400
        return templates.TemplateResponse(request, "allocation.html", context, status)
    context.update(
        _result(dataset, proposal),
        unused=form.unused(dataset),
        echo=form.echo(dataset),
        former=proposal.request.former,
        used_forms=forms_da(proposal.request.candidates.new_forms),
    )
    return templates.TemplateResponse(request, "allocation.html", context)


@router.get("/fordeling", response_class=HTMLResponse)
async def allocation_page(request: Request, state: State, fields: FormFields) -> Response:
    """The form, and (with ``capacities``) the result; see :func:`_page`."""
    return await _page(request, state, fields)


@router.post("/fordeling", response_class=HTMLResponse)
async def allocation_page_post(request: Request, state: State, fields: FormFields) -> Response:
    """The form sent without script (multipart, with the candidate file): the result here."""
    return await _page(request, state, fields)


async def _audit(
    request: Request, snapshot_id: int, form: AllocationForm, allocation: AllocationRequest
) -> None:
    await record_async(
        request,
        Audit("allocation_run", "snapshot", str(snapshot_id),
              after={**form.audit(), "premises_sites": len(allocation.former)}),
    )  # fmt: skip


@router.post("/fordeling/beregning", status_code=202)
async def start_allocation(request: Request, state: State, fields: FormFields) -> JSONResponse:
    """Start a background run of the page's request; answers at once with the job's status."""
    snapshots = state.snapshots()
    if not snapshots:
        return JSONResponse({"detail": "Der er ingen snapshots"}, status_code=400)
    analysis = await _snapshot(state, fields, snapshots)
    snapshot_id = analysis.info.id
    try:
        form = parse_form(fields, analysis.dataset)
        former = await run_in_threadpool(
            request_premises, state.store, snapshot_id, analysis.dataset, form.sites
        )
        allocation = form.request(former)
    except PraksisplanError as error:
        return JSONResponse({"detail": str(error)}, status_code=400)
    await _audit(request, snapshot_id, form, allocation)
    started = _jobs(request).start(
        current_user(request).username, snapshot_id, allocation, state.store.read_dataset, form
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
