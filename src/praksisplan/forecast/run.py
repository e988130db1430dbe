"""A whole forecast: population, need and services, supply, and the threat outlook.

:func:`run_forecast` takes any :class:`~praksisplan.core.dataset.Dataset` — a loaded
snapshot, a dataset directory, or the dataset a scenario produces — so a scenario is
forecast like a snapshot, and :func:`compare_forecasts` sets two forecasts side by side.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.engine.indicators import compute_indicators
from praksisplan.engine.need import share_of_band_in_ages
from praksisplan.forecast.demography import FloatArray
from praksisplan.forecast.disaggregate import project_units
from praksisplan.forecast.need_growth import need_of
from praksisplan.forecast.parameters import ForecastParameters
from praksisplan.forecast.population import Model, PopulationForecast, forecast_population
from praksisplan.forecast.supply import SupplyForecast, forecast_supply
from praksisplan.forecast.tables import municipality_of
from praksisplan.forecast.threat_outlook import (
    BoolArray,
    Classes,
    classify_draws,
    first_red_offset,
)
from praksisplan.threat.measures import threat_measures
from praksisplan.threat.rules import RuleSet

Progress = Callable[[str], None]
LEVELS = ("region", "municipality", "area")
PERCENTILES = (10, 50, 90)
#: Columns compared by :func:`compare_forecasts`.
COMPARED = ("population", "need_weighted_persons", "supply_p50", "prob_red")


@dataclass(frozen=True)
class Forecast:
    """``rows``: one per unit and year (docs/forecast.md lists the columns); ``areas``: the
    forecast threat list, one row per coverage area; ``pyramid``: the region's persons by
    band and sex at the reference date and the horizon."""

    model: Model
    years: list[int]
    draws: int
    seed: int
    rows: pd.DataFrame
    areas: pd.DataFrame
    pyramid: pd.DataFrame


def run_forecast(
    dataset: Dataset,
    rules: RuleSet,
    parameters: ForecastParameters,
    horizon: int,
    model: Model | None = None,
    draws: int | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
) -> Forecast:
    step = progress or (lambda _: None)
    step("Fremskriver befolkningen")
    population = forecast_population(dataset, parameters, horizon, model)
    n_years = len(population.years) - 1
    step("Trækker pensioneringer (Monte Carlo)")
    supply = forecast_supply(
        dataset, rules.early_warning.retirement, parameters.supply, n_years, draws, seed
    )
    step("Beregner behov og trusler")
    indicators = compute_indicators(dataset, "area")
    held, _ = threat_measures(dataset, indicators, rules, parameters)
    held = held.reindex(supply.area_ids)
    area_persons = project_units(dataset, population, "area_id")
    need = need_of(dataset, area_persons)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = 100.0 * supply.supply_patients / need[:, None, :]
    classes = classify_draws(pct, held, rules)
    rows = _rows(dataset, rules, parameters, population, supply, area_persons, need, classes)
    areas = _threat_list(dataset, parameters, population.years, held, classes.red, classes.yellow)
    return Forecast(
        model=population.model,
        years=population.years,
        draws=supply.supply_patients.shape[1],
        seed=parameters.supply.seed if seed is None else seed,
        rows=rows,
        areas=areas,
        pyramid=_pyramid(population),
    )


def _age_columns(persons: FloatArray, bands: list[str]) -> dict[str, FloatArray]:
    """population, persons_65plus, persons_80plus of ``(years, units, 2, bands)``."""
    by_band = persons.sum(axis=2)
    return {
        "population": by_band.sum(axis=2),
        "persons_65plus": by_band @ np.array([share_of_band_in_ages(b, 65, None) for b in bands]),
        "persons_80plus": by_band @ np.array([share_of_band_in_ages(b, 80, None) for b in bands]),
    }


def _rows(
    dataset: Dataset,
    rules: RuleSet,
    parameters: ForecastParameters,
    population: PopulationForecast,
    supply: SupplyForecast,
    area_persons: FloatArray,
    need: FloatArray,
    classes: Classes,
) -> pd.DataFrame:
    areas = dataset.coverage_areas
    muni_of_area = municipality_of(dataset, "area_id")
    n_muni = len(population.municipality_codes)
    to_muni = np.zeros((len(areas), n_muni))
    to_muni[np.arange(len(areas)), muni_of_area] = 1.0
    muni_persons = population.persons
    units = {
        "region": (
            [dataset.manifest.region.code],
            [dataset.manifest.region.name],
            muni_persons.sum(axis=1, keepdims=True),
            np.ones((len(areas), 1)),
        ),
        "municipality": (
            population.municipality_codes,
            [str(n) for n in dataset.municipalities["name"]],
            muni_persons,
            to_muni,
        ),
        "area": (
            [str(a) for a in areas["area_id"]],
            [str(n) for n in areas["name"]],
            area_persons,
            np.eye(len(areas)),
        ),
    }
    threshold = rules.early_warning.red_below_pct_of_need
    frames = []
    for level, (ids, names, persons, matrix) in units.items():
        unit_need = need @ matrix
        unit_supply = supply.supply_patients @ matrix  # (years, draws, units)
        with np.errstate(divide="ignore", invalid="ignore"):
            pct = 100.0 * unit_supply / unit_need[:, None, :]
        quantiles = np.percentile(unit_supply, PERCENTILES, axis=1)
        # areas by the rule set; municipalities and the region by the early warning's threshold
        prob_red = classes.red.mean(axis=1) if level == "area" else (pct < threshold).mean(axis=1)
        columns: dict[str, FloatArray] = {
            **_age_columns(persons, population.bands),
            "need_weighted_persons": unit_need,
            "expected_services": unit_need * parameters.services.per_weighted_person,
        }
        for kind, share in parameters.services.kinds().items():
            columns[f"services_{kind}"] = columns["expected_services"] * share
        columns["capacities"] = np.broadcast_to(supply.capacities @ matrix, unit_need.shape)
        filled = np.percentile(supply.filled_capacities @ matrix, PERCENTILES, axis=1)
        for p, q in zip(PERCENTILES, filled, strict=True):
            columns[f"filled_capacities_p{p}"] = q
        for p, q in zip(PERCENTILES, quantiles, strict=True):
            columns[f"supply_p{p}"] = q
        with np.errstate(divide="ignore", invalid="ignore"):
            for p, q in zip(PERCENTILES, quantiles, strict=True):
                columns[f"supply_pct_of_need_p{p}"] = 100.0 * q / unit_need
        columns["prob_red"] = prob_red
        # yellow is the rule set's class of an area; municipalities and the region have none
        columns["prob_yellow"] = (
            classes.yellow.mean(axis=1) if level == "area" else np.full(unit_need.shape, np.nan)
        )
        n_years, n_units = unit_need.shape
        frame = pd.DataFrame(
            {
                "level": level,
                "id": np.tile(np.asarray(ids, dtype=object), n_years),
                "name": np.tile(np.asarray(names, dtype=object), n_years),
                "year": np.repeat(population.years, n_units),
                **{name: np.asarray(values).reshape(-1) for name, values in columns.items()},
            }
        )
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _threat_list(
    dataset: Dataset,
    parameters: ForecastParameters,
    years: list[int],
    held: pd.DataFrame,
    red: BoolArray,
    yellow: BoolArray,
) -> pd.DataFrame:
    within = parameters.threat.coming_within_years
    first = first_red_offset(red)  # (draws, areas)
    never = float(len(years))  # past the horizon: a finite stand-in for the percentiles
    quantiles = np.percentile(np.minimum(first, never), PERCENTILES, axis=0)
    red_now = red[0].mean(axis=0) >= 0.5
    # share of draws red at least once in years 1..t, for t = 1..within
    red_by = np.logical_or.accumulate(red[1 : within + 1], axis=0).mean(axis=1)
    prob_within = red_by[-1] if len(red_by) else np.zeros(red.shape[2])
    coming = ~red_now & (prob_within >= parameters.threat.coming_min_probability)
    areas = dataset.coverage_areas
    frame = pd.DataFrame(
        {
            "area_id": areas["area_id"].astype(str).to_numpy(),
            "name": areas["name"].astype(str).to_numpy(),
            "municipality_code": areas["municipality_code"].astype(str).to_numpy(),
            "supply_pct_of_need_now": held["supply_pct_of_need"].to_numpy(dtype=float),
            "prob_red_now": red[0].mean(axis=0),
            "prob_yellow_now": yellow[0].mean(axis=0),
            "prob_red_horizon": red[-1].mean(axis=0),
            "prob_yellow_horizon": yellow[-1].mean(axis=0),
            f"prob_red_within_{within}_years": prob_within,
            **{
                f"years_until_red_p{p}": np.where(q < never, q, np.nan)
                for p, q in zip(PERCENTILES, quantiles, strict=True)
            },
            "coming": coming,
            "coming_year": _coming_year(years, red_by, coming, parameters),
        }
    )
    frame.attrs["horizon_year"] = years[-1]
    return frame


def _coming_year(
    years: list[int], red_by: FloatArray, coming: BoolArray, parameters: ForecastParameters
) -> FloatArray:
    """Per area, the first year ``Y`` whose share of draws red at least once from the
    reference year + 1 to ``Y`` reaches the coming probability (NaN: not coming)."""
    reached = red_by >= parameters.threat.coming_min_probability  # (within, areas)
    first = years[0] + 1 + reached.argmax(axis=0) if len(reached) else np.zeros(len(coming))
    return np.where(coming, first, np.nan)


def _pyramid(population: PopulationForecast) -> pd.DataFrame:
    region = population.persons.sum(axis=1)  # (years, 2, bands)
    return pd.DataFrame(
        {
            "age_band": population.bands,
            "women_now": region[0, 0],
            "men_now": region[0, 1],
            "women_horizon": region[-1, 0],
            "men_horizon": region[-1, 1],
        }
    )


def compare_forecasts(first: Forecast, second: Forecast) -> pd.DataFrame:
    """Per unit and year, the compared columns of both forecasts and their difference."""
    keys = ["level", "id", "year"]
    merged = first.rows[[*keys, "name", *COMPARED]].merge(
        second.rows[[*keys, *COMPARED]], on=keys, suffixes=("_first", "_second")
    )
    for column in COMPARED:
        merged[f"{column}_difference"] = merged[f"{column}_second"] - merged[f"{column}_first"]
    return merged
