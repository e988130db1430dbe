"""Per-practice supply figures: capacities, the norm, patients the practice can carry, GPs.

Definitions (see docs/engine.md): filled = capacities − vacant capacities; a practice's norm
is its ``norm_override`` if set, else the dataset's norm; supply in patients = filled × norm +
the extra patients the practice accepts in the coverage survey.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.core.schema import REGION_RUN_FORMS, OrgForm, PracticeStatus

#: Statuses and organisation forms counted per unit.
STATUSES: tuple[PracticeStatus, ...] = tuple(PracticeStatus)
ORG_FORMS: tuple[OrgForm, ...] = tuple(OrgForm)
#: Ages at which GPs are counted as nearing retirement.
GP_AGE_THRESHOLDS: tuple[int, ...] = (60, 65)
#: GPs younger than this are counted as the young end of the workforce (``gps_under_55``).
GP_YOUNG_AGE = 55


def practice_supply(dataset: Dataset) -> pd.DataFrame:
    """One row per practice (in the order of ``dataset.practices``), indexed by
    ``provider_number``: ``area_id, municipality_code, status, org_form, capacities,
    vacant_capacities, filled_capacities, norm, norm_patients, extra_patients,
    supply_patients, listed_patients, region_run, gps, fte, gps_60plus, gps_65plus,
    gps_under_55``."""
    practices = dataset.practices
    provider = pd.Index(practices["provider_number"].astype(str), name="provider_number")
    rules = dataset.manifest.rules
    capacities = practices["capacities"].to_numpy(dtype=np.float64)
    vacant = practices["vacant_capacities"].to_numpy(dtype=np.float64)
    filled = capacities - vacant
    norm = (
        pd.to_numeric(practices["norm_override"], errors="coerce")
        .fillna(rules.norm)
        .to_numpy(dtype=np.float64)
    )
    survey = dataset.coverage_survey
    extra = (
        survey.assign(provider_number=survey["provider_number"].astype(str))
        .set_index("provider_number")["extra_patients"]
        .reindex(provider)
        .fillna(0)
        .to_numpy(dtype=np.float64)
    )
    gps = dataset.gps
    gp_practice = provider.get_indexer(pd.Index(gps["provider_number"].astype(str)))
    gp_age = dataset.reference_year - gps["birth_year"].to_numpy(dtype=np.int64)
    n = len(provider)
    on_list = gp_practice >= 0

    def per_practice(weights: np.ndarray) -> np.ndarray:
        return np.bincount(gp_practice[on_list], weights=weights[on_list], minlength=n)

    columns: dict[str, object] = {
        "area_id": practices["area_id"].astype(str).to_numpy(),
        "municipality_code": practices["municipality_code"].astype(str).to_numpy(),
        "status": practices["status"].astype(str).to_numpy(),
        "org_form": practices["org_form"].astype(str).to_numpy(),
        "capacities": capacities,
        "vacant_capacities": vacant,
        "filled_capacities": filled,
        "norm": norm,
        "norm_patients": filled * norm,
        "extra_patients": extra,
        "supply_patients": filled * norm + extra,
        "listed_patients": practices["listed_patients"].to_numpy(dtype=np.float64),
        "region_run": practices["org_form"]
        .astype(str)
        .isin([f.value for f in REGION_RUN_FORMS])
        .to_numpy(),
        "gps": per_practice(np.ones(len(gps))),
        "fte": per_practice(gps["fte"].to_numpy(dtype=np.float64)),
    }
    for age in GP_AGE_THRESHOLDS:
        columns[f"gps_{age}plus"] = per_practice((gp_age >= age).astype(np.float64))
    columns[f"gps_under_{GP_YOUNG_AGE}"] = per_practice((gp_age < GP_YOUNG_AGE).astype(np.float64))
    return pd.DataFrame(columns, index=provider)


def region_held_vacancies(dataset: Dataset) -> pd.DataFrame:
    """Vacant capacities held by the region, one row per coverage area that has any:
    ``area_id, municipality_code, vacant_capacities``."""
    held = dataset.region_vacancies
    areas = dataset.coverage_areas
    municipality = pd.Series(
        areas["municipality_code"].astype(str).to_numpy(),
        index=pd.Index(areas["area_id"].astype(str)),
    )
    area = held["area_id"].astype(str)
    return pd.DataFrame(
        {
            "area_id": area.to_numpy(),
            "municipality_code": area.map(municipality).to_numpy(),
            "vacant_capacities": pd.to_numeric(held["vacant_capacities"]).to_numpy(
                dtype=np.float64
            ),
        }
    )
