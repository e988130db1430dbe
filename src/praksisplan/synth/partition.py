"""Splitting a polygon into compact parts around weighted points (areas, municipalities)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely
from scipy.spatial import cKDTree
from shapely.geometry.base import BaseGeometry

from praksisplan.core.spatial import assign_points


def weighted_lloyd(
    points: np.ndarray, weights: np.ndarray, k: int, rng: np.random.Generator, iterations: int = 20
) -> np.ndarray:
    """``k`` seeds placed by weighted k-means (Lloyd) over ``points`` (shape ``(n, 2)``).

    Parts around the seeds then hold roughly equal weight where weight is dense, which makes
    coverage areas small in towns and large in the countryside, as in real plans.
    """
    if k >= len(points):
        return points.astype(float).copy()
    probabilities = weights / weights.sum()
    seeds = points[rng.choice(len(points), size=k, replace=False, p=probabilities)].astype(float)
    for _ in range(iterations):
        _, nearest = cKDTree(seeds).query(points)
        mass = np.bincount(nearest, weights=weights, minlength=k)
        sum_x = np.bincount(nearest, weights=weights * points[:, 0], minlength=k)
        sum_y = np.bincount(nearest, weights=weights * points[:, 1], minlength=k)
        moved = mass > 0
        seeds[moved, 0] = sum_x[moved] / mass[moved]
        seeds[moved, 1] = sum_y[moved] / mass[moved]
    return seeds


def voronoi_parts(polygon: BaseGeometry, seeds: np.ndarray) -> list[BaseGeometry]:
    """The Voronoi cells of ``seeds`` clipped to ``polygon``, in seed order.

    The parts tile the polygon (their union is the polygon, they do not overlap). A part may
    be empty when a seed lies outside the polygon and its cell misses it.
    """
    if len(seeds) == 1:
        return [polygon]
    minx, miny, maxx, maxy = polygon.bounds
    margin = max(maxx - minx, maxy - miny)
    envelope = shapely.box(minx - margin, miny - margin, maxx + margin, maxy + margin)
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=envelope)
    )
    # voronoi_polygons does not keep the seed order: match each cell to the seed inside it.
    order = np.empty(len(seeds), dtype=np.int64)
    tree = shapely.STRtree(cells)
    seed_points = shapely.points(seeds)
    hits = tree.query(seed_points, predicate="intersects")
    order[hits[0]] = hits[1]
    return [polygonal_part(shapely.intersection(polygon, cells[i])) for i in order]


def polygonal_part(geometry: BaseGeometry) -> BaseGeometry:
    """The polygons of a geometry (dropping stray lines and points an overlay may leave)."""
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type in ("Polygon", "MultiPolygon")]
    if not parts:
        return shapely.Polygon()
    return parts[0] if len(parts) == 1 else shapely.union_all(parts)


def lattice(bounds: tuple[float, float, float, float], spacing: float) -> np.ndarray:
    """Points of a square grid with the given spacing, centred in its cells, covering ``bounds``."""
    minx, miny, maxx, maxy = bounds
    xs = np.arange(np.floor(minx / spacing) * spacing + spacing / 2, maxx, spacing)
    ys = np.arange(np.floor(miny / spacing) * spacing + spacing / 2, maxy, spacing)
    gx, gy = np.meshgrid(xs, ys)
    return np.asarray(np.c_[gx.ravel(), gy.ravel()], dtype=float)


def locate_points(x: npt.ArrayLike, y: npt.ArrayLike, parts: list[BaseGeometry]) -> np.ndarray:
    """Index of the part each point lies in (on a shared border: the lowest index); -1 if none."""
    frame = gpd.GeoDataFrame({"part": np.arange(len(parts))}, geometry=list(parts))
    located = assign_points(x, y, frame, "part")
    return np.asarray(pd.Series(located, dtype=object).fillna(-1).to_numpy(dtype=np.int64))
