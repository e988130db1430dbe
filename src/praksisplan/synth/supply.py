"""Synthetic GP supply for a geography: practices, GPs, vacancies, survey and beds.

One generator serves the demo region and the Danish import: the caller describes the
coverage areas (population, remoteness, postcodes) and the populated cells, and gives the
calibration targets in a :class:`~praksisplan.synth.supply_targets.SupplyTargets`. The
capacities are laid out as practices by :mod:`praksisplan.synth.practice_layout`; this module
places, names, lists, staffs and opens or closes them. The generator meets the totals exactly
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
from praksisplan.synth.practice_layout import PracticeDraft, build_practices
from praksisplan.synth.supply_targets import SupplyTargets


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


def _shortage_areas(areas: pd.DataFrame, targets: SupplyTargets) -> np.ndarray:
    """Mask of the shortage areas: the most remote, holding the target share of citizens."""
    population = areas["population"].to_numpy(dtype=float)
    order = np.argsort(-areas["remoteness"].to_numpy(), kind="stable")
    return _choose_by_rank(order, population, targets.shortage_population_share * population.sum())


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
    practices = build_practices(areas, shortage, targets, rng)
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
    practices: list[PracticeDraft],
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


def _practice_names(practices: list[PracticeDraft], area_names: pd.Series) -> list[str]:
    base = [f"{_FORM_LABEL_DA[p.org_form]} {area_names[p.area_id]}" for p in practices]
    counts = pd.Series(base).groupby(base).cumcount().to_numpy() + 1
    totals = pd.Series(base).map(pd.Series(base).value_counts()).to_numpy()
    return [
        name if total == 1 else f"{name} {count}"
        for name, count, total in zip(base, counts, totals, strict=True)
    ]


def _gps(
    practices: list[PracticeDraft],
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
