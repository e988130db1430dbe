"""Geometry and location rules: valid boundaries, points inside the region, derived areas.

Boundaries are reprojected to :data:`~praksisplan.core.dataset.ANALYSIS_CRS` and point
coordinates are transformed from the manifest's ``crs``. A cell's or practice's ``area_id``,
when given, must name a coverage area (checked in :mod:`.rules`); when empty it is derived by
point-in-polygon. ``municipality_code``, when empty, is the municipality of the area. Every
point must lie inside some coverage area of the region, whether its area was given or not.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from praksisplan.core.danish_numbers import format_amount_da
from praksisplan.core.dataset import ANALYSIS_CRS
from praksisplan.core.spatial import assign_points
from praksisplan.validation.issues import IssueCollector
from praksisplan.validation.raw import RawTable

_AREAL_TYPES = ("Polygon", "MultiPolygon")


def check_boundaries(
    raw: RawTable, frame: pd.DataFrame, issues: IssueCollector
) -> gpd.GeoDataFrame | None:
    """The layer with valid (multi)polygons in ANALYSIS_CRS, or ``None`` if any is broken."""
    geometry = raw.geometry
    if geometry is None:
        raise ValueError(f"{raw.file} has no geometry")
    values = np.asarray(geometry.values)
    missing = shapely.is_missing(values) | shapely.is_empty(values)
    issues.add_rows(
        raw, missing, "geometry", "geometry-missing", lambda _: "objektet har ingen geometri"
    )
    types = shapely.get_type_id(values)
    areal = np.isin(types, [shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON])
    wrong_type = ~missing & ~areal
    issues.add_rows(
        raw,
        wrong_type,
        "geometry",
        "geometry-type",
        lambda i: (
            f"geometrien er af typen {values[i].geom_type}, men skal være "
            + " eller ".join(_AREAL_TYPES)
        ),
    )
    invalid = ~missing & areal & ~shapely.is_valid(values)
    issues.add_rows(
        raw,
        invalid,
        "geometry",
        "geometry-invalid",
        lambda i: f"grænsen er ikke en gyldig polygon: {shapely.is_valid_reason(values[i])}",
    )
    if (missing | wrong_type | invalid).any():
        return None
    return gpd.GeoDataFrame(frame, geometry=geometry.to_crs(ANALYSIS_CRS).values, crs=ANALYSIS_CRS)


def to_analysis_crs(x: pd.Series, y: pd.Series, crs: str) -> tuple[np.ndarray, np.ndarray]:
    """x/y in ``crs`` → x/y in ANALYSIS_CRS metres."""
    transformer = pyproj.Transformer.from_crs(crs, ANALYSIS_CRS, always_xy=True)
    tx, ty = transformer.transform(x.to_numpy(dtype=float), y.to_numpy(dtype=float))
    return np.asarray(tx, dtype=float), np.asarray(ty, dtype=float)


def locate_points(
    raw: RawTable,
    frame: pd.DataFrame,
    areas: gpd.GeoDataFrame,
    crs: str,
    issues: IssueCollector,
) -> pd.DataFrame:
    """``frame`` with x/y in ANALYSIS_CRS and ``area_id``/``municipality_code`` filled in."""
    x, y = to_analysis_crs(frame["x"], frame["y"], crs)
    located = assign_points(x, y, areas, "area_id")
    outside = pd.isna(located) & np.isfinite(x) & np.isfinite(y)
    issues.add_rows(
        raw,
        outside,
        "x",
        "outside-region",
        lambda i: (
            f"punktet ({format_amount_da(frame['x'].iloc[i], 6)}; "
            f"{format_amount_da(frame['y'].iloc[i], 6)}) i {crs} ligger uden for alle "
            "regionens lægedækningsområder"
        ),
    )
    out = frame.copy()
    out["x"], out["y"] = x, y
    area_id = out["area_id"].fillna(pd.Series(located, index=out.index, dtype="str"))
    municipality_of_area = areas.set_index("area_id")["municipality_code"]
    out["area_id"] = area_id
    out["municipality_code"] = out["municipality_code"].fillna(area_id.map(municipality_of_area))
    return out
