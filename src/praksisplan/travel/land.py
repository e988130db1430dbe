"""Land masses: the pieces of land a straight line may cross without a ferry or a bridge.

A dataset's land masses are the connected parts of the union of its municipality and
coverage-area polygons (or polygons given directly). Every point is placed on the land mass
that contains it, or on the nearest one (a harbour pier or a cell centroid just offshore).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry.base import BaseGeometry

from praksisplan.core.dataset import Dataset

#: Polygons closer than this (metres) are one land mass: slivers between neighbouring
#: boundary polygons must not split the mainland.
SNAP_M = 1.0


@dataclass(frozen=True)
class LandMasses:
    """Polygons of land, numbered 0..n−1 by decreasing area (0 = the largest, the mainland)."""

    polygons: tuple[BaseGeometry, ...]

    @classmethod
    def of_polygons(cls, polygons: Sequence[BaseGeometry]) -> LandMasses:
        """The connected parts of the union of ``polygons`` (touching pieces merge)."""
        if not polygons:
            return cls(())
        union = shapely.union_all([shapely.buffer(p, SNAP_M) for p in polygons])
        parts = [shapely.buffer(p, -SNAP_M) for p in shapely.get_parts(union)]
        parts = [p for p in parts if not p.is_empty]
        parts.sort(key=lambda p: -p.area)
        return cls(tuple(parts))

    def __len__(self) -> int:
        return len(self.polygons)

    @cached_property
    def _tree(self) -> shapely.STRtree:
        return shapely.STRtree(list(self.polygons))

    @cached_property
    def _prepared(self) -> tuple[tuple[BaseGeometry, tuple[float, ...]], ...]:
        for polygon in self.polygons:
            shapely.prepare(polygon)
        return tuple((p, tuple(p.bounds)) for p in self.polygons)

    def locate(self, xy: npt.NDArray[np.float64]) -> npt.NDArray[np.intp]:
        """The land mass of each point: the one containing it, else the nearest one."""
        result = np.full(len(xy), -1, dtype=np.intp)
        if len(self.polygons) == 0 or len(xy) == 0:
            return result
        x, y = xy[:, 0], xy[:, 1]
        for land, (polygon, (x0, y0, x1, y1)) in enumerate(self._prepared):
            candidates = np.flatnonzero(
                (result < 0) & (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
            )
            if len(candidates):
                inside = shapely.intersects_xy(polygon, x[candidates], y[candidates])
                result[candidates[inside]] = land
        outside = np.flatnonzero(result < 0)
        if len(outside):
            result[outside] = self._tree.nearest(shapely.points(xy[outside]))
        return result

    def areas_km2(self) -> npt.NDArray[np.float64]:
        return np.array([p.area / 1e6 for p in self.polygons], dtype=np.float64)


def land_masses_of(dataset: Dataset) -> LandMasses:
    """The land masses of a dataset's municipality and coverage-area polygons."""
    geometries = [
        *dataset.municipalities.geometry.dropna().tolist(),
        *dataset.coverage_areas.geometry.dropna().tolist(),
    ]
    return LandMasses.of_polygons(geometries)
