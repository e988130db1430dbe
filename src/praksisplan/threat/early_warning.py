"""Early warning: project each area's supply with expected GP retirements.

Model (expected values, no recruitment):

* A GP aged ``a`` (``reference year − birth_year``) who works today is still working ``t`` years
  later with probability ``S(a, t) = (1 − F(a + t)) / (1 − F(a))``, where ``F`` is the rule
  set's cumulative retirement curve (share retired by each age, linear between the listed
  ages, 0 before the first). A GP older than the curve's 100 % age (``F(a) = 1``) is assumed to
  retire within the first year.
* A practice keeps the FTE-weighted share ``r_p(t) = Σ fte·S / Σ fte`` of its filled capacities
  and of its coverage-survey extra patients; a practice without GP records keeps all of them.
* An area keeps ``R(t) = Σ_p w_p·r_p(t) / Σ_p w_p`` of its supply, with ``w_p`` the practice's
  supply in patients (filled × norm + extra, ``engine.supply.practice_supply``), so its
  projected supply in percent of need is ``supply_pct_of_need × R(t) / G(t)``. With the rule
  set's ``early_warning.need = "fixed"`` need is held at the reference date (``G = 1``); with
  ``"forecast"`` ``G(t)`` is the area's growth in need-weighted persons from the population
  forecast (:mod:`praksisplan.forecast.need_growth`).
* ``years_until_red`` is the first ``t`` in ``0..horizon`` with projected supply below the
  threshold (0 = already below today), NaN when it stays above within the horizon.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.engine.supply import practice_supply
from praksisplan.threat.rules import EarlyWarning, RetirementCurve


def retired_share(ages: np.ndarray, curve: RetirementCurve) -> np.ndarray:
    """``F(age)``: the cumulative share retired by each age."""
    shares = np.asarray(curve.cumulative_retired, dtype=float)
    interpolated: np.ndarray = np.interp(
        ages.astype(float), np.asarray(curve.ages, dtype=float), shares, left=0.0, right=shares[-1]
    )
    return interpolated


def still_working(ages: np.ndarray, years: np.ndarray, curve: RetirementCurve) -> np.ndarray:
    """``S(a, t)`` as a ``len(ages) × len(years)`` matrix."""
    now = retired_share(ages, curve)[:, None]
    later = retired_share(ages[:, None] + years[None, :], curve)
    remaining = 1.0 - now
    with np.errstate(divide="ignore", invalid="ignore"):
        survival = np.where(remaining > 0, (1.0 - later) / remaining, 0.0)
    return np.where(years[None, :] == 0, 1.0, survival)


def project_supply_pct(
    dataset: Dataset,
    supply_pct_of_need: pd.Series,
    early_warning: EarlyWarning,
    need_growth: pd.DataFrame | None = None,
    supply: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Projected supply in % of need per area (rows) and year offset 0..horizon (columns);
    ``need_growth`` is ``G(t)`` in the same layout (None: need held fixed); ``supply`` is
    the dataset's :func:`~praksisplan.engine.supply.practice_supply`, when already known."""
    years = np.arange(early_warning.horizon_years + 1)
    gps = dataset.gps
    provider_of_gp = gps["provider_number"].astype(str).to_numpy()
    ages = dataset.reference_year - gps["birth_year"].to_numpy(dtype=np.int64)
    fte = gps["fte"].to_numpy(dtype=np.float64)
    kept_fte = pd.DataFrame(
        still_working(ages, years, early_warning.retirement) * fte[:, None],
        columns=years,
        index=provider_of_gp,
    )
    if supply is None:
        supply = practice_supply(dataset)
    practice_kept = (
        kept_fte.groupby(level=0)
        .sum()
        .div(pd.Series(fte, index=provider_of_gp).groupby(level=0).sum(), axis=0)
        .reindex(supply.index)
        .fillna(1.0)
    )
    weight = supply["supply_patients"].to_numpy(dtype=np.float64)
    area_of_practice = supply["area_id"].to_numpy()
    kept_supply = practice_kept.mul(weight, axis=0).groupby(area_of_practice).sum()
    total_supply = pd.Series(weight, index=area_of_practice).groupby(level=0).sum()
    retained = kept_supply.div(total_supply.where(total_supply > 0), axis=0)

    retained = retained.reindex(supply_pct_of_need.index).fillna(1.0)
    if need_growth is not None:
        growth = need_growth.reindex(index=retained.index, columns=retained.columns)
        retained = retained / growth.fillna(1.0)
    return retained.mul(supply_pct_of_need.astype(float), axis=0)


def years_until_below(projected_pct: pd.DataFrame, threshold_pct: float) -> pd.Series:
    """First year offset with projected supply below ``threshold_pct``; NaN if none."""
    below = projected_pct.to_numpy() < threshold_pct
    first = np.where(below.any(axis=1), below.argmax(axis=1), np.nan)
    return pd.Series(first.astype(float), index=projected_pct.index, name="years_until_red")
