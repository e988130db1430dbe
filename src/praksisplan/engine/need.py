"""Need weights: relative GP use per age band and sex, and age-band arithmetic.

The default weights are Norway's 2023 GP consultations per person per year (Statistics
Norway, SSB) divided by the all-ages rate, times the sex ratio of use:
``weight(band, sex) = mean_rate(band) / 3.0 × (1.2 for women, 0.8 for men)``.
The SSB bands (0–5, 6–15, …) do not line up with a dataset's bands (FOLK1A 0–4, 5–9, …),
so a dataset band's rate is the mean of the SSB rates of its single years of age. A
dataset's own ``demand_weights`` table, when present, replaces the default entirely.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from praksisplan.core.errors import PraksisplanError
from praksisplan.core.manifest import parse_age_band
from praksisplan.core.schema import Sex

#: SSB 2023: GP consultations per person per year by age, ``(first_age, last_age, rate)``.
SSB_2023_CONSULTATION_RATES: tuple[tuple[int, int | None, float], ...] = (
    (0, 5, 1.9),
    (6, 15, 1.4),
    (16, 19, 2.4),
    (20, 29, 2.6),
    (30, 49, 3.2),
    (50, 66, 3.5),
    (67, 79, 3.9),
    (80, 89, 4.8),
    (90, None, 3.5),
)
#: SSB 2023 all-ages rate, the divisor that makes the average person weigh about 1.
SSB_2023_ALL_AGES_RATE = 3.0
#: SSB 2023 rates of women (3.6) and men (2.4) relative to the all-ages rate.
SEX_FACTORS: dict[Sex, float] = {Sex.FEMALE: 3.6 / 3.0, Sex.MALE: 2.4 / 3.0}
#: Order of the sex axis in weight matrices.
SEX_ORDER: tuple[Sex, ...] = (Sex.FEMALE, Sex.MALE)
#: The highest single age the band arithmetic resolves; open bands count from their start.
_LAST_RESOLVED_AGE = 120


def _ssb_rate_at(age: int) -> float:
    for low, high, rate in SSB_2023_CONSULTATION_RATES:
        if age >= low and (high is None or age <= high):
            return rate
    raise AssertionError(f"no SSB rate for age {age}")  # pragma: no cover - table is total


def _ages_of(band: str) -> range:
    low, high = parse_age_band(band)
    # an open band ("90+") is represented by its first age: its weight is the rate there.
    return range(low, low + 1) if high is None else range(low, high + 1)


def default_need_weights(age_bands: Sequence[str]) -> npt.NDArray[np.float64]:
    """Default weights as a ``(len(age_bands), 2)`` matrix, columns in :data:`SEX_ORDER`."""
    band_rate = np.array([np.mean([_ssb_rate_at(a) for a in _ages_of(b)]) for b in age_bands])
    sex = np.array([SEX_FACTORS[s] for s in SEX_ORDER])
    return np.outer(band_rate / SSB_2023_ALL_AGES_RATE, sex)


def need_weights(age_bands: Sequence[str], demand_weights: pd.DataFrame) -> npt.NDArray[np.float64]:
    """The weight matrix to use: the dataset's ``demand_weights`` table if given, else the default.

    A user table must give a weight for every (age band, sex) of the dataset.
    """
    if len(demand_weights) == 0:
        return default_need_weights(age_bands)
    table = demand_weights.assign(sex=demand_weights["sex"].astype(str))
    lookup = table.set_index(["age_band", "sex"])["weight"].astype(float)
    missing = [
        f"{band}/{sex.value}"
        for band in age_bands
        for sex in SEX_ORDER
        if (band, sex.value) not in lookup.index
    ]
    if missing:
        raise PraksisplanError(
            "demand_weights: mangler vægt for aldersgruppe/køn " + ", ".join(missing[:10])
        )
    return np.array([[lookup[(band, sex.value)] for sex in SEX_ORDER] for band in age_bands])


def share_of_band_in_ages(band: str, first: int, last: int | None) -> float:
    """Share of a band's single years of age that lie in ``first..last`` (``None`` = no end).

    Persons are taken as spread evenly over the band's years; an open band ("90+") counts
    as the ages from its start to 120, so it lies wholly above any threshold ≤ its start.
    """
    low, high = parse_age_band(band)
    top = _LAST_RESOLVED_AGE if high is None else high
    upper = top if last is None else min(top, last)
    inside = max(0, upper - max(low, first) + 1)
    return inside / (top - low + 1)
