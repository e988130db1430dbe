"""Home-visit reach from an assignment: how far patients live from their own GP.

The home-visit duty applies within :data:`HOME_VISIT_KM`; Midtjylland measured its home
visits at 65 % within 5 km, 85 % within 9 km and 2 % beyond 17 km, so the distance bands
are :data:`DISTANCE_BANDS_KM`. Ratios are of summed patients (never means of shares).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from praksisplan.travel.assignment import Assignment

FloatArray = npt.NDArray[np.float64]
HOME_VISIT_KM = 15.0
DISTANCE_BANDS_KM = (5.0, 9.0, 15.0, 17.0)
#: Midtjylland 2015–17: share of home visits within 5 and 9 km, beyond 17 km.
MIDTJYLLAND_SHARES = {"within_5_km": 0.65, "within_9_km": 0.85, "beyond_17_km": 0.02}


def _band_columns(
    assignment: Assignment, unit: npt.NDArray[np.intp], n_units: int
) -> dict[str, FloatArray]:
    """Per unit (of each pair's cell): patients, patients within each band and beyond 15 km,
    and unplaced patients are left to the caller."""
    patients = assignment.patients
    km = assignment.od.cost / 1000.0
    pair_unit = unit[assignment.od.origin]
    known = pair_unit >= 0

    def total(weights: FloatArray) -> FloatArray:
        return np.bincount(pair_unit[known], weights[known], n_units).astype(np.float64)

    out = {"patients": total(patients)}
    for band in DISTANCE_BANDS_KM:
        out[f"within_{band:g}_km"] = total(np.where(km <= band, patients, 0.0))
    out[f"beyond_{HOME_VISIT_KM:g}_km"] = total(np.where(km > HOME_VISIT_KM, patients, 0.0))
    return out


def reach_by_unit(
    assignment: Assignment, cell_unit: npt.NDArray[np.intp], units: pd.Index
) -> pd.DataFrame:
    """Per unit (cells' areas, municipalities …): patients, shares within 5 / 9 / 15 / 17 km,
    share beyond 17 km, and the patients beyond 15 km of their GP."""
    sums = _band_columns(assignment, cell_unit, len(units))
    patients = sums["patients"]
    frame = pd.DataFrame({"patients": np.round(patients).astype(np.int64)}, index=units)
    with np.errstate(invalid="ignore", divide="ignore"):
        for band in DISTANCE_BANDS_KM:
            frame[f"share_within_{band:g}_km"] = sums[f"within_{band:g}_km"] / patients
        frame["share_beyond_17_km"] = 1.0 - sums["within_17_km"] / patients
    frame[f"patients_beyond_{HOME_VISIT_KM:g}_km"] = np.round(
        sums[f"beyond_{HOME_VISIT_KM:g}_km"]
    ).astype(np.int64)
    return frame


def region_shares(assignment: Assignment) -> dict[str, float]:
    """The region's shares within 5 / 9 / 15 / 17 km and beyond 17 km (placed patients)."""
    row = reach_by_unit(
        assignment, np.zeros(assignment.od.n_origins, dtype=np.intp), pd.Index(["region"])
    ).iloc[0]
    return {str(k): float(v) for k, v in row.items() if str(k).startswith("share_")}


@dataclass(frozen=True)
class Catchment:
    """A practice's estimated patients and their distances (km)."""

    patients: float
    median_km: float
    p90_km: float
    beyond_home_visit: float


def practice_catchments(assignment: Assignment) -> list[Catchment]:
    """Per practice (destination order): patients, weighted median and 90th percentile of
    their distance, patients beyond 15 km."""
    od = assignment.od
    order = np.lexsort((od.cost, od.dest))
    dest, cost, patients = od.dest[order], od.cost[order] / 1000.0, assignment.patients[order]
    bounds = np.searchsorted(dest, np.arange(od.n_destinations + 1))
    out = []
    for p in range(od.n_destinations):
        c, w = cost[bounds[p] : bounds[p + 1]], patients[bounds[p] : bounds[p + 1]]
        total = float(w.sum())
        if total <= 0:
            out.append(Catchment(0.0, float("nan"), float("nan"), 0.0))
            continue
        cumulative = np.cumsum(w) / total
        median = float(c[np.searchsorted(cumulative, 0.5 - 1e-12)])
        p90 = float(c[np.searchsorted(cumulative, 0.9 - 1e-12)])
        out.append(Catchment(total, median, p90, float(w[c > HOME_VISIT_KM].sum())))
    return out
