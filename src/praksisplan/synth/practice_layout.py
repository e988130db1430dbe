"""How a synthetic geography's GP capacities are laid out as practices.

Filled capacities go to the coverage areas by population, fewer per citizen where remote and
fewest in the shortage areas; remote municipalities get region-run clinics in their towns
nearest the city; the rest become ordinary practices of one or more capacities (more single
ones where remote); vacant capacities fall inside practices, more where remoteness is high.
:mod:`praksisplan.synth.supply` then places, names, lists and staffs them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from praksisplan.core.schema import OrgForm
from praksisplan.synth.allocation import highest_averages, largest_remainder
from praksisplan.synth.supply_targets import SupplyTargets

_REGION_RUN_CYCLE = (OrgForm.CONTRACT, OrgForm.REGION, OrgForm.NEAR)
_SINGLE_FORMS = (OrgForm.SOLO, OrgForm.SHARED, OrgForm.LICENCE, OrgForm.SATELLITE)
_SINGLE_FORM_P = np.array([0.85, 0.03, 0.06, 0.06])
_GROUP_SIZES = np.array([2, 3, 4, 5, 6])
_GROUP_SIZE_P = np.array([0.35, 0.3, 0.2, 0.1, 0.05])
_REGION_CLINIC_MAX = 6


@dataclass
class PracticeDraft:
    """A practice as laid out: its area, form, filled and vacant capacities; where it sits,
    its name, list and status are drawn afterwards."""

    area_id: str
    org_form: OrgForm
    filled: int
    vacant: int = 0


def _filled_per_area(
    areas: pd.DataFrame, shortage: np.ndarray, targets: SupplyTargets
) -> np.ndarray:
    """Filled capacities per area: by population, fewer per citizen where remote."""
    population = areas["population"].to_numpy(dtype=float)
    weights = (
        population
        * (1.0 - targets.supply_gradient * areas["remoteness"].to_numpy())
        * np.where(shortage, 1.0 - targets.shortage_supply_cut, 1.0)
    )
    guaranteed = (population >= targets.min_population_for_practice).astype(np.int64)
    if guaranteed.sum() > targets.filled_capacities:
        raise ValueError("fewer filled capacities than areas that need a practice")
    return highest_averages(targets.filled_capacities, weights, guaranteed)


def _region_run_per_area(
    areas: pd.DataFrame, filled: np.ndarray, shortage: np.ndarray, targets: SupplyTargets
) -> np.ndarray:
    """Region-run capacities per area: a share of each remote municipality's capacities.

    The clinics sit in the municipality's towns nearest the city (its least remote areas),
    never in a shortage area: they are where the region can recruit GPs.
    """
    frame = areas.assign(
        filled=filled,
        weighted=areas["remoteness"] * areas["population"],
        host_rank=np.where(shortage, -2.0, -areas["remoteness"].to_numpy()),
    )
    by_municipality = frame.groupby("municipality_code").agg(
        filled=("filled", "sum"), weighted=("weighted", "sum"), population=("population", "sum")
    )
    remoteness = by_municipality["weighted"] / by_municipality["population"].clip(lower=1)
    n_remote = max(1, round(targets.remote_municipality_fraction * len(by_municipality)))
    remote = remoteness.sort_values(ascending=False, kind="stable").index[:n_remote]
    region_run = np.zeros(len(areas), dtype=np.int64)
    position = {area_id: i for i, area_id in enumerate(areas.index)}
    for code in remote:
        muni_filled = int(by_municipality["filled"].loc[code])
        remaining = round(targets.region_run_share_remote * muni_filled)
        if muni_filled < 3 or remaining == 0:
            continue
        muni_areas = frame[frame["municipality_code"] == code].sort_values(
            "host_rank", ascending=False, kind="stable"
        )
        for area_id, row in muni_areas.iterrows():
            take = min(int(row["filled"]), remaining)
            region_run[position[str(area_id)]] = take
            remaining -= take
            if remaining == 0:
                break
    return region_run


def _ordinary_practices(
    area_id: str, capacities: int, remoteness: float, base: float, rng: np.random.Generator
) -> list[PracticeDraft]:
    practices: list[PracticeDraft] = []
    p_single = min(0.9, base + 0.4 * remoteness)
    while capacities > 0:
        # an area with two or more capacities has two or more practices
        largest = capacities if practices else capacities - 1
        if largest < 2 or rng.random() < p_single:
            form = _SINGLE_FORMS[rng.choice(len(_SINGLE_FORMS), p=_SINGLE_FORM_P)]
            practices.append(PracticeDraft(area_id, form, 1))
            capacities -= 1
            continue
        size = min(int(rng.choice(_GROUP_SIZES, p=_GROUP_SIZE_P)), largest)
        form = OrgForm.LICENCE if rng.random() < 0.06 else OrgForm.PARTNERSHIP
        practices.append(PracticeDraft(area_id, form, size))
        capacities -= size
    return practices


def _region_run_practices(area_id: str, capacities: int, first_index: int) -> list[PracticeDraft]:
    sizes = largest_remainder(capacities, np.ones(-(-capacities // _REGION_CLINIC_MAX)))
    return [
        PracticeDraft(area_id, _REGION_RUN_CYCLE[(first_index + i) % 3], int(size))
        for i, size in enumerate(sizes)
    ]


def build_practices(
    areas: pd.DataFrame, shortage: np.ndarray, targets: SupplyTargets, rng: np.random.Generator
) -> list[PracticeDraft]:
    """The practices of every area: its filled capacities (by population, fewer per citizen
    where remote and in the shortage areas ``shortage``), the region-run clinics of the
    remote municipalities, ordinary practices of one or more capacities, then the vacant
    capacities inside practices, more of them where remoteness is high."""
    filled = _filled_per_area(areas, shortage, targets)
    region_run = _region_run_per_area(areas, filled, shortage, targets)
    practices: list[PracticeDraft] = []
    n_region_run = 0
    for i, (area_id, row) in enumerate(areas.iterrows()):
        if region_run[i]:
            clinics = _region_run_practices(str(area_id), int(region_run[i]), n_region_run)
            n_region_run += len(clinics)
            practices += clinics
        practices += _ordinary_practices(
            str(area_id),
            int(filled[i] - region_run[i]),
            float(row["remoteness"]),
            targets.single_practice_base,
            rng,
        )
    # vacancies inside practices, more of them where remoteness is high
    practice_vacant = targets.vacant_capacities - targets.region_held_vacant
    area_weight = (areas["remoteness"].to_numpy() + 0.1) * filled
    per_area = largest_remainder(practice_vacant, area_weight)
    by_area: dict[str, list[PracticeDraft]] = {}
    for practice in practices:
        by_area.setdefault(practice.area_id, []).append(practice)
    for area_id, n_vacant in zip(areas.index, per_area, strict=True):
        candidates = by_area.get(str(area_id), [])
        for _ in range(int(n_vacant)):
            # a shared capacity (two GPs on one) rarely carries a vacancy
            sizes = np.array(
                [
                    (p.filled + p.vacant) * (0.05 if p.org_form is OrgForm.SHARED else 1.0)
                    for p in candidates
                ]
            )
            candidates[rng.choice(len(candidates), p=sizes / sizes.sum())].vacant += 1
    return practices
