"""The *Rapporter* page and its downloads: Tal og fakta (HTML, PDF, XLSX), the threat note
(PDF, DOCX, HTML) and the map layers as a GeoPackage of a snapshot.

Every route here only reads. The threat note uses the snapshot's stored assessment run when
there is one (the one the committee saw), else the app's own assessment of the snapshot; the
facts report uses the region's snapshots up to the chosen one.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from praksisplan.geopackage import geopackage_bytes
from praksisplan.report.facts import build_facts_report
from praksisplan.report.render import MEDIA_TYPES, render_facts, render_threat_note
from praksisplan.report.threat_note import build_threat_note
from praksisplan.store.report_inputs import snapshot_history, stored_run
from praksisplan.threat.assess import Assessment
from praksisplan.web.auth.audit_trail import Audit, record_async
from praksisplan.web.routers.pages import templates
from praksisplan.web.snapshot_forecast import snapshot_forecast
from praksisplan.web.state import AppState, app_state

router = APIRouter(include_in_schema=False)
State = Annotated[AppState, Depends(app_state)]
SnapshotParam = Annotated[int | None, Query(ge=1, alias="snapshot")]
GEOPACKAGE = "application/geopackage+sqlite3"


def _chosen(state: AppState, snapshot_id: int | None) -> int | None:
    snapshots = state.snapshots()
    if not snapshots:
        return None
    return snapshot_id if snapshot_id is not None else snapshots[0].id


def _assessment(state: AppState, snapshot_id: int) -> Assessment:
    return stored_run(state.store, snapshot_id) or state.analysis(snapshot_id).assessment


@router.get("/rapporter", response_class=HTMLResponse)
def reports_page(request: Request, state: State, snapshot: SnapshotParam = None) -> HTMLResponse:
    chosen = _chosen(state, snapshot)
    context: dict[str, object] = {"request": request, "page": "rapporter"}
    if chosen is None:
        return templates.TemplateResponse(request, "empty.html", {**context, "snapshots": []})
    analysis = state.analysis(chosen)
    info = analysis.info
    history = [
        s
        for s in state.snapshots()
        if s.region_code == info.region_code and s.reference_date <= info.reference_date
    ]
    previous = state.store.previous_snapshot(chosen)
    return templates.TemplateResponse(
        request,
        "reports.html",
        {
            **context,
            "snapshots": state.snapshots(),
            "snapshot": info,
            "analysis": analysis,
            "history": history,
            "previous": previous,
            "stored_run": state.store.latest_assessment_run(chosen) is not None,
        },
    )


def _facts(state: AppState, snapshot_id: int, fmt: Literal["html", "pdf", "xlsx"]) -> bytes:
    analysis = state.analysis(snapshot_id)  # 404 for an unknown snapshot
    history = snapshot_history(state.store, snapshot_id, analysis.dataset)
    forecast = snapshot_forecast(state, analysis)  # the Prognose page's, cached
    report = build_facts_report(
        history.datasets,
        _assessment(state, snapshot_id),
        forecast,
        first_population=history.first_population,
    )
    return render_facts(report, fmt)


def _note(state: AppState, snapshot_id: int, fmt: Literal["html", "pdf", "docx"]) -> bytes:
    analysis = state.analysis(snapshot_id)
    before = state.store.previous_snapshot(snapshot_id)
    note = build_threat_note(
        analysis.dataset,
        _assessment(state, snapshot_id),
        _assessment(state, before.id) if before is not None else None,
        state.store.current_decisions(snapshot_id),
    )
    return render_threat_note(note, fmt)


async def _audit_report(request: Request, snapshot_id: int, report: str, fmt: str) -> None:
    """A generated report is a write of the audit trail (who took which figures out, when);
    nothing else is stored."""
    after = {"report": report, "format": fmt}
    await record_async(
        request, Audit("report_generated", "snapshot", str(snapshot_id), after=after)
    )


def _download(content: bytes, fmt: str, filename: str) -> Response:
    disposition = "inline" if fmt == "html" else f'attachment; filename="{filename}.{fmt}"'
    return Response(
        content, media_type=MEDIA_TYPES[fmt], headers={"Content-Disposition": disposition}
    )


@router.get("/rapporter/{snapshot_id}/tal-og-fakta.{fmt}")
async def facts_download(
    request: Request,
    state: State,
    snapshot_id: Annotated[int, Path(ge=1)],
    fmt: Literal["html", "pdf", "xlsx"],
) -> Response:
    content = await run_in_threadpool(_facts, state, snapshot_id, fmt)
    await _audit_report(request, snapshot_id, "tal-og-fakta", fmt)
    return _download(content, fmt, f"tal-og-fakta-{snapshot_id}")


@router.get("/rapporter/{snapshot_id}/notat.{fmt}")
async def note_download(
    request: Request,
    state: State,
    snapshot_id: Annotated[int, Path(ge=1)],
    fmt: Literal["html", "pdf", "docx"],
) -> Response:
    content = await run_in_threadpool(_note, state, snapshot_id, fmt)
    await _audit_report(request, snapshot_id, "notat", fmt)
    return _download(content, fmt, f"notat-truede-omraader-{snapshot_id}")


@router.get("/rapporter/{snapshot_id}/kortlag.gpkg")
async def geopackage_download(
    request: Request, state: State, snapshot_id: Annotated[int, Path(ge=1)]
) -> Response:
    """The snapshot's map layers as one GeoPackage (EPSG:25832) for QGIS/ArcGIS."""
    analysis = await state.analysis_nonblocking(snapshot_id)

    def build() -> bytes:
        return geopackage_bytes(state.gis.layers(analysis).layers)

    content = await run_in_threadpool(build)
    await _audit_report(request, snapshot_id, "kortlag", "gpkg")
    return Response(
        content,
        media_type=GEOPACKAGE,
        headers={"Content-Disposition": f'attachment; filename="kortlag-{snapshot_id}.gpkg"'},
    )
