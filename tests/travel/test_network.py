"""Travel costs over land masses and links, checked by hand and against a brute-force
Dijkstra over the full graph (every origin, terminal and destination a node)."""

from __future__ import annotations

import heapq

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box

from engine.builders import Cell, Practice, make_dataset
from praksisplan.engine.cells import SpatialSettings, analyse_cells
from praksisplan.engine.indicators import compute_indicators
from praksisplan.engine.travel_od import travel_od_table
from praksisplan.travel.land import LandMasses
from praksisplan.travel.links import Link, LinkKind
from praksisplan.travel.network import TravelNetwork
from travel.worlds import FERRY, ISLAND_A, ISLAND_B, two_islands

PEOPLE = {("15-64", "F"): 100}


def test_ferry_cost_is_crossing_plus_half_the_interval_between_departures() -> None:
    # 45 min crossing, 12 departures over 18 h: every 90 min, so 45 min mean wait → 90 km
    ferry = Link("f", LinkKind.FERRY, "x", (0, 0), (1, 0), 45.0, None, 12.0)
    assert ferry.mean_wait_minutes() == 45.0
    assert ferry.cost_m() == 90_000.0
    assert FERRY.cost_m() == 36_000.0  # 6 + 30 min
    given = Link("g", LinkKind.FERRY, "x", (0, 0), (1, 0), 45.0, 20.0, 12.0)
    assert given.cost_m() == 20_000.0  # a stated km-equivalent wins
    bridge = Link("b", LinkKind.BRIDGE, "x", (0, 0), (3_000, 4_000))
    assert bridge.cost_m(detour_factor=1.2) == pytest.approx(6_000.0)


def test_land_masses_merge_touching_polygons_and_place_offshore_points() -> None:
    land = LandMasses.of_polygons([box(0, 0, 10, 10), box(10, 0, 20, 10), box(50, 0, 55, 5)])
    assert len(land) == 2
    assert land.areas_km2().tolist() == pytest.approx([200e-6, 25e-6], rel=1e-3)
    xy = np.array([[5.0, 5.0], [15.0, 5.0], [52.0, 2.0], [57.0, 2.0], [22.0, 5.0]])
    assert land.locate(xy).tolist() == [0, 0, 1, 1, 0]


def test_two_islands_straight_line_6_km_ferry_38_km_and_free_choice_changes() -> None:
    """A cell on A 6 km in a straight line from the only practice, on B; over the ferry:
    1 km to the harbour + 36 km crossing + 1 km = 38 km, beyond the 15 km of free choice."""
    dataset = make_dataset([Cell("c", 0.0, 0.0, persons=PEOPLE)], [Practice("p", 6_000.0, 0.0)])
    od = travel_od_table(dataset, two_islands())
    assert od.cost.tolist() == pytest.approx([38_000.0])
    planar = compute_indicators(dataset, "region")
    travel = compute_indicators(dataset, "region", settings=SpatialSettings(network=two_islands()))
    with_table = compute_indicators(dataset, "region", od=od)
    pd.testing.assert_frame_equal(with_table, travel)
    assert planar["persons_2plus_open"].iloc[0] == 0
    assert planar["persons_1_open"].iloc[0] == 100
    assert travel["persons_0_open"].iloc[0] == 100
    assert planar["dist_any_median_km"].iloc[0] == pytest.approx(6.0)
    assert travel["dist_any_median_km"].iloc[0] == pytest.approx(38.0)


def test_an_island_without_a_gp_reaches_the_mainland_only_by_the_ferry() -> None:
    """Without the ferry the island's cell reaches nothing; the practice 2 km away on the
    same island as the harbour is reached directly, the other one only over the water."""
    cells = [Cell("island", 0.0, 0.0, persons=PEOPLE), Cell("main", 7_000.0, 0.0, persons=PEOPLE)]
    practices = [Practice("p", 6_000.0, 1_000.0)]
    dataset = make_dataset(cells, practices)
    cut_off = TravelNetwork.of(LandMasses.of_polygons([ISLAND_A, ISLAND_B]))
    alone = analyse_cells(dataset, od=travel_od_table(dataset, cut_off))
    assert alone["open_within_radius"].tolist() == [0, 1]
    linked = travel_od_table(dataset, two_islands())
    by_origin = dict(zip(linked.origin.tolist(), linked.cost.tolist(), strict=True))
    assert by_origin[1] == pytest.approx(np.hypot(1_000, 1_000))
    # island: 1 km to harbour, 36 km crossing, harbour (5, 0) → practice (6, 1)
    assert by_origin[0] == pytest.approx(1_000 + 36_000 + np.hypot(1_000, 1_000))
    nearest = two_islands().nearest(np.array([[0.0, 0.0]]), np.array([[6_000.0, 1_000.0]]))
    assert nearest.tolist() == pytest.approx([by_origin[0]])


