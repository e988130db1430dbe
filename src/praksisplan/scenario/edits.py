"""The edit model: one change to one row of a dataset, addressed by its natural key.

An edit is ``(table, key, op, values)`` as in ``docs/scenarios.md``: ``table`` is a dataset
table (``practices``, ``gps``, ``cells``, ``population``, ``region_vacancies``,
``coverage_survey``, ``temporary_beds``, ``demand_weights``) or one of the two settings
pseudo-tables ``rules`` (key = a rule parameter of ``dataset.toml``) and ``threat_rules``
(key ``file``, the threat rule set's TOML); ``key`` the row's natural key (a string, or a
list for the composite keys of ``population`` and ``demand_weights``); ``op`` ``insert``,
``update`` or ``delete``; ``values`` the columns set. ``year`` (optional) is the year the
change takes effect (a retirement in 2028): applying "as of" an earlier year skips it.

A few values are instructions rather than columns (:data:`INSTRUCTIONS`): ``patients_to``
on deleting a practice (``"nearest"`` or a provider number) says where its listed patients
go, and ``persons`` on inserting or ``add_persons`` on updating a cell adds that many persons
with the region's age and sex profile.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from praksisplan.core.errors import PraksisplanError
from praksisplan.core.schema import (
    CoverageSurveyRow,
    DemandWeightRow,
    GpRow,
    PopulationCellRow,
    PopulationRow,
    PracticeRow,
    RegionVacancyRow,
    TableRow,
    TemporaryBedRow,
)

Op = Literal["insert", "update", "delete"]
OPS: tuple[Op, ...] = ("insert", "update", "delete")

#: Edit table name (a :class:`~praksisplan.core.dataset.Dataset` attribute) → row model.
ROW_TABLES: dict[str, type[TableRow]] = {
    "practices": PracticeRow,
    "gps": GpRow,
    "cells": PopulationCellRow,
    "population": PopulationRow,
    "region_vacancies": RegionVacancyRow,
    "coverage_survey": CoverageSurveyRow,
    "temporary_beds": TemporaryBedRow,
    "demand_weights": DemandWeightRow,
}
#: The settings pseudo-tables (only ``update``).
SETTINGS_TABLES: tuple[str, ...] = ("rules", "threat_rules")
#: Values that are instructions to :func:`~praksisplan.scenario.apply.apply_edits`, by
#: (table, op), not columns.
INSTRUCTIONS: dict[tuple[str, Op], frozenset[str]] = {
    ("practices", "delete"): frozenset({"patients_to"}),
    ("cells", "insert"): frozenset({"persons"}),
    ("cells", "update"): frozenset({"add_persons"}),
}


class ScenarioEditError(PraksisplanError):
    """An edit that cannot be applied: which one (1-based), which field, which rule."""

    def __init__(
        self,
        number: int,
        field_name: str | None,
        rule: str,
        message: str,
        *,
        source: str | None = None,
    ) -> None:
        self.number = number
        self.field = field_name
        self.rule = rule
        self.detail = message
        where = f"{source}, ændring {number}" if source else f"Ændring {number}"
        if field_name is not None:
            where += f", felt '{field_name}'"
        super().__init__(f"{where}: {message} [{rule}]")


def key_columns(table: str) -> tuple[str, ...]:
    """The natural key columns of an edit table."""
    if table in SETTINGS_TABLES:
        return ("name",)
    return ROW_TABLES[table].unique[0]


@dataclass(frozen=True)
class Edit:
    """One change; ``key`` always a tuple (one value per key column)."""

    table: str
    key: tuple[str, ...]
    op: Op
    values: Mapping[str, Any] = field(default_factory=dict)
    year: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The edit as JSON (a single-column key as a string)."""
        data: dict[str, Any] = {
            "table": self.table,
            "key": self.key[0] if len(self.key) == 1 else list(self.key),
            "op": self.op,
            "values": dict(self.values),
        }
        if self.year is not None:
            data["year"] = self.year
        return data


def _key_of(raw: Any, table: str, number: int) -> tuple[str, ...]:
    columns = key_columns(table)
    parts = [raw] if isinstance(raw, str | int) else raw
    if (
        not isinstance(parts, Sequence)
        or isinstance(parts, str)
        or len(parts) != len(columns)
        or not all(isinstance(p, str | int) and str(p).strip() for p in parts)
    ):
        wanted = columns[0] if len(columns) == 1 else "[" + ", ".join(columns) + "]"
        raise ScenarioEditError(
            number, "key", "key-shape", f"nøglen til {table} skal være {wanted}, ikke {raw!r}"
        )
    return tuple(str(p) for p in parts)


def parse_edit(data: Any, number: int) -> Edit:
    """One edit from its JSON/TOML form; ``number`` (1-based) names it in errors."""
    if not isinstance(data, Mapping):
        raise ScenarioEditError(number, None, "edit-shape", "en ændring skal være en tabel")
    unknown = sorted(set(data) - {"table", "key", "op", "values", "year"})
    if unknown:
        raise ScenarioEditError(
            number, unknown[0], "edit-shape", f"'{unknown[0]}' er ikke et felt i en ændring"
        )
    table = data.get("table")
    if table not in ROW_TABLES and table not in SETTINGS_TABLES:
        known = ", ".join([*ROW_TABLES, *SETTINGS_TABLES])
        raise ScenarioEditError(
            number, "table", "unknown-table", f"{table!r} er ikke en tabel; brug en af {known}"
        )
    op = data.get("op")
    if op not in OPS:
        raise ScenarioEditError(
            number, "op", "unknown-op", f"{op!r} er ikke insert, update eller delete"
        )
    if table in SETTINGS_TABLES and op != "update":
        raise ScenarioEditError(
            number, "op", "settings-update-only", f"{table} kan kun ændres med op = 'update'"
        )
    if "key" not in data:
        raise ScenarioEditError(number, "key", "key-missing", "ændringen mangler en nøgle")
    values = data.get("values", {})
    if not isinstance(values, Mapping):
        raise ScenarioEditError(
            number, "values", "edit-shape", "values skal være en tabel af kolonner og værdier"
        )
    year = data.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise ScenarioEditError(number, "year", "year-type", f"året {year!r} er ikke et helt tal")
    return Edit(
        table=cast(str, table),
        key=_key_of(data["key"], cast(str, table), number),
        op=cast(Op, op),
        values=dict(values),
        year=year,
    )


def parse_edits(items: Any) -> list[Edit]:
    """A list of edits (e.g. the ``edits`` array of an edits file), numbered from 1."""
    if not isinstance(items, list):
        raise ScenarioEditError(1, None, "edit-shape", "ændringerne skal være en liste")
    return [parse_edit(item, number) for number, item in enumerate(items, start=1)]


def edits_from_text(text: str, source: str) -> list[Edit]:
    """The edits of an edits file: TOML (``[[edits]]`` tables) or JSON (a list of edits, or
    an object with ``edits``); ``source`` names the file in errors."""
    as_json = source.lower().endswith(".json") or text.lstrip()[:1] == "{"
    try:
        data: Any = json.loads(text) if as_json else tomllib.loads(text)
    except json.JSONDecodeError as error:
        raise PraksisplanError(f"{source} er ikke gyldig JSON: {error}") from None
    except tomllib.TOMLDecodeError as error:
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            raise PraksisplanError(f"{source} er ikke gyldig TOML: {error}") from None
    items = data.get("edits", []) if isinstance(data, dict) else data
    try:
        return parse_edits(items)
    except ScenarioEditError as error:
        raise ScenarioEditError(
            error.number, error.field, error.rule, error.detail, source=source
        ) from None
