"""GeoJSON features of a layer in WGS84, filtered by a bounding box and paged — what the
OGC API – Features items of a collection are (OGC 17-069r4, Part 1: Core).

Coordinates are the layer's exact geometries reprojected (not simplified: GIS users measure
on them); the extent is the layer's bounds in WGS84. Limits are checked here, so a hostile
query cannot ask for more than :data:`MAX_LIMIT` features or an impossible box.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from praksisplan.core.errors import PraksisplanError
from praksisplan.gis.layers import Layer

WGS84 = "EPSG:4326"
#: Features per page when the client asks for none, and the most it may ask for.
DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000

BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class WgsLayer:
    """A layer reprojected to WGS84 once, for serving many pages."""

    layer: Layer
    frame: gpd.GeoDataFrame

    @classmethod
    def of(cls, layer: Layer) -> WgsLayer:
        return cls(layer, layer.frame.to_crs(WGS84))

    def extent(self) -> list[float]:
        bounds = self.frame.total_bounds
        return [float(v) for v in bounds]


def parse_bbox(text: str) -> BBox:
    """``minLon,minLat,maxLon,maxLat`` in WGS84; a clear error for anything else."""
    parts = text.split(",")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise PraksisplanError(
            f"bbox skal være fire tal adskilt af komma: minLon,minLat,maxLon,maxLat "
            f"(fik '{text[:80]}')"
        )
    west, south, east, north = values
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise PraksisplanError(
            f"bbox skal ligge inden for -180..180 og -90..90 med min ≤ max (fik '{text[:80]}')"
        )
    return west, south, east, north


#: RFC 3339 (section 5.6) date-time: full date, ``T``, time, and ``Z`` or an offset.
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")


def _instant(text: str) -> dt.datetime:
    if not _RFC3339.fullmatch(text):
        raise ValueError(text)
    return dt.datetime.fromisoformat(text.upper().replace("Z", "+00:00"))


def check_datetime(text: str) -> None:
    """A ``datetime`` query (an RFC 3339 date-time, or an interval ``start/end`` with ``..``
    or nothing for an open end); a clear error for anything else.

    The layers' features have no temporal geometry (each collection is one snapshot's), so
    every valid ``datetime`` matches them all (Part 1, /req/core/fc-time-response C)."""
    ends = text.split("/")
    try:
        if len(ends) == 1:
            _instant(text)
            return
        if len(ends) != 2 or all(end in ("", "..") for end in ends):
            raise ValueError(text)
        start, end = (None if e in ("", "..") else _instant(e) for e in ends)
    except ValueError:
        raise PraksisplanError(
            "datetime skal være et tidspunkt efter RFC 3339 (fx 2026-01-01T00:00:00Z) eller "
            f"et interval start/slut, hvor '..' er åben ende (fik '{text[:80]}')"
        ) from None
    if start is not None and end is not None and start > end:
        raise PraksisplanError(f"datetime: intervallets start ligger efter slut ('{text[:80]}')")


def _json_value(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def feature(wgs: WgsLayer, feature_id: str) -> dict[str, Any] | None:
    """One feature by id, or None."""
    if feature_id not in wgs.frame.index:
        return None
    return _features(wgs.frame.loc[[feature_id]])[0]


def _features(frame: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    names = [c for c in frame.columns if c != frame.geometry.name]
    geometries = shapely.to_geojson(np.asarray(frame.geometry.array, dtype=object))
    out = []
    for feature_id, geometry, values in zip(
        frame.index, geometries, frame[names].itertuples(index=False), strict=True
    ):
        out.append(
            {
                "type": "Feature",
                "id": str(feature_id),
                "geometry": json.loads(geometry),
                "properties": {n: _json_value(v) for n, v in zip(names, values, strict=True)},
            }
        )
    return out


@dataclass(frozen=True)
class Page:
    features: list[dict[str, Any]]
    number_matched: int
    offset: int
    limit: int

    @property
    def number_returned(self) -> int:
        return len(self.features)

    @property
    def has_next(self) -> bool:
        return self.offset + self.number_returned < self.number_matched


def page(wgs: WgsLayer, bbox: BBox | None, limit: int, offset: int) -> Page:
    """Features intersecting ``bbox`` (all without one), ``limit`` of them from ``offset``."""
    if not 1 <= limit <= MAX_LIMIT:
        raise PraksisplanError(f"limit skal være mellem 1 og {MAX_LIMIT} (fik {limit})")
    if offset < 0:
        raise PraksisplanError(f"offset må ikke være negativ (fik {offset})")
    frame = wgs.frame
    if bbox is not None:
        hits = frame.sindex.query(shapely.box(*bbox), predicate="intersects")
        frame = frame.iloc[np.sort(hits)]  # in the layer's order, so pages are stable
    return Page(_features(frame.iloc[offset : offset + limit]), len(frame), offset, limit)
