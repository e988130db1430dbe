"""Recruitment in the supply forecast, on the tiny dataset with every GP retired after the
reference year, so that all later supply is recruits and follows by hand.

Vacant capacities by area: A1 none, A2 two (P003's and P004's), A3 one (region-held).
Capacities: A1 4 (P001 3, P002 1), A2 4 (P003 2, P004 2), A3 3 (P005, P006, the held one).
"""

from __future__ import annotations

import numpy as np
import pytest

from praksisplan.core.dataset import Dataset
from praksisplan.forecast.parameters import load_parameters
from praksisplan.forecast.supply import forecast_supply
from praksisplan.threat.rules import RetirementCurve

EVERYONE = RetirementCurve(ages=[20, 21], cumulative_retired=[1.0, 1.0])
NORM = 1_600
DRAWS = 4_000


@pytest.mark.parametrize(
    ("share_to_vacant", "shares"),
    [
        (1.0, (0.0, 2 / 3, 1 / 3)),
        (0.0, (4 / 11, 4 / 11, 3 / 11)),
        (0.5, (2 / 11, 17 / 33, 10 / 33)),  # halfway: (2/3 + 4/11) / 2 = 17/33 …
    ],
)
def test_recruits_are_placed_by_vacancy_and_capacity(
    tiny_dataset: Dataset, share_to_vacant: float, shares: tuple[float, float, float]
) -> None:
    rate = 3.0
    settings = load_parameters().supply.model_copy(
        update={"new_gps_per_year": rate, "share_to_vacant": share_to_vacant}
    )
    result = forecast_supply(tiny_dataset, EVERYONE, settings, 5, draws=DRAWS, seed=11)
    later = result.supply_patients[1:]  # (years 1..5, draws, areas): recruits only
    recruits = later.sum(axis=2) / NORM  # whole GPs in the region, per year and draw
    np.testing.assert_allclose(recruits, np.round(recruits), atol=1e-9)
    assert (np.diff(recruits, axis=0) >= 0).all()  # a recruit stays
    np.testing.assert_allclose(later, recruits[..., None] * NORM * np.array(shares), atol=1e-6)
    np.testing.assert_allclose(result.filled_capacities[1:], recruits[..., None] * shares)
    # a Poisson number a year: t years give t × 3 recruits on average (4 standard errors)
    for t in range(1, 6):
        mean = recruits[t - 1].mean()
        assert abs(mean - rate * t) < 4 * np.sqrt(rate * t / DRAWS), t


def test_no_recruitment_by_default(tiny_dataset: Dataset) -> None:
    result = forecast_supply(tiny_dataset, EVERYONE, load_parameters().supply, 3, draws=50)
    assert (result.supply_patients[1:] == 0).all()
