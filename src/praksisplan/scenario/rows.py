"""Checking one edited row with the dataset's own rules, worded for the edit that made it.

The field rules are the row models' (:mod:`praksisplan.core.schema`, through Pydantic); the
rules across fields and tables are those of :mod:`praksisplan.validation.rules` (vacant ≤
capacities, a selective practice's postcodes, references, GP ages, age bands), checked for
this one row against the scenario's tables as they stand after the previous edits.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum
from typing import Any

import pandas as pd
from pydantic import ValidationError

from praksisplan.core.danish_numbers import format_amount_da
from praksisplan.core.manifest import Manifest
from praksisplan.core.schema import PracticeStatus, TableRow
from praksisplan.core.settings_messages import danish_message
from praksisplan.scenario.edits import ScenarioEditError
from praksisplan.validation.rules import GP_AGE_RANGE

_POSTCODE_LIST = re.compile(r"\d{4}(?:\s+\d{4})*")
#: ``exists(table, column, value)``: whether a row of ``table`` has ``value`` in ``column``.
Exists = Callable[[str, str, str], bool]


def plain(value: Any) -> Any:
    """A frame cell as a plain Python value (missing → ``None``)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def check_fields(model: type[TableRow], row: dict[str, Any], number: int) -> dict[str, Any]:
    """The row with the model's field rules applied (types, ranges, formats, choices)."""
    try:
        checked = model.model_validate(row)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        name = str(first["loc"][0]) if first["loc"] else None
        raise ScenarioEditError(number, name, "field", danish_message(first, name)) from None
    return {name: str(v) if isinstance(v, StrEnum) else v for name, v in checked}


def _check_practice(row: dict[str, Any], number: int) -> None:
    vacant, capacities = row["vacant_capacities"], row["capacities"]
    if vacant > capacities:
        raise ScenarioEditError(
            number,
            "vacant_capacities",
            "vacant-exceeds-capacities",
            f"ledige kapaciteter ({format_amount_da(vacant)}) må ikke overstige "
            f"kapaciteter ({format_amount_da(capacities)})",
        )
    postcodes = row.get("open_postcodes")
    if row["status"] == PracticeStatus.SELECTIVE.value:
        if not postcodes:
            raise ScenarioEditError(
                number,
                "open_postcodes",
                "selective-needs-postcodes",
                "en selektivt lukket praksis skal angive de postnumre, den er åben for",
            )
        if not _POSTCODE_LIST.fullmatch(str(postcodes)):
            raise ScenarioEditError(
                number,
                "open_postcodes",
                "format",
                f"'{postcodes}' er ikke en liste af firecifrede postnumre adskilt af mellemrum",
            )
    elif postcodes:
        raise ScenarioEditError(
            number,
            "open_postcodes",
            "postcodes-only-when-selective",
            f"der er angivet åbne postnumre, men status er '{row['status']}'; "
            "åbne postnumre hører kun til selektivt lukkede praksis",
        )


def _check_reference(
    row: dict[str, Any], column: str, table: str, target: str, number: int, exists: Exists
) -> None:
    if not exists(table, target, str(row[column])):
        raise ScenarioEditError(
            number,
            column,
            "reference",
            f"'{row[column]}' findes ikke som {target} i {table} (efter de foregående ændringer)",
        )


def _check_band(row: dict[str, Any], manifest: Manifest, number: int) -> None:
    if row["age_band"] not in manifest.rules.age_bands:
        raise ScenarioEditError(
            number,
            "age_band",
            "age-band",
            f"aldersgruppen '{row['age_band']}' er ikke en af datasættets aldersgrupper",
        )


def check_row(
    table: str, row: dict[str, Any], manifest: Manifest, number: int, exists: Exists
) -> None:
    """The rules across fields and tables for one inserted or updated row."""
    if table == "practices":
        _check_practice(row, number)
    elif table == "gps":
        _check_reference(row, "provider_number", "practices", "provider_number", number, exists)
        year = manifest.reference_date.year
        age = year - int(row["birth_year"])
        youngest, oldest = GP_AGE_RANGE
        if not youngest <= age <= oldest:
            raise ScenarioEditError(
                number,
                "birth_year",
                "gp-age",
                f"fødselsåret {row['birth_year']} gør lægen {age} år gammel pr. "
                f"{manifest.reference_date.isoformat()}; forventet {youngest}–{oldest} år",
            )
    elif table == "population":
        _check_reference(row, "cell_id", "cells", "cell_id", number, exists)
        _check_band(row, manifest, number)
    elif table == "region_vacancies":
        _check_reference(row, "area_id", "coverage_areas", "area_id", number, exists)
    elif table == "coverage_survey":
        _check_reference(row, "provider_number", "practices", "provider_number", number, exists)
    elif table == "demand_weights":
        _check_band(row, manifest, number)
