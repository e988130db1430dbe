"""Turning a :class:`RawDataset` into a :class:`Dataset`, or into the list of every issue."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from praksisplan.core.dataset import TABLE_MODELS, Dataset, coded_columns, empty_table
from praksisplan.core.errors import ValidationIssue
from praksisplan.core.schema import (
    ALL_TABLES,
    GEOMETRY_TABLES,
    CareHomeRow,
    CoverageAreaRow,
    FerryLinkRow,
    FixedLinkRow,
    PopulationCellRow,
    PracticeRow,
    TableRow,
    TemporaryBedRow,
    point_columns_of,
)
from praksisplan.validation.columns import parse_table
from praksisplan.validation.geography import check_boundaries, locate_points, to_analysis_crs
from praksisplan.validation.issues import IssueCollector
from praksisplan.validation.manifest import parse_manifest
from praksisplan.validation.projection_rules import check_population_tables
from praksisplan.validation.raw import RawDataset
from praksisplan.validation.rules import (
    check_age_bands,
    check_area_municipality,
    check_gp_ages,
    check_practices,
    check_references,
)
from praksisplan.validation.travel_rules import check_travel_tables

#: Tables whose x/y are points that must lie in the region and get an area.
_LOCATED_TABLES: tuple[type[TableRow], ...] = (PopulationCellRow, PracticeRow)


#: Tables whose points are only turned into EPSG:25832 metres (not located in an area).
_PLANE_POINT_TABLES: tuple[type[TableRow], ...] = (
    TemporaryBedRow,
    CareHomeRow,
    FerryLinkRow,
    FixedLinkRow,
)


def check_dataset(raw: RawDataset) -> tuple[Dataset | None, list[ValidationIssue]]:
    """The dataset if ``raw`` breaks no rule; else ``None`` and every issue found."""
    issues = IssueCollector()
    issues.issues.extend(raw.read_issues)
    manifest = (
        parse_manifest(raw.manifest, raw.manifest_file, issues)
        if raw.manifest is not None
        else None
    )
    tables: dict[str, pd.DataFrame | None] = {}
    for model in ALL_TABLES:
        if model.table in raw.tables:
            tables[model.table] = parse_table(raw.tables[model.table], model, issues)

    boundaries: dict[str, gpd.GeoDataFrame | None] = {}
    for model in GEOMETRY_TABLES:
        frame = tables.get(model.table)
        if frame is not None:
            boundaries[model.table] = check_boundaries(raw.tables[model.table], frame, issues)

    check_references(tables, raw.tables, issues)
    check_practices(tables, raw.tables, issues)
    check_area_municipality(tables, raw.tables, issues)
    check_travel_tables(tables, raw.tables, issues)
    if manifest is not None:
        check_gp_ages(tables, raw.tables, manifest, issues)
        check_age_bands(tables, raw.tables, manifest, issues)
        check_population_tables(tables, raw.tables, manifest, issues)

    areas = boundaries.get(CoverageAreaRow.table)
    located: dict[str, pd.DataFrame] = {}
    if manifest is not None and areas is not None:
        for model in _LOCATED_TABLES:
            frame = tables.get(model.table)
            if frame is not None:
                located[model.table] = locate_points(
                    raw.tables[model.table], frame, areas, manifest.crs, issues
                )
    if issues or manifest is None:
        return None, issues.issues

    final: dict[str, pd.DataFrame] = {}
    for model in ALL_TABLES:
        frame = located.get(model.table, boundaries.get(model.table, tables.get(model.table)))
        final[model.table] = (
            empty_table(model)
            if frame is None
            else coded_columns(frame.reset_index(drop=True), model)
        )
    for model in _PLANE_POINT_TABLES:
        frame = final[model.table]
        if len(frame):
            frame = frame.copy()
            for x, y in point_columns_of(model):
                frame[x], frame[y] = to_analysis_crs(frame[x], frame[y], manifest.crs)
            final[model.table] = frame
    attribute_of_table = {model.table: attr for attr, model in TABLE_MODELS.items()}
    dataset = Dataset(
        manifest=manifest, **{attribute_of_table[name]: frame for name, frame in final.items()}
    )
    return dataset, []
