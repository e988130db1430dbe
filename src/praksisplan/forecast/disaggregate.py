"""From municipalities to coverage areas and cells: each keeps its share of the band.

A unit's share of its municipality in each (sex, band) is its share at the reference date;
where the municipality had nobody in a (sex, band), the unit's share of the municipality's
persons is used, and where it had nobody at all, the municipality's units share evenly. The
shares of a municipality's units sum to 1, so the municipal totals are met exactly.
"""

from __future__ import annotations

import numpy as np

from praksisplan.core.dataset import Dataset
from praksisplan.forecast.demography import FloatArray
from praksisplan.forecast.population import PopulationForecast
from praksisplan.forecast.tables import base_by_band, municipality_of


def unit_shares(dataset: Dataset, column: str) -> FloatArray:
    """``(units, 2, bands)``: each unit's share of its municipality (see module)."""
    own = base_by_band(dataset, column)
    muni = municipality_of(dataset, column)
    n_muni = len(dataset.municipalities)
    totals = np.zeros((n_muni, *own.shape[1:]))
    np.add.at(totals, muni, own)
    unit_total = own.sum(axis=(1, 2))
    muni_total = np.bincount(muni, weights=unit_total, minlength=n_muni)
    count = np.bincount(muni, minlength=n_muni).astype(float)
    overall = np.where(
        muni_total[muni] > 0, unit_total / np.where(muni_total > 0, muni_total, 1.0)[muni], 0.0
    )
    overall = np.where(muni_total[muni] > 0, overall, 1.0 / np.maximum(count[muni], 1.0))
    denominator = totals[muni]
    return np.where(
        denominator > 0,
        own / np.where(denominator > 0, denominator, 1.0),
        overall[:, None, None],
    )


def project_units(dataset: Dataset, forecast: PopulationForecast, column: str) -> FloatArray:
    """Projected persons ``(years, units, 2, bands)`` of areas (``"area_id"``) or cells."""
    shares = unit_shares(dataset, column)
    muni = municipality_of(dataset, column)
    return np.asarray(forecast.persons[:, muni] * shares[None])
