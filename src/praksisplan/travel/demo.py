"""Links of the synthetic demo region: a ferry for each island and a bridge to the smallest.

The demo is invented, so are its timetables: a crossing takes the water distance at
:data:`FERRY_KMH` plus :data:`BERTH_MINUTES` at the quays. Real datasets never get invented
links (import-dk takes a link file or lists the islands without one).
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.ops import nearest_points

from praksisplan.core.dataset import Dataset
from praksisplan.travel.land import LandMasses, land_masses_of
from praksisplan.travel.links import Link, LinkKind

FERRY_KMH = 25.0
BERTH_MINUTES = 10.0
#: Departures a day of the ferry of the largest island, then of the next.
DEPARTURES = (12.0, 16.0)


def _ferry(link_id: str, name: str, a: shapely.Point, b: shapely.Point, departures: float) -> Link:
    water_km = float(a.distance(b)) / 1000.0
    minutes = round(water_km / FERRY_KMH * 60.0 + BERTH_MINUTES)
    return Link(link_id, LinkKind.FERRY, name, (a.x, a.y), (b.x, b.y), minutes, None, departures)


def demo_links(dataset: Dataset, land: LandMasses | None = None) -> list[Link]:
    """A ferry from each island's nearest shore to the mainland's; the smallest island also
    gets a bridge there, and its ferry instead sails to the mainland practice nearest it."""
    land = land or land_masses_of(dataset)
    mainland = land.polygons[0]
    practices = dataset.practices[["x", "y"]].to_numpy(dtype=np.float64)
    on_mainland = practices[land.locate(practices) == 0]
    links: list[Link] = []
    islands = land.polygons[1:]
    for k, island in enumerate(islands):
        shore, coast = nearest_points(island, mainland)
        departures = DEPARTURES[min(k, len(DEPARTURES) - 1)]
        last = k == len(islands) - 1 and len(islands) > 1
        if last and len(on_mainland):
            town = on_mainland[np.argmin(np.hypot(*(on_mainland - [shore.x, shore.y]).T))]
            harbour = nearest_points(mainland.boundary, shapely.Point(town))[0]
            island_quay = nearest_points(island.boundary, harbour)[0]
            links.append(_ferry(f"F{k + 1}", "til fastlandet", island_quay, harbour, departures))
            links.append(
                Link(f"B{k + 1}", LinkKind.BRIDGE, "broen", (shore.x, shore.y), (coast.x, coast.y))
            )
        else:
            links.append(_ferry(f"F{k + 1}", "til fastlandet", shore, coast, departures))
    return links
