"""Need-weighted persons per coverage area by year, and their growth from the reference date.

The threat rules' early warning (``early_warning.need = "forecast"``) divides each area's
projected supply in % of need by ``G(t) = need(t) / need(0)``: the area's need-weighted
persons ``t`` years after the reference date over those at the reference date, from the
population forecast (the dataset's official projection when it has one, else the cohort
model; docs/forecast.md). Areas with no need today keep ``G = 1``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.engine.need import need_weights
from praksisplan.forecast.demography import FloatArray
from praksisplan.forecast.disaggregate import project_units
from praksisplan.forecast.parameters import ForecastParameters
from praksisplan.forecast.population import forecast_population


def need_of(dataset: Dataset, persons: FloatArray) -> FloatArray:
    """Need-weighted persons ``(years, units)`` of persons ``(years, units, 2, bands)``."""
    bands = list(dataset.manifest.rules.age_bands)
    weights = need_weights(bands, dataset.demand_weights)  # (bands, 2)
    return np.asarray(np.einsum("yusb,bs->yu", persons, weights))


def need_growth(dataset: Dataset, parameters: ForecastParameters, years: int) -> pd.DataFrame:
    """``G(t)`` per coverage area (rows, ``area_id``) and year offset ``0..years`` (columns)."""
    population = forecast_population(dataset, parameters, dataset.reference_year + years)
    need = need_of(dataset, project_units(dataset, population, "area_id"))
    now = need[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = np.where(now[None, :] > 0, need / now[None, :], 1.0)
    return pd.DataFrame(
        growth.T,
        index=pd.Index(dataset.coverage_areas["area_id"].astype(str), name="area_id"),
        columns=np.arange(years + 1),
    )
