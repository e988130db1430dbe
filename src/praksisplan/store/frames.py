"""Converting a dataset's frames to table rows and back without losing anything.

A frame's *layout* — its column order, each column's pandas dtype and, for the geometry
tables, the geometry column's name and CRS — is saved with the snapshot as JSON. Reading a
snapshot rebuilds frames with that layout, so they equal the frames that were loaded (the
index is not stored: rows come back in their order with a fresh ``RangeIndex``). Missing
values are SQL ``NULL``; in ``object`` columns they come back as ``None``. A categorical
column is stored as its values and comes back with its distinct values, sorted, as its
categories — the form of a dataset's coded columns
(:func:`~praksisplan.core.dataset.coded_columns`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypedDict

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import sqlalchemy as sa
from pandas.api.types import pandas_dtype

from praksisplan.core.errors import PraksisplanError
from praksisplan.store.tables import GEOMETRY_COLUMN

#: Columns every dataset table has besides the frame's own.
KEY_COLUMNS = ("snapshot_id", "row_no")


class FrameLayout(TypedDict):
    """How to rebuild a frame: columns in order with their dtypes, and its geometry column."""

    columns: list[tuple[str, str]]
    geometry: str | None
    crs: str | None


def data_columns(table: sa.Table) -> list[str]:
    """The frame columns a dataset table stores (not keys, not the geometry)."""
    return [c.name for c in table.columns if c.name not in (*KEY_COLUMNS, GEOMETRY_COLUMN)]


def _dtype_name(table: str, column: str, dtype: Any) -> str:
    if isinstance(dtype, pd.CategoricalDtype):
        return "category"
    name = str(dtype)
    if pandas_dtype(name) != dtype:
        raise PraksisplanError(
            f"Tabellen '{table}', kolonne '{column}': datatypen {name} kan ikke gemmes "
            f"(table '{table}', column '{column}': dtype {name} cannot be stored)"
        )
    return name


def frame_layout(frame: pd.DataFrame, table: sa.Table) -> FrameLayout:
    """The layout of ``frame``; refuses columns that do not match ``table``."""
    has_geometry = GEOMETRY_COLUMN in table.columns
    geometry = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    if has_geometry and geometry is None:
        raise PraksisplanError(
            f"Tabellen '{table.name}' mangler sin geometri (table '{table.name}' has no geometry)"
        )
    expected = set(data_columns(table)) | ({str(geometry)} if has_geometry else set())
    present = {str(c) for c in frame.columns}
    if present != expected:
        missing = ", ".join(sorted(expected - present)) or "–"
        unknown = ", ".join(sorted(present - expected)) or "–"
        raise PraksisplanError(
            f"Tabellen '{table.name}' passer ikke til formatet: mangler {missing}; ukendte "
            f"{unknown} (table '{table.name}' does not match the format: missing {missing}; "
            f"unknown {unknown})"
        )
    crs = frame.crs.to_string() if has_geometry and frame.crs is not None else None
    return FrameLayout(
        columns=[
            (
                str(c),
                "geometry" if c == geometry else _dtype_name(table.name, str(c), frame[c].dtype),
            )
            for c in frame.columns
        ],
        geometry=str(geometry) if has_geometry else None,
        crs=crs,
    )


def _sql_values(series: pd.Series, sql_type: sa.types.TypeEngine[Any]) -> list[Any]:
    """A column as Python values the database drivers accept, ``None`` where missing."""
    if isinstance(sql_type, sa.Date):
        series = pd.to_datetime(series).dt.date
    values = series.to_numpy(dtype=object, copy=True)
    values[series.isna().to_numpy()] = None
    as_list: list[Any] = values.tolist()
    return as_list


def table_columns(
    frame: pd.DataFrame, table: sa.Table, layout: FrameLayout
) -> dict[str, list[Any]]:
    """The frame's values per column of ``table`` (without the keys), ready to insert."""
    columns = {name: _sql_values(frame[name], table.c[name].type) for name in data_columns(table)}
    if layout["geometry"] is not None:
        geometries = np.asarray(frame[layout["geometry"]].array, dtype=object)
        columns[GEOMETRY_COLUMN] = shapely.to_wkb(geometries).tolist()
    return columns


def rebuild_frame(
    columns: Mapping[str, Sequence[Any] | np.ndarray[Any, Any]], layout: FrameLayout
) -> pd.DataFrame:
    """The frame from its stored columns (``geometry_wkb`` for the geometry) and layout."""
    data: dict[str, Any] = {}
    for name, dtype in layout["columns"]:
        if name == layout["geometry"]:
            data[name] = shapely.from_wkb(np.asarray(columns[GEOMETRY_COLUMN], dtype=object))
        else:
            data[name] = pd.Series(np.asarray(columns[name], dtype=object), dtype=object).astype(
                pandas_dtype(dtype)
            )
    frame = pd.DataFrame(data)
    if layout["geometry"] is None:
        return frame
    geo_frame: pd.DataFrame = gpd.GeoDataFrame(
        frame, geometry=layout["geometry"], crs=layout["crs"]
    )
    return geo_frame
