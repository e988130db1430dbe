"""GP supply per coverage area and year: retirements drawn Monte Carlo, recruitment added.

For draw ``d`` every GP gets one uniform number ``U``; a GP aged ``a`` at the reference date
still works ``t`` years later while ``U < S(a, t)``, the threat rules' retirement survival
(:func:`praksisplan.threat.early_warning.still_working`), so the share still working matches
the curve in expectation and a retired GP stays retired. A practice keeps the FTE-weighted
share of its GPs still working of its filled capacities and of its survey extra patients (a
practice without GP records keeps all), as in the early warning. Recruitment: a Poisson
number of new full-time GPs per year in the region, placed in proportion to each area's
vacant capacities (``share_to_vacant``) and otherwise to its capacities; each adds one
filled capacity at the dataset's norm. Draws are one matrix; the only loop is over years.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from praksisplan.core.dataset import Dataset
from praksisplan.engine.supply import practice_supply, region_held_vacancies
from praksisplan.forecast.demography import FloatArray
from praksisplan.forecast.parameters import ForecastError, Supply
from praksisplan.threat.early_warning import still_working
from praksisplan.threat.rules import RetirementCurve


@dataclass(frozen=True)
class SupplyForecast:
    """Per year, draw and area (``(years, draws, areas)``): supply in patients and filled
    capacities; ``capacities`` per area (constant: capacities belong to their area)."""

    area_ids: list[str]
    supply_patients: FloatArray
    filled_capacities: FloatArray
    capacities: FloatArray


def forecast_supply(
    dataset: Dataset,
    curve: RetirementCurve,
    settings: Supply,
    years: int,
    draws: int | None = None,
    seed: int | None = None,
) -> SupplyForecast:
    """Supply for year offsets ``0..years`` (see module)."""
    n_draws = settings.draws if draws is None else draws
    if n_draws <= 0:
        raise ForecastError(f"--draws {n_draws}: antallet af træk skal være mindst 1")
    rng = np.random.default_rng(settings.seed if seed is None else seed)
    area_ids = [str(a) for a in dataset.coverage_areas["area_id"]]
    area_index = pd.Index(area_ids)
    practices = practice_supply(dataset)
    area_of_practice = area_index.get_indexer(pd.Index(practices["area_id"]))
    n_practices, n_areas = len(practices), len(area_ids)
    to_area = sparse.csr_matrix(
        (np.ones(n_practices), (np.arange(n_practices), area_of_practice)),
        shape=(n_practices, n_areas),
    )

    gps = dataset.gps
    gp_practice = pd.Index(practices.index).get_indexer(
        pd.Index(gps["provider_number"].astype(str))
    )
    listed = gp_practice >= 0
    fte = gps["fte"].to_numpy(dtype=np.float64)[listed]
    ages = dataset.reference_year - gps["birth_year"].to_numpy(dtype=np.int64)[listed]
    practice_fte = np.bincount(gp_practice[listed], weights=fte, minlength=n_practices)
    has_gps = practice_fte > 0
    # share of a practice's FTE one GP carries, as a (GPs × practices) matrix
    carried = sparse.csr_matrix(
        (fte / practice_fte[gp_practice[listed]], (np.arange(len(fte)), gp_practice[listed])),
        shape=(len(fte), n_practices),
    )
    survival = still_working(ages, np.arange(years + 1), curve)  # (GPs, years)
    uniform = rng.random((n_draws, len(fte)))

    supply_weight = practices["supply_patients"].to_numpy(dtype=np.float64)
    filled_weight = practices["filled_capacities"].to_numpy(dtype=np.float64)
    held = region_held_vacancies(dataset)
    held_by_area = np.bincount(
        area_index.get_indexer(pd.Index(held["area_id"])),
        weights=held["vacant_capacities"].to_numpy(),
        minlength=n_areas,
    )
    capacities = to_area.T @ practices["capacities"].to_numpy(dtype=np.float64) + held_by_area
    vacant = to_area.T @ practices["vacant_capacities"].to_numpy(dtype=np.float64) + held_by_area
    placement = _placement(vacant, capacities, settings.share_to_vacant)
    yearly = rng.poisson(settings.new_gps_per_year, (n_draws, years + 1))
    yearly[:, 0] = 0  # none at the reference date: year t has had t years of recruitment
    recruits = np.cumsum(yearly, axis=1)
    norm = float(dataset.manifest.rules.norm)

    supply = np.empty((years + 1, n_draws, n_areas))
    filled = np.empty((years + 1, n_draws, n_areas))
    for t in range(years + 1):
        working = (uniform < survival[None, :, t]).astype(np.float64)
        kept = np.asarray(working @ carried)  # (draws, practices)
        kept[:, ~has_gps] = 1.0
        added = recruits[:, t, None] * placement[None, :]
        supply[t] = np.asarray((kept * supply_weight) @ to_area) + added * norm
        filled[t] = np.asarray((kept * filled_weight) @ to_area) + added
    return SupplyForecast(area_ids, supply, filled, np.asarray(capacities))


def _placement(vacant: FloatArray, capacities: FloatArray, share_to_vacant: float) -> FloatArray:
    """Share of the region's recruits placed in each area."""
    by_capacity = capacities / capacities.sum() if capacities.sum() > 0 else capacities * 0
    by_vacancy = vacant / vacant.sum() if vacant.sum() > 0 else by_capacity
    return np.asarray(share_to_vacant * by_vacancy + (1.0 - share_to_vacant) * by_capacity)
