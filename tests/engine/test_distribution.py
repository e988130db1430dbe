"""Weighted quantiles and equity measures on hand-computed cases, and the grouped
computation against a person-by-person brute force."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from praksisplan.engine.distribution import (
    GroupedValues,
    palma_ratio,
    weighted_gini,
    weighted_quantile,
)


def test_weighted_quantile_is_the_inverse_distribution_function() -> None:
    values = np.array([3.0, 1.0, 2.0, 10.0])
    weights = np.array([10.0, 40.0, 30.0, 20.0])
    # sorted: 1 (40) → 40 %, 2 (30) → 70 %, 3 (10) → 80 %, 10 (20) → 100 %
    assert weighted_quantile(values, weights, 0.4) == 1.0
    assert weighted_quantile(values, weights, 0.5) == 2.0
    assert weighted_quantile(values, weights, 0.8) == 3.0
    assert weighted_quantile(values, weights, 0.9) == 10.0
    assert weighted_quantile(values, weights, 1.0) == 10.0
    # a cell without persons does not count, even for the maximum
    assert weighted_quantile(np.array([1.0, 99.0]), np.array([5.0, 0.0]), 1.0) == 1.0
    assert math.isnan(weighted_quantile(np.array([1.0]), np.array([0.0]), 0.5))


def test_gini() -> None:
    # everyone equal → 0
    assert weighted_gini(np.array([2.0, 2.0]), np.array([1.0, 5.0])) == 0.0
    # persons 1 and 3 with values 0 and 4: mean 3, Σ w_i w_j |v_i − v_j| = 2·1·3·4 = 24,
    # Gini = 24 / (2 · 4² · 3) = 0.25
    assert weighted_gini(np.array([0.0, 4.0]), np.array([1.0, 3.0])) == pytest.approx(0.25)
    # equal to the unweighted Gini with the cells repeated by weight
    assert weighted_gini(np.array([1.0, 2.0, 5.0]), np.array([2.0, 1.0, 1.0])) == pytest.approx(
        weighted_gini(np.array([1.0, 1.0, 2.0, 5.0]), np.ones(4))
    )
    # n = 4 values 1, 1, 2, 5: Σ|v_i − v_j| over ordered pairs = 2·(0+1+4+1+4+3) = 26,
    # mean 9/4 → 26 / (2 · 16 · 9/4) = 26 / 72
    assert weighted_gini(np.array([1.0, 1.0, 2.0, 5.0]), np.ones(4)) == pytest.approx(26 / 72)


def test_palma() -> None:
    # ten persons with values 1..10: top 10 % hold 10, bottom 40 % hold 1+2+3+4 = 10
    assert palma_ratio(np.arange(1.0, 11.0), np.ones(10)) == pytest.approx(1.0)
    # a cell straddling a boundary is split: 5 persons at 1, 5 at 3 →
    # bottom 40 % = 4 persons at 1 = 4; top 10 % = 1 person at 3 = 3
    assert palma_ratio(np.array([1.0, 3.0]), np.array([5.0, 5.0])) == pytest.approx(3 / 4)


def _persons(values: list[float], weights: list[int]) -> list[float]:
    """One value per person: each cell's value repeated by its (integer) persons, sorted."""
    return sorted(v for v, w in zip(values, weights, strict=True) for _ in range(w))


def _brute_quantile(persons: list[float], q: float) -> float:
    # the smallest value reached by at least q × N persons counted from the bottom
    return next(v for k, v in enumerate(persons, 1) if k >= q * len(persons))


def _brute_gini(persons: list[float]) -> float:
    n, mean = len(persons), sum(persons) / len(persons)
    return sum(abs(a - b) for a in persons for b in persons) / (2 * n * n * mean)


def _brute_palma(persons: list[float]) -> float:
    # person k covers the population share [k/N, (k+1)/N]; shares of a person split at 40 %
    n = len(persons)

    def held(a: float, b: float) -> float:
        return sum(
            max(0.0, min((k + 1) / n, b) - max(k / n, a)) * n * v for k, v in enumerate(persons)
        )

    return held(0.9, 1.0) / held(0.0, 0.4)


@given(
    st.lists(
        st.tuples(st.integers(0, 4), st.integers(0, 20).map(float), st.integers(0, 6)),
        max_size=40,
    )
)
@settings(max_examples=150, deadline=None)
def test_grouped_statistics_equal_each_group_by_brute_force(
    cells: list[tuple[int, float, int]],
) -> None:
    """Five groups at once (some empty, some cells without persons) against each group's
    persons listed one by one."""
    group = np.array([g for g, _, _ in cells], dtype=np.intp)
    values = np.array([v for _, v, _ in cells], dtype=np.float64)
    weights = np.array([w for _, _, w in cells], dtype=np.float64)
    grouped = GroupedValues(values, weights, group, 5)
    quantiles = {q: grouped.quantile(q) for q in (0.1, 0.5, 0.9, 1.0)}
    gini, palma = grouped.gini(), grouped.palma()
    for g in range(5):
        persons = _persons([v for h, v, _ in cells if h == g], [w for h, _, w in cells if h == g])
        if not persons:
            assert all(math.isnan(quantiles[q][g]) for q in quantiles)
            assert math.isnan(gini[g]) and math.isnan(palma[g])
            continue
        for q, result in quantiles.items():
            assert result[g] == _brute_quantile(persons, q)
        if sum(persons) == 0:
            assert math.isnan(gini[g])
        else:
            assert gini[g] == pytest.approx(_brute_gini(persons), abs=1e-12)
        if any(v > 0 for v in persons[: math.ceil(0.4 * len(persons))]):
            assert palma[g] == pytest.approx(_brute_palma(persons), rel=1e-12)
        else:  # the worst-off 40 % hold nothing
            assert math.isnan(palma[g])
