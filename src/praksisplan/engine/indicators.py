"""Indicators per coverage area, municipality or region.

Every figure is built from numerators and denominators summed over the cells and practices
of a unit, and ratios are taken last — so a municipality's share is the share of its summed
counts, never a mean of its areas' shares. Population-weighted distance quantiles and the
equity figures are computed over the unit's cells. Definitions: docs/engine.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.engine.cells import SpatialSettings, analyse_cells
from praksisplan.engine.distribution import GroupedValues
from praksisplan.engine.od import ODTable
from praksisplan.engine.population import CELL_POPULATION_COLUMNS, cell_population
from praksisplan.engine.supply import ORG_FORMS, STATUSES, practice_supply, region_held_vacancies

Level = Literal["area", "municipality", "region"]
FloatArray = npt.NDArray[np.float64]
#: Per-unit sums or indicators by column name.
Columns = dict[str, FloatArray]
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


def _with_columns(units: pd.DataFrame, columns: Mapping[str, npt.ArrayLike]) -> pd.DataFrame:
    """``units`` with ``columns`` appended, built in one go (``assign`` inserts them one by
    one: ~5× the time for the ~50 indicator columns)."""
    return pd.concat([units, pd.DataFrame(dict(columns), index=units.index)], axis=1)


def _unit_codes(rows: pd.DataFrame, level: Level, units: pd.Index) -> npt.NDArray[np.intp]:
    """The row number in ``units`` of each row's unit (−1 for a unit not in ``units``)."""
    if level == "region":
        return np.zeros(len(rows), dtype=np.intp)
    return np.asarray(
        units.get_indexer(pd.Index(rows[INDEX_NAMES[level]].astype(str))), dtype=np.intp
    )


def _sum_by_unit(
    values: Mapping[str, npt.ArrayLike], unit: npt.NDArray[np.intp], n_units: int
) -> Columns:
    """Per unit the sums of each column (rows of unknown units, −1, are left out)."""
    known = unit >= 0
    code = unit[known]
    return {
        name: np.bincount(
            code, weights=np.asarray(column, dtype=np.float64)[known], minlength=n_units
        ).astype(np.float64)
        for name, column in values.items()
    }


