"""core.spatial.assign_points against hand-worked cases and a brute-force reference."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from praksisplan.core.spatial import assign_points


def _squares() -> gpd.GeoDataFrame:
    # a: [0,1]², b: [1,2]×[0,1] sharing the edge x = 1; c: an L-shape with a hole-free notch
    l_shape = shapely.Polygon([(0, 2), (2, 2), (2, 3), (1, 3), (1, 4), (0, 4)])
    return gpd.GeoDataFrame(
        {"id": ["a", "b", "c"]},
        geometry=[shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1), l_shape],
    )


def test_hand_worked_points() -> None:
    x = np.array([0.5, 1.5, 1.0, 0.5, 1.5, 5.0, 2.0])
    y = np.array([0.5, 0.5, 0.5, 3.5, 3.5, 5.0, 2.5])
    # (1, 0.5) lies on the shared edge → the first polygon, a; (1.5, 3.5) is in the L's notch.
    assert assign_points(x, y, _squares(), "id").tolist() == ["a", "b", "a", "c", None, None, "c"]


def test_empty_inputs() -> None:
    assert assign_points(np.array([]), np.array([]), _squares(), "id").tolist() == []
    empty = _squares().iloc[:0]
    assert assign_points(np.array([0.5]), np.array([0.5]), empty, "id").tolist() == [None]


def test_matches_brute_force_containment() -> None:
    rng = np.random.default_rng(7)
    polygons = _squares()
    x, y = rng.uniform(-0.5, 2.5, 2000), rng.uniform(-0.5, 4.5, 2000)
    expected = [
        next(
            (
                pid
                for pid, geom in zip(polygons["id"], polygons.geometry, strict=True)
                if geom.covers(shapely.Point(px, py))
            ),
            None,
        )
        for px, py in zip(x, y, strict=True)
    ]
    assert assign_points(x, y, polygons, "id").tolist() == expected
