"""A snapshot's forecast as the web shows it, and the coming threatened areas it gives.

The forecast runs to 2040 (or the reference year, if later) under the snapshot's rule set
in force with the packaged parameters. It is computed once per snapshot and rule set and
kept in the app's memory (:meth:`AppState.forecast`), so the *Prognose* page, its downloads
and the threat page's coming threatened areas share one computation.
"""

from __future__ import annotations

from dataclasses import dataclass

from praksisplan.core.danish_numbers import format_number_da, format_share_da
from praksisplan.forecast.parameters import load_parameters
from praksisplan.forecast.run import Forecast, run_forecast
from praksisplan.forecast_export import within_column, year_da
from praksisplan.threat.runs import rules_sha256
from praksisplan.web import views
from praksisplan.web.snapshot_analysis import SnapshotAnalysis
from praksisplan.web.state import AppState

HORIZON = 2040


def _key(analysis: SnapshotAnalysis) -> tuple[str, int, str]:
    return ("snapshot", analysis.info.id, rules_sha256(analysis.assessment.rules))


def snapshot_forecast(state: AppState, analysis: SnapshotAnalysis) -> Forecast:
    """The snapshot's forecast (computed now unless it is in the app's memory)."""
    rules = analysis.assessment.rules
    dataset = analysis.dataset
    horizon = max(HORIZON, dataset.reference_year)
    return state.forecast(
        _key(analysis), lambda: run_forecast(dataset, rules, load_parameters(), horizon)
    )


def cached_snapshot_forecast(state: AppState, analysis: SnapshotAnalysis) -> Forecast | None:
    """The snapshot's forecast if it is in the app's memory, else None (nothing computed)."""
    cached = state.cached_forecast(_key(analysis))
    return cached if isinstance(cached, Forecast) else None


def coming_window() -> dict[str, str]:
    """The packaged parameters' window of the coming threatened areas, in Danish."""
    threat = load_parameters().threat
    return {
        "years": format_number_da(threat.coming_within_years),
        "probability": format_share_da(threat.coming_min_probability),
    }


@dataclass(frozen=True)
class ComingArea:
    """A coming threatened area as the threat page lists it."""

    area_id: str
    name: str
    municipality_code: str
    municipality_name: str
    #: the model's class at the reference date (never red: a coming area is not red now)
    threat_class: str
    #: the first year by which it is red with at least the coming probability
    year: str
    #: the probability of red within the window, in Danish
    probability: str


def coming_areas(forecast: Forecast, analysis: SnapshotAnalysis) -> list[ComingArea]:
    """The forecast's coming threatened areas, in the order of the forecast's areas."""
    areas = forecast.areas[forecast.areas["coming"]]
    within, _ = within_column(forecast.areas)
    names = views.municipality_names(analysis)
    classes = analysis.assessment.areas["threat_class"]
    return [
        ComingArea(
            area_id=str(a["area_id"]),
            name=str(a["name"]),
            municipality_code=str(a["municipality_code"]),
            municipality_name=str(names.get(str(a["municipality_code"]), a["municipality_code"])),
            threat_class=str(classes.get(str(a["area_id"]), "")),
            year=year_da(float(a["coming_year"])),
            probability=format_share_da(float(a[within])),
        )
        for _, a in areas.iterrows()
    ]
