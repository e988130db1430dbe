"""A snapshot's map layers as GeoDataFrames in the analysis CRS (EPSG:25832).

Each layer has a stable id (the GeoPackage layer and OGC collection id), a Danish title and
description, and one row per feature indexed by the feature's natural key (``area_id``,
municipality ``code``, ``provider_number``, ``cell_id``). Indicator values are the engine's
(:func:`~praksisplan.engine.indicators.compute_indicators` by area, the per-cell analysis);
the threat class is the assessment's.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from praksisplan.core.dataset import ANALYSIS_CRS, Dataset
from praksisplan.threat.assess import Assessment

#: Indicators of an area carried by the areas layer (engine column names).
AREA_INDICATORS: tuple[str, ...] = (
    "population",
    "share_65plus",
    "capacities",
    "filled_capacities",
    "vacant_capacities",
    "gps",
    "practices",
    "listed_patients",
    "patients_per_filled_capacity",
    "supply_pct_of_need",
    "share_gps_closed",
    "share_gps_60plus",
    "persons_2plus_open",
    "share_persons_lt2_open",
    "dist_open_median_km",
    "access_e2sfca_mean",
)
#: Columns of the per-cell analysis carried by the cells layer.
CELL_COLUMNS: tuple[str, ...] = (
    "persons",
    "need_weighted_persons",
    "open_within_radius",
    "nearest_open_km",
    "nearest_any_km",
    "access_e2sfca",
)
PRACTICE_COLUMNS: tuple[str, ...] = (
    "provider_number",
    "name",
    "status",
    "org_form",
    "capacities",
    "vacant_capacities",
    "listed_patients",
    "postcode",
    "area_id",
    "municipality_code",
)


@dataclass(frozen=True)
class Layer:
    """One map layer: ``frame`` holds the properties and geometry, indexed by feature id."""

    id: str
    title: str
    description: str
    frame: gpd.GeoDataFrame


def _points(frame: pd.DataFrame, columns: dict[str, pd.Series], key: str) -> gpd.GeoDataFrame:
    index = pd.Index(frame[key].astype(str).to_numpy(), name="id")
    return gpd.GeoDataFrame(
        {name: values.to_numpy() for name, values in columns.items()},
        geometry=gpd.points_from_xy(frame["x"], frame["y"]),
        crs=ANALYSIS_CRS,
        index=index,
    )


def areas_layer(dataset: Dataset, indicators: pd.DataFrame, assessment: Assessment) -> Layer:
    areas = dataset.coverage_areas
    area_ids = areas["area_id"].astype(str)
    threat = assessment.areas.reindex(area_ids)
    by_area = indicators.reindex(area_ids)
    columns: dict[str, object] = {
        "area_id": area_ids.to_numpy(),
        "name": areas["name"].astype(str).to_numpy(),
        "municipality_code": areas["municipality_code"].astype(str).to_numpy(),
        "threat_class": threat["threat_class"].astype(str).to_numpy(),
        "explanation": threat["explanation"].astype(str).to_numpy(),
    }
    for name in AREA_INDICATORS:
        columns[name] = by_area[name].to_numpy(dtype=np.float64)
    frame = gpd.GeoDataFrame(
        columns,
        geometry=areas.geometry.to_numpy(),
        crs=ANALYSIS_CRS,
        index=pd.Index(area_ids.to_numpy(), name="id"),
    )
    return Layer(
        "coverage_areas",
        "Lægedækningsområder",
        "Lægedækningsområder med trusselsklasse, begrundelse og nøgletal.",
        frame,
    )


def municipalities_layer(dataset: Dataset) -> Layer:
    municipalities = dataset.municipalities
    codes = municipalities["code"].astype(str)
    frame = gpd.GeoDataFrame(
        {"code": codes.to_numpy(), "name": municipalities["name"].astype(str).to_numpy()},
        geometry=municipalities.geometry.to_numpy(),
        crs=ANALYSIS_CRS,
        index=pd.Index(codes.to_numpy(), name="id"),
    )
    return Layer("municipalities", "Kommuner", "Kommunegrænser.", frame)


def practices_layer(dataset: Dataset) -> Layer:
    practices = dataset.practices
    columns = {name: practices[name] for name in PRACTICE_COLUMNS}
    return Layer(
        "practices",
        "Praksis",
        "Almen praksis (ydernumre) med status, organisationsform og kapaciteter.",
        _points(practices, columns, "provider_number"),
    )


def cells_layer(dataset: Dataset, cells: pd.DataFrame) -> Layer:
    """``cells``: the per-cell analysis (:func:`~praksisplan.engine.cells.analyse_cells`)."""
    points = dataset.cells
    analysed = cells.reindex(points["cell_id"].astype(str))
    columns: dict[str, pd.Series] = {
        name: points[name] for name in ("cell_id", "postcode", "area_id", "municipality_code")
    }
    for name in CELL_COLUMNS:
        columns[name] = analysed[name]
    return Layer(
        "cells",
        "Befolkningspunkter",
        "Befolkningspunkter med borgere, åbne praksis inden for radius (frit valg), "
        "afstande og tilgængelighed (E2SFCA).",
        _points(points, columns, "cell_id"),
    )


def map_layers(
    dataset: Dataset, indicators: pd.DataFrame, assessment: Assessment, cells: pd.DataFrame
) -> tuple[Layer, ...]:
    """Every layer of a snapshot; ``indicators``: the engine's indicators by area."""
    return (
        areas_layer(dataset, indicators, assessment),
        municipalities_layer(dataset),
        practices_layer(dataset),
        cells_layer(dataset, cells),
    )
