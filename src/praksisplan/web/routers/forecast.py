"""The *Prognose* page: the region's fan chart (need vs supply P10–P90), tables, XLSX."""

from __future__ import annotations

import io
from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from praksisplan.forecast.parameters import load_parameters
from praksisplan.forecast.run import Forecast, run_forecast
from praksisplan.forecast_export import forecast_xlsx
from praksisplan.threat.rules import load_rules
from praksisplan.web.routers.pages import State, templates

router = APIRouter(include_in_schema=False)
HORIZON = 2040
WIDTH, HEIGHT = 640, 260
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _forecast(state: State, snapshot_id: int) -> Forecast:
    dataset = state.store.read_dataset(snapshot_id)
    horizon = max(HORIZON, dataset.reference_year)
    return run_forecast(dataset, load_rules(None), load_parameters(), horizon)


def _fan(region: pd.DataFrame) -> dict[str, str]:
    """SVG coordinates of the P10–P90 band, the P50 line and the need line."""
    years = region["year"].to_numpy()
    top = max(region["supply_p90"].max(), region["need_weighted_persons"].max()) * 1.05
    span = max(years[-1] - years[0], 1)

    def xy(year: float, value: float) -> str:
        x = 40 + (WIDTH - 60) * (year - years[0]) / span
        return f"{x:.1f},{HEIGHT - 30 - (HEIGHT - 50) * value / top:.1f}"

    upper = [xy(y, v) for y, v in zip(years, region["supply_p90"], strict=True)]
    lower = [xy(y, v) for y, v in zip(years, region["supply_p10"], strict=True)]
    return {
        "band": " ".join(upper + lower[::-1]),
        "median": " ".join(xy(y, v) for y, v in zip(years, region["supply_p50"], strict=True)),
        "need": " ".join(
            xy(y, v) for y, v in zip(years, region["need_weighted_persons"], strict=True)
        ),
    }


@router.get("/prognose", response_class=HTMLResponse)
async def forecast_page(
    request: Request, state: State, snapshot: Annotated[int | None, Query(ge=1)] = None
) -> Response:
    snapshots = state.snapshots()
    context: dict[str, Any] = {"request": request, "page": "prognose", "snapshots": snapshots}
    if not snapshots:
        return templates.TemplateResponse(request, "empty.html", context)
    chosen = snapshot or snapshots[0].id
    analysis = await state.analysis_nonblocking(chosen)
    forecast = await run_in_threadpool(_forecast, state, chosen)
    region = forecast.rows[forecast.rows["level"] == "region"]
    context.update(
        snapshot=analysis.info,
        analysis=analysis,
        forecast=forecast,
        region=region.to_dict("records"),
        areas=forecast.areas.to_dict("records"),
        fan=_fan(region),
        width=WIDTH,
        height=HEIGHT,
    )
    return templates.TemplateResponse(request, "forecast.html", context)


@router.get("/prognose.xlsx")
async def forecast_download(
    state: State, snapshot: Annotated[int | None, Query(ge=1)] = None
) -> Response:
    snapshots = state.snapshots()
    chosen = snapshot or snapshots[0].id
    forecast = await run_in_threadpool(_forecast, state, chosen)
    buffer = io.BytesIO()
    forecast_xlsx(forecast, buffer)
    headers = {"Content-Disposition": 'attachment; filename="prognose.xlsx"'}
    return Response(buffer.getvalue(), media_type=XLSX, headers=headers)
