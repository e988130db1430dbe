"""Small hand-built worlds of land masses and links, shared by the travel tests and the
travel benchmark."""

from __future__ import annotations

from shapely.geometry import box

from praksisplan.travel.land import LandMasses
from praksisplan.travel.links import Link, LinkKind
from praksisplan.travel.network import TravelNetwork

#: Island A spans x −3..1.5 km, the larger island B (the "mainland") x 4.5..10 km, with 3 km
#: of water between them.
ISLAND_A = box(-3_000, -2_000, 1_500, 2_000)
ISLAND_B = box(4_500, -2_000, 10_000, 2_000)
#: 6 min on board, 18 departures over 18 h: one an hour, a mean wait of 30 min → 36 km.
FERRY = Link(
    "f1",
    LinkKind.FERRY,
    "Færgen A–B",
    (1_000.0, 0.0),
    (5_000.0, 0.0),
    crossing_minutes=6.0,
    departures_per_day=18.0,
)


def two_islands() -> TravelNetwork:
    """Islands A and B joined by :data:`FERRY` (harbours at x = 1 km and x = 5 km)."""
    return TravelNetwork.of(LandMasses.of_polygons([ISLAND_A, ISLAND_B]), [FERRY])
