"""What the web app shows of each indicator: Danish label, unit and fixed colour classes.

The classes are the same on every page and for every snapshot (fixed breaks, never
quantiles of the data shown), so a colour means the same thing in every meeting. Class 0
is the best class; :data:`CLASS_COLOURS` runs from good (green) to bad (red).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from praksisplan.core.danish_dates import format_moment_da
from praksisplan.core.danish_numbers import format_amount_da, format_number_da
from praksisplan.core.vocabulary import (
    CLASS_LABELS,
    INDICATOR_LABELS,
    ORG_FORM_LABELS,
    STATUS_LABELS,
)

__all__ = ["INDICATOR_LABELS", "ORG_FORM_LABELS", "STATUS_LABELS"]
from praksisplan.optimise.objectives import OBJECTIVES, Objective
from praksisplan.threat.vocabulary import INDICATOR_UNITS, Unit, format_value_da

#: Colours of the indicator classes, best first (ColorBrewer RdYlGn, 4 classes, reversed).
CLASS_COLOURS: tuple[str, ...] = ("#1a9641", "#a6d96a", "#fdae61", "#d7191c")

#: Threat classes as the committee names them, in order of severity, with their map colour.
THREAT_CLASSES: dict[str, tuple[str, str]] = {
    "red": (CLASS_LABELS["red"], "#d7191c"),
    "yellow": (CLASS_LABELS["yellow"], "#fdd835"),
    "green": (CLASS_LABELS["green"], "#1a9641"),
}


@dataclass(frozen=True)
class MapIndicator:
    """An indicator the map can colour areas by: three fixed breaks make four classes."""

    key: str
    breaks: tuple[float, float, float]
    higher_is_better: bool

    @property
    def label(self) -> str:
        return INDICATOR_LABELS[self.key]

    @property
    def unit(self) -> Unit:
        return INDICATOR_UNITS[self.key]

    def class_of(self, value: float | None) -> int | None:
        """Class 0 (best) … 3 (worst) of a value; ``None`` for a missing value."""
        if value is None or math.isnan(value):
            return None
        rank = sum(value >= b for b in self.breaks)  # 0 … 3, rising with the value
        return 3 - rank if self.higher_is_better else rank

    def class_labels(self) -> list[str]:
        """Legend text of classes 0 … 3, e.g. ``"90 % – 110 %"``."""
        b = [format_value(self.key, x) for x in self.breaks]
        ascending = [f"under {b[0]}", f"{b[0]} – {b[1]}", f"{b[1]} – {b[2]}", f"{b[2]} og derover"]
        return ascending[::-1] if self.higher_is_better else ascending


#: Indicators offered on the map, with breaks chosen from the domain's reference figures
#: (e.g. the German Versorgungsgrad: under-supply below 75 %, over-supply above 110 %).
MAP_INDICATORS: dict[str, MapIndicator] = {
    m.key: m
    for m in (
        MapIndicator("supply_pct_of_need", (75.0, 90.0, 110.0), higher_is_better=True),
        MapIndicator("patients_per_filled_capacity", (1600.0, 1800.0, 2000.0), False),
        MapIndicator("share_persons_lt2_open", (0.05, 0.20, 0.50), higher_is_better=False),
        MapIndicator("dist_open_median_km", (5.0, 10.0, 15.0), higher_is_better=False),
        MapIndicator("share_gps_60plus", (0.25, 0.33, 0.40), higher_is_better=False),
        MapIndicator("share_gps_closed", (0.40, 0.60, 0.80), higher_is_better=False),
        MapIndicator("vacant_capacities", (0.5, 1.0, 2.0), higher_is_better=False),
        MapIndicator("share_65plus", (0.18, 0.22, 0.26), higher_is_better=False),
    )
}


#: Key figures of the overview, in display order, with the labels of those that are not
#: area indicators.
OVERVIEW_FIGURES: dict[str, str] = {
    "municipalities": "Kommuner",
    "coverage_areas": "Lægedækningsområder",
    "population": INDICATOR_LABELS["population"],
    "need_weighted_persons": INDICATOR_LABELS["need_weighted_persons"],
    "practices": INDICATOR_LABELS["practices"],
    "gps": INDICATOR_LABELS["gps"],
    "capacities": INDICATOR_LABELS["capacities"],
    "filled_capacities": INDICATOR_LABELS["filled_capacities"],
    "vacant_capacities": INDICATOR_LABELS["vacant_capacities"],
    "region_held_vacant_capacities": INDICATOR_LABELS["region_held_vacant_capacities"],
    "listed_patients": INDICATOR_LABELS["listed_patients"],
    "patients_per_filled_capacity": INDICATOR_LABELS["patients_per_filled_capacity"],
    "supply_pct_of_need": INDICATOR_LABELS["supply_pct_of_need"],
    "share_gps_closed": INDICATOR_LABELS["share_gps_closed"],
    "share_gps_selective": INDICATOR_LABELS["share_gps_selective"],
    "share_gps_60plus": INDICATOR_LABELS["share_gps_60plus"],
    "share_persons_lt2_open": INDICATOR_LABELS["share_persons_lt2_open"],
}
_EXTRA_UNITS: dict[str, Unit] = {"municipalities": Unit.COUNT, "coverage_areas": Unit.COUNT}


def unit_of(key: str) -> Unit:
    return INDICATOR_UNITS.get(key) or _EXTRA_UNITS.get(key, Unit.NUMBER)


def _clean(value: Any) -> Any:
    """numpy scalars as Python numbers, NaN as None."""
    if hasattr(value, "item"):
        value = value.item()
    return None if isinstance(value, float) and math.isnan(value) else value


def format_value(key: str, value: Any) -> str:
    """An indicator value as Danish text in its unit (``87 %``, ``1.789``, ``4,5 km``, ``6``).

    A missing value is ``–`` alone (no unit after it).
    """
    value = _clean(value)
    if value is None:
        return "–"
    unit = unit_of(key)
    return format_amount_da(value) if unit is Unit.NUMBER else format_value_da(value, unit)


def format_time_da(moment: dt.datetime) -> str:
    """A stored moment in Danish local time: ``24.11.2026 03:23`` (naive = UTC)."""
    return format_moment_da(moment)


#: How the pages write a criterion's comparison (the API keeps the rule file's operator).
COMPARISON_SIGNS: dict[str, str] = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}


def format_change(key: str, change: float | None) -> str:
    """A change between snapshots, signed; shares and percents in percentage points."""
    change = _clean(change)
    if change is None:
        return "–"
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    unit = unit_of(key)
    if unit in (Unit.SHARE, Unit.PERCENT):
        points = abs(change) * (100 if unit is Unit.SHARE else 1)
        return f"{sign}{format_number_da(points, 1)} procentpoint"
    return f"{sign}{format_value(key, abs(change))}"


def format_signed_count(change: int) -> str:
    """A change of a count, signed: ``+2``, ``−1``, ``±0``."""
    return format_change("coverage_areas", change)


def format_objective_da(value: float, objective: Objective) -> str:
    """An objective's natural value as the pages show it: whole persons, patients and
    capacities, the worst area's % to one decimal, kilometres to two (``544.195``,
    ``44,9``, ``3,66``); its unit is in the row's heading."""
    return format_number_da(value, OBJECTIVES[objective].decimals)
