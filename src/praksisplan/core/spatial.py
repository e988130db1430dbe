"""Point-in-polygon assignment of points (cells, practices) to areas.

Vectorised with a shapely STRtree: one bulk query for all points. A point on the shared edge of
two polygons belongs to the polygon that comes first in the frame, so the result never depends
on the order of the points.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import shapely


def assign_points(
    x: npt.ArrayLike, y: npt.ArrayLike, polygons: gpd.GeoDataFrame, id_column: str
) -> npt.NDArray[np.object_]:
    """The ``id_column`` value of the polygon containing each point (``None`` outside all).

    ``x``/``y`` must be in the CRS of ``polygons``. Boundary points count as inside.
    """
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    result = np.full(xs.shape, None, dtype=object)
    if xs.size == 0 or len(polygons) == 0:
        return result
    points = shapely.points(xs, ys)
    tree = shapely.STRtree(np.asarray(polygons.geometry.values))
    point_index, polygon_index = tree.query(points, predicate="intersects")
    # keep, per point, the match with the lowest polygon position
    order = np.lexsort((polygon_index, point_index))
    point_index, polygon_index = point_index[order], polygon_index[order]
    first = np.ones(point_index.shape, dtype=bool)
    first[1:] = point_index[1:] != point_index[:-1]
    ids = polygons[id_column].to_numpy(dtype=object)
    result[point_index[first]] = ids[polygon_index[first]]
    return result
