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
from zoneinfo import ZoneInfo

from praksisplan.core.danish_numbers import format_amount_da, format_number_da
from praksisplan.threat.vocabulary import INDICATOR_UNITS, Unit, format_value_da

#: Colours of the indicator classes, best first (ColorBrewer RdYlGn, 4 classes, reversed).
CLASS_COLOURS: tuple[str, ...] = ("#1a9641", "#a6d96a", "#fdae61", "#d7191c")

#: Threat classes as the committee names them, in order of severity, with their map colour.
THREAT_CLASSES: dict[str, tuple[str, str]] = {
    "red": ("Rød – lægedækningstruet", "#d7191c"),
    "yellow": ("Gul – i risiko", "#fdd835"),
    "green": ("Grøn – ikke truet", "#1a9641"),
}

#: Danish labels of the area indicators, in the order pages list them.
INDICATOR_LABELS: dict[str, str] = {
    "population": "Indbyggere",
    "share_65plus": "Andel 65+ år",
    "share_80plus": "Andel 80+ år",
    "dependency_ratio": "Forsørgerbyrde",
    "need_weighted_persons": "Behovsvægtede borgere",
    "capacities": "Kapaciteter",
    "filled_capacities": "Besatte kapaciteter",
    "vacant_capacities": "Ledige kapaciteter",
    "region_held_vacant_capacities": "Ledige kapaciteter holdt af regionen",
    "gps": "Læger",
    "fte": "Årsværk (læger)",
    "practices": "Praksis",
    "listed_patients": "Tilmeldte patienter",
    "patients_per_filled_capacity": "Patienter pr. besat kapacitet",
    "norm": "Normtal",
    "supply_patients": "Udbud (patientpladser)",
    "supply_pct_of_need": "Udbud i % af behov",
    "share_gps_open": "Andel læger i åbne praksis",
    "share_gps_closed": "Andel læger i lukkede praksis",
    "share_gps_selective": "Andel læger i selektivt lukkede praksis",
    "share_practices_closed": "Andel lukkede praksis",
    "share_practices_selective": "Andel selektivt lukkede praksis",
    "share_gps_60plus": "Andel læger 60+ år",
    "share_gps_65plus": "Andel læger 65+ år",
    "share_listed_in_region_run_clinics": "Andel tilmeldt regionsdrevne klinikker",
    "persons_2plus_open": "Borgere med mindst 2 åbne praksis inden for radius",
    "persons_1_open": "Borgere med 1 åben praksis inden for radius",
    "persons_0_open": "Borgere uden åben praksis inden for radius",
    "share_persons_lt2_open": "Andel borgere med under 2 åbne praksis inden for radius",
    "persons_beyond_radius_any": "Borgere uden nogen praksis inden for radius",
    "dist_open_median_km": "Afstand til nærmeste åbne praksis, median",
    "dist_open_p90_km": "Afstand til nærmeste åbne praksis, 90 %-fraktil",
    "dist_open_max_km": "Afstand til nærmeste åbne praksis, største",
    "access_e2sfca_mean": "Tilgængelighed (E2SFCA), gennemsnit",
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


#: Planners read times in Danish local time (the store keeps UTC).
DANISH_TIME = ZoneInfo("Europe/Copenhagen")


def format_time_da(moment: dt.datetime) -> str:
    """A stored moment in Danish local time: ``24.11.2026 03:23`` (naive = UTC)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(DANISH_TIME).strftime("%d.%m.%Y %H:%M")


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


#: Danish names of practice statuses and organisation forms (keys are the schema's values).
STATUS_LABELS: dict[str, str] = {
    "open": "Åben",
    "closed": "Lukket",
    "selective": "Selektivt lukket",
}
ORG_FORM_LABELS: dict[str, str] = {
    "solo": "Enkeltmandspraksis",
    "partnership": "Kompagniskabspraksis",
    "shared": "Delepraksis",
    "contract": "Udbudsklinik",
    "region": "Regionsklinik",
    "near": "Nærklinik",
    "licence": "Licensklinik",
    "satellite": "Satellitpraksis",
}
