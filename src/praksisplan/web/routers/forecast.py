"""The *Prognose* page: fan charts (need vs supply P10–P90) of the region and every area,
the population pyramid, a year slider over a map of the probability of red, tables, and
the forecast as Danish XLSX and CSV; and the same page and downloads for a stored
scenario, with its region compared with the snapshot's.

The forecast uses the snapshot's rule set in force and the packaged forecast parameters;
it is computed once per snapshot and rule set (:mod:`praksisplan.web.snapshot_forecast`).
"""

from __future__ import annotations

from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.forecast.parameters import load_parameters
from praksisplan.forecast.run import Forecast, compare_forecasts, run_forecast
from praksisplan.forecast_export import (
    ForecastOrigin,
    coming_table_da,
    forecast_csv,
    forecast_xlsx,
    region_table_da,
    services_growth_da,
)
from praksisplan.store import ScenarioInfo, ScenarioStore
from praksisplan.threat.rules import parse_rules
from praksisplan.threat.runs import rules_sha256
from praksisplan.web import forecast_page
from praksisplan.web.exports import ExportFormat, download, source_line
from praksisplan.web.routers.pages import State, templates
from praksisplan.web.routers.scenarios import ScenarioId
from praksisplan.web.snapshot_analysis import SnapshotAnalysis
from praksisplan.web.snapshot_forecast import HORIZON, coming_window, snapshot_forecast

router = APIRouter(include_in_schema=False)


def page_context(dataset: Dataset, forecast: Forecast) -> dict[str, Any]:
    """What forecast.html draws of a forecast of ``dataset`` (a snapshot's or a scenario's)."""
    rows = forecast.rows
    region = rows[rows["level"] == "region"]
    year_map = forecast_page.year_map(dataset, forecast)
    data = year_map["data"]
    return {
        "forecast": forecast,
        # the CLI's forecast table, word for word (praksisplan.forecast_export)
        "region_table": region_table_da(forecast),
        "services_growth": services_growth_da(forecast),
        "coming_table": coming_table_da(forecast),
        "coming_window": coming_window(),
        "areas": forecast.areas.to_dict("records"),
        "fan": forecast_page.fan_chart(region, 640, 260),
        "area_fans": forecast_page.area_fans(forecast),
        "pyramid": forecast_page.pyramid_bars(forecast.pyramid),
        "year_map": year_map,
        "map_fills": {
            area_id: forecast_page.initial_fill(data, "prob_red", area_id)
            for area_id, _, _ in year_map["paths"]
        },
    }


def _downloads(address: str) -> dict[str, str]:
    """The page's download links by format; ``address`` has ``{}`` for the format."""
    return {fmt.value: address.format(fmt.value) for fmt in ExportFormat}


@router.get("/prognose", response_class=HTMLResponse)
async def forecast_page_view(
    request: Request, state: State, snapshot: Annotated[int | None, Query(ge=1)] = None
) -> Response:
    snapshots = state.snapshots()
    context: dict[str, Any] = {"request": request, "page": "prognose", "snapshots": snapshots}
    if not snapshots:
        return templates.TemplateResponse(request, "empty.html", context)
    analysis = await state.analysis_nonblocking(snapshot or snapshots[0].id)
    forecast = await run_in_threadpool(snapshot_forecast, state, analysis)
    context.update(
        snapshot=analysis.info,
        analysis=analysis,
        downloads=_downloads("/prognose.{}?snapshot=" + str(analysis.info.id)),
        **page_context(analysis.dataset, forecast),
    )
    return templates.TemplateResponse(request, "forecast.html", context)


def _scenario_forecast(
    state: State, analysis: SnapshotAnalysis, info: ScenarioInfo
) -> tuple[Dataset, Forecast, pd.DataFrame]:
    """The scenario's dataset, its forecast (under the rules its edits set, else the
    snapshot's rules in force) and the region's comparison with the snapshot's forecast."""
    applied = ScenarioStore(state.store).applied(info.id, base=analysis.dataset)
    toml = applied.threat_rules_toml
    rules = analysis.assessment.rules if toml is None else parse_rules(toml, "scenariets regler")
    key = ("scenario", info.id, info.updated_at, info.edit_count, rules_sha256(rules))
    horizon = max(HORIZON, applied.dataset.reference_year)
    forecast = state.forecast(
        key, lambda: run_forecast(applied.dataset, rules, load_parameters(), horizon)
    )
    comparison = compare_forecasts(snapshot_forecast(state, analysis), forecast)
    return applied.dataset, forecast, comparison[comparison["level"] == "region"]


async def _stored_scenario(
    state: State, scenario_id: int
) -> tuple[ScenarioInfo, SnapshotAnalysis, tuple[Dataset, Forecast, pd.DataFrame]]:
    """The stored scenario (404 if there is none), its snapshot and :func:`_scenario_forecast`."""
    try:
        info = ScenarioStore(state.store).get(scenario_id)
    except PraksisplanError as error:
        raise HTTPException(404, str(error)) from None
    analysis = await state.analysis_nonblocking(info.snapshot_id)
    return info, analysis, await run_in_threadpool(_scenario_forecast, state, analysis, info)


@router.get("/scenarier/{scenario_id}/prognose", response_class=HTMLResponse)
async def scenario_forecast_page(
    request: Request, state: State, scenario_id: ScenarioId
) -> Response:
    info, analysis, (dataset, forecast, comparison) = await _stored_scenario(state, scenario_id)
    context: dict[str, Any] = {
        "request": request,
        "page": "prognose",
        "snapshots": state.snapshots(),
        "snapshot": analysis.info,
        "analysis": analysis,
        "scenario": info,
        "comparison": comparison.to_dict("records"),
        "downloads": _downloads(f"/scenarier/{info.id}/prognose.{{}}"),
        **page_context(dataset, forecast),
    }
    return templates.TemplateResponse(request, "forecast.html", context)


def _file(
    forecast: Forecast, fmt: ExportFormat, analysis: SnapshotAnalysis, scenario: str = ""
) -> Response:
    """The forecast as a Danish XLSX workbook or CSV of its rows, named after the snapshot."""
    info = analysis.info
    if fmt is ExportFormat.CSV:
        body = forecast_csv(forecast)
    else:
        source = source_line(info) + (f", scenariet {scenario}" if scenario else "")
        origin = ForecastOrigin(info.region_name, info.reference_date, source)
        body = forecast_xlsx(forecast, origin)
    return download(body, fmt.value, "prognose" + ("_scenarie" if scenario else ""), info)


@router.get("/prognose.{fmt}")
async def forecast_download(
    state: State, fmt: ExportFormat, snapshot: Annotated[int | None, Query(ge=1)] = None
) -> Response:
    snapshots = state.snapshots()
    if not snapshots:
        raise HTTPException(404, "Der er ingen øjebliksbilleder at fremskrive.")
    analysis = await state.analysis_nonblocking(snapshot or snapshots[0].id)
    forecast = await run_in_threadpool(snapshot_forecast, state, analysis)
    return _file(forecast, fmt, analysis)


@router.get("/scenarier/{scenario_id}/prognose.{fmt}")
async def scenario_forecast_download(
    state: State, scenario_id: ScenarioId, fmt: ExportFormat
) -> Response:
    info, analysis, (_, forecast, _) = await _stored_scenario(state, scenario_id)
    return _file(forecast, fmt, analysis, info.name)
