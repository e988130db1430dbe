"""The indicators a rule may test, with the unit each is measured in.

Rule files name indicators by these identifiers. Most come from the engine's area indicator
frame (:func:`praksisplan.engine.indicators.compute_indicators`); two are measures the threat
package computes itself (:data:`EXTRA_MEASURES`). The unit decides how a value is written in
the Danish explanation.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from praksisplan.core.danish_numbers import format_amount_da, format_number_da, format_share_da


class Unit(StrEnum):
    PERCENT = "percent"  # already in percent, e.g. 87.5
    SHARE = "share"  # 0..1, written as percent
    COUNT = "count"  # persons, capacities, GPs
    NUMBER = "number"  # other ratios, two decimals
    KM = "km"
    MONTHS = "months"
    YEARS = "years"


#: Months the oldest region-held vacancy of the area has been advertised at the reference date.
MONTHS_REGION_VACANCY_UNFILLED = "months_region_vacancy_unfilled"
#: Years until projected supply falls below the early-warning threshold (0 = already below).
YEARS_UNTIL_RED = "years_until_red"

#: Measures computed by :mod:`praksisplan.threat.measures`, not by the engine.
EXTRA_MEASURES: frozenset[str] = frozenset({MONTHS_REGION_VACANCY_UNFILLED, YEARS_UNTIL_RED})

INDICATOR_UNITS: dict[str, Unit] = {
    "population": Unit.COUNT,
    "share_65plus": Unit.SHARE,
    "share_80plus": Unit.SHARE,
    "dependency_ratio": Unit.NUMBER,
    "capacities": Unit.NUMBER,
    "filled_capacities": Unit.NUMBER,
    "vacant_capacities": Unit.NUMBER,
    "region_held_vacant_capacities": Unit.NUMBER,
    "gps": Unit.COUNT,
    "fte": Unit.NUMBER,
    "practices": Unit.COUNT,
    "listed_patients": Unit.COUNT,
    "patients_per_filled_capacity": Unit.COUNT,
    "norm": Unit.COUNT,
    "share_gps_closed": Unit.SHARE,
    "share_gps_selective": Unit.SHARE,
    "share_gps_open": Unit.SHARE,
    "share_practices_closed": Unit.SHARE,
    "share_practices_selective": Unit.SHARE,
    "share_gps_60plus": Unit.SHARE,
    "share_gps_65plus": Unit.SHARE,
    "share_gps_under_55": Unit.SHARE,
    "share_listed_in_region_run_clinics": Unit.SHARE,
    "need_weighted_persons": Unit.COUNT,
    "supply_patients": Unit.COUNT,
    "supply_pct_of_need": Unit.PERCENT,
    "persons_2plus_open": Unit.COUNT,
    "persons_1_open": Unit.COUNT,
    "persons_0_open": Unit.COUNT,
    "share_persons_lt2_open": Unit.SHARE,
    "persons_beyond_radius_any": Unit.COUNT,
    "dist_open_median_km": Unit.KM,
    "dist_open_p90_km": Unit.KM,
    "dist_open_max_km": Unit.KM,
    "dist_any_median_km": Unit.KM,
    "dist_any_p90_km": Unit.KM,
    "dist_any_max_km": Unit.KM,
    "access_e2sfca_mean": Unit.NUMBER,
    "access_e2sfca_gini": Unit.NUMBER,
    "access_e2sfca_palma": Unit.NUMBER,
    "share_persons_below_half_mean_access": Unit.SHARE,
    "share_practices_open": Unit.SHARE,
    "expected_services": Unit.COUNT,
    MONTHS_REGION_VACANCY_UNFILLED: Unit.MONTHS,
    YEARS_UNTIL_RED: Unit.YEARS,
}


#: Measures that report the same finding as another: a sentence about the key is redundant
#: next to one about the value (the early warning of an area whose supply is already named).
SAME_FINDING_AS: dict[str, str] = {YEARS_UNTIL_RED: "supply_pct_of_need"}


def finding_of(indicator: str) -> str:
    """The indicator whose finding ``indicator`` reports (itself for most)."""
    return SAME_FINDING_AS.get(indicator, indicator)


def format_value_da(value: Any, unit: Unit) -> str:
    """A measured value or threshold as Danish text: ``68 %``, ``12 måneder``, ``4,5 km``."""
    if unit is Unit.PERCENT:
        return format_share_da(None if value is None else float(value) / 100)
    if unit is Unit.SHARE:
        return format_share_da(value)
    if unit is Unit.COUNT:
        return format_number_da(value)
    if unit is Unit.KM:
        return f"{format_number_da(value, 1)} km"
    if unit is Unit.MONTHS:
        return f"{format_number_da(value)} {'måned' if value == 1 else 'måneder'}"
    if unit is Unit.YEARS:
        return f"{format_number_da(value)} år"
    return format_amount_da(value)
