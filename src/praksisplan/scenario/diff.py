"""The diff of a scenario: base vs scenario for the region, every municipality and every area.

:func:`analyse` runs the engine once per dataset (one per-cell analysis shared by the three
levels) and the threat assessment; :func:`diff` compares two analyses: every indicator
(base, scenario, change), each area's threat class with the criteria that started or stopped
firing, the persons who gain or lose legal free choice (≥ 2 open practices within the
radius) and the practices the edits added, removed or changed.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.engine.cells import SpatialSettings, analyse_cells, od_table_of
from praksisplan.engine.indicators import LEVELS, Level, indicators_of_cells
from praksisplan.engine.od import ODTable
from praksisplan.engine.population import CELL_POPULATION_COLUMNS, cell_population
from praksisplan.engine.supply import practice_supply
from praksisplan.tables import frame_to_records
from praksisplan.threat.assess import Assessment, assess
from praksisplan.threat.compare import compare
from praksisplan.threat.islands import island_network, island_notes
from praksisplan.threat.rules import RuleSet
from praksisplan.travel.network import TravelNetwork

#: Columns of a unit frame that describe the unit rather than measure it.
_DESCRIPTIVE = ("name", "municipality_code")
#: Practice columns whose change :attr:`ScenarioDiff.practices` reports.
PRACTICE_COLUMNS = (
    "name",
    "status",
    "org_form",
    "capacities",
    "vacant_capacities",
    "listed_patients",
    "area_id",
)
#: Columns of :attr:`ScenarioDiff.indicators`.
INDICATOR_DIFF_COLUMNS = ["level", "unit_id", "name", "indicator", "base", "scenario", "change"]


@dataclass(frozen=True)
class Analysis:
    """One dataset analysed: per-cell figures, the indicators per level, the assessment."""

    dataset: Dataset
    cells: pd.DataFrame
    levels: dict[Level, pd.DataFrame]
    assessment: Assessment
    #: the dataset's :func:`~praksisplan.engine.supply.practice_supply`
    supply: pd.DataFrame
    #: the dataset's :func:`~praksisplan.threat.islands.island_notes`
    island_notes: pd.Series | None
    #: the dataset's :func:`~praksisplan.threat.islands.island_network` (None: not needed)
    island_network: TravelNetwork | None
    #: the planar OD table (cells × practices within :attr:`reach_m`) the per-cell figures
    #: were computed from, kept so a scenario's edits can patch it (None: not kept)
    od: ODTable | None = None

    @property
    def population(self) -> pd.DataFrame:
        """The per-cell population columns (:data:`CELL_POPULATION_COLUMNS`)."""
        return self.cells[list(CELL_POPULATION_COLUMNS)]

    @property
    def reach_m(self) -> float:
        """How far (metres) a practice's figures reach: the radius or the widest catchment."""
        return _reach_m(self.dataset)


def _reach_m(dataset: Dataset) -> float:
    settings = SpatialSettings()
    radius = settings.radius_m(dataset)
    return max(radius, *(settings.catchment(m, radius).max_cost for m in settings.methods))


def analyse(
    dataset: Dataset,
    rules: RuleSet,
    *,
    population: pd.DataFrame | None = None,
    cells: pd.DataFrame | None = None,
    od: ODTable | None = None,
    supply: pd.DataFrame | None = None,
    notes: pd.Series | Literal["compute"] | None = "compute",
    network: TravelNetwork | Literal["compute"] | None = "compute",
) -> Analysis:
    """The engine's indicators at every level and the threat assessment of ``dataset``
    (``population``: its per-cell population figures, when already known; ``cells``: its
    whole per-cell analysis, when already known, and ``od`` the OD table it came from, if
    any; ``supply``: its practice supply, computed once and shared by every part;
    ``notes``: its areas' island notes, when known; ``network``: its island network, when
    known). Without ``cells`` the OD table is built (in a worker thread while the
    population is summed) and kept in the result."""
    settings = SpatialSettings()
    if supply is None:
        supply = practice_supply(dataset)
    if cells is None:
        reach = _reach_m(dataset)
        with ThreadPoolExecutor(max_workers=1) as pool:
            building = pool.submit(od_table_of, dataset, reach)
            if population is None:
                population = cell_population(dataset)
            od = building.result()
        cells = analyse_cells(dataset, settings, od=od, population=population, supply=supply)
    radius_km = settings.radius_m(dataset) / 1000
    levels = {
        level: indicators_of_cells(dataset, level, cells, radius_km, supply=supply)
        for level in LEVELS
    }
    if isinstance(network, str):
        network = island_network(dataset, rules)
    if isinstance(notes, str):
        notes = island_notes(dataset, rules, network)
    assessment = assess(dataset, rules, levels["area"], supply=supply, notes=notes)
    return Analysis(dataset, cells, levels, assessment, supply, notes, network, od)


