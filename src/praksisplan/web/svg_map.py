"""A region drawn as inline SVG from the dataset's planar coordinates (north up).

:class:`SvgFrame` maps EPSG:25832 metres to SVG user units and back (the scenario editor
turns a click on the map into a point in the region with the inverse), and draws each
coverage area as SVG path data simplified to the drawing's resolution.
"""

from __future__ import annotations

from dataclasses import dataclass

import shapely

from praksisplan.core.dataset import Dataset


@dataclass(frozen=True)
class SvgFrame:
    x0: float
    y1: float
    scale: float
    width: float
    height: float

    @classmethod
    def of(cls, dataset: Dataset, width: float) -> SvgFrame:
        x0, y0, x1, y1 = (float(v) for v in dataset.coverage_areas.total_bounds)
        scale = width / max(x1 - x0, 1.0)
        return cls(x0, y1, scale, width, round((y1 - y0) * scale, 1))

    def point(self, x: float, y: float) -> tuple[float, float]:
        """SVG coordinates of a point in metres."""
        return round((x - self.x0) * self.scale, 1), round((self.y1 - y) * self.scale, 1)

    def area_paths(self, dataset: Dataset) -> list[tuple[str, str]]:
        """(area_id, SVG path data) of every coverage area."""
        out = []
        areas = dataset.coverage_areas
        for area_id, geometry in zip(areas["area_id"].astype(str), areas.geometry, strict=True):
            simple = shapely.simplify(geometry, 1.0 / self.scale)
            polygons = getattr(simple, "geoms", [simple])
            rings = [r for polygon in polygons for r in [polygon.exterior, *polygon.interiors]]
            path = " ".join(
                "M"
                + " L".join(f"{px},{py}" for px, py in (self.point(x, y) for x, y in r.coords))
                + " Z"
                for r in rings
            )
            out.append((area_id, path))
        return out
