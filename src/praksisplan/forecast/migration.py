"""Net migration rates by municipality and age, estimated from the population history.

The residual method: the history's earliest year with age bands (``y0``) is spread over single
ages with the age shape of the reference population, projected to the reference date
**without** migration (:mod:`praksisplan.forecast.cohort`), and compared with the measured
population at the reference date (the history's own figures for that year when it has them,
else the dataset's population) band by band. The annual rate of band ``g`` is
``(measured / projected) ** (1 / years) − 1``.

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


def to_sexes(persons: FloatArray, has_sex: bool, bands: list[str], base: FloatArray) -> FloatArray:
    """A table without sex (all on row 0) split by the base's sex shares within each band."""
    if has_sex:
        return persons
    base_bands = base @ band_matrix(bands).T  # (m, 2, b)
    both = base_bands.sum(axis=1, keepdims=True)
    share = np.where(both > 0, base_bands / np.where(both > 0, both, 1.0), 0.5)
    return np.asarray(persons[:, :1, :] * share)


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
    fallback = np.broadcast_to(survivors(parameters.mortality)[None], base.shape)
    start_ages = split_by_shape(to_sexes(persons, has_sex, bands, base), bands, base, fallback)
    years = reference_year - start
    rates = Rates.from_parameters(parameters, zero)
    projected = project(start_ages, rates, years)[-1].population
    membership = band_matrix(bands)
    projected_bands = (projected @ membership.T).sum(axis=1)  # (m, b)
    if reference_year in past and past[reference_year][0] == bands:
        measured_bands = past[reference_year][1].sum(axis=1)
    else:
        measured_bands = (base @ membership.T).sum(axis=1)
    ok = (projected_bands > 0) & (measured_bands > 0)
    ratio = np.where(ok, measured_bands / np.where(ok, projected_bands, 1.0), 1.0)
    band_rate = ratio ** (1.0 / years) - 1.0  # (m, b)

    long_start = min((y for y, (b, _, _) in past.items() if b == [TOTAL_BAND]), default=None)
    if long_start is not None and long_start < start:
        measured = measured_bands.sum(axis=1)
        natural = (projected.sum(axis=(1, 2)) / start_ages.sum(axis=(1, 2))) ** (1.0 / years)
        short = (measured / persons.sum(axis=(1, 2))) ** (1.0 / years) / natural - 1.0
        long_total = past[long_start][1].sum(axis=(1, 2))
        long = (measured / long_total) ** (1.0 / (reference_year - long_start)) / natural - 1.0
        shift = parameters.migration.long_run_weight * (long - short)
        band_rate = band_rate + np.where(np.isfinite(shift), shift, 0.0)[:, None]
    per_age = band_rate @ membership  # (m, ages)
    return np.asarray(np.repeat(per_age[:, None, :], 2, axis=1))
