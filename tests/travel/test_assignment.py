"""The patient-assignment model: lists met exactly, the least total distance equal to an
enumeration of every integer assignment on tiny cases, and home-visit shares by hand."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from praksisplan.engine.od import ODTable
from praksisplan.optimise.kernel import solve_covering
from praksisplan.travel.assignment import assign_patients, least_cost_start
from praksisplan.travel.home_visits import practice_catchments, reach_by_unit, region_shares


def _full_table(cost: np.ndarray) -> ODTable:
    n_o, n_d = cost.shape
    origin, dest = np.divmod(np.arange(n_o * n_d), n_d)
    return ODTable(origin, dest, cost.ravel().astype(np.float64), n_o, n_d, float(cost.max()))


def _enumerate_optimum(cost: np.ndarray, persons: list[int], listed: list[int]) -> float:
    """Every integer flow matrix with row sums ≤ persons and column sums = listed."""
    n_o, n_d = cost.shape
    best = np.inf
    ranges = [range(persons[o] + 1) for o in range(n_o) for _ in range(n_d)]
    for flat in itertools.product(*ranges):
        x = np.array(flat).reshape(n_o, n_d)
        if (x.sum(axis=1) <= persons).all() and (x.sum(axis=0) == listed).all():
            best = min(best, float((x * cost).sum()))
    return best


@pytest.mark.parametrize("seed", range(5))
def test_transport_meets_every_list_at_the_enumerated_optimum(seed: int) -> None:
    rng = np.random.default_rng(seed)
    cost = rng.integers(100, 20_000, size=(3, 2)).astype(np.float64)
    persons = [int(v) for v in rng.integers(1, 4, size=3)]
    listed = [int(v) for v in rng.multinomial(sum(persons) - 1, [0.5, 0.5])]
    result = assign_patients(_full_table(cost), np.array(persons, float), np.array(listed, float))
    np.testing.assert_allclose(result.per_practice(), listed, atol=1e-7)
    assert (result.per_cell() <= np.array(persons) + 1e-7).all()
    assert result.unplaced.tolist() == pytest.approx([0.0, 0.0])
    assert result.total_cost() == pytest.approx(_enumerate_optimum(cost, persons, listed))


def test_least_cost_start_by_hand() -> None:
    # in cost order: (0,0) carries 4 and fills list 0; (0,1) the 1 cell 0 has left; (1,0)
    # nothing (list 0 full); (1,1) the 3 still listed at practice 1
    od = _full_table(np.array([[1.0, 2.0], [3.0, 4.0]]))
    start = least_cost_start(od, np.array([5.0, 5.0]), np.array([4.0, 4.0]))
    assert start.tolist() == [0, 1, 3]


def _least_cost_reference(od: ODTable, supply: np.ndarray, listed: np.ndarray) -> list[int]:
    """The least-cost method pair by pair, without the blocks."""
    supply, listed, chosen = supply.copy(), listed.copy(), []
    for pair in np.argsort(od.cost, kind="stable"):
        amount = min(supply[od.origin[pair]], listed[od.dest[pair]])
        if amount > 0:
            supply[od.origin[pair]] -= amount
            listed[od.dest[pair]] -= amount
            chosen.append(int(pair))
    return chosen


def test_least_cost_start_over_several_blocks_equals_the_pair_by_pair_method() -> None:
    rng = np.random.default_rng(7)
    od = _full_table(rng.integers(1, 50_000, size=(300, 250)).astype(np.float64))  # 75,000
    supply = rng.integers(0, 40, size=300).astype(np.float64)
    listed = rng.integers(0, 60, size=250).astype(np.float64)
    start = least_cost_start(od, supply, listed)
    assert start.tolist() == _least_cost_reference(od, supply, listed)


def test_a_list_out_of_reach_is_reported_unplaced_not_dropped() -> None:
    # practice 1 is reachable only from cell 0 (3 persons) but lists 5
    od = ODTable(np.array([0, 0, 1]), np.array([0, 1, 0]), np.array([1.0, 2.0, 1.0]), 2, 2, 10.0)
    result = assign_patients(od, np.array([3.0, 4.0]), np.array([2.0, 5.0]))
    assert result.per_practice().tolist() == pytest.approx([2.0, 3.0])
    assert result.unplaced.tolist() == pytest.approx([0.0, 2.0])


def test_more_listed_than_persons_scales_the_cells_up() -> None:
    od = _full_table(np.array([[1_000.0, 9_000.0], [9_000.0, 1_000.0]]))
    result = assign_patients(od, np.array([10.0, 10.0]), np.array([15.0, 15.0]))
    assert result.per_cell().tolist() == pytest.approx([15.0, 15.0])
    assert result.total_cost() == pytest.approx(30 * 1_000.0)


def test_gravity_meets_the_lists_and_spreads_by_distance() -> None:
    od = _full_table(np.array([[1_000.0, 6_000.0], [6_000.0, 1_000.0]]))
    result = assign_patients(
        od, np.array([100.0, 100.0]), np.array([100.0, 100.0]), model="gravity", decay_m=5_000
    )
    np.testing.assert_allclose(result.per_practice(), [100.0, 100.0])
    # symmetric: the near share is e^-0.2 / (e^-0.2 + e^-1.2) of each cell
    near = np.exp(-0.2) / (np.exp(-0.2) + np.exp(-1.2))
    assert result.patients[0] == pytest.approx(100 * near)


def test_home_visit_shares_and_patients_beyond_15_km_by_hand() -> None:
    # flows: 65 at 4 km, 20 at 8 km, 5 at 12 km, 8 at 16 km, 2 at 20 km (100 patients)
    km = np.array([4.0, 8.0, 12.0, 16.0, 20.0])
    patients = np.array([65.0, 20.0, 5.0, 8.0, 2.0])
    od = ODTable(np.arange(5), np.zeros(5, dtype=np.intp), km * 1000, 5, 1, 30_000.0)
    result = assign_patients(od, patients, np.array([100.0]))
    shares = region_shares(result)
    assert shares["share_within_5_km"] == pytest.approx(0.65)
    assert shares["share_within_9_km"] == pytest.approx(0.85)
    assert shares["share_within_15_km"] == pytest.approx(0.90)
    assert shares["share_within_17_km"] == pytest.approx(0.98)
    assert shares["share_beyond_17_km"] == pytest.approx(0.02)
    by_area = reach_by_unit(result, np.array([0, 0, 0, 1, 1]), pd.Index(["A", "B"]))
    assert by_area["patients_beyond_15_km"].tolist() == [0, 10]
    (catchment,) = practice_catchments(result)
    assert catchment.median_km == 4.0
    assert catchment.p90_km == 12.0
    assert catchment.beyond_home_visit == pytest.approx(10.0)


def test_the_optimiser_still_solves_after_an_assignment_in_the_same_process() -> None:
    """HiGHS's thread scheduler is process-wide: the assignment LP and the optimiser's MIP
    must agree on the thread count, or the second refuses to run (seen when the travel and
    optimiser tests shared a process)."""
    cost = np.array([[1_000.0, 5_000.0], [4_000.0, 2_000.0]])
    assign_patients(_full_table(cost), np.array([2.0, 2.0]), np.array([2.0, 2.0]))
    # two demand points (weights 3 and 5), site 0 covers the first, site 1 both: p = 1 → 8
    coverage = sparse.csr_array(np.array([[True, True], [False, True]]))
    solution = solve_covering([3.0, 5.0], coverage, 1)
    assert solution.status == "optimal"
    assert solution.objective == pytest.approx(8.0)
    assert solution.chosen.tolist() == [1]