def _measured(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c not in _DESCRIPTIVE]


def _changed(base: np.ndarray, scenario: np.ndarray) -> np.ndarray:
    same = np.isclose(base, scenario, rtol=1e-12, atol=1e-12, equal_nan=True)
    return np.asarray(~same)


@dataclass(frozen=True)
class ScenarioDiff:
    """What a scenario changes. ``indicators`` is long form (:data:`INDICATOR_DIFF_COLUMNS`),
    one row per level, unit and indicator; ``classes`` one row per area (``class_base``,
    ``class_scenario``, ``criteria_started``, ``criteria_stopped``), changed classes first;
    ``practices`` one row per practice added, removed or changed (``change`` and the
    ``<column>_base`` / ``<column>_scenario`` pairs)."""

    indicators: pd.DataFrame
    classes: pd.DataFrame
    persons_gaining_free_choice: int
    persons_losing_free_choice: int
    practices: pd.DataFrame

    def to_json(self) -> dict[str, Any]:
        """``region`` (indicator → {base, scenario}), ``municipalities`` and ``areas`` (lists
        with the changed indicators), the free-choice counts and the changed practices."""
        frame = self.indicators
        region = frame[frame["level"] == "region"]
        changed = frame[frame["changed"]]

        def changed_of(level: str, unit_id: str) -> dict[str, dict[str, Any]]:
            rows = changed[(changed["level"] == level) & (changed["unit_id"] == unit_id)]
            return {
                r["indicator"]: {"base": r["base"], "scenario": r["scenario"]}
                for r in frame_to_records(rows)
            }

        areas = [
            {
                "area_id": r["area_id"],
                "name": r["name"],
                "class_base": r["class_base"],
                "class_scenario": r["class_scenario"],
                "criteria_started": r["criteria_started"],
                "criteria_stopped": r["criteria_stopped"],
                "changed": changed_of("area", str(r["area_id"])),
            }
            for r in frame_to_records(self.classes.reset_index())
        ]
        municipalities = [
            {"municipality_code": code, "changed": changed_of("municipality", code)}
            for code in frame.loc[frame["level"] == "municipality", "unit_id"].unique()
        ]
        return {
            "region": {
                r["indicator"]: {"base": r["base"], "scenario": r["scenario"]}
                for r in frame_to_records(region)
            },
            "municipalities": municipalities,
            "areas": areas,
            "persons_gaining_free_choice": self.persons_gaining_free_choice,
            "persons_losing_free_choice": self.persons_losing_free_choice,
            "practices": frame_to_records(self.practices),
        }


