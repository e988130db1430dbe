"""The invented geography of Region Demo: coastline, islands, settlements, boundaries.

The region lies in Northern Jutland's range of EPSG:25832 (around Aalborg) so that lon/lat
look real, but every name and code is invented. Settlements are weighted points (expected
persons) with an age tilt (city younger, countryside and islands older); the exact counts are
allocated later. Coverage areas come from a weighted k-means of the settlement points inside
each municipality, so they are small in the city and large in the countryside; municipality
boundaries are the unions of their areas, so areas tile municipalities exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from praksisplan.synth.partition import lattice, locate_points, voronoi_parts, weighted_lloyd

CENTRE = (545_000.0, 6_310_000.0)
CITY = (553_000.0, 6_322_000.0)
MAINLAND_RADIUS = 48_000.0

#: (code, invented Danish-sounding name); 901 is the city municipality, 911 the island.
MUNICIPALITIES: tuple[tuple[str, str], ...] = (
    ("901", "Havnestad"),
    ("902", "Vesterklit"),
    ("903", "Nørrehede"),
    ("904", "Østerlund"),
    ("905", "Sønderå"),
    ("906", "Bakkemose"),
    ("907", "Fjordholm"),
    ("908", "Lyngmark"),
    ("909", "Kjærsted"),
    ("910", "Ravnsmose"),
    ("911", "Sandø"),
)
CITY_POPULATION = 215_000.0
TOWN_POPULATIONS = (
    24_000.0,
    16_000.0,
    12_000.0,
    10_000.0,
    8_000.0,
    7_000.0,
    6_000.0,
    5_000.0,
    4_500.0,
)
#: (name, angle in degrees from the centre, offshore distance m, radius m, persons)
ISLANDS = (("Sandø", 35.0, 16_000.0, 4_500.0, 1_800.0), ("Lilleø", 215.0, 7_000.0, 2_200.0, 650.0))
N_VILLAGES = 50
RURAL_PERSONS_PER_KM2 = 21.0
COUNTRYSIDE_SPACING = 1_250.0
URBAN_SPACING = 400.0
AREAS_CITY = 8
AREAS_LARGE = 4
AREAS_SMALL = 3
N_LARGE = 3


@dataclass(frozen=True)
class DemoGeography:
    municipalities: pd.DataFrame  # code, name, geometry
    areas: pd.DataFrame  # area_id, name, municipality_code, geometry, remoteness
    settlements: pd.DataFrame  # x, y, weight, tilt, area_id, municipality_code


def _wobbly_ring(
    centre: tuple[float, float], radius: float, rng: np.random.Generator, n: int = 360
) -> shapely.Polygon:
    """A closed, star-shaped coastline: a circle with random low-frequency wiggles."""
    theta = np.linspace(0, 2 * np.pi, n, endpoint=False)
    r = np.ones(n)
    for k in range(2, 9):
        r += rng.uniform(0.02, 0.14) / k * 2 * np.sin(k * theta + rng.uniform(0, 2 * np.pi))
    r += rng.normal(0, 0.006, n)
    r *= radius
    return shapely.Polygon(np.c_[centre[0] + r * np.cos(theta), centre[1] + r * np.sin(theta)])


def _radius_at(polygon: BaseGeometry, centre: tuple[float, float], angle: float) -> float:
    ray = shapely.LineString(
        [centre, (centre[0] + 1e6 * np.cos(angle), centre[1] + 1e6 * np.sin(angle))]
    )
    hit = polygon.boundary.intersection(ray)
    return float(max(shapely.distance(shapely.Point(centre), p) for p in shapely.get_parts(hit)))


def _grid_in(polygon: BaseGeometry, spacing: float) -> np.ndarray:
    points = lattice(polygon.bounds, spacing)
    return np.asarray(points[shapely.contains_xy(polygon, points[:, 0], points[:, 1])])


def _urban_cells(
    centre: tuple[float, float], persons: float, land: BaseGeometry, density_km2: float
) -> np.ndarray:
    """Grid points of a town (rows x, y, weight): weights fall off from the centre."""
    radius = max(URBAN_SPACING, np.sqrt(persons / (np.pi * density_km2)) * 1000.0 * 1.4)
    disc = shapely.Point(centre).buffer(radius).intersection(land)
    points = _grid_in(disc, URBAN_SPACING)
    if len(points) == 0:
        points = np.array([centre])
    distance = np.hypot(points[:, 0] - centre[0], points[:, 1] - centre[1])
    weight = np.exp(-distance / (radius / 2.5))
    return np.asarray(np.c_[points, persons * weight / weight.sum()])


def build_geography(rng: np.random.Generator) -> DemoGeography:
    mainland = _wobbly_ring(CENTRE, MAINLAND_RADIUS, rng)
    islands = []
    for _, angle_deg, offshore, radius, _ in ISLANDS:
        angle = np.deg2rad(angle_deg)
        distance = _radius_at(mainland, CENTRE, angle) + offshore + radius
        centre = (CENTRE[0] + distance * np.cos(angle), CENTRE[1] + distance * np.sin(angle))
        islands.append(_wobbly_ring(centre, radius, rng, n=90))

    # settlements: city, towns (one per other municipality), villages, countryside, islands
    town_angles = np.deg2rad(np.linspace(0, 360, len(TOWN_POPULATIONS), endpoint=False) + 17)
    towns = [
        (
            CENTRE[0] + 0.6 * _radius_at(mainland, CENTRE, a) * np.cos(a),
            CENTRE[1] + 0.6 * _radius_at(mainland, CENTRE, a) * np.sin(a),
        )
        for a in town_angles
    ]
    parts: list[tuple[np.ndarray, float]] = [
        (_urban_cells(CITY, CITY_POPULATION, mainland, 2_600.0), -0.35)
    ]
    parts += [
        (_urban_cells(t, p, mainland, 2_000.0), -0.05)
        for t, p in zip(towns, TOWN_POPULATIONS, strict=True)
    ]
    minx, miny, maxx, maxy = mainland.bounds
    candidates = np.c_[rng.uniform(minx, maxx, 400), rng.uniform(miny, maxy, 400)]
    candidates = candidates[shapely.contains_xy(mainland, candidates[:, 0], candidates[:, 1])]
    villages = candidates[:N_VILLAGES]
    parts.append((np.c_[villages, rng.uniform(300, 1_500, len(villages))], 0.15))
    countryside = _grid_in(mainland, COUNTRYSIDE_SPACING)
    rural = RURAL_PERSONS_PER_KM2 * (COUNTRYSIDE_SPACING / 1000) ** 2
    parts.append((np.c_[countryside, rural * rng.uniform(0.4, 1.6, len(countryside))], 0.25))
    for island, (_, _, _, _, persons) in zip(islands, ISLANDS, strict=True):
        points = _grid_in(island, 700.0)
        parts.append((np.c_[points, np.full(len(points), persons / len(points))], 0.7))
    settlements = pd.DataFrame(
        np.vstack([p for p, _ in parts]), columns=["x", "y", "weight"]
    ).assign(tilt=np.concatenate([np.full(len(p), t) for p, t in parts]))

    # municipalities: Voronoi of the city and the towns on the mainland
    muni_seeds = np.array([CITY, *towns])
    muni_parts = voronoi_parts(mainland, muni_seeds)
    located = locate_points(settlements["x"], settlements["y"], muni_parts)
    populations = np.bincount(located[located >= 0], weights=settlements["weight"][located >= 0])
    large = set(np.argsort(-populations[1:], kind="stable")[:N_LARGE] + 1)
    area_geoms: list[BaseGeometry] = []
    area_muni: list[int] = []
    for m, polygon in enumerate(muni_parts):
        inside = settlements[located == m]
        k = AREAS_CITY if m == 0 else AREAS_LARGE if m in large else AREAS_SMALL
        seeds = weighted_lloyd(inside[["x", "y"]].to_numpy(), inside["weight"].to_numpy(), k, rng)
        area_geoms += voronoi_parts(polygon, seeds)
        area_muni += [m] * k
    # Lilleø belongs to the nearest mainland municipality; Sandø is a municipality of its own
    nearest = int(np.argmin([shapely.distance(islands[1], g) for g in muni_parts]))
    area_geoms += [islands[1], islands[0]]
    area_muni += [nearest, len(MUNICIPALITIES) - 1]
    return _assemble(area_geoms, area_muni, settlements, [ISLANDS[1][0], ISLANDS[0][0]])


_DIRECTIONS = ("Øst", "Nordøst", "Nord", "Nordvest", "Vest", "Sydvest", "Syd", "Sydøst")


def _area_name(muni_name: str, area: BaseGeometry, muni: BaseGeometry) -> str:
    dx = area.centroid.x - muni.centroid.x
    dy = area.centroid.y - muni.centroid.y
    if np.hypot(dx, dy) < 0.25 * np.sqrt(muni.area / np.pi):
        return f"{muni_name} Midt"
    sector = int(np.round(np.arctan2(dy, dx) / (np.pi / 4))) % 8
    return f"{muni_name} {_DIRECTIONS[sector]}"


def _assemble(
    area_geoms: list[BaseGeometry],
    area_muni: list[int],
    settlements: pd.DataFrame,
    island_names: list[str],
) -> DemoGeography:
    """Areas, municipalities (unions of their areas) and settlements located in them.

    The last ``len(island_names)`` areas are islands, named as given.
    """
    n_mainland = len(area_geoms) - len(island_names)
    codes = [MUNICIPALITIES[m][0] for m in area_muni]
    muni_geoms = [
        shapely.union_all([g for g, m in zip(area_geoms, area_muni, strict=True) if m == i])
        for i in range(len(MUNICIPALITIES))
    ]
    names = (
        _deduplicate(
            [
                _area_name(MUNICIPALITIES[m][1], g, muni_geoms[m])
                for g, m in zip(area_geoms[:n_mainland], area_muni, strict=False)
            ]
        )
        + island_names
    )
    area_ids = [f"A{i + 1:02d}" for i in range(len(area_geoms))]
    located = locate_points(settlements["x"], settlements["y"], area_geoms)
    settlements = settlements[located >= 0].assign(
        area_id=[area_ids[i] for i in located[located >= 0]],
        municipality_code=[codes[i] for i in located[located >= 0]],
    )
    centroids = shapely.centroid(np.array(area_geoms))
    distance = np.hypot(shapely.get_x(centroids) - CITY[0], shapely.get_y(centroids) - CITY[1])
    remoteness = np.clip(distance / 50_000.0, 0.0, 1.0)
    remoteness[n_mainland:] = 1.0  # the islands are the most remote places of the region
    areas = pd.DataFrame(
        {
            "area_id": area_ids,
            "name": names,
            "municipality_code": codes,
            "geometry": area_geoms,
            "remoteness": remoteness,
        }
    )
    municipalities = pd.DataFrame(
        {
            "code": [c for c, _ in MUNICIPALITIES],
            "name": [n for _, n in MUNICIPALITIES],
            "geometry": muni_geoms,
        }
    )
    return DemoGeography(municipalities, areas, settlements.reset_index(drop=True))


def _deduplicate(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    result = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name} {seen[name]}")
    return result
