"""Calibrating the supply model's entry and retirement parameters on a history of snapshots.

GPs keep their pseudonymous ``gp_id`` from snapshot to snapshot (the demo history,
``synth/history.py``; a region's own half-yearly snapshots), so between two consecutive
snapshots ``τ`` years apart:

* an **exit** is a GP of the earlier snapshot missing from the later one; the retirement
  curve ``F`` expects ``Σ_gp 1 − S(a, τ)`` exits (``S`` the conditional survival of
  :func:`praksisplan.threat.early_warning.still_working`, ``a`` the GP's age then);
* an **entry** is a GP of the later snapshot missing from the earlier one; the full-time
  equivalents entering per year estimate ``supply.new_gps_per_year``.

The curve is calibrated by a whole-year **age shift** ``δ``: ``F_δ(a) = F(a − δ)`` (GPs
retire ``δ`` years later than the curve says, earlier when negative), the ``δ`` in
``−MAX_SHIFT..MAX_SHIFT`` whose expected exits over the whole history come closest to the
observed ones (the smaller shift on a tie). Whole years keep the curve a valid rule-file
curve (its ages are integers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from praksisplan.core.dataset import Dataset
from praksisplan.forecast.parameters import ForecastError
from praksisplan.threat.early_warning import still_working
from praksisplan.threat.rules import RetirementCurve

MAX_SHIFT = 10


@dataclass(frozen=True)
class SupplyCalibration:
    """The history's observed exits and entries and the calibrated parameters."""

    years_observed: float
    gp_years: float
    exits: int
    expected_exits: float  # under the uncalibrated curve
    entries_fte: float
    new_gps_per_year: float
    age_shift: int
    expected_exits_shifted: float
    retirement: RetirementCurve


def shifted(curve: RetirementCurve, shift: int) -> RetirementCurve:
    """``F_δ(a) = F(a − δ)``: the curve's ages moved by ``shift`` years."""
    return RetirementCurve(
        ages=[a + shift for a in curve.ages], cumulative_retired=list(curve.cumulative_retired)
    )


def _years_between(earlier: Dataset, later: Dataset) -> float:
    """Years between the reference dates: whole months / 12, plus the days left / 365.25
    (so half-yearly snapshots on the 1st are exactly 0.5 years apart)."""
    a, b = earlier.manifest.reference_date, later.manifest.reference_date
    return ((b.year - a.year) * 12 + b.month - a.month) / 12 + (b.day - a.day) / 365.25


def expected_exits(history: Sequence[Dataset], curve: RetirementCurve) -> float:
    """Exits the curve expects between the consecutive snapshots of ``history``."""
    total = 0.0
    for earlier, later in pairwise(history):
        gps = earlier.gps
        ages = earlier.reference_year - gps["birth_year"].to_numpy(dtype=np.int64)
        tau = np.array([_years_between(earlier, later)])
        total += float((1.0 - still_working(ages, tau, curve)[:, 0]).sum())
    return total


def calibrate_supply(history: Sequence[Dataset], curve: RetirementCurve) -> SupplyCalibration:
    """Calibrate entries and the retirement curve's age shift on ``history`` (oldest first)."""
    if len(history) < 2:
        raise ForecastError("kalibreringen af udbuddet kræver mindst to øjebliksbilleder")
    pairs = list(pairwise(history))
    for earlier, later in pairs:
        if _years_between(earlier, later) <= 0:
            raise ForecastError(
                f"øjebliksbillederne skal stå i datoorden: {later.manifest.reference_date} "
                f"ligger ikke efter {earlier.manifest.reference_date}"
            )
    exits = 0
    entries = 0.0
    gp_years = 0.0
    for earlier, later in pairs:
        before = set(earlier.gps["gp_id"].astype(str))
        after = later.gps["gp_id"].astype(str)
        exits += len(before - set(after))
        entries += float(later.gps.loc[~after.isin(before).to_numpy(), "fte"].sum())
        gp_years += len(before) * _years_between(earlier, later)
    years = _years_between(history[0], history[-1])
    by_shift = {
        s: expected_exits(history, shifted(curve, s)) for s in range(-MAX_SHIFT, MAX_SHIFT + 1)
    }
    best = min(by_shift, key=lambda s: (abs(by_shift[s] - exits), abs(s)))
    return SupplyCalibration(
        years_observed=years,
        gp_years=gp_years,
        exits=exits,
        expected_exits=by_shift[0],
        entries_fte=entries,
        new_gps_per_year=entries / years,
        age_shift=best,
        expected_exits_shifted=by_shift[best],
        retirement=shifted(curve, best),
    )
