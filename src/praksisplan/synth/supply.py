"""Synthetic GP supply for a geography: practices, GPs, vacancies, survey and beds.

One generator serves the demo region and the Danish import: the caller describes the
coverage areas (population, remoteness, postcodes) and the populated cells, and gives the
calibration targets in a :class:`SupplyTargets`. The generator meets the totals exactly
(capacities, filled, vacant, region-held vacant, listed patients) and the shares of GPs in
closed and selective practices and aged 60+ as closely as whole GPs allow.

Shortage is concentrated in the *shortage areas*: the most remote areas holding a small
share of the citizens. There capacities per citizen are lowest, lists longest, every
ordinary practice is closed, most GPs are 60+ and the region holds capacities it cannot
fill. Elsewhere each area keeps practices open to its citizens (region-run clinics are
open; selective practices are open to their area's postcodes), so closed practices gather
where lists are fullest among the rest — in the city too — and open practices answer the
coverage survey with extra patients beyond the norm.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from praksisplan.core.schema import (
    REGION_RUN_FORMS,
    GpRole,
    OrgForm,
    PracticeStatus,
)
from praksisplan.synth.allocation import highest_averages, largest_remainder


@dataclass(frozen=True)
class SupplyTargets:
    """Calibration targets of the synthetic supply (totals are met exactly)."""

    filled_capacities: int
    vacant_capacities: int  # in practices plus region-held
    region_held_vacant: int  # of vacant_capacities, held by the region outside practices
    patients_per_filled_capacity: float
    share_gps_closed: float
    share_gps_selective: float
    share_gps_60plus: float
    #: chance that a new ordinary practice is a single-capacity one, in the least remote
    #: area (rising by 0.4 to the most remote, at most 0.9): fewer, larger practices when low
    single_practice_base: float = 0.3
    #: share of filled capacities in region-run clinics in the most remote municipalities
    region_run_share_remote: float = 0.29
    #: fraction of municipalities (most remote first) that get region-run clinics
    remote_municipality_fraction: float = 0.25
    #: areas with at least this many inhabitants get at least one practice
    min_population_for_practice: int = 400
    #: the most remote areas holding this share of the citizens are shortage areas: no
    #: practice is kept open there, and the region holds its vacant capacities there
    shortage_population_share: float = 0.075
    #: capacities per citizen are this fraction lower in the shortage areas ...
    shortage_supply_cut: float = 0.3
    #: ... and fall by this fraction from the least to the most remote area
    supply_gradient: float = 0.1
    #: practices per area (outside shortage areas) kept open to the area's citizens
    kept_open_per_area: int = 2
    #: ... and at least this share of the area's GPs
    kept_open_share: float = 0.21
    #: relative weight of GPs aged 60+ by remoteness, (remoteness, weight) points with
    #: linear interpolation: established city practices, young GPs in the towns around the
    #: city, and in the remotest areas GPs who find no successor
    old_gp_weight_by_remoteness: tuple[tuple[float, float], ...] = (
        (0.0, 1.3),
        (0.25, 1.3),
        (0.4, 1.0),
        (0.7, 1.0),
        (0.8, 4.0),
        (1.0, 12.0),
    )
    #: practices answering the coverage survey (lægedækningshøring) with extra patients
    survey_practices: int = 6
    #: each answer offers 100, 200, … up to this many hundred extra patients per capacity
    survey_max_extra_hundreds: int = 5
    provider_prefix: str = "Y"
    gp_prefix: str = "L"


@dataclass(frozen=True)
class SupplyTables:
    practices: pd.DataFrame
    gps: pd.DataFrame
    region_vacancies: pd.DataFrame
    coverage_survey: pd.DataFrame
    temporary_beds: pd.DataFrame


_FORM_LABEL_DA: dict[OrgForm, str] = {
    OrgForm.SOLO: "Lægen",
    OrgForm.PARTNERSHIP: "Lægerne",
    OrgForm.SHARED: "Delepraksis",
    OrgForm.CONTRACT: "Udbudsklinik",
    OrgForm.REGION: "Regionsklinik",
    OrgForm.NEAR: "Nærklinik",
    OrgForm.LICENCE: "Licensklinik",
    OrgForm.SATELLITE: "Satellitpraksis",
}
_REGION_RUN_CYCLE = (OrgForm.CONTRACT, OrgForm.REGION, OrgForm.NEAR)
_SINGLE_FORMS = (OrgForm.SOLO, OrgForm.SHARED, OrgForm.LICENCE, OrgForm.SATELLITE)
_SINGLE_FORM_P = np.array([0.85, 0.03, 0.06, 0.06])
_GROUP_SIZES = np.array([2, 3, 4, 5, 6])
_GROUP_SIZE_P = np.array([0.35, 0.3, 0.2, 0.1, 0.05])
_REGION_CLINIC_MAX = 6


@dataclass
class _Practice:
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


def _shortage_areas(areas: pd.DataFrame, targets: SupplyTargets) -> np.ndarray:
    """Mask of the shortage areas: the most remote, holding the target share of citizens."""
    population = areas["population"].to_numpy(dtype=float)
    order = np.argsort(-areas["remoteness"].to_numpy(), kind="stable")
    return _choose_by_rank(order, population, targets.shortage_population_share * population.sum())


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
) -> list[_Practice]:
    practices: list[_Practice] = []
    p_single = min(0.9, base + 0.4 * remoteness)
    while capacities > 0:
        # an area with two or more capacities has two or more practices
        largest = capacities if practices else capacities - 1
        if largest < 2 or rng.random() < p_single:
            form = _SINGLE_FORMS[rng.choice(len(_SINGLE_FORMS), p=_SINGLE_FORM_P)]
            practices.append(_Practice(area_id, form, 1))
            capacities -= 1
            continue
        size = min(int(rng.choice(_GROUP_SIZES, p=_GROUP_SIZE_P)), largest)
        form = OrgForm.LICENCE if rng.random() < 0.06 else OrgForm.PARTNERSHIP
        practices.append(_Practice(area_id, form, size))
        capacities -= size
    return practices


def _region_run_practices(area_id: str, capacities: int, first_index: int) -> list[_Practice]:
    sizes = largest_remainder(capacities, np.ones(-(-capacities // _REGION_CLINIC_MAX)))
    return [
        _Practice(area_id, _REGION_RUN_CYCLE[(first_index + i) % 3], int(size))
        for i, size in enumerate(sizes)
    ]


def _build_practices(
    areas: pd.DataFrame, shortage: np.ndarray, targets: SupplyTargets, rng: np.random.Generator
) -> list[_Practice]:
    filled = _filled_per_area(areas, shortage, targets)
    region_run = _region_run_per_area(areas, filled, shortage, targets)
    practices: list[_Practice] = []
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
    by_area: dict[str, list[_Practice]] = {}
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


def _region_vacancies(
    areas: pd.DataFrame,
    shortage: np.ndarray,
    targets: SupplyTargets,
    reference_date: dt.date,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Capacities the region holds vacant: two each in the most remote shortage areas."""
    total = targets.region_held_vacant
    columns = ["area_id", "vacant_capacities", "advertised_since"]
    if total == 0:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    candidates = areas[shortage] if shortage.any() else areas
    n_rows = min(len(candidates), -(-total // 2))
    chosen = candidates.sort_values("remoteness", ascending=False, kind="stable").head(n_rows)
    vacant = largest_remainder(total, np.ones(n_rows))
    days = 60 + 520 * chosen["remoteness"].to_numpy() ** 3 + rng.integers(0, 90, n_rows)
    return pd.DataFrame(
        {
            "area_id": chosen.index.astype(str),
            "vacant_capacities": vacant.astype(float),
            "advertised_since": [reference_date - dt.timedelta(days=int(d)) for d in days],
        }
    )[vacant > 0].reset_index(drop=True)


def _choose_by_rank(order: np.ndarray, gps: np.ndarray, target: float) -> np.ndarray:
    """Mask of the prefix of ``order`` whose GP count comes nearest to ``target``."""
    cumulative = np.cumsum(gps[order])
    n_taken = int(np.argmin(np.abs(np.concatenate([[0], cumulative]) - target)))
    mask = np.zeros(len(gps), dtype=bool)
    mask[order[:n_taken]] = True
    return mask


def synthesize_supply(
    areas: pd.DataFrame,
    cells: pd.DataFrame,
    targets: SupplyTargets,
    reference_date: dt.date,
    rng: np.random.Generator,
) -> SupplyTables:
    """Practices, GPs, region vacancies, survey answers and temporary beds for a geography.

    ``areas`` is indexed by area_id with columns ``name``, ``municipality_code``,
    ``population`` and ``remoteness`` (0 = central … 1 = most remote). ``cells`` has
    ``cell_id, x, y, postcode, area_id, municipality_code, persons``; practices are placed at
    populated cells of their area (denser cells preferred).
    """
    shortage = _shortage_areas(areas, targets)
    practices = _build_practices(areas, shortage, targets, rng)
    remoteness = areas["remoteness"]
    cells_by_area = {str(k): v for k, v in cells[cells["persons"] > 0].groupby("area_id")}

    # location and postcodes
    xs, ys, postcodes, open_postcodes, municipalities = [], [], [], [], []
    for practice in practices:
        area_cells = cells_by_area[practice.area_id]
        weights = area_cells["persons"].to_numpy(dtype=float) ** 1.5
        cell = area_cells.iloc[int(rng.choice(len(area_cells), p=weights / weights.sum()))]
        xs.append(float(cell["x"]))
        ys.append(float(cell["y"]))
        postcodes.append(str(cell["postcode"]))
        area_postcodes = area_cells.groupby("postcode")["persons"].sum()
        nearby = area_postcodes.sort_values(ascending=False).index[:4]
        open_postcodes.append(" ".join(sorted({str(cell["postcode"]), *map(str, nearby)})))
        municipalities.append(str(cell["municipality_code"]))

    filled = np.array([p.filled for p in practices])
    area_rem = remoteness.loc[[p.area_id for p in practices]].to_numpy()
    n_gps = np.array([2 if p.org_form is OrgForm.SHARED else p.filled for p in practices])

    # listed patients: the area's citizens over its filled capacities, with practice noise
    area_population = areas["population"].loc[[p.area_id for p in practices]].to_numpy()
    area_filled = pd.Series(filled).groupby([p.area_id for p in practices]).transform("sum")
    ratio = area_population / area_filled.to_numpy() * rng.lognormal(0.0, 0.08, len(practices))
    ratio = np.clip(ratio, 0.35 * np.median(ratio), 1.45 * np.median(ratio))
    total_listed = round(targets.patients_per_filled_capacity * targets.filled_capacities)
    listed = largest_remainder(total_listed, filled * ratio)

    in_shortage = pd.Series(shortage, index=areas.index).loc[[p.area_id for p in practices]]
    status = _statuses(practices, listed / filled, n_gps, area_rem, in_shortage.to_numpy(), targets)

    provider_numbers = [f"{targets.provider_prefix}{i + 1:05d}" for i in range(len(practices))]
    names = _practice_names(practices, areas["name"])
    practices_frame = pd.DataFrame(
        {
            "provider_number": provider_numbers,
            "name": names,
            "x": xs,
            "y": ys,
            "postcode": postcodes,
            "org_form": [str(p.org_form) for p in practices],
            "capacities": (filled + [p.vacant for p in practices]).astype(float),
            "vacant_capacities": np.array([p.vacant for p in practices], dtype=float),
            "listed_patients": listed.astype(np.int64),
            "status": [str(s) for s in status],
            "open_postcodes": [
                codes if s == PracticeStatus.SELECTIVE else None
                for codes, s in zip(open_postcodes, status, strict=True)
            ],
            "norm_override": pd.array([None] * len(practices), dtype="Int64"),
            "area_id": [p.area_id for p in practices],
            "municipality_code": municipalities,
        }
    )
    gps = _gps(practices, provider_numbers, n_gps, area_rem, targets, reference_date, rng)
    return SupplyTables(
        practices=practices_frame,
        gps=gps,
        region_vacancies=_region_vacancies(areas, shortage, targets, reference_date, rng),
        coverage_survey=_coverage_survey(practices_frame, remoteness, targets, rng),
        temporary_beds=_temporary_beds(cells),
    )


def _statuses(
    practices: list[_Practice],
    list_per_capacity: np.ndarray,
    n_gps: np.ndarray,
    area_rem: np.ndarray,
    in_shortage: np.ndarray,
    targets: SupplyTargets,
) -> np.ndarray:
    """Open, selective or closed for each practice.

    Region-run clinics stay open. Outside the shortage areas each area keeps the practices
    with the fewest listed patients open to its citizens: at least
    ``targets.kept_open_per_area`` of them and at least ``targets.kept_open_share`` of its
    GPs. The other practices close in order of list length per capacity until the closed
    share of GPs is met; of the practices left, the most remote take selective status (open
    to their area's postcodes) until the selective share is met, and the rest are open.
    """
    region_run = np.array([p.org_form in REGION_RUN_FORMS for p in practices])
    frame = pd.DataFrame(
        {
            "area_id": [p.area_id for p in practices],
            "listed": list_per_capacity * np.array([p.filled for p in practices]),
            "gps": n_gps,
            "eligible": ~region_run & ~in_shortage,
        }
    )
    eligible = frame[frame["eligible"]].sort_values("listed", kind="stable")
    by_area = eligible.groupby("area_id")
    rank_in_area = by_area.cumcount() + 1
    gps_before = by_area["gps"].cumsum() - eligible["gps"]
    area_gps = frame.groupby("area_id")["gps"].sum().loc[eligible["area_id"]].to_numpy()
    kept_rows = (rank_in_area <= targets.kept_open_per_area) | (
        gps_before < targets.kept_open_share * area_gps
    )
    kept = np.zeros(len(practices), dtype=bool)
    kept[eligible.index[kept_rows.to_numpy()]] = True
    total_gps = float(n_gps.sum())
    order = np.argsort(-list_per_capacity, kind="stable")
    order = order[~(kept | region_run)[order]]
    closed = _choose_by_rank(order, n_gps, targets.share_gps_closed * total_gps)
    rest = np.argsort(-area_rem, kind="stable")
    rest = rest[~(closed | region_run)[rest]]
    selective = _choose_by_rank(rest, n_gps, targets.share_gps_selective * total_gps)
    return np.where(
        closed,
        PracticeStatus.CLOSED,
        np.where(selective, PracticeStatus.SELECTIVE, PracticeStatus.OPEN),
    )


def _practice_names(practices: list[_Practice], area_names: pd.Series) -> list[str]:
    base = [f"{_FORM_LABEL_DA[p.org_form]} {area_names[p.area_id]}" for p in practices]
    counts = pd.Series(base).groupby(base).cumcount().to_numpy() + 1
    totals = pd.Series(base).map(pd.Series(base).value_counts()).to_numpy()
    return [
        name if total == 1 else f"{name} {count}"
        for name, count, total in zip(base, counts, totals, strict=True)
    ]


def _gps(
    practices: list[_Practice],
    provider_numbers: list[str],
    n_gps: np.ndarray,
    area_rem: np.ndarray,
    targets: SupplyTargets,
    reference_date: dt.date,
    rng: np.random.Generator,
) -> pd.DataFrame:
    owner_of = np.repeat(np.arange(len(practices)), n_gps)
    total = len(owner_of)
    # GPs aged 60+ per area in proportion to the area's GPs × the age weight of its remoteness
    area_of_gp = np.array([practices[i].area_id for i in owner_of])
    areas, area_index = np.unique(area_of_gp, return_inverse=True)
    profile = np.array(targets.old_gp_weight_by_remoteness, dtype=float)
    gp_weight = np.interp(area_rem[owner_of], profile[:, 0], profile[:, 1])
    n_old_area = highest_averages(
        round(targets.share_gps_60plus * total),
        np.bincount(area_index, weights=gp_weight),
        np.zeros(len(areas), dtype=np.int64),
        np.bincount(area_index),
        divisor_step=1.0,
    )
    old = np.zeros(total, dtype=bool)
    for k, n_old in enumerate(n_old_area):
        members = np.flatnonzero(area_index == k)
        old[rng.choice(members, size=int(n_old), replace=False)] = True
    # ages 60+ thin out as GPs retire: each further year is less likely than the one before
    old_age_p = 0.8 ** np.arange(11)
    ages = np.where(
        old,
        60 + rng.choice(11, size=total, p=old_age_p / old_age_p.sum()),
        rng.integers(31, 60, total),
    )
    forms = [practices[i].org_form for i in owner_of]
    return pd.DataFrame(
        {
            "gp_id": [f"{targets.gp_prefix}{i + 1:05d}" for i in range(total)],
            "provider_number": [provider_numbers[i] for i in owner_of],
            "birth_year": (reference_date.year - ages).astype(np.int64),
            "role": [
                str(GpRole.EMPLOYED if form in REGION_RUN_FORMS else GpRole.OWNER) for form in forms
            ],
            "fte": [0.5 if form is OrgForm.SHARED else 1.0 for form in forms],
        }
    )


def _coverage_survey(
    practices: pd.DataFrame, remoteness: pd.Series, targets: SupplyTargets, rng: np.random.Generator
) -> pd.DataFrame:
    """Extra patients beyond the norm offered by practices that still take new patients.

    The most remote open and selective practices (not region-run clinics) answer, each with
    100–400 extra patients per filled capacity.
    """
    candidates = practices[
        (practices["status"] != PracticeStatus.CLOSED)
        & ~practices["org_form"].isin([str(f) for f in REGION_RUN_FORMS])
    ]
    candidates = candidates.assign(rem=remoteness.loc[candidates["area_id"]].to_numpy())
    chosen = candidates.sort_values("rem", ascending=False, kind="stable").head(
        targets.survey_practices
    )
    filled = (chosen["capacities"] - chosen["vacant_capacities"]).to_numpy()
    return pd.DataFrame(
        {
            "provider_number": chosen["provider_number"].to_numpy(),
            "extra_patients": (
                100 * rng.integers(1, targets.survey_max_extra_hundreds + 1, len(chosen)) * filled
            ).astype(np.int64),
        }
    )


def _temporary_beds(cells: pd.DataFrame) -> pd.DataFrame:
    """One site of municipal temporary beds at each municipality's most populous cell."""
    top = cells.sort_values("persons", ascending=False, kind="stable").drop_duplicates(
        "municipality_code"
    )
    population = cells.groupby("municipality_code")["persons"].sum()
    top = top.sort_values("municipality_code", kind="stable")
    return pd.DataFrame(
        {
            "bed_id": [f"B{code}" for code in top["municipality_code"]],
            "x": top["x"].to_numpy(dtype=float),
            "y": top["y"].to_numpy(dtype=float),
            "beds": np.maximum(
                2, (population.loc[top["municipality_code"]].to_numpy() / 8000).round()
            ).astype(np.int64),
            "kind": "midlertidig",
        }
    )
