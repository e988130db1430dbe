"""Single years of age, age bands, the life table and the fertility schedule.

The cohort model works in single years of age ``0..MAX_AGE`` (the last one open, "100+").
A band's persons are spread over its single years in proportion to the life table's
survivors ``l(x)`` (nearly even in a closed band, falling off in an open one).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from praksisplan.core.manifest import parse_age_band
from praksisplan.forecast.parameters import Fertility, Mortality

FloatArray = npt.NDArray[np.float64]

#: The last single age; it is open (everyone that old or older).
MAX_AGE = 100
AGES = np.arange(MAX_AGE + 1)
#: Sex axis of every array: women, then men (as :data:`praksisplan.engine.need.SEX_ORDER`).
FEMALE, MALE = 0, 1
#: Ages at which women give birth in the fertility schedule.
FERTILE_AGES = (15, 49)


def band_matrix(bands: Sequence[str]) -> FloatArray:
    """``(len(bands), MAX_AGE + 1)``: 1 where a single age lies in a band (ages above
    ``MAX_AGE`` fold into the open last age)."""
    matrix = np.zeros((len(bands), MAX_AGE + 1))
    for i, band in enumerate(bands):
        low, high = parse_age_band(band)
        top = MAX_AGE if high is None else min(high, MAX_AGE)
        matrix[i, min(low, MAX_AGE) : top + 1] = 1.0
    return matrix


def hazard(mortality: Mortality) -> FloatArray:
    """Gompertz-Makeham force of mortality at each single age, ``(2, MAX_AGE + 1)``."""
    level = np.array([mortality.gompertz_level_women, mortality.gompertz_level_men])
    slope = np.exp(mortality.gompertz_slope * AGES)
    return np.asarray(mortality.makeham + level[:, None] * slope[None, :], dtype=np.float64)


def survival(mortality: Mortality) -> FloatArray:
    """``S(x)``: the probability that a person aged ``x`` on 1 January is alive a year later."""
    return np.exp(-hazard(mortality))


def birth_survival(mortality: Mortality) -> FloatArray:
    """Probability that a child born during the year is alive on 1 January (half a year)."""
    return np.asarray(np.exp(-hazard(mortality)[:, 0] / 2.0))


def survivors(mortality: Mortality) -> FloatArray:
    """``l(x)``: survivors to each age of 1 born, ``(2, MAX_AGE + 1)``."""
    s = survival(mortality)
    return np.concatenate([np.ones((2, 1)), np.cumprod(s[:, :-1], axis=1)], axis=1)


def life_expectancy(mortality: Mortality) -> FloatArray:
    """Life expectancy at birth (women, men), trapezoid rule over ``l(x)``, open age ignored."""
    lx = survivors(mortality)
    return np.asarray((lx[:, :-1] + lx[:, 1:]).sum(axis=1) / 2.0)


def fertility_rates(fertility: Fertility) -> FloatArray:
    """Births per woman in a year by single age; sums to the total fertility rate."""
    first, last = FERTILE_AGES
    ages = AGES[first : last + 1]
    shape = np.exp(-0.5 * ((ages - fertility.mean_age) / fertility.sd_age) ** 2)
    rates = np.zeros(MAX_AGE + 1)
    rates[first : last + 1] = fertility.total_fertility_rate * shape / shape.sum()
    return rates


def split_to_ages(persons: FloatArray, bands: Sequence[str], weights: FloatArray) -> FloatArray:
    """Spread persons by band over single ages in proportion to ``weights`` (per age).

    ``persons`` has the bands on its last axis; the result has ``MAX_AGE + 1`` ages there.
    A band whose weights are all zero spreads evenly.
    """
    membership = band_matrix(bands)
    weighted = membership * weights
    sums = weighted.sum(axis=1, keepdims=True)
    even = membership / membership.sum(axis=1, keepdims=True)
    share = np.where(sums > 0, weighted / np.where(sums > 0, sums, 1.0), even)
    return np.asarray(persons @ share)


def split_by_shape(
    totals: FloatArray, bands: Sequence[str], shape: FloatArray, fallback: FloatArray
) -> FloatArray:
    """Spread band totals over single ages in proportion to a per-unit age ``shape``.

    ``totals`` is ``(..., bands)``, ``shape`` and ``fallback`` ``(..., ages)``; where the shape
    has no persons in a band, the ``fallback`` shape (e.g. ``l(x)``) is used. The result's band
    sums equal ``totals`` exactly (up to rounding of floating point).
    """
    membership = band_matrix(bands)  # (b, a)
    own = shape @ membership.T  # (..., b)
    other = fallback @ membership.T
    use_own = own > 0
    denominator = np.where(use_own, own, np.where(other > 0, other, 1.0))
    factor = totals / denominator  # (..., b)
    age_factor_own = (np.where(use_own, factor, 0.0)) @ membership
    age_factor_other = (np.where(use_own, 0.0, factor)) @ membership
    return np.asarray(shape * age_factor_own + fallback * age_factor_other)
