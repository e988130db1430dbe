"""The active rule set applied to every draw and year of the forecast.

For year ``Y`` and draw ``d`` an area's measures are: ``supply_pct_of_need`` from the
forecast's supply of that draw over the projected need; ``years_until_red`` the first offset
``t`` in ``0..early_warning.horizon_years`` with ``supply_pct_of_need(Y + t)`` below the early
warning's threshold (unknown where that runs past the forecast's horizon without falling);
every other indicator (free choice, GP ages, closed practices, vacancies) held at its value at
the reference date. The rule set's criteria and combination then give the class, exactly as
:func:`praksisplan.threat.evaluate.classify` does for one area.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from praksisplan.forecast.demography import FloatArray
from praksisplan.threat.rules import RuleSet
from praksisplan.threat.vocabulary import YEARS_UNTIL_RED

SUPPLY_PCT = "supply_pct_of_need"
BoolArray = npt.NDArray[np.bool_]

_COMPARE: dict[str, Callable[[FloatArray, float], BoolArray]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


@dataclass(frozen=True)
class Classes:
    """Per year, draw and area ``(years, draws, areas)``: red and yellow."""

    red: BoolArray
    yellow: BoolArray


def years_until_red(pct: FloatArray, threshold: float, horizon_years: int) -> FloatArray:
    """``years_until_red`` for every year, draw and area (NaN: not within the window)."""
    n_years = pct.shape[0]
    below = pct < threshold
    result = np.full(pct.shape, np.nan)
    for t in range(horizon_years, -1, -1):  # the earliest offset wins: fill from the last
        if t >= n_years:
            continue
        hit = np.zeros(pct.shape, dtype=bool)
        hit[: n_years - t] = below[t:]
        result[hit] = t
    return result


def classify_draws(pct: FloatArray, held: pd.DataFrame, rules: RuleSet) -> Classes:
    """Red and yellow per year, draw and area; ``held`` holds the other indicators per area
    (rows in the areas' order)."""
    warning = rules.early_warning
    measures: dict[str, FloatArray] = {
        SUPPLY_PCT: pct,
        YEARS_UNTIL_RED: years_until_red(pct, warning.red_below_pct_of_need, warning.horizon_years),
    }
    n_red = np.zeros(pct.shape, dtype=np.int64)
    n_fired = np.zeros(pct.shape, dtype=np.int64)
    for criterion in rules.criteria:
        if criterion.indicator in measures:
            values = measures[criterion.indicator]
        else:
            values = np.broadcast_to(
                held[criterion.indicator].to_numpy(dtype=np.float64)[None, None, :], pct.shape
            )
        fired = _COMPARE[criterion.comparison](values, criterion.threshold) & ~np.isnan(values)
        n_fired += fired
        if criterion.threat_class == "red":
            n_red += fired
    red = n_red >= rules.combination.min_red_criteria
    yellow = ~red & (n_fired >= rules.combination.min_criteria_for_yellow)
    return Classes(red, yellow)


def first_red_offset(red: BoolArray) -> FloatArray:
    """Per draw and area, the first year offset that is red (``inf``: never to the horizon)."""
    ever = red.any(axis=0)
    return np.where(ever, red.argmax(axis=0).astype(float), np.inf)
