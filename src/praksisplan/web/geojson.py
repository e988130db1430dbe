"""Map layers as GeoJSON in WGS84: coverage areas, municipality borders and practices (and
the helpers :mod:`praksisplan.web.travel_layers` builds the travel layers with).

Geometries are simplified in the analysis CRS (metres) before reprojection, and
coordinates are rounded to 1e-5 degrees (about a metre), which keeps the layers small
enough for the browser while staying true at the zoom levels of a region map.
"""

from __future__ import annotations

import json
import math
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
import shapely.ops

from praksisplan.core.dataset import ANALYSIS_CRS, Dataset
from praksisplan.web.catalogue import MAP_INDICATORS
from praksisplan.web.encoded import EncodedBody

WGS84 = "EPSG:4326"
#: Simplification tolerance in metres: far below what a region-wide map can show.
SIMPLIFY_TOLERANCE_M = 25.0
#: Coordinate grid in degrees.
COORDINATE_GRID_DEG = 1e-5
#: Precision of an area's label point (pole of inaccessibility), metres.
LABEL_TOLERANCE_M = 50.0

FeatureCollection = dict[str, Any]


def encode(collection: FeatureCollection) -> EncodedBody:
    """A layer as compact UTF-8 GeoJSON, encoded once for serving."""
    body = json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return EncodedBody.of(body, "application/geo+json")


def json_number(value: Any) -> float | int | None:
    if value is None:
        return None
    number = float(value)
    if math.isnan(number):
        return None
    return int(number) if number.is_integer() else round(number, 4)


def _display_geometries(frame: gpd.GeoDataFrame) -> gpd.GeoSeries:
    simplified = frame.geometry.simplify(SIMPLIFY_TOLERANCE_M, preserve_topology=True)
    in_wgs84 = gpd.GeoSeries(simplified, crs=ANALYSIS_CRS).to_crs(WGS84)
    return gpd.GeoSeries(
        shapely.set_precision(in_wgs84.values, COORDINATE_GRID_DEG), index=frame.index
    )


def _label_points(frame: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """Where each shape's name goes: the pole of inaccessibility of its largest part (the
    point inside it farthest from its edges), so the label sits well inside the shape."""

    def label_point(shape: shapely.Geometry) -> shapely.Point:
        parts = getattr(shape, "geoms", [shape])
        largest = max(parts, key=lambda part: part.area)
        return shapely.ops.polylabel(largest, LABEL_TOLERANCE_M)

    points = gpd.GeoSeries([label_point(g) for g in frame.geometry], crs=ANALYSIS_CRS)
    return gpd.GeoSeries(
        shapely.set_precision(points.to_crs(WGS84).values, COORDINATE_GRID_DEG), index=frame.index
    )


def collection(features: list[dict[str, Any]]) -> FeatureCollection:
    return {"type": "FeatureCollection", "features": features}


def feature(geometry: Any, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": shapely.geometry.mapping(geometry),
        "properties": properties,
    }


def areas_layer(
    dataset: Dataset, indicators: pd.DataFrame, threat: pd.DataFrame
) -> FeatureCollection:
    """Coverage areas with threat class, label point (lon, lat) and, per map indicator, its
    value and colour class."""
    areas = dataset.coverage_areas.set_index("area_id", drop=False)
    geometries = _display_geometries(areas)
    labels = _label_points(areas)
    features = []
    for area_id, row in areas.iterrows():
        properties: dict[str, Any] = {
            "area_id": str(area_id),
            "name": str(row["name"]),
            "municipality_code": str(row["municipality_code"]),
            "threat_class": str(threat.at[area_id, "threat_class"]),
            "label_point": [labels[area_id].x, labels[area_id].y],
        }
        for key, spec in MAP_INDICATORS.items():
            value = json_number(indicators.at[area_id, key])
            properties[key] = value
            properties[f"class_{key}"] = spec.class_of(None if value is None else float(value))
        features.append(feature(geometries[area_id], properties))
    return collection(features)


def area_figures_layer(dataset: Dataset, figures: pd.DataFrame) -> FeatureCollection:
    """Coverage areas with ``area_id``, ``name`` and the columns of ``figures`` (indexed by
    area id; numbers as JSON numbers, missing as null)."""
    areas = dataset.coverage_areas.set_index("area_id", drop=False)
    geometries = _display_geometries(areas)
    features = []
    for area_id, row in areas.iterrows():
        properties: dict[str, Any] = {"area_id": str(area_id), "name": str(row["name"])}
        for column, value in figures.loc[area_id].items():
            properties[str(column)] = value if isinstance(value, str) else json_number(value)
        features.append(feature(geometries[area_id], properties))
    return collection(features)


def points_wgs84(x: Any, y: Any) -> list[Any]:
    """Points (analysis CRS) as shapely points in WGS84 on the coordinate grid."""
    points = gpd.GeoSeries(gpd.points_from_xy(x, y), crs=ANALYSIS_CRS).to_crs(WGS84)
    return list(shapely.set_precision(points.values, COORDINATE_GRID_DEG))


def municipalities_layer(dataset: Dataset) -> FeatureCollection:
    municipalities = dataset.municipalities
    geometries = _display_geometries(municipalities)
    return collection(
        [
            feature(geometries[index], {"code": str(row["code"]), "name": str(row["name"])})
            for index, row in municipalities.iterrows()
        ]
    )


def practices_layer(dataset: Dataset) -> FeatureCollection:
    """Practices as points with status, organisation form and capacities for styling."""
    practices = dataset.practices
    points = points_wgs84(practices["x"], practices["y"])
    features = []
    for position, row in enumerate(practices.itertuples(index=False)):
        features.append(
            feature(
                points[position],
                {
                    "provider_number": str(row.provider_number),
                    "name": str(row.name),
                    "status": str(row.status),
                    "org_form": str(row.org_form),
                    "capacities": json_number(row.capacities),
                    "vacant_capacities": json_number(row.vacant_capacities),
                    "listed_patients": json_number(row.listed_patients),
                    "area_id": str(row.area_id),
                },
            )
        )
    return collection(features)
