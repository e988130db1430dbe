"""Calibrating entries and the retirement curve's age shift on a hand-made history.

Curve: nobody retired at 60, all at 70, linear between, so ``F(a) = (a − 60) / 10``. On
1 January 2026 three GPs work: aged 50, 65 and 68; a year later the 68-year-old has left and
two GPs joined (0.5 and 1.0 FTE). The curve expects ``S = (1 − F(a + 1)) / (1 − F(a))``:
aged 50 → 0 exits, 65 → 1 − 0.4/0.5 = 0.2, 68 → 1 − 0.1/0.2 = 0.5; 0.7 exits against 1
observed. Shifted one year earlier (δ = −1, ``F(a + 1)``): 65 → 1 − 0.3/0.4 = 0.25, 68 →
F(69) = 0.9, F(70) = 1 → 1; 1.25 exits, the closest to 1 (δ = −2 gives 1 + 1/3).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest

from praksisplan.core.dataset import Dataset
from praksisplan.forecast.calibration import calibrate_supply, expected_exits, shifted
from praksisplan.forecast.parameters import ForecastError
from praksisplan.threat.rules import RetirementCurve

CURVE = RetirementCurve(ages=[60, 70], cumulative_retired=[0.0, 1.0])


def _at(dataset: Dataset, date: dt.date, gps: list[tuple[str, int, float]]) -> Dataset:
    provider = str(dataset.practices["provider_number"].iloc[0])
    frame = pd.DataFrame(
        [
            {"gp_id": g, "provider_number": provider, "birth_year": b, "role": "owner", "fte": f}
            for g, b, f in gps
        ]
    )
    manifest = dataset.manifest.model_copy(update={"reference_date": date})
    return replace(dataset, manifest=manifest, gps=frame)


def _history(tiny_dataset: Dataset) -> list[Dataset]:
    first = [("A", 1976, 1.0), ("B", 1961, 1.0), ("C", 1958, 1.0)]
    second = [("A", 1976, 1.0), ("B", 1961, 1.0), ("D", 1990, 0.5), ("E", 1985, 1.0)]
    return [
        _at(tiny_dataset, dt.date(2026, 1, 1), first),
        _at(tiny_dataset, dt.date(2027, 1, 1), second),
    ]


def test_exits_entries_and_the_age_shift_match_the_hand_computation(
    tiny_dataset: Dataset,
) -> None:
    history = _history(tiny_dataset)
    assert expected_exits(history, CURVE) == pytest.approx(0.7)
    assert expected_exits(history, shifted(CURVE, -2)) == pytest.approx(1 + 1 / 3)
    result = calibrate_supply(history, CURVE)
    assert result.years_observed == 1.0
    assert (result.exits, result.entries_fte, result.new_gps_per_year) == (1, 1.5, 1.5)
    assert result.gp_years == 3.0
    assert result.expected_exits == pytest.approx(0.7)
    assert result.age_shift == -1
    assert result.expected_exits_shifted == pytest.approx(1.25)
    assert result.retirement.ages == [59, 69]


def test_a_history_needs_two_snapshots_in_date_order(tiny_dataset: Dataset) -> None:
    history = _history(tiny_dataset)
    with pytest.raises(ForecastError, match="mindst to"):
        calibrate_supply(history[:1], CURVE)
    with pytest.raises(ForecastError, match="datoorden"):
        calibrate_supply(history[::-1], CURVE)
