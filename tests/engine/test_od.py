"""The OD table: zero distances stay explicit, detour factors scale costs, external tables
plug in, and chunked kernels add up to the whole."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from praksisplan.core.errors import PraksisplanError
from praksisplan.engine.accessibility import StepCatchment, UniformCatchment, fca_scores
from praksisplan.engine.cells import SpatialSettings, analyse_cells
from praksisplan.engine.od import ODTable, planar_od_table

from .builders import Cell, Practice, make_dataset

CELLS = np.array([[0.0, 0.0], [3000.0, 4000.0], [20_000.0, 0.0]])
PRACTICES = np.array([[0.0, 0.0], [9000.0, 12_000.0]])


def test_planar_table_keeps_zero_distance_and_the_boundary() -> None:
    od = planar_od_table(CELLS, PRACTICES, 15_000.0)
    pairs = sorted(zip(od.origin.tolist(), od.dest.tolist(), od.cost.tolist(), strict=True))
    # cell 0 ↔ practice 0 at 0 m; cell 0 ↔ practice 1 exactly 15 km (9-12-15 triangle);
    # cell 1 ↔ practice 0 at 5 km, ↔ practice 1 at 10 km; cell 2 is 20 km from practice 0
    # and √(11² + 12²) = 16.3 km from practice 1: out of reach of both
    assert pairs == [(0, 0, 0.0), (0, 1, 15_000.0), (1, 0, 5000.0), (1, 1, 10_000.0)]
    csr = od.to_csr()
    assert csr.nnz == 4  # the cost-0 pair is an explicit entry
    assert csr.indices[csr.indptr[0] : csr.indptr[1]].tolist() == [0, 1]


def test_many_destinations_searched_in_groups_give_every_pair_once() -> None:
    # more practices than one search group holds, clustered and spread: the pairs are
    # exactly those of a brute-force distance matrix, each once, with its exact distance
    rng = np.random.default_rng(5)
    cells = rng.uniform(0, 60_000, (2_000, 2))
    practices = np.vstack(
        [rng.normal(20_000, 3_000, (400, 2)), rng.uniform(0, 60_000, (3 * 256, 2))]
    )
    od = planar_od_table(cells, practices, 15_000.0, detour_factor=1.1)
    distance = np.hypot(*(cells[:, None, :] - practices[None, :, :]).transpose(2, 0, 1)) * 1.1
    origin, dest = np.nonzero(distance <= 15_000.0)
    got = np.lexsort((od.dest, od.origin))
    assert od.n_pairs == len(origin)
    assert np.array_equal(od.origin[got], origin) and np.array_equal(od.dest[got], dest)
    assert np.allclose(od.cost[got], distance[origin, dest], rtol=1e-12, atol=0)


def test_detour_factor_scales_cost_and_shrinks_reach() -> None:
    od = planar_od_table(CELLS, PRACTICES, 15_000.0, detour_factor=1.25)
    pairs = sorted(zip(od.origin.tolist(), od.dest.tolist(), od.cost.tolist(), strict=True))
    # 15 km straight becomes 18.75 km: out; 10 km becomes 12.5 km: in
    assert pairs == [(0, 0, 0.0), (1, 0, 6250.0), (1, 1, 12_500.0)]
    with pytest.raises(PraksisplanError, match="omvejsfaktoren"):
        planar_od_table(CELLS, PRACTICES, 15_000.0, detour_factor=0.9)


def test_external_travel_time_table_plugs_in() -> None:
    frame = pd.DataFrame(
        {
            "from": ["a", "a", "b", "c"],
            "to": ["p", "q", "q", "p"],
            "minutes": [5.0, 40.0, 10.0, 0.0],
        }
    )
    od = ODTable.from_frame(
        frame,
        pd.Index(["a", "b", "c"]),
        pd.Index(["p", "q"]),
        max_cost=30.0,
        origin="from",
        dest="to",
        cost="minutes",
    )
    assert od.n_pairs == 3  # the 40-minute pair is beyond reach
    # demand a=10, b=30, c=10; supply p=2, q=3; 2SFCA within 30 minutes:
    # R_p = 2 / (10 + 10) = 0.1, R_q = 3 / 30 = 0.1 → A_a = 0.1, A_b = 0.1, A_c = 0.1
    score = fca_scores(od, np.array([10.0, 30.0, 10.0]), np.array([2.0, 3.0]), UniformCatchment(30))
    np.testing.assert_allclose(score, [0.1, 0.1, 0.1])
    with pytest.raises(PraksisplanError, match="ukendt id 'z' i kolonnen 'to'"):
        ODTable.from_frame(
            frame.assign(to=["p", "q", "q", "z"]),
            pd.Index(["a", "b", "c"]),
            pd.Index(["p", "q"]),
            max_cost=30.0,
            origin="from",
            dest="to",
            cost="minutes",
        )


def test_hand_computed_e2sfca() -> None:
    """Two cells, two practices, steps 1 / 0.5 at 5 / 10 km.

    cell 0 (demand 100) at 0 km from p0 and 8 km from p1; cell 1 (demand 50) at 3 km from p1.
    p0: weighted demand 100·1 = 100 → R0 = 2 / 100 = 0.02;
    p1: 100·0.5 + 50·1 = 100 → R1 = 1 / 100 = 0.01.
    A0 = 1·0.02 + 0.5·0.01 = 0.025; A1 = 1·0.01 = 0.01.
    """
    od = ODTable(np.array([0, 0, 1]), np.array([0, 1, 1]), np.array([0.0, 8.0, 3.0]), 2, 2, 10.0)
    score = fca_scores(
        od, np.array([100.0, 50.0]), np.array([2.0, 1.0]), StepCatchment((5.0, 10.0), (1.0, 0.5))
    )
    np.testing.assert_allclose(score, [0.025, 0.01])


def test_chunked_tables_add_up_to_the_whole() -> None:
    rng = np.random.default_rng(3)
    cells = rng.uniform(0, 50_000, (500, 2))
    od = planar_od_table(cells, rng.uniform(0, 50_000, (30, 2)), 15_000.0)
    chunks = list(od.chunks(128))
    assert len(chunks) == 4
    assert sum(c.n_pairs for c in chunks) == od.n_pairs
    counts = sum(np.bincount(c.origin, minlength=od.n_origins) for c in chunks)
    np.testing.assert_array_equal(counts, np.bincount(od.origin, minlength=od.n_origins))


def test_an_external_od_table_replaces_the_planar_one() -> None:
    """Fed the planar pairs as an id table, the analysis gives the same result; fed a table
    in which every cost doubles, 2SFCA within 15 km sees only the pairs up to 7.5 km."""
    rng = np.random.default_rng(5)
    cells = [
        Cell(f"c{i}", *rng.uniform(0, 40_000, 2), persons={("15-64", "F"): 10 + i})
        for i in range(60)
    ]
    practices = [Practice(f"p{j}", *rng.uniform(0, 40_000, 2)) for j in range(8)]
    dataset = make_dataset(cells, practices)
    settings = SpatialSettings(methods=("2sfca",))
    planar = planar_od_table(
        dataset.cells[["x", "y"]].to_numpy(), dataset.practices[["x", "y"]].to_numpy(), 15_000.0
    )
    cell_ids = pd.Index(dataset.cells["cell_id"])
    provider_ids = pd.Index(dataset.practices["provider_number"])
    table = pd.DataFrame(
        {"origin": cell_ids[planar.origin], "dest": provider_ids[planar.dest], "cost": planar.cost}
    )
    expected = analyse_cells(dataset, settings)
    same = analyse_cells(
        dataset, settings, od=ODTable.from_frame(table, cell_ids, provider_ids, max_cost=15_000.0)
    )
    pd.testing.assert_frame_equal(same, expected)
    doubled = ODTable.from_frame(
        table.assign(cost=2 * table["cost"]), cell_ids, provider_ids, max_cost=15_000.0
    )
    halved_radius = analyse_cells(dataset, SpatialSettings(radius_km=7.5, methods=("2sfca",)))
    result = analyse_cells(dataset, settings, od=doubled)
    np.testing.assert_allclose(result["access_2sfca"], halved_radius["access_2sfca"], rtol=1e-12)
    assert result["open_within_radius"].tolist() == halved_radius["open_within_radius"].tolist()


def test_step_weights_apply_up_to_and_including_their_threshold() -> None:
    catchment = StepCatchment.luo_qi(15_000.0)
    cost = np.array([0.0, 4999.9, 5000.0, 5000.1, 10_000.0, 10_000.1, 15_000.0, 15_000.1, 1e9])
    assert catchment.weight(cost).tolist() == [1.0, 1.0, 1.0, 0.68, 0.68, 0.22, 0.22, 0.0, 0.0]