def _ratio(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    """``numerator / denominator``, NaN where the denominator is 0."""
    result = np.full(len(numerator), np.nan)
    np.divide(numerator, denominator, out=result, where=denominator != 0)
    return result


def _count(sums: FloatArray) -> npt.NDArray[np.int64]:
    return np.round(sums).astype(np.int64)


def _supply_sums(dataset: Dataset, level: Level, units: pd.Index, supply: pd.DataFrame) -> Columns:
    status, org = supply["status"].to_numpy(), supply["org_form"].to_numpy()
    gps = supply["gps"].to_numpy(dtype=np.float64)
    listed = supply["listed_patients"].to_numpy(dtype=np.float64)
    counts: dict[str, npt.ArrayLike] = {
        column: supply[column].to_numpy(dtype=np.float64)
        for column in (
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
            "gps_under_55",
        )
    }
    counts["practices"] = np.ones(len(supply))
    counts["listed_region_run"] = np.where(supply["region_run"].to_numpy(), listed, 0.0)
    for s in STATUSES:
        counts[f"gps_{s.value}"] = np.where(status == s.value, gps, 0.0)
        counts[f"practices_{s.value}"] = status == s.value
    for f in ORG_FORMS:
        counts[f"practices_{f.value}"] = org == f.value
    sums = _sum_by_unit(counts, _unit_codes(dataset.practices, level, units), len(units))
    held = region_held_vacancies(dataset)
    sums["region_held_vacant_capacities"] = _sum_by_unit(
        {"held": held["vacant_capacities"].to_numpy(dtype=np.float64)},
        _unit_codes(held, level, units),
        len(units),
    )["held"]
    return sums


def _supply_columns(
    dataset: Dataset, level: Level, units: pd.Index, supply: pd.DataFrame
) -> tuple[dict[str, npt.NDArray[np.generic]], Columns]:
    """The supply indicators of each unit (no population needed), and the supply sums
    (``supply``: the dataset's :func:`~praksisplan.engine.supply.practice_supply`)."""
    s = _supply_sums(dataset, level, units, supply)
    held = s["region_held_vacant_capacities"]
    out: dict[str, npt.NDArray[np.generic]] = {
        "capacities": s["capacities"] + held,
        "filled_capacities": s["filled_capacities"],
        "vacant_capacities": s["vacant_capacities"] + held,
        "region_held_vacant_capacities": held,
        "gps": s["gps"].astype(np.int64),
        "fte": s["fte"],
        "practices": s["practices"].astype(np.int64),
    }
    for form in ORG_FORMS:
        out[f"practices_{form.value}"] = s[f"practices_{form.value}"].astype(np.int64)
    out["listed_patients"] = s["listed_patients"].astype(np.int64)
    out["patients_per_filled_capacity"] = _ratio(s["listed_patients"], s["filled_capacities"])
    norm = _ratio(s["norm_patients"], s["filled_capacities"])
    out["norm"] = np.where(np.isnan(norm), float(dataset.manifest.rules.norm), norm)
    for status in STATUSES:
        out[f"share_gps_{status.value}"] = _ratio(s[f"gps_{status.value}"], s["gps"])
    for status in STATUSES:
        out[f"share_practices_{status.value}"] = _ratio(
            s[f"practices_{status.value}"], s["practices"]
        )
    out["share_gps_60plus"] = _ratio(s["gps_60plus"], s["gps"])
    out["share_gps_65plus"] = _ratio(s["gps_65plus"], s["gps"])
    out["share_gps_under_55"] = _ratio(s["gps_under_55"], s["gps"])
    out["share_listed_in_region_run_clinics"] = _ratio(s["listed_region_run"], s["listed_patients"])
    return out, s


def _basic_columns(
    dataset: Dataset,
    level: Level,
    units: pd.Index,
    cell_unit: npt.NDArray[np.intp],
    population: pd.DataFrame,
    supply_frame: pd.DataFrame,
) -> dict[str, npt.NDArray[np.generic]]:
    """The population and supply indicators of each unit, in their column order."""
    people = _sum_by_unit(
        {c: population[c].to_numpy(dtype=np.float64) for c in CELL_POPULATION_COLUMNS},
        cell_unit,
        len(units),
    )
    supply, s = _supply_columns(dataset, level, units, supply_frame)
    out: dict[str, npt.NDArray[np.generic]] = {
        "population": _count(people["persons"]),
        "share_65plus": _ratio(people["persons_65plus"], people["persons"]),
        "share_80plus": _ratio(people["persons_80plus"], people["persons"]),
        "dependency_ratio": _ratio(
            people["persons_0_14"] + people["persons_65plus"], people["persons_15_64"]
        ),
        **supply,
    }
    need = people["need_weighted_persons"]
    out["need_weighted_persons"] = need
    out["expected_services"] = need * DEFAULT_SERVICES_PER_WEIGHTED_PERSON
    out["supply_patients"] = s["supply_patients"]
    out["supply_pct_of_need"] = 100 * _ratio(s["supply_patients"], need)
    return out


def basic_indicators(dataset: Dataset, level: Level) -> pd.DataFrame:
    """The population and supply indicators alone (no distances; fast)."""
    units = _units(dataset, level)
    cell_unit = _unit_codes(dataset.cells, level, units.index)
    columns = _basic_columns(
        dataset, level, units.index, cell_unit, cell_population(dataset), practice_supply(dataset)
    )
    return _with_columns(units, columns)


def supply_indicators(dataset: Dataset, level: Level) -> pd.DataFrame:
    """The supply columns of :func:`basic_indicators` (capacities, GPs, practices, shares),
    equal to them, from the supply tables alone: practices, GPs, region vacancies, the
    coverage survey and coverage areas (cells and population are not read)."""
    units = _units(dataset, level)
    columns, _ = _supply_columns(dataset, level, units.index, practice_supply(dataset))
    return _with_columns(units, columns)


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
    supply = practice_supply(dataset)
    cells = analyse_cells(dataset, settings, od=od, supply=supply)
    radius_km = settings.radius_m(dataset) / 1000
    return indicators_of_cells(dataset, level, cells, radius_km, supply=supply)


def indicators_of_cells(
    dataset: Dataset,
    level: Level,
    cells: pd.DataFrame,
    radius_km_used: float,
    *,
    supply: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The indicators of :func:`compute_indicators` from an existing per-cell analysis
    (:func:`~praksisplan.engine.cells.analyse_cells` with E2SFCA), e.g. one shared by all
    three levels; ``supply`` is the dataset's
    :func:`~praksisplan.engine.supply.practice_supply`, when already known."""
    units = _units(dataset, level)
    n_units = len(units)
    cell_unit = _unit_codes(dataset.cells, level, units.index)
    if supply is None:
        supply = practice_supply(dataset)
    out = _basic_columns(dataset, level, units.index, cell_unit, cells, supply)

    persons = cells["persons"].to_numpy(dtype=np.float64)
    open_count = cells["open_within_radius"].to_numpy()
    need = cells["need_weighted_persons"].to_numpy(dtype=np.float64)
    score = cells[_ACCESS_COLUMN].to_numpy(dtype=np.float64)
    total_need = need.sum()
    # not np.dot: no BLAS call (its threads would spin on the other core)
    region_mean = float((score * need).sum() / total_need) if total_need > 0 else float("nan")
    sums = _sum_by_unit(
        {
            "persons_2plus_open": np.where(open_count >= 2, persons, 0.0),
            "persons_1_open": np.where(open_count == 1, persons, 0.0),
            "persons_0_open": np.where(open_count == 0, persons, 0.0),
            "persons_beyond_radius_any": np.where(
                cells["nearest_any_km"].to_numpy() > radius_km_used, persons, 0.0
            ),
            "need_times_access": need * score,
            "persons_below_half_mean_access": np.where(score < region_mean / 2, persons, 0.0),
        },
        cell_unit,
        n_units,
    )
    population = out["population"].astype(np.float64)
    for column in ("persons_2plus_open", "persons_1_open", "persons_0_open"):
        out[column] = _count(sums[column])
    out["share_persons_lt2_open"] = _ratio(
        sums["persons_1_open"] + sums["persons_0_open"], population
    )
    out["persons_beyond_radius_any"] = _count(sums["persons_beyond_radius_any"])
    for kind in ("open", "any"):
        distance = GroupedValues(
            cells[f"nearest_{kind}_km"].to_numpy(dtype=np.float64), persons, cell_unit, n_units
        )
        for label, q in (("median", 0.5), ("p90", 0.9), ("max", 1.0)):
            out[f"dist_{kind}_{label}_km"] = distance.quantile(q)
    out["access_e2sfca_mean"] = _ratio(
        sums["need_times_access"], out["need_weighted_persons"].astype(np.float64)
    )
    access = GroupedValues(score, persons, cell_unit, n_units)
    out["access_e2sfca_gini"] = access.gini()
    out["access_e2sfca_palma"] = access.palma()
    out["share_persons_below_half_mean_access"] = _ratio(
        sums["persons_below_half_mean_access"], population
    )
    return _with_columns(units, out)