def _brute_force(network: TravelNetwork, origins: np.ndarray, dests: np.ndarray) -> np.ndarray:
    """Dijkstra with a heap over every point: origins, terminals, destinations; land edges
    between all points on one land mass, link edges between their two ends."""
    terminals = network.terminals()
    points = np.vstack([origins, terminals, dests])
    land = network.land.locate(points)
    n, n_o, n_t = len(points), len(origins), len(terminals)
    links = {}
    for k, link in enumerate(network.links):
        a, b = n_o + 2 * k, n_o + 2 * k + 1
        links[(a, b)] = links[(b, a)] = link.cost_m(network.detour_factor)
    result = np.full((n_o, len(dests)), np.inf)
    for source in range(n_o):
        dist = np.full(n, np.inf)
        dist[source] = 0.0
        heap = [(0.0, source)]
        while heap:
            d, u = heapq.heappop(heap)
            if d > dist[u]:
                continue
            for v in range(n):
                w = np.inf
                if land[u] == land[v] and u != v:
                    w = float(np.hypot(*(points[u] - points[v]))) * network.detour_factor
                w = min(w, links.get((u, v), np.inf))
                if d + w < dist[v]:
                    dist[v] = d + w
                    heapq.heappush(heap, (d + w, v))
        result[source] = dist[n_o + n_t :]
    return result


@pytest.mark.parametrize("seed", range(12))
def test_graph_costs_equal_a_brute_force_dijkstra_on_random_worlds(seed: int) -> None:
    rng = np.random.default_rng(seed)
    islands = [box(i * 10_000, 0, i * 10_000 + 7_000, 7_000) for i in range(4)]
    land = LandMasses.of_polygons(islands)

    def on_island(k: int) -> tuple[float, float]:
        x0 = 10_000 * k
        return float(rng.uniform(x0, x0 + 7_000)), float(rng.uniform(0, 7_000))

    links = []
    for j in range(int(rng.integers(2, 7))):
        # now and then a link within one island: a shortcut only where it beats the road
        a, b = rng.choice(4, size=2, replace=bool(rng.random() < 0.3))
        kind = LinkKind.FERRY if rng.random() < 0.7 else LinkKind.BRIDGE
        minutes = float(rng.uniform(5, 40))
        departures = float(rng.integers(4, 30))
        ends = on_island(a), on_island(b)
        links.append(Link(f"l{j}", kind, "x", *ends, minutes, None, departures))
    network = TravelNetwork.of(land, links, detour_factor=float(rng.uniform(1.0, 1.4)))
    origins = np.array([on_island(int(rng.integers(4))) for _ in range(25)])
    dests = np.array([on_island(int(rng.integers(4))) for _ in range(9)])
    expected = _brute_force(network, origins, dests)
    max_cost = 40_000.0
    od = network.od_table(origins, dests, max_cost)
    got = np.full_like(expected, np.inf)
    got[od.origin, od.dest] = od.cost
    expected[expected > max_cost] = np.inf
    np.testing.assert_allclose(got, expected, rtol=1e-9)
    nearest = network.nearest(origins, dests)
    np.testing.assert_allclose(nearest, _brute_force(network, origins, dests).min(axis=1))
    # one set of costs answers nearest queries for any subset of destinations and origins
    costs = network.costs(origins, dests)
    some_dests = np.flatnonzero(rng.random(len(dests)) < 0.4)
    some_origins = np.flatnonzero(rng.random(len(origins)) < 0.5)
    subset = costs.nearest(some_dests, some_origins)
    full = _brute_force(network, origins, dests)[np.ix_(some_origins, some_dests)]
    expected_subset = full.min(axis=1) if len(some_dests) else np.full(len(some_origins), np.inf)
    np.testing.assert_allclose(subset, expected_subset)


def test_a_point_not_on_any_land_mass_joins_the_nearest() -> None:
    """A harbour drawn a little offshore still belongs to its island."""
    land = LandMasses.of_polygons([Point(0, 0).buffer(1_000)])
    assert land.locate(np.array([[1_050.0, 0.0]])).tolist() == [0]


def test_a_link_within_one_land_mass_replaces_the_straight_line_only_where_shorter() -> None:
    """A fast boat along a 20 km island (km-equivalent 2 km): end to end 1 + 2 + 1 = 4 km
    instead of 20 km; to the middle the road (10 km) stays shorter than 1 + 2 + 9 km."""
    island = LandMasses.of_polygons([box(-1_000, -1_000, 21_000, 1_000)])
    boat = Link("b", LinkKind.FERRY, "x", (1_000.0, 0.0), (19_000.0, 0.0), None, 2.0, None)
    network = TravelNetwork.of(island, [boat])
    od = network.od_table(
        np.array([[0.0, 0.0]]), np.array([[20_000.0, 0.0], [10_000.0, 0.0]]), 30_000
    )
    assert sorted(zip(od.dest.tolist(), od.cost.tolist(), strict=True)) == [
        (0, pytest.approx(4_000.0)),
        (1, pytest.approx(10_000.0)),
    ]
    assert network.nearest(np.array([[0.0, 0.0]]), np.array([[20_000.0, 0.0]])).tolist() == [
        pytest.approx(4_000.0)
    ]
