"""Applying edits over a base dataset: a pure function, every edit checked as it is applied.

:func:`apply_edits` replays the edits in order on :class:`~praksisplan.scenario.table.
EditedTable` views of the base frames and returns a new :class:`Dataset` (the base is never
changed). The first edit that breaks a rule raises :class:`ScenarioEditError` naming the
edit (1-based), the field and the rule; nothing is returned. Derived columns follow the
loaders' rules: a practice or cell placed or moved without an ``area_id`` gets its area and
municipality by point-in-polygon, and a point outside every area is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from pydantic import ValidationError

from praksisplan.core.dataset import Dataset
from praksisplan.core.manifest import RuleParameters
from praksisplan.core.schema import PracticeStatus, columns_of
from praksisplan.core.settings_messages import danish_message
from praksisplan.core.spatial import assign_points
from praksisplan.engine.population import band_sex_totals
from praksisplan.scenario.edits import INSTRUCTIONS, ROW_TABLES, Edit, ScenarioEditError
from praksisplan.scenario.rows import check_fields, check_row
from praksisplan.scenario.spread import largest_remainder, nearest_open_shares
from praksisplan.scenario.table import EditedTable, RowRef
from praksisplan.threat.rules import RuleSetInvalidError, parse_rules

#: Tables whose rows are points placed in an area.
_PLACED = ("practices", "cells")


@dataclass(frozen=True)
class AppliedScenario:
    """The edited dataset and, when an edit replaced it, the threat rule set's TOML."""

    dataset: Dataset
    threat_rules_toml: str | None = None
    #: Cells whose population rows the edits changed (inserted cells included); ``None``
    #: when an edit changed what every cell's figures depend on (demand weights).
    population_cells: frozenset[str] | None = frozenset()


