"""The region's key figures: the headline numbers of ``praksisplan summary``.

They are the region-level row of :func:`praksisplan.engine.indicators.basic_indicators`
(the same numerators and denominators as every other level), plus the number of
municipalities and coverage areas.
"""

from __future__ import annotations

from typing import TypedDict

from praksisplan.core.dataset import Dataset
from praksisplan.engine.indicators import basic_indicators


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


def key_figures(dataset: Dataset) -> KeyFigures:
    region = basic_indicators(dataset, "region").iloc[0]
    return KeyFigures(
        municipalities=len(dataset.municipalities),
        coverage_areas=len(dataset.coverage_areas),
        population=int(region["population"]),
        practices=int(region["practices"]),
        capacities=float(region["capacities"]),
        filled_capacities=float(region["filled_capacities"]),
        vacant_capacities=float(region["vacant_capacities"]),
        region_held_vacant_capacities=float(region["region_held_vacant_capacities"]),
        gps=int(region["gps"]),
        listed_patients=int(region["listed_patients"]),
        patients_per_filled_capacity=float(region["patients_per_filled_capacity"]),
        share_gps_closed=float(region["share_gps_closed"]),
        share_gps_selective=float(region["share_gps_selective"]),
        share_gps_60plus=float(region["share_gps_60plus"]),
    )
