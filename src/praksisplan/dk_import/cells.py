"""The cell layer of a Danish import: towns as grids around GeoNames places, countryside grid.

Cells carry a *weight* (relative expected persons) and an age *tilt*; the exact persons per
municipality × band × sex are then allocated to them by largest remainder, so the weights
only shape where people live within their municipality.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from praksisplan.synth.partition import lattice, locate_points

COUNTRYSIDE_SPACING = 1_000.0
URBAN_SPACING = 500.0
URBAN_PERSONS_PER_KM2 = 2_500.0
RURAL_PERSONS_PER_KM2 = 25.0
CITY_TILT = -0.3  # places of 50,000+: younger
TOWN_TILT = 0.0
RURAL_TILT = 0.25  # countryside: older
CITY_SIZE = 50_000.0


def _urban_points(places: pd.DataFrame) -> pd.DataFrame:
    """Lattice points around each place, weights falling off from its centre."""
    frames = []
    for place in places.itertuples(index=False):
        persons = max(float(place.population), 500.0)  # type: ignore[arg-type]
        radius = 1.4 * 1000.0 * np.sqrt(persons / (np.pi * URBAN_PERSONS_PER_KM2))
        tilt = CITY_TILT if persons >= CITY_SIZE else TOWN_TILT
        if radius < URBAN_SPACING:
            frames.append(
                pd.DataFrame({"x": [place.x], "y": [place.y], "weight": [persons], "tilt": [tilt]})
            )
            continue
        box = (place.x - radius, place.y - radius, place.x + radius, place.y + radius)
        points = lattice(box, URBAN_SPACING)
        distance = np.hypot(points[:, 0] - place.x, points[:, 1] - place.y)
        points, distance = points[distance <= radius], distance[distance <= radius]
        weight = np.exp(-distance / (radius / 2.5))
        frames.append(
            pd.DataFrame(
                {
                    "x": points[:, 0],
                    "y": points[:, 1],
                    "weight": persons * weight / weight.sum(),
                    "tilt": tilt,
                }
            )
        )
    urban = pd.concat(frames, ignore_index=True)
    # overlapping towns share lattice points: add their weights, keep the younger tilt
    return urban.groupby(["x", "y"], as_index=False).agg(
        weight=("weight", "sum"), tilt=("tilt", "min")
    )


def build_cells(municipalities: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Weighted points (x, y, weight, tilt, municipality_code) covering every municipality.

    ``municipalities`` has ``code`` and ``geometry``. A municipality no grid point falls in
    (a tiny island such as Christiansø) gets one cell at its representative point.
    """
    geometries: list[BaseGeometry] = list(municipalities.geometry)
    codes = municipalities["code"].to_numpy()
    rural_parts = []
    for geometry in geometries:
        points = lattice(geometry.bounds, COUNTRYSIDE_SPACING)
        rural_parts.append(points[shapely.contains_xy(geometry, points[:, 0], points[:, 1])])
    rural_points = np.vstack(rural_parts)
    rural = pd.DataFrame(
        {
            "x": rural_points[:, 0],
            "y": rural_points[:, 1],
            "weight": RURAL_PERSONS_PER_KM2 * (COUNTRYSIDE_SPACING / 1000.0) ** 2,
            "tilt": RURAL_TILT,
        }
    )
    cells = pd.concat([_urban_points(places), rural], ignore_index=True)
    located = locate_points(cells["x"].to_numpy(), cells["y"].to_numpy(), geometries)
    cells = cells[located >= 0].assign(municipality_code=codes[located[located >= 0]])
    empty = [i for i, code in enumerate(codes) if code not in set(cells["municipality_code"])]
    if empty:
        representative = shapely.point_on_surface(np.array([geometries[i] for i in empty]))
        cells = pd.concat(
            [
                cells,
                pd.DataFrame(
                    {
                        "x": shapely.get_x(representative),
                        "y": shapely.get_y(representative),
                        "weight": 1.0,
                        "tilt": RURAL_TILT,
                        "municipality_code": codes[empty],
                    }
                ),
            ],
            ignore_index=True,
        )
    return cells.sort_values(["municipality_code", "y", "x"], kind="stable").reset_index(drop=True)
