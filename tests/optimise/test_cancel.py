"""Cancelling a solve: HiGHS' interrupt callbacks stop a real branch and bound mid-way.

The model is a random 0-1 multi-dimensional knapsack (200 items, 40 capacity rows) that HiGHS
cannot prove optimal within seconds (checked in the test itself with a time limit), so a
solve that ends soon after the interrupt was raised was stopped by it, not finished.
"""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from praksisplan.optimise.linear import LinearModel, SolveCancelledError, solve_model

#: Seconds a solve of the knapsack runs without being proven optimal.
UNSOLVED_WITHIN = 3.0


def _knapsack() -> LinearModel:
    rng = np.random.default_rng(1)
    weights = rng.integers(10, 100, (40, 200)).astype(np.float64)
    model = LinearModel()
    items = model.add_columns(
        200, upper=1.0, integer=True, cost=rng.integers(10, 100, 200).astype(np.float64)
    )
    row, col = np.nonzero(weights)
    model.add_rows(row, items[col], weights[row, col], 40, upper=weights.sum(axis=1) / 2)
    return model


def test_an_interrupt_stops_a_long_branch_and_bound() -> None:
    model = _knapsack()
    unsolved = solve_model(model, time_limit=UNSOLVED_WITHIN)
    assert unsolved.status == "time_limit" and unsolved.gap > 0

    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    begin = time.monotonic()
    with pytest.raises(SolveCancelledError, match="annulleret"):
        solve_model(model, time_limit=600.0, interrupt=stop.is_set)
    assert time.monotonic() - begin < UNSOLVED_WITHIN


def test_an_interrupt_raised_before_the_solve_skips_it() -> None:
    with pytest.raises(SolveCancelledError):
        solve_model(_knapsack(), interrupt=lambda: True)


def test_an_interrupt_never_raised_changes_nothing() -> None:
    model = LinearModel()
    x = model.add_columns(3, upper=1.0, integer=True, cost=np.array([3.0, 2.0, 2.0]))
    model.add_row(x, np.array([2.0, 1.0, 1.0]), upper=2.0)
    result = solve_model(model, interrupt=lambda: False)
    assert (result.status, result.objective) == ("optimal", 4.0)
