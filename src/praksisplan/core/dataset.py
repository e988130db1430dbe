"""The in-memory dataset every analysis reads.

A :class:`Dataset` is what a validated dataset directory, a stored snapshot or the demo
generator turns into. It is plain data — pandas frames whose columns are exactly those of
the row models in :mod:`praksisplan.core.schema` — with two guarantees the loaders establish:

* all coordinates (points and geometries) are in :data:`ANALYSIS_CRS`, planar metres;
* ``area_id`` and ``municipality_code`` of cells and practices are filled in;
* the ``coded`` columns of a table's row model (the population table's ``cell_id``,
  ``age_band`` and ``sex``) are pandas categoricals in the form of :func:`coded_columns`,
  so the engine codes 1.5 million national rows as integers without touching a string.

Frames are never mutated in place by analysis code; a scenario is a new dataset.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import geopandas as gpd
import numpy as np
import pandas as pd

from praksisplan.core.manifest import Manifest
from praksisplan.core.schema import (
    CareHomeRow,
    CoverageAreaRow,
    CoverageSurveyRow,
    DemandWeightRow,
    FerryLinkRow,
    FixedLinkRow,
    GpRow,
    MunicipalityRow,
    PopulationCellRow,
    PopulationHistoryRow,
    PopulationProjectionRow,
    PopulationRow,
    PracticeRow,
    RegionVacancyRow,
    ServiceRow,
    TableRow,
    TemporaryBedRow,
    columns_of,
)

#: Planar CRS all analysis runs in: ETRS89 / UTM zone 32N, metres (Denmark's standard).
ANALYSIS_CRS = "EPSG:25832"


def empty_table(row_model: type[TableRow]) -> pd.DataFrame:
    """A frame with the table's columns and no rows (for an absent optional table)."""
    return pd.DataFrame({name: pd.Series(dtype="object") for name in columns_of(row_model)})


def _is_coded(column: pd.Series) -> bool:
    """Whether ``column`` is already a categorical of exactly its distinct values, sorted,
    as text (what ``astype("category")`` makes of a text column)."""
    if not isinstance(column.dtype, pd.CategoricalDtype) or column.cat.ordered:
        return False
    categories = column.cat.categories
    if categories.dtype != "str" or not categories.is_monotonic_increasing:
        return False
    codes = column.cat.codes.to_numpy()
    used = np.bincount(codes[codes >= 0], minlength=len(categories))
    return bool(used.all())


def coded_columns(frame: pd.DataFrame, row_model: type[TableRow]) -> pd.DataFrame:
    """``frame`` with the row model's ``coded`` columns as categoricals whose categories are
    the column's distinct values as text, sorted (missing values stay missing): the form a
    dataset's loaders deliver. Sorting and comparing such a column gives the same result
    as on the text; a frame already in that form is returned as it is."""
    recode = [c for c in row_model.coded if c in frame.columns and not _is_coded(frame[c])]
    if not recode:
        return frame
    out = frame.copy()
    for column in recode:
        values = out[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.cat.remove_unused_categories().cat.as_unordered()
            # recoding the few categories, not the rows
            values = values.cat.rename_categories(values.cat.categories.astype("str").tolist())
            out[column] = values.cat.reorder_categories(values.cat.categories.sort_values())
        else:
            out[column] = values.astype("str").astype("category")
    return out


@dataclass(frozen=True)
class Dataset:
    """A region's GP supply and population at a reference date."""

    manifest: Manifest
    municipalities: gpd.GeoDataFrame
    coverage_areas: gpd.GeoDataFrame
    cells: pd.DataFrame
    population: pd.DataFrame
    practices: pd.DataFrame
    gps: pd.DataFrame
    region_vacancies: pd.DataFrame
    coverage_survey: pd.DataFrame
    temporary_beds: pd.DataFrame
    demand_weights: pd.DataFrame
    #: optional official projection and measured history (:mod:`praksisplan.forecast`)
    population_projection: pd.DataFrame = field(
        default_factory=lambda: empty_table(PopulationProjectionRow)
    )
    population_history: pd.DataFrame = field(
        default_factory=lambda: empty_table(PopulationHistoryRow)
    )
    #: optional daytime GP services (``services``); empty when the dataset has none
    services: pd.DataFrame = field(default_factory=lambda: empty_table(ServiceRow))
    #: optional ferry and fixed links of the travel model (:mod:`praksisplan.travel`)
    ferry_links: pd.DataFrame = field(default_factory=lambda: empty_table(FerryLinkRow))
    fixed_links: pd.DataFrame = field(default_factory=lambda: empty_table(FixedLinkRow))
    #: optional care homes (plejehjem) and their fixed GPs
    care_homes: pd.DataFrame = field(default_factory=lambda: empty_table(CareHomeRow))

    @property
    def reference_year(self) -> int:
        return self.manifest.reference_date.year

    def with_tables(self, **tables: pd.DataFrame) -> Dataset:
        """A copy with some tables replaced (the basis of scenarios and edits)."""
        unknown = set(tables) - set(TABLE_MODELS)
        if unknown:
            raise ValueError(f"not tables of a dataset: {sorted(unknown)}")
        return replace(self, **tables)  # type: ignore[arg-type]


#: Which row model describes which attribute of :class:`Dataset`.
TABLE_MODELS: dict[str, type[TableRow]] = {
    "municipalities": MunicipalityRow,
    "coverage_areas": CoverageAreaRow,
    "cells": PopulationCellRow,
    "population": PopulationRow,
    "practices": PracticeRow,
    "gps": GpRow,
    "region_vacancies": RegionVacancyRow,
    "coverage_survey": CoverageSurveyRow,
    "temporary_beds": TemporaryBedRow,
    "demand_weights": DemandWeightRow,
    "population_projection": PopulationProjectionRow,
    "population_history": PopulationHistoryRow,
    "services": ServiceRow,
    "ferry_links": FerryLinkRow,
    "fixed_links": FixedLinkRow,
    "care_homes": CareHomeRow,
}
