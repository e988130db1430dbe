"""Weighted quantiles and equity measures on hand-computed cases."""

from __future__ import annotations

import math

import numpy as np
import pytest

from praksisplan.engine.distribution import palma_ratio, weighted_gini, weighted_quantile


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