class _Editor:
    def __init__(self, base: Dataset) -> None:
        self.base = base
        self.manifest = base.manifest
        self.threat_rules_toml: str | None = None
        self.tables = {
            name: EditedTable(getattr(base, name), model) for name, model in ROW_TABLES.items()
        }
        self._area_ids = set(base.coverage_areas["area_id"].astype(str))
        self._area_municipality = dict(
            zip(
                base.coverage_areas["area_id"].astype(str),
                base.coverage_areas["municipality_code"].astype(str),
                strict=True,
            )
        )

    def exists(self, table: str, column: str, value: str) -> bool:
        if table == "coverage_areas":
            return value in self._area_ids
        return self.tables[table].find((value,)) is not None

    # -- placing points -------------------------------------------------------------

    def _place(self, row: dict[str, Any], number: int) -> None:
        try:
            x, y = float(row["x"]), float(row["y"])
        except (TypeError, ValueError):
            raise ScenarioEditError(
                number, "x", "field", "x og y skal være tal (meter, EPSG:25832)"
            ) from None
        area = assign_points([x], [y], self.base.coverage_areas, "area_id")[0]
        if area is None:
            raise ScenarioEditError(
                number,
                "x",
                "outside-region",
                f"punktet ({x:.0f}, {y:.0f}) ligger uden for regionens lægedækningsområder",
            )
        row["area_id"] = str(area)
        row["municipality_code"] = self._area_municipality[str(area)]

    def _finish_row(self, table: str, row: dict[str, Any], number: int) -> dict[str, Any]:
        checked = check_fields(ROW_TABLES[table], row, number)
        area = checked.get("area_id")
        if table in _PLACED and area is not None and area not in self._area_ids:
            raise ScenarioEditError(
                number, "area_id", "reference", f"'{area}' findes ikke som area_id i coverage_areas"
            )
        check_row(table, checked, self.manifest, number, self.exists)
        return checked

    # -- the three operations -------------------------------------------------------

    def _columns(self, edit: Edit, number: int) -> dict[str, Any]:
        """The edit's column values (instructions removed), every name checked."""
        instructions = INSTRUCTIONS.get((edit.table, edit.op), frozenset())
        columns = set(columns_of(ROW_TABLES[edit.table]))
        for name in edit.values:
            if name not in columns and name not in instructions:
                raise ScenarioEditError(
                    number, name, "unknown-column", f"'{name}' er ikke en kolonne i {edit.table}"
                )
        return {k: v for k, v in edit.values.items() if k not in instructions}

    def insert(self, edit: Edit, number: int) -> None:
        table = self.tables[edit.table]
        if table.find(edit.key) is not None:
            raise ScenarioEditError(
                number, "key", "duplicate-key", f"{edit.table} har allerede en række {edit.key}"
            )
        values = self._columns(edit, number)
        for column, key in zip(table.key, edit.key, strict=True):
            if column in values and str(values[column]) != key:
                raise ScenarioEditError(
                    number, column, "key-mismatch", f"{column} skal være nøglen '{key}'"
                )
            values[column] = key
        row: dict[str, Any] = dict.fromkeys(columns_of(table.model)) | values
        if edit.table in _PLACED and row.get("area_id") is None:
            self._place(row, number)
        if edit.table in _PLACED and row.get("postcode") is None and row.get("x") is not None:
            row["postcode"] = self._nearest_postcode(float(row["x"]), float(row["y"]))
        table.insert(self._finish_row(edit.table, row, number))
        if edit.table == "cells" and edit.values.get("persons") is not None:
            self._add_persons(edit.key[0], edit.values["persons"], "persons", number)

    def _existing(self, edit: Edit, number: int) -> RowRef:
        ref = self.tables[edit.table].find(edit.key)
        if ref is None:
            shown = edit.key[0] if len(edit.key) == 1 else list(edit.key)
            raise ScenarioEditError(
                number, "key", "unknown-key", f"{edit.table} har ingen række med nøglen {shown!r}"
            )
        return ref

    def update(self, edit: Edit, number: int) -> None:
        if edit.table == "rules":
            self._update_rule(edit, number)
            return
        if edit.table == "threat_rules":
            self._update_threat_rules(edit, number)
            return
        table = self.tables[edit.table]
        ref = self._existing(edit, number)
        values = self._columns(edit, number)
        for column in table.key:
            if column in values and str(values[column]) != edit.key[table.key.index(column)]:
                raise ScenarioEditError(
                    number, column, "key-change", "en nøgle kan ikke ændres; slet og indsæt"
                )
        row = table.row(ref) | values
        if edit.table in _PLACED and {"x", "y"} & set(values) and "area_id" not in values:
            self._place(row, number)
        if (
            edit.table == "practices"
            and "status" in values
            and values["status"] != PracticeStatus.SELECTIVE.value
            and "open_postcodes" not in values
        ):
            row["open_postcodes"] = None
        if values:  # an update of instructions only (add_persons) leaves the row as it is
            table.put(ref, self._finish_row(edit.table, row, number))
        if edit.table == "cells" and edit.values.get("add_persons") is not None:
            self._add_persons(edit.key[0], edit.values["add_persons"], "add_persons", number)

    def delete(self, edit: Edit, number: int) -> None:
        table = self.tables[edit.table]
        ref = self._existing(edit, number)
        values = self._columns(edit, number)
        if values:
            first = next(iter(values))
            raise ScenarioEditError(
                number, first, "delete-values", "en sletning tager ingen kolonneværdier"
            )
        row = table.row(ref)
        table.delete(ref)
        if edit.table == "practices":
            self._remove_practice(row, edit.values.get("patients_to", "nearest"), number)
        elif edit.table == "cells":
            population = self.tables["population"]
            for child in population.refs_where("cell_id", edit.key[0]):
                population.delete(child)

    # -- compound changes -----------------------------------------------------------

    def _remove_practice(self, row: dict[str, Any], target: Any, number: int) -> None:
        provider = str(row["provider_number"])
        for name in ("gps", "coverage_survey"):
            child_table = self.tables[name]
            for child in child_table.refs_where("provider_number", provider):
                child_table.delete(child)
        patients = int(row["listed_patients"])
        if patients == 0 or target is None:
            return
        practices = self.tables["practices"]
        if target != "nearest":
            ref = practices.find((str(target),))
            if ref is None:
                raise ScenarioEditError(
                    number,
                    "patients_to",
                    "reference",
                    f"'{target}' er hverken 'nearest' eller en praksis i datasættet",
                )
            shares = {str(target): patients}
        else:
            current = practices.current(
                ["provider_number", "status", "x", "y", "capacities", "vacant_capacities"]
            )
            open_rows = current[current["status"] == PracticeStatus.OPEN.value]
            if open_rows.empty:
                raise ScenarioEditError(
                    number,
                    "patients_to",
                    "no-open-practice",
                    "der er ingen åben praksis tilbage at flytte patienterne til",
                )
            shares = nearest_open_shares(
                float(row["x"]),
                float(row["y"]),
                [
                    (str(provider), float(x), float(y), float(capacities) - float(vacant))
                    for provider, x, y, capacities, vacant in zip(
                        open_rows["provider_number"],
                        open_rows["x"],
                        open_rows["y"],
                        open_rows["capacities"],
                        open_rows["vacant_capacities"],
                        strict=True,
                    )
                ],
                patients,
                self.manifest.rules.free_choice_radius_km * 1000,
            )
        for provider_to, count in shares.items():
            ref = practices.find((provider_to,))
            assert ref is not None
            receiving = practices.row(ref)
            receiving["listed_patients"] = int(receiving["listed_patients"]) + count
            practices.put(ref, self._finish_row("practices", receiving, number))

    def _nearest_postcode(self, x: float, y: float) -> str:
        cells = self.base.cells
        nearest = int(np.argmin(np.hypot(cells["x"].to_numpy() - x, cells["y"].to_numpy() - y)))
        return str(cells["postcode"].iloc[nearest])

    def _add_persons(self, cell_id: str, persons: Any, field: str, number: int) -> None:
        if not isinstance(persons, int) or isinstance(persons, bool) or persons < 0:
            raise ScenarioEditError(
                number,
                field,
                "persons",
                f"antal personer skal være et helt tal ≥ 0, ikke {persons!r}",
            )
        profile = band_sex_totals(self.base)
        if profile.sum() <= 0:
            raise ScenarioEditError(
                number,
                field,
                "no-profile",
                "regionen har ingen befolkning at tage aldersprofil fra",
            )
        parts = largest_remainder(persons, profile.to_numpy(dtype=np.float64))
        population = self.tables["population"]
        for (band, sex), count in zip(profile.index, parts, strict=True):
            if count == 0:
                continue
            key = (cell_id, str(band), str(sex))
            ref = population.find(key)
            if ref is None:
                row = {"cell_id": cell_id, "age_band": band, "sex": sex, "persons": int(count)}
                population.insert(self._finish_row("population", row, number))
            else:
                row = population.row(ref)
                row["persons"] = int(row["persons"]) + int(count)
                population.put(ref, self._finish_row("population", row, number))

    # -- settings -------------------------------------------------------------------

    def _update_rule(self, edit: Edit, number: int) -> None:
        name = edit.key[0]
        if name not in RuleParameters.model_fields or name == "age_bands":
            known = ", ".join(n for n in RuleParameters.model_fields if n != "age_bands")
            raise ScenarioEditError(
                number, "key", "unknown-rule", f"'{name}' er ikke en regelparameter; brug {known}"
            )
        if set(edit.values) != {"value"}:
            raise ScenarioEditError(
                number, "values", "rule-value", "en regelparameter ændres med values = {value = …}"
            )
        data = self.manifest.rules.model_dump() | {name: edit.values["value"]}
        try:
            rules = RuleParameters.model_validate(data)
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            raise ScenarioEditError(number, name, "rule", danish_message(first, name)) from None
        self.manifest = self.manifest.model_copy(update={"rules": rules})

    def _update_threat_rules(self, edit: Edit, number: int) -> None:
        text = edit.values.get("toml")
        if edit.key != ("file",) or not isinstance(text, str) or set(edit.values) != {"toml"}:
            raise ScenarioEditError(
                number,
                "values",
                "threat-rules",
                "trusselsreglerne ændres med key = 'file' og values = {toml = …}",
            )
        try:
            parse_rules(text, f"ændring {number}")
        except RuleSetInvalidError as error:
            raise ScenarioEditError(number, "toml", "threat-rules", str(error)) from None
        self.threat_rules_toml = text

    def apply(self, edit: Edit, number: int) -> None:
        if edit.op == "insert":
            self.insert(edit, number)
        elif edit.op == "update":
            self.update(edit, number)
        else:
            self.delete(edit, number)

    def result(self) -> AppliedScenario:
        frames: dict[str, pd.DataFrame] = {
            name: table.frame() for name, table in self.tables.items() if table.changed
        }
        dataset = self.base.with_tables(**frames)
        if self.manifest is not self.base.manifest:
            dataset = replace(dataset, manifest=self.manifest)
        return AppliedScenario(dataset, self.threat_rules_toml, self._population_cells())

    def _population_cells(self) -> frozenset[str] | None:
        if self.tables["demand_weights"].changed:
            return None
        population, cells = self.tables["population"], self.tables["cells"]
        touched = {str(population.base["cell_id"].iloc[i]) for i in population.deleted}
        touched |= {str(population.base["cell_id"].iloc[i]) for i in population.updated}
        touched |= {str(r["cell_id"]) for r in population.inserted if r is not None}
        touched |= {str(r["cell_id"]) for r in cells.inserted if r is not None}
        return frozenset(touched)


def apply_edits(
    base: Dataset, edits: Sequence[Edit], *, as_of_year: int | None = None
) -> AppliedScenario:
    """``base`` with ``edits`` applied in order (those with a ``year`` after ``as_of_year``
    skipped); raises :class:`ScenarioEditError` on the first edit that breaks a rule."""
    editor = _Editor(base)
    for number, edit in enumerate(edits, start=1):
        if as_of_year is None or edit.year is None or edit.year <= as_of_year:
            editor.apply(edit, number)
    return editor.result()


def rebase(base: Dataset, edits: Sequence[Edit]) -> tuple[AppliedScenario, list[int]]:
    """The edits applied to another (newer) snapshot of the region, skipping those whose
    rows no longer exist there; returns the result and the numbers of the skipped edits."""
    editor = _Editor(base)
    skipped: list[int] = []
    for number, edit in enumerate(edits, start=1):
        try:
            editor.apply(edit, number)
        except ScenarioEditError as error:
            if error.rule not in ("unknown-key", "duplicate-key"):
                raise
            skipped.append(number)
    return editor.result(), skipped
