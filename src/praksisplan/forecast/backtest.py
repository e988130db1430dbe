"""Backtest: the forecast from an earlier population against what happened.

Measures are mean absolute percentage errors (MAPE) over the municipalities:
``mean(|predicted − actual| / actual) × 100``. Two naive baselines: *no change* (the start
year's figure) and *trend* (the straight line through two earlier measured years, extended).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from praksisplan.forecast.demography import FloatArray
from praksisplan.forecast.population import PopulationForecast


@dataclass(frozen=True)
class Measure:
    """One compared figure: a label, the year and the ages (``last`` None = open)."""

    label: str
    year: int
    first_age: int
    last_age: int | None


def predicted(forecast: PopulationForecast, measure: Measure) -> FloatArray:
    """The forecast's persons per municipality for ``measure``."""
    ages = forecast.single_ages[forecast.years.index(measure.year)].sum(axis=1)  # (m, ages)
    top = ages.shape[1] - 1 if measure.last_age is None else measure.last_age
    return np.asarray(ages[:, measure.first_age : top + 1].sum(axis=1))


def linear_trend(earlier: FloatArray, later: FloatArray, span: int, ahead: int) -> FloatArray:
    """The straight line through ``earlier`` and ``later`` (``span`` years apart), ``ahead``
    years after ``later``."""
    return np.asarray(later + (later - earlier) * ahead / span)


def mape(prediction: FloatArray, actual: FloatArray) -> float:
    return float(np.mean(np.abs(prediction - actual) / actual) * 100.0)


def backtest_table(
    predictions: dict[str, dict[str, FloatArray]], actual: dict[str, FloatArray]
) -> pd.DataFrame:
    """MAPE per measure (rows) and method (columns), with whether the model beats every
    baseline. ``predictions[method][measure]`` and ``actual[measure]`` are per municipality."""
    table = pd.DataFrame(
        {
            method: {label: mape(values, actual[label]) for label, values in by_measure.items()}
            for method, by_measure in predictions.items()
        }
    )
    baselines = [m for m in table.columns if m != "model"]
    table["model_beats_baselines"] = table[baselines].gt(table["model"], axis=0).all(axis=1)
    return table
