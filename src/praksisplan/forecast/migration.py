"""Net migration rates by municipality and age, estimated from the population history.

The residual method, fitted: the history's earliest year with age bands (``y0``) is spread
over single ages with the age shape of the reference population's cohorts followed back to
``y0`` (persons aged ``x`` then are those aged ``x + years`` now) and projected to the
reference date (:mod:`praksisplan.forecast.cohort`); the annual rate of each band is adjusted
by ``(measured / projected) ** (1 / years)`` until the projection reproduces the measured
bands at the reference date (the history's own figures for that year when it has them, else
the dataset's population), :data:`FIT_ROUNDS` times.

When the history also has an earlier total-only year (``'0+'``, e.g. BY2 2010), the level is
blended: every band's rate moves by ``long_run_weight × (long-run rate − banded-period
rate)``, the totals' rates net of the natural growth of the banded period.

Only history up to the reference date is used; a dataset without history has no migration.
"""

from __future__ import annotations

import numpy as np

from praksisplan.forecast.cohort import Rates, project
from praksisplan.forecast.demography import FloatArray, band_matrix, split_by_shape, survivors
from praksisplan.forecast.parameters import ForecastParameters

#: Band label of a total-only history row.
TOTAL_BAND = "0+"
#: Rounds of the fixed-point fit of the rates to the history.
FIT_ROUNDS = 4


def to_sexes(persons: FloatArray, has_sex: bool, bands: list[str], base: FloatArray) -> FloatArray:
    """A table without sex (all on row 0) split by the base's sex shares within each band."""
    if has_sex:
        return persons
    base_bands = base @ band_matrix(bands).T  # (m, 2, b)
    both = base_bands.sum(axis=1, keepdims=True)
    share = np.where(both > 0, base_bands / np.where(both > 0, both, 1.0), 0.5)
    return np.asarray(persons[:, :1, :] * share)


def cohort_shape(base: FloatArray, years: int) -> FloatArray:
    """The age shape ``years`` earlier, by following cohorts back: persons aged ``x`` then
    are those aged ``x + years`` at the reference date (the oldest ages keep the open age)."""
    ages = np.minimum(np.arange(base.shape[-1]) + years, base.shape[-1] - 1)
    return np.asarray(base[..., ages])


def estimate_migration(
    base: FloatArray,
    reference_year: int,
    history: dict[int, tuple[list[str], FloatArray, bool]],
    parameters: ForecastParameters,
) -> FloatArray:
    """Annual net migration rate ``(municipalities, 2, ages)`` from ``history`` (see module)."""
    zero = np.zeros_like(base)
    past = {y: v for y, v in history.items() if y <= reference_year}
    banded = sorted(y for y, (bands, _, _) in past.items() if bands != [TOTAL_BAND])
    start = next((y for y in banded if y < reference_year), None)
    if start is None:
        return zero
    bands, persons, has_sex = past[start]
    years = reference_year - start
    fallback = np.broadcast_to(survivors(parameters.mortality)[None], base.shape)
    shape = cohort_shape(base, years)
    start_ages = split_by_shape(to_sexes(persons, has_sex, bands, shape), bands, shape, fallback)
    membership = band_matrix(bands)
    if reference_year in past and past[reference_year][0] == bands:
        measured_bands = past[reference_year][1].sum(axis=1)
    else:
        measured_bands = (base @ membership.T).sum(axis=1)
    band_rate = np.zeros(measured_bands.shape)
    for _ in range(FIT_ROUNDS):  # fit the rates until the history is reproduced
        per_age = np.repeat((band_rate @ membership)[:, None, :], 2, axis=1)
        rates = Rates.from_parameters(parameters, per_age)
        projected = project(start_ages, rates, years)[-1].population
        projected_bands = (projected @ membership.T).sum(axis=1)  # (m, b)
        ok = (projected_bands > 0) & (measured_bands > 0)
        ratio = np.where(ok, measured_bands / np.where(ok, projected_bands, 1.0), 1.0)
        band_rate = (1.0 + band_rate) * ratio ** (1.0 / years) - 1.0
    natural_steps = project(start_ages, Rates.from_parameters(parameters, zero), years)
    projected = natural_steps[-1].population

    long_start = min((y for y, (b, _, _) in past.items() if b == [TOTAL_BAND]), default=None)
    if long_start is not None and long_start < start:
        with np.errstate(divide="ignore", invalid="ignore"):  # a municipality without history
            measured = measured_bands.sum(axis=1)
            natural = (projected.sum(axis=(1, 2)) / start_ages.sum(axis=(1, 2))) ** (1.0 / years)
            short = (measured / persons.sum(axis=(1, 2))) ** (1.0 / years) / natural - 1.0
            long_total = past[long_start][1].sum(axis=(1, 2))
            long = (measured / long_total) ** (1.0 / (reference_year - long_start)) / natural - 1.0
            shift = parameters.migration.long_run_weight * (long - short)
        band_rate = band_rate + np.where(np.isfinite(shift), shift, 0.0)[:, None]
    per_age = band_rate @ membership  # (m, ages)
    return np.asarray(np.repeat(per_age[:, None, :], 2, axis=1))
