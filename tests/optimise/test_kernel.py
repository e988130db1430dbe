"""The kernel against exhaustive enumeration, and its reductions, Benders and time limits."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from praksisplan.optimise.kernel import solve_covering, solve_double_covering, solve_p_median

from .instances import PointInstance, point_instance

SEEDS = (1, 2, 3, 4)


def _best(instance: PointInstance, p: int, fixed: list[int], value) -> float:  # type: ignore[no-untyped-def]
    """The best value over every set of at most p extra sites (enumerated)."""
    free = [j for j in range(instance.distance.shape[1]) if j not in fixed]
    best = -np.inf
    for k in range(p + 1):
        for extra in itertools.combinations(free, k):
            best = max(best, value(sorted([*fixed, *extra])))
    return float(best)


def _covered(instance: PointInstance, sites: list[int], need: int) -> float:
    reached = (instance.distance[:, sites] <= instance.radius).sum(axis=1)
    return float(instance.weights[reached >= need].sum())


def _median(instance: PointInstance, sites: list[int]) -> float:
    d = instance.distance[:, sites]
    d = np.where(d <= instance.reach, d, instance.reach)
    nearest = d.min(axis=1) if sites else np.full(len(instance.weights), instance.reach)
    return float(instance.weights @ nearest)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("fixed", [[], [0, 3]])
def test_covering_equals_enumeration(seed: int, fixed: list[int]) -> None:
    instance = point_instance(seed, 40, 9)
    solution = solve_covering(instance.weights, instance.coverage, 3, fixed=fixed)
    assert solution.status == "optimal"
    assert solution.gap == 0
    assert solution.objective == pytest.approx(
        _best(instance, 3, fixed, lambda s: _covered(instance, s, 1))
    )
    assert solution.objective == pytest.approx(_covered(instance, list(solution.chosen), 1))
    assert set(fixed) <= set(solution.chosen.tolist())


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("fixed", [[], [2]])
def test_double_covering_equals_enumeration(seed: int, fixed: list[int]) -> None:
    instance = point_instance(seed, 40, 9)
    solution = solve_double_covering(instance.weights, instance.coverage, 3, fixed=fixed)
    assert solution.status == "optimal"
    assert solution.objective == pytest.approx(
        _best(instance, 3, fixed, lambda s: _covered(instance, s, 2))
    )


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("fixed", [[], [1]])
def test_p_median_equals_enumeration(seed: int, fixed: list[int]) -> None:
    instance = point_instance(seed, 40, 9)
    solution = solve_p_median(
        instance.weights, instance.cost, 3, unreached_cost=instance.reach, fixed=fixed
    )
    assert solution.status == "optimal"
    best = -_best(instance, 3, fixed, lambda s: -_median(instance, s))
    assert solution.objective == pytest.approx(best)
    assert solution.objective == pytest.approx(_median(instance, list(solution.chosen)))


@pytest.mark.parametrize("seed", SEEDS)
def test_aggregation_and_dominance_do_not_change_the_optimum(seed: int) -> None:
    instance = point_instance(seed, 120, 14)
    plain = solve_covering(
        instance.weights, instance.coverage, 4, aggregate=False, reduce_dominated=False
    )
    reduced = solve_covering(instance.weights, instance.coverage, 4)
    assert reduced.objective == pytest.approx(plain.objective)
    assert reduced.model_rows < plain.model_rows  # repeated points were merged
    for solve in (solve_double_covering,):
        assert solve(instance.weights, instance.coverage, 4).objective == pytest.approx(
            solve(instance.weights, instance.coverage, 4, aggregate=False).objective
        )
    median = [
        solve_p_median(
            instance.weights, instance.cost, 4, unreached_cost=instance.reach, aggregate=flag
        ).objective
        for flag in (True, False)
    ]
    assert median[0] == pytest.approx(median[1])


@pytest.mark.parametrize("seed", SEEDS)
def test_greedy_is_never_better_than_the_optimum(seed: int) -> None:
    instance = point_instance(seed, 120, 14)
    cover = solve_covering(instance.weights, instance.coverage, 4)
    double = solve_double_covering(instance.weights, instance.coverage, 4)
    median = solve_p_median(instance.weights, instance.cost, 4, unreached_cost=instance.reach)
    assert cover.greedy_objective <= cover.objective + 1e-9
    assert double.greedy_objective <= double.objective + 1e-9
    assert median.greedy_objective >= median.objective - 1e-9


@pytest.mark.parametrize("seed", SEEDS)
def test_benders_equals_the_compact_model(seed: int) -> None:
    instance = point_instance(seed, 150, 16)
    for fixed in ([], [0]):
        compact = solve_covering(instance.weights, instance.coverage, 4, fixed=fixed)
        benders = solve_covering(
            instance.weights, instance.coverage, 4, fixed=fixed, method="benders"
        )
        assert benders.status == "optimal"
        assert benders.objective == pytest.approx(compact.objective)


def test_time_limited_solve_reports_a_true_gap() -> None:
    rng = np.random.default_rng(7)
    demand, sites = rng.uniform(0, 100, (400, 2)), rng.uniform(0, 100, (50, 2))
    distance = np.hypot(
        demand[:, None, 0] - sites[None, :, 0], demand[:, None, 1] - sites[None, :, 1]
    )
    weights = rng.integers(1, 100, 400).astype(float)
    coverage = distance <= 15
    from scipy import sparse

    matrix = sparse.csr_array(coverage)
    limited = solve_double_covering(weights, matrix, 6, time_limit=0.02)
    optimum = solve_double_covering(weights, matrix, 6)
    assert limited.status == "time_limit"
    assert optimum.status == "optimal"
    # the incumbent is feasible, the bound is proven: the optimum lies between them
    assert limited.objective <= optimum.objective + 1e-9 <= limited.bound + 2e-9
    assert limited.gap == pytest.approx((limited.bound - limited.objective) / limited.objective)
    assert limited.gap > 0
    assert limited.objective == float(weights[(coverage[:, limited.chosen]).sum(axis=1) >= 2].sum())
