"""The region's key figures: the headline numbers of ``praksisplan summary``.

Counts and sums are taken over the whole dataset; ratios are ratios of sums (never means of
ratios). Capacities include vacant capacities held by the region outside any practice.
"""

from __future__ import annotations

from typing import TypedDict

import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.core.schema import PracticeStatus


class KeyFigures(TypedDict):
    municipalities: int
    coverage_areas: int
    population: int
    practices: int
    capacities: float
    filled_capacities: float
    vacant_capacities: float
    region_held_vacant_capacities: float
    gps: int
    listed_patients: int
    patients_per_filled_capacity: float
    share_gps_closed: float
    share_gps_selective: float
    share_gps_60plus: float


def _share(numerator: float, denominator: float) -> float:
    return float(numerator) / float(denominator) if denominator else float("nan")


def key_figures(dataset: Dataset) -> KeyFigures:
    practices = dataset.practices
    practice_capacities = float(practices["capacities"].sum())
    practice_vacant = float(practices["vacant_capacities"].sum())
    region_held = float(pd.to_numeric(dataset.region_vacancies["vacant_capacities"]).sum())
    filled = practice_capacities - practice_vacant
    listed = int(practices["listed_patients"].sum())

    status_of_gp = dataset.gps["provider_number"].map(
        practices.set_index("provider_number")["status"]
    )
    n_gps = len(dataset.gps)
    age = dataset.reference_year - dataset.gps["birth_year"].astype(int)
    return KeyFigures(
        municipalities=len(dataset.municipalities),
        coverage_areas=len(dataset.coverage_areas),
        population=int(dataset.population["persons"].sum()),
        practices=len(practices),
        capacities=practice_capacities + region_held,
        filled_capacities=filled,
        vacant_capacities=practice_vacant + region_held,
        region_held_vacant_capacities=region_held,
        gps=n_gps,
        listed_patients=listed,
        patients_per_filled_capacity=_share(listed, filled),
        share_gps_closed=_share(int((status_of_gp == PracticeStatus.CLOSED).sum()), n_gps),
        share_gps_selective=_share(int((status_of_gp == PracticeStatus.SELECTIVE).sum()), n_gps),
        share_gps_60plus=_share(int((age >= 60).sum()), n_gps),
    )
