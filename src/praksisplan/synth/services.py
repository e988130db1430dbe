"""Synthetic daytime GP services (*ydelser*) for a dataset's population.

Calibrated to the published orders of magnitude: about seven daytime services per citizen a
year, rising with age (children and young adults fewer, the over-80s about three times the
average), growing 1.5 % a year; of them roughly 60 % consultations, 20 % e-consultations,
17 % phone consultations and the rest home visits, with e-consultations growing year by
year. Each municipality gets its own level (±15 %), so services per capacity vary between
municipalities about as much as Sjælland's 7,163–10,500 examples do (1.4 times); their level
is services per citizen × citizens per capacity, higher in the demo (1,582 citizens a
capacity) than in those examples (docs/reports.md).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.core.manifest import parse_age_band
from praksisplan.core.schema import ServiceType

#: Services per person and year by age (piecewise linear between these points).
_RATE_BY_AGE = ((0, 5.0), (15, 3.6), (30, 4.8), (50, 6.4), (65, 9.0), (80, 13.5), (95, 15.0))
#: Share of each type in the first year and its change per year.
_TYPE_SHARES: dict[ServiceType, tuple[float, float]] = {
    ServiceType.CONSULTATION: (0.62, -0.008),
    ServiceType.E_CONSULTATION: (0.18, 0.010),
    ServiceType.PHONE: (0.17, -0.002),
    ServiceType.HOME_VISIT: (0.03, 0.0),
}
_WOMEN_FACTOR, _MEN_FACTOR = 1.12, 0.88
#: Growth of all services per year (more e-consultations, an older population).
_GROWTH_PER_YEAR = 0.015


def _rate(age_band: str) -> float:
    low, high = parse_age_band(age_band)
    middle = low + 2 if high is None else (low + high) / 2
    ages, rates = zip(*_RATE_BY_AGE, strict=True)
    return float(np.interp(middle, ages, rates))


def synthesize_services(dataset: Dataset, years: list[int], seed: int) -> pd.DataFrame:
    """Services per municipality × year × age band × sex × type, for ``years``.

    The population is the dataset's (the same persons every year); the municipal level is
    drawn from ``seed`` so that every snapshot of a history gets the same municipalities'
    levels.
    """
    rng = np.random.default_rng(seed)
    persons = (
        dataset.population.merge(dataset.cells[["cell_id", "municipality_code"]], on="cell_id")
        .groupby(["municipality_code", "age_band", "sex"], observed=True)["persons"]
        .sum()
        .reset_index()
    )
    codes = sorted(dataset.municipalities["code"])
    level = dict(zip(codes, rng.uniform(0.85, 1.15, len(codes)), strict=True))
    base = (
        persons["persons"].to_numpy(dtype=float)
        * persons["age_band"].map(_rate).to_numpy()
        * np.where(persons["sex"].astype(str) == "F", _WOMEN_FACTOR, _MEN_FACTOR)
        * persons["municipality_code"].map(level).to_numpy()
    )
    frames = []
    for step, year in enumerate(years):
        for service_type, (share, change) in _TYPE_SHARES.items():
            frames.append(
                persons[["municipality_code", "age_band", "sex"]].assign(
                    year=year,
                    service_type=service_type.value,
                    services=np.rint(
                        base * (share + change * step) * (1 + _GROWTH_PER_YEAR * step)
                    ).astype(np.int64),
                )
            )
    columns = ["municipality_code", "year", "age_band", "sex", "service_type", "services"]
    return pd.concat(frames, ignore_index=True)[columns]
