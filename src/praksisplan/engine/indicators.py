"""Indicators per coverage area, municipality or region.

Every figure is built from numerators and denominators summed over the cells and practices
of a unit, and ratios are taken last — so a municipality's share is the share of its summed
counts, never a mean of its areas' shares. Population-weighted distance quantiles and the
equity figures are computed over the unit's cells. Definitions: docs/engine.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.engine.cells import SpatialSettings, analyse_cells
from praksisplan.engine.distribution import palma_ratio, weighted_gini, weighted_quantile
from praksisplan.engine.od import ODTable
from praksisplan.engine.population import CELL_POPULATION_COLUMNS, cell_population
from praksisplan.engine.supply import ORG_FORMS, STATUSES, practice_supply, region_held_vacancies

Level = Literal["area", "municipality", "region"]
LEVELS: tuple[Level, ...] = ("area", "municipality", "region")
#: Index name of each level's frame.
INDEX_NAMES: dict[Level, str] = {
    "area": "area_id",
    "municipality": "municipality_code",
    "region": "region_code",
}
#: Default GP daytime services a year per need-weighted person (Midtjylland 2015–17: 8.4
#: million services for ~1.3 million citizens, about 7 per citizen; weights average ≈ 1).
DEFAULT_SERVICES_PER_WEIGHTED_PERSON = 7.0
#: The method whose unit mean is the ``access_e2sfca_mean`` column.
_ACCESS_COLUMN = "access_e2sfca"


def _units(dataset: Dataset, level: Level) -> pd.DataFrame:
    """The units of a level with their descriptive columns, indexed by unit id."""
    if level == "area":
        areas = dataset.coverage_areas
        frame = pd.DataFrame(
            {
                "name": areas["name"].astype(str).to_numpy(),
                "municipality_code": areas["municipality_code"].astype(str).to_numpy(),
            },
            index=pd.Index(areas["area_id"].astype(str), name="area_id"),
        )
    elif level == "municipality":
        municipalities = dataset.municipalities
        frame = pd.DataFrame(
            {"name": municipalities["name"].astype(str).to_numpy()},
            index=pd.Index(municipalities["code"].astype(str), name="municipality_code"),
        )
    else:
        region = dataset.manifest.region
        frame = pd.DataFrame({"name": [region.name]}, index=pd.Index([region.code]))
    frame.index.name = INDEX_NAMES[level]
    return frame


def _unit_of(rows: pd.DataFrame, level: Level, dataset: Dataset) -> npt.NDArray[np.object_]:
    if level == "region":
        return np.full(len(rows), dataset.manifest.region.code, dtype=object)
    return rows[INDEX_NAMES[level]].astype(str).to_numpy(dtype=object)


def _sum_by_unit(
    values: pd.DataFrame, unit: npt.NDArray[np.object_], units: pd.Index
) -> pd.DataFrame:
    return values.groupby(unit).sum().reindex(units, fill_value=0.0)


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return (numerator / denominator.where(denominator != 0)).astype(float)


def _supply_sums(dataset: Dataset, level: Level, units: pd.Index) -> pd.DataFrame:
    supply = practice_supply(dataset)
    unit = _unit_of(dataset.practices, level, dataset)
    status, org = supply["status"].to_numpy(), supply["org_form"].to_numpy()
    counts = supply[
        [
            "capacities",
            "vacant_capacities",
            "filled_capacities",
            "norm_patients",
            "extra_patients",
            "supply_patients",
            "listed_patients",
            "gps",
            "fte",
            "gps_60plus",
            "gps_65plus",
        ]
    ].assign(
        practices=1.0,
        listed_region_run=supply["listed_patients"].where(supply["region_run"], 0.0),
        **{f"gps_{s.value}": supply["gps"].where(status == s.value, 0.0) for s in STATUSES},
        **{f"practices_{s.value}": (status == s.value).astype(float) for s in STATUSES},
        **{f"practices_{f.value}": (org == f.value).astype(float) for f in ORG_FORMS},
    )
    sums = _sum_by_unit(counts, unit, units)
    held = region_held_vacancies(dataset)
    held_unit = _unit_of(held, level, dataset)
    sums["region_held_vacant_capacities"] = _sum_by_unit(
        held[["vacant_capacities"]], held_unit, units
    )["vacant_capacities"]
    return sums


def _basic_indicators(
    dataset: Dataset, level: Level, population: pd.DataFrame
) -> tuple[pd.DataFrame, npt.NDArray[np.object_]]:
    """Population and supply indicators, and the unit of each cell (for the spatial part)."""
    out = _units(dataset, level)
    cell_unit = _unit_of(dataset.cells, level, dataset)
    people = _sum_by_unit(
        population[list(CELL_POPULATION_COLUMNS)].reset_index(drop=True), cell_unit, out.index
    )
    s = _supply_sums(dataset, level, out.index)
    norm = dataset.manifest.rules.norm

    out["population"] = people["persons"].round().astype(int)
    out["share_65plus"] = _ratio(people["persons_65plus"], people["persons"])
    out["share_80plus"] = _ratio(people["persons_80plus"], people["persons"])
    out["dependency_ratio"] = _ratio(
        people["persons_0_14"] + people["persons_65plus"], people["persons_15_64"]
    )
    out["capacities"] = s["capacities"] + s["region_held_vacant_capacities"]
    out["filled_capacities"] = s["filled_capacities"]
    out["vacant_capacities"] = s["vacant_capacities"] + s["region_held_vacant_capacities"]
    out["region_held_vacant_capacities"] = s["region_held_vacant_capacities"]
    out["gps"] = s["gps"].astype(int)
    out["fte"] = s["fte"]
    out["practices"] = s["practices"].astype(int)
    for form in ORG_FORMS:
        out[f"practices_{form.value}"] = s[f"practices_{form.value}"].astype(int)
    out["listed_patients"] = s["listed_patients"].astype(int)
    out["patients_per_filled_capacity"] = _ratio(s["listed_patients"], s["filled_capacities"])
    out["norm"] = _ratio(s["norm_patients"], s["filled_capacities"]).fillna(float(norm))
    for status in STATUSES:
        out[f"share_gps_{status.value}"] = _ratio(s[f"gps_{status.value}"], s["gps"])
    for status in STATUSES:
        out[f"share_practices_{status.value}"] = _ratio(
            s[f"practices_{status.value}"], s["practices"]
        )
    out["share_gps_60plus"] = _ratio(s["gps_60plus"], s["gps"])
    out["share_gps_65plus"] = _ratio(s["gps_65plus"], s["gps"])
    out["share_listed_in_region_run_clinics"] = _ratio(s["listed_region_run"], s["listed_patients"])
    out["need_weighted_persons"] = people["need_weighted_persons"]
    out["expected_services"] = (
        people["need_weighted_persons"] * DEFAULT_SERVICES_PER_WEIGHTED_PERSON
    )
    out["supply_patients"] = s["supply_patients"]
    out["supply_pct_of_need"] = 100 * _ratio(s["supply_patients"], people["need_weighted_persons"])
    return out, cell_unit


def basic_indicators(dataset: Dataset, level: Level) -> pd.DataFrame:
    """The population and supply indicators alone (no distances; fast)."""
    return _basic_indicators(dataset, level, cell_population(dataset))[0]


class _CellsByUnit:
    """The cells of each unit as slices of one sort, for statistics over a unit's cells
    (a loop over units, not cells)."""

    def __init__(self, cell_unit: npt.NDArray[np.object_], units: pd.Index) -> None:
        codes = units.get_indexer(pd.Index(cell_unit))
        self._order = np.argsort(codes, kind="stable")
        self._bounds = np.searchsorted(codes[self._order], np.arange(len(units) + 1))
        self._units = units

    def statistic(
        self,
        values: pd.Series,
        weights: pd.Series,
        function: Callable[[npt.NDArray[np.float64], npt.NDArray[np.float64]], float],
    ) -> pd.Series:
        v = values.to_numpy(dtype=np.float64)[self._order]
        w = weights.to_numpy(dtype=np.float64)[self._order]
        result = [
            function(v[lo:hi], w[lo:hi]) if hi > lo else float("nan")
            for lo, hi in zip(self._bounds[:-1], self._bounds[1:], strict=True)
        ]
        return pd.Series(result, index=self._units, dtype=float)


def compute_indicators(
    dataset: Dataset,
    level: Level,
    *,
    radius_km: float | None = None,
    settings: SpatialSettings | None = None,
    od: ODTable | None = None,
) -> pd.DataFrame:
    """All indicators of every unit of ``level`` (see docs/engine.md for each definition).

    ``radius_km`` overrides the dataset's free-choice radius; ``settings`` the distance
    model and accessibility catchment (E2SFCA is always computed for ``access_e2sfca_mean``);
    ``od`` an external OD table (see :func:`~praksisplan.engine.cells.analyse_cells`).
    """
    settings = settings or SpatialSettings()
    if radius_km is not None:
        settings = replace(settings, radius_km=radius_km)
    if "e2sfca" not in settings.methods:
        settings = replace(settings, methods=(*settings.methods, "e2sfca"))
    radius_km_used = settings.radius_m(dataset) / 1000
    cells = analyse_cells(dataset, settings, od=od)
    out, cell_unit = _basic_indicators(dataset, level, cells)
    units = out.index

    persons = cells["persons"]
    open_count = cells["open_within_radius"]
    need = cells["need_weighted_persons"]
    score = cells[_ACCESS_COLUMN]
    region_mean = float(np.dot(score, need) / need.sum()) if need.sum() > 0 else float("nan")
    counts = pd.DataFrame(
        {
            "persons_2plus_open": persons.where(open_count >= 2, 0.0),
            "persons_1_open": persons.where(open_count == 1, 0.0),
            "persons_0_open": persons.where(open_count == 0, 0.0),
            "persons_beyond_radius_any": persons.where(
                cells["nearest_any_km"] > radius_km_used, 0.0
            ),
            "need_times_access": need * score,
            "persons_below_half_mean_access": persons.where(score < region_mean / 2, 0.0),
        }
    ).reset_index(drop=True)
    sums = _sum_by_unit(counts, cell_unit, units)
    for column in ("persons_2plus_open", "persons_1_open", "persons_0_open"):
        out[column] = sums[column].round().astype(int)
    out["share_persons_lt2_open"] = _ratio(
        sums["persons_1_open"] + sums["persons_0_open"], out["population"]
    )
    out["persons_beyond_radius_any"] = sums["persons_beyond_radius_any"].round().astype(int)

    by_unit = _CellsByUnit(cell_unit, units)
    for kind in ("open", "any"):
        distance = cells[f"nearest_{kind}_km"]
        for label, q in (("median", 0.5), ("p90", 0.9), ("max", 1.0)):
            out[f"dist_{kind}_{label}_km"] = by_unit.statistic(
                distance, persons, partial(weighted_quantile, q=q)
            )
    out["access_e2sfca_mean"] = _ratio(sums["need_times_access"], out["need_weighted_persons"])
    out["access_e2sfca_gini"] = by_unit.statistic(score, persons, weighted_gini)
    out["access_e2sfca_palma"] = by_unit.statistic(score, persons, palma_ratio)
    out["share_persons_below_half_mean_access"] = _ratio(
        sums["persons_below_half_mean_access"], out["population"]
    )
    return out
