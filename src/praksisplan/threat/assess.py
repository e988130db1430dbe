"""The gross list: assess every coverage area of a dataset against a rule set."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.engine.indicators import compute_indicators
from praksisplan.forecast.parameters import ForecastParameters
from praksisplan.tables import frame_to_records
from praksisplan.threat.evaluate import CRITERIA_COLUMNS, ON_ISLAND, evaluate
from praksisplan.threat.islands import island_notes, with_island_notes
from praksisplan.threat.measures import threat_measures
from praksisplan.threat.rules import RuleSet

#: Columns of :attr:`Assessment.areas` (index ``area_id``), in order.
AREA_COLUMNS = [
    "name",
    "municipality_code",
    "threat_class",
    "severity",
    "explanation",
    "years_until_red",
    "supply_pct_of_need",
]


@dataclass(frozen=True)
class Assessment:
    """The result of :func:`assess`.

    ``areas`` is indexed by ``area_id``, most severe first (:data:`AREA_COLUMNS`);
    ``criteria`` is long form, one row per area and criterion (:data:`CRITERIA_COLUMNS`);
    ``projection`` holds the projected supply in % of need per area and year offset.
    """

    rules: RuleSet
    reference_date: dt.date
    areas: pd.DataFrame
    criteria: pd.DataFrame
    projection: pd.DataFrame

    def to_records(self) -> list[dict[str, Any]]:
        """One JSON-ready dict per area (in list order) with its criteria nested."""
        criteria_by_area: dict[str, list[dict[str, Any]]] = {}
        for record in frame_to_records(self.criteria):
            area_id = str(record.pop("area_id"))
            criteria_by_area.setdefault(area_id, []).append(record)
        records = frame_to_records(self.areas)
        for record in records:
            record["criteria"] = criteria_by_area.get(str(record["area_id"]), [])
        return records

    @classmethod
    def from_records(
        cls, records: list[dict[str, Any]], rules: RuleSet, reference_date: dt.date
    ) -> Assessment:
        """Rebuild an assessment stored with :meth:`to_records` (without the projection)."""
        areas = pd.DataFrame(
            [{k: v for k, v in r.items() if k != "criteria"} for r in records],
            columns=["area_id", *AREA_COLUMNS],
        ).set_index("area_id")
        areas["years_until_red"] = areas["years_until_red"].astype(float)
        areas["supply_pct_of_need"] = areas["supply_pct_of_need"].astype(float)
        criteria = pd.DataFrame(
            [{"area_id": r["area_id"], **c} for r in records for c in r["criteria"]],
            columns=CRITERIA_COLUMNS,
        )
        criteria["value"] = criteria["value"].astype(float)
        criteria["fired"] = criteria["fired"].astype(bool)
        return cls(rules, reference_date, areas, criteria, pd.DataFrame(index=areas.index))


def assess(
    dataset: Dataset,
    rules: RuleSet,
    indicators: pd.DataFrame | None = None,
    parameters: ForecastParameters | None = None,
    *,
    supply: pd.DataFrame | None = None,
    notes: pd.Series | Literal["compute"] | None = "compute",
) -> Assessment:
    """Classify every coverage area of ``dataset`` with ``rules``.

    ``indicators`` is the engine's area indicator frame; it is computed when not given.
    ``parameters``: the population forecast's, for ``early_warning.need = "forecast"``.
    ``supply`` is the dataset's :func:`~praksisplan.engine.supply.practice_supply`, when
    already known; ``notes`` its :func:`~praksisplan.threat.islands.island_notes`, when
    already known.
    """
    if indicators is None:
        indicators = compute_indicators(dataset, "area")
    measures, projection = threat_measures(dataset, indicators, rules, parameters, supply)
    if isinstance(notes, str):
        notes = island_notes(dataset, rules)
    if notes is not None:
        measures[ON_ISLAND] = notes.reindex(measures.index).notna().to_numpy()
    areas, criteria = evaluate(measures, rules)
    if notes is not None:
        areas["explanation"] = with_island_notes(areas["explanation"], notes)
    return Assessment(
        rules=rules,
        reference_date=dataset.manifest.reference_date,
        areas=areas[AREA_COLUMNS],
        criteria=criteria,
        projection=projection,
    )
