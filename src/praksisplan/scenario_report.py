"""A scenario's diff for people: Danish tables for the terminal, CSV and an XLSX workbook.

The CLI and the web app show the same tables: the areas whose threat class changed first,
then the region's figures and every changed indicator, then the practices the edits touched.
"""

from __future__ import annotations

import io
import math
from typing import Any

import pandas as pd

from praksisplan.core.danish_numbers import format_number_da
from praksisplan.core.vocabulary import LEVEL_LABELS, indicator_label
from praksisplan.scenario.diff import ScenarioDiff
from praksisplan.threat.vocabulary import INDICATOR_UNITS, Unit, format_value_da

#: Danish names of the threat classes.
CLASS_DA: dict[str, str] = {"red": "rød", "yellow": "gul", "green": "grøn", "nan": ""}
#: Danish names of a practice's change.
CHANGE_DA: dict[str, str] = {"added": "ny", "removed": "fjernet", "changed": "ændret"}


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def figure_text(indicator: str, value: Any) -> str:
    """An indicator's value in Danish with its unit: ``58 %``, ``4,5 km``, ``1.789``."""
    if _missing(value):
        return "–"
    return format_value_da(value, INDICATOR_UNITS.get(indicator, Unit.NUMBER))


def change_text(indicator: str, base: Any, scenario: Any) -> str:
    """Scenario minus base in Danish with a sign: ``+1.234``, ``−3,2 procentpoint``,
    ``+0,4 km``; ``–`` when either is missing."""
    if _missing(base) or _missing(scenario):
        return "–"
    delta = float(scenario) - float(base)
    sign = "+" if delta > 0 else ("−" if delta < 0 else "")
    unit = INDICATOR_UNITS.get(indicator, Unit.NUMBER)
    if unit in (Unit.SHARE, Unit.PERCENT):
        points = abs(delta) * (100 if unit is Unit.SHARE else 1)
        return f"{sign}{format_number_da(points, 1)} procentpoint"
    return sign + format_value_da(abs(delta), unit)


def class_table(diff: ScenarioDiff) -> pd.DataFrame:
    """One row per area: class before and after, and the criteria that changed."""
    classes = diff.classes.reset_index()
    return pd.DataFrame(
        {
            "Område": classes["area_id"],
            "Navn": classes["name"],
            "Klasse før": classes["class_base"].map(CLASS_DA),
            "Klasse i scenariet": classes["class_scenario"].map(CLASS_DA),
            "Kriterier der nu slår til": classes["criteria_started"],
            "Kriterier der ikke længere slår til": classes["criteria_stopped"],
        }
    )


def indicator_table(
    diff: ScenarioDiff, level: str | None = None, *, whole_region: bool = True
) -> pd.DataFrame:
    """The changed indicators at one level or all (and, with ``whole_region``, every
    indicator of the region)."""
    frame = diff.indicators
    keep = frame["changed"] | (whole_region & (frame["level"] == "region"))
    if level is not None:
        keep &= frame["level"] == level
    rows = frame[keep]
    return pd.DataFrame(
        {
            "Niveau": rows["level"].map(LEVEL_LABELS),
            "Enhed": rows["unit_id"],
            "Navn": rows["name"],
            "Indikator": rows["indicator"].map(indicator_label),
            "Før": rows["base"],
            "Scenarie": rows["scenario"],
            "Ændring": rows["change"],
        }
    ).reset_index(drop=True)


def practice_table(diff: ScenarioDiff) -> pd.DataFrame:
    practices = diff.practices
    return pd.DataFrame(
        {
            "Ydernummer": practices["provider_number"],
            "Ændring": practices["change"].map(CHANGE_DA),
            "Status før": practices["status_base"],
            "Status i scenariet": practices["status_scenario"],
            "Kapaciteter før": practices["capacities_base"],
            "Kapaciteter i scenariet": practices["capacities_scenario"],
            "Tilmeldte før": practices["listed_patients_base"],
            "Tilmeldte i scenariet": practices["listed_patients_scenario"],
        }
    )


def free_choice_table(diff: ScenarioDiff) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Frit valg (mindst 2 åbne praksis inden for radius)": [
                "Borgere der får frit valg",
                "Borgere der mister frit valg",
            ],
            "Borgere": [diff.persons_gaining_free_choice, diff.persons_losing_free_choice],
        }
    )


def diff_sheets(diff: ScenarioDiff) -> dict[str, pd.DataFrame]:
    """The workbook's sheets, in order."""
    return {
        "Trusselsklasser": class_table(diff),
        "Region": indicator_table(diff, "region"),
        "Ændrede indikatorer": indicator_table(diff),
        "Frit valg": free_choice_table(diff),
        "Praksis": practice_table(diff),
    }


def diff_xlsx(diff: ScenarioDiff) -> bytes:
    """The diff as an XLSX workbook (one sheet per table of :func:`diff_sheets`)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in diff_sheets(diff).items():
            frame.to_excel(writer, index=False, sheet_name=name)
    return buffer.getvalue()