def _indicator_rows(base: Analysis, scenario: Analysis) -> pd.DataFrame:
    parts = []
    for level in LEVELS:
        b, s = base.levels[level], scenario.levels[level].reindex(base.levels[level].index)
        columns = _measured(b)
        values_b = b[columns].to_numpy(dtype=np.float64)
        values_s = s[columns].to_numpy(dtype=np.float64)
        n_units, n_columns = values_b.shape
        parts.append(
            pd.DataFrame(
                {
                    "level": level,
                    "unit_id": np.repeat(b.index.astype(str).to_numpy(), n_columns),
                    "name": np.repeat(b["name"].astype(str).to_numpy(), n_columns),
                    "indicator": np.tile(np.asarray(columns, dtype=object), n_units),
                    "base": values_b.ravel(),
                    "scenario": values_s.ravel(),
                    "change": (values_s - values_b).ravel(),
                    "changed": _changed(values_b, values_s).ravel(),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def _class_rows(base: Analysis, scenario: Analysis) -> pd.DataFrame:
    old = base.assessment.areas
    new = scenario.assessment.areas.reindex(old.index)
    frame = pd.DataFrame(
        {
            "name": old["name"],
            "class_base": old["threat_class"].astype(str),
            "class_scenario": new["threat_class"].astype(str),
        }
    )
    areas = scenario.assessment.areas.index
    same_areas = len(areas) == len(old.index) and bool(old.index.isin(areas).all())
    if same_areas and not old["threat_class"].ne(new["threat_class"]).any():
        # compare() lists only the areas whose class changed: here none
        frame["criteria_started"] = frame["criteria_stopped"] = ""
    else:
        moved = compare(base.assessment, scenario.assessment)
        for column, source in (
            ("criteria_started", "criteria_now_fired"),
            ("criteria_stopped", "criteria_no_longer_fired"),
        ):
            frame[column] = moved[source].astype(object).reindex(frame.index).fillna("").astype(str)
    frame["class_changed"] = frame["class_base"] != frame["class_scenario"]
    return frame.sort_values("class_changed", ascending=False, kind="stable")


def _joined(
    left: pd.DataFrame,
    right: pd.DataFrame,
    how: Literal["inner", "outer"],
    suffixes: tuple[str, str],
) -> pd.DataFrame:
    return pd.merge(left, right, how=how, left_index=True, right_index=True, suffixes=suffixes)


def _free_choice(base: Analysis, scenario: Analysis) -> tuple[int, int]:
    b = base.cells[["persons", "open_within_radius"]]
    s = scenario.cells[["persons", "open_within_radius"]]
    if b.index.equals(s.index):  # the same cells in the same order: no join needed
        had = b["open_within_radius"].to_numpy() >= 2
        has = s["open_within_radius"].to_numpy() >= 2
        persons_b, persons_s = b["persons"].to_numpy(), s["persons"].to_numpy()
    else:
        joined = _joined(b, s, "outer", ("_b", "_s")).fillna(0)
        had = joined["open_within_radius_b"].to_numpy() >= 2
        has = joined["open_within_radius_s"].to_numpy() >= 2
        persons_b = joined["persons_b"].to_numpy()
        persons_s = joined["persons_s"].to_numpy()
    return int(persons_s[has & ~had].sum()), int(persons_b[had & ~has].sum())


def _values(column: pd.Series, as_float: bool) -> npt.NDArray[Any]:
    """A column as floats (missing: NaN) or as Python objects (missing: None)."""
    if as_float:
        return np.asarray(column.to_numpy(dtype=np.float64, na_value=np.nan))
    values = np.asarray(column.to_numpy(dtype=object))
    missing = np.asarray(pd.isna(values), dtype=bool)
    if missing.any():
        values = values.copy()  # may be the frame's own array
        values[missing] = None
    return values


def _differs(
    left: pd.Series, right: pd.Series, at: npt.NDArray[np.intp], both: npt.NDArray[np.intp]
) -> npt.NDArray[np.bool_]:
    """Row ``at[i]`` of ``left`` differs from row ``both[i]`` of ``right`` (a value
    missing on both sides is the same)."""
    as_float = left.dtype.kind == right.dtype.kind == "f"
    a, b = _values(left, as_float)[at], _values(right, as_float)[both]
    same = np.asarray(a == b, dtype=bool)
    if as_float:
        same |= np.isnan(a) & np.isnan(b)
    return ~same


def _practice_rows(base: Dataset, scenario: Dataset) -> pd.DataFrame:
    """The practices added, removed, changed or moved, base and scenario columns joined
    (only those rows are joined: joining every practice cost more than the rest of it)."""
    b, s = base.practices, scenario.practices
    ids_b = pd.Index(b["provider_number"].astype(str))
    ids_s = ids_b if s is b else pd.Index(s["provider_number"].astype(str))
    at = ids_b.get_indexer(ids_s)
    both = np.flatnonzero(at >= 0)
    differs = np.zeros(len(both), dtype=bool)
    if s is not b:  # apply_edits keeps a table no edit touched
        for column in (*PRACTICE_COLUMNS, "x", "y"):
            differs |= _differs(b[column], s[column], at[both], both)
    ids = ids_s[both[differs]].union(ids_b.symmetric_difference(ids_s))
    columns = list(PRACTICE_COLUMNS)
    in_ids_b, in_ids_s = ids_b.isin(ids), ids_s.isin(ids)
    part_b = b.loc[in_ids_b, columns].set_index(ids_b[in_ids_b])
    part_s = s.loc[in_ids_s, columns].set_index(ids_s[in_ids_s])
    joined = _joined(part_b, part_s, "outer", ("_base", "_scenario"))
    in_b, in_s = joined.index.isin(part_b.index), joined.index.isin(part_s.index)
    change = np.where(~in_b, "added", np.where(~in_s, "removed", "changed"))
    joined.insert(0, "change", change)
    joined.index.name = "provider_number"
    return joined.reset_index()


def diff(base: Analysis, scenario: Analysis) -> ScenarioDiff:
    """What ``scenario`` changes relative to ``base`` (two analyses of the same region)."""
    gaining, losing = _free_choice(base, scenario)
    return ScenarioDiff(
        indicators=_indicator_rows(base, scenario),
        classes=_class_rows(base, scenario),
        persons_gaining_free_choice=gaining,
        persons_losing_free_choice=losing,
        practices=_practice_rows(base.dataset, scenario.dataset),
    )
