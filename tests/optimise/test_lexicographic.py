"""A later lexicographic stage, solved as ``earlier + ε·later``, against enumeration.

Small 0-1 models whose every solution is enumerated: the stage must return the best
``later`` among the solutions that keep the earlier stage's optimum — with ties in
``earlier`` for the tie-break to decide; with a ``later`` that is zero on the earlier
stage's answer and heavy elsewhere, so that the tie-break trades ``earlier`` away (then the
row ``earlier ≥ optimum`` decides); and without the tie-break (the row alone). Then the
same on a model with decisions (open indicators) and capacities, where the stage first
polishes the earlier answer with its decisions held; and the time a stage may use under a
time limit.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from praksisplan.optimise.linear import LinearModel, solve_model
from praksisplan.optimise.objectives import Objective
from praksisplan.optimise.solve import _budget, _later_stage, _polish
from praksisplan.optimise.terms import Expression

N = 7
CHOOSE = 3


def _model() -> tuple[LinearModel, np.ndarray]:
    model = LinearModel()
    x = model.add_columns(N, upper=1.0, integer=True)
    model.add_row(x, np.ones(N), upper=float(CHOOSE))
    return model, x


def _lexicographic(earlier: np.ndarray, later: np.ndarray) -> tuple[float, float]:
    """(best earlier, best later among those) over every choice of ≤ CHOOSE items."""
    choices = [
        np.isin(np.arange(N), pick).astype(float)
        for k in range(CHOOSE + 1)
        for pick in itertools.combinations(range(N), k)
    ]
    top = max(float(earlier @ c) for c in choices)
    return top, max(float(later @ c) for c in choices if earlier @ c >= top - 1e-9)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("kind", ["tie_break", "traded", "alone"])
def test_later_stage_equals_enumeration(seed: int, kind: str) -> None:
    rng = np.random.default_rng(seed)
    earlier_coef = rng.integers(1, 4, N).astype(np.float64)  # many ties
    model, x = _model()
    earlier = Expression(x, earlier_coef, 0.0)
    model.set_cost(earlier_coef.copy())
    first = solve_model(model)
    assert first.values is not None
    later_coef = {
        "tie_break": rng.normal(0.0, 1.0, N),
        "traded": np.where(first.values > 0.5, 0.0, 1e7 * rng.random(N)),
        "alone": rng.normal(0.0, 1.0, N),
    }[kind]
    later = Expression(x, later_coef, 0.0)
    stage, values = _later_stage(
        model, Objective.SHORTAGE, earlier, first.objective, later, first.values, None, None,
        tie_break=kind != "alone",
    )  # fmt: skip
    best_earlier, best_later = _lexicographic(earlier_coef, later_coef)
    assert earlier.value(values) == pytest.approx(best_earlier, abs=1e-6)
    assert later.value(values) == pytest.approx(best_later, rel=1e-9, abs=1e-6)
    assert (stage.status, stage.gap) == ("optimal", 0.0)
    assert model.n_rows == 2  # the earlier stage's row is there for the stages after


SITES = 5
CAPACITIES = 4


def _capacity_model() -> tuple[LinearModel, np.ndarray, np.ndarray]:
    """Open x_i (≤ 3 of them), capacities y_i ∈ {0, 1, 2} with y_i ≤ 2·x_i, Σ y = 4."""
    model = LinearModel()
    x = model.add_columns(SITES, upper=1.0, integer=True)
    y = model.add_columns(SITES, upper=2.0, integer=True)
    model.add_row(x, np.ones(SITES), upper=3.0)
    model.add_row(y, np.ones(SITES), lower=CAPACITIES, upper=CAPACITIES)
    for i in range(SITES):
        model.add_row(np.array([y[i], x[i]]), np.array([1.0, -2.0]), upper=0.0)
    return model, x, y


def _capacity_solutions() -> list[np.ndarray]:
    """Every feasible (x, y) of :func:`_capacity_model`, as one vector."""
    found = []
    for x in itertools.product((0, 1), repeat=SITES):
        if sum(x) > 3:
            continue
        for y in itertools.product((0, 1, 2), repeat=SITES):
            if sum(y) == CAPACITIES and all(y[i] <= 2 * x[i] for i in range(SITES)):
                found.append(np.array(x + y, dtype=np.float64))
    return found


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
@pytest.mark.parametrize("tie_break", [True, False])
def test_later_stage_with_polish_equals_enumeration(seed: int, tie_break: bool) -> None:
    rng = np.random.default_rng(seed)
    model, x, y = _capacity_model()
    earlier_coef = np.r_[rng.integers(1, 3, SITES), np.zeros(SITES)].astype(np.float64)
    later_coef = np.r_[rng.normal(0.0, 0.3, SITES), rng.normal(0.0, 1.0, SITES)]
    columns = np.r_[x, y]
    earlier = Expression(columns, earlier_coef, 0.0)
    later = Expression(columns, later_coef, 0.0)
    model.set_cost(earlier_coef.copy())
    first = solve_model(model)
    assert first.values is not None
    stage, values = _later_stage(
        model, Objective.SHORTAGE, earlier, first.objective, later, first.values, None, None,
        tie_break=tie_break, decisions=x,
    )  # fmt: skip
    solutions = _capacity_solutions()
    top = max(float(earlier_coef @ s) for s in solutions)
    best = max(float(later_coef @ s) for s in solutions if earlier_coef @ s >= top - 1e-9)
    assert earlier.value(values) == pytest.approx(top, abs=1e-6)
    assert later.value(values) == pytest.approx(best, rel=1e-9, abs=1e-6)
    assert (stage.status, stage.gap) == ("optimal", 0.0)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_polish_is_the_best_with_the_decisions_held(seed: int) -> None:
    rng = np.random.default_rng(seed)
    model, x, y = _capacity_model()
    coef = rng.normal(0.0, 1.0, 2 * SITES)
    expression = Expression(np.r_[x, y], coef, 0.0)
    start = np.r_[1, 1, 0, 1, 0, 2, 1, 0, 1, 0].astype(np.float64)
    polished = _polish(model, expression, start, x, None, None)
    held = [s for s in _capacity_solutions() if (s[:SITES] == start[:SITES]).all()]
    assert (polished[x] == start[x]).all()
    assert expression.value(polished) == pytest.approx(max(float(coef @ s) for s in held))


def test_each_later_stage_keeps_its_share_of_the_time_limit() -> None:
    # 60 s limit, 3 stages: the first may use 60 − 2·6 s, the second (10 s left) 10 − 6
    assert _budget(60.0, 60.0, 2) == pytest.approx(48.0)
    assert _budget(10.0, 60.0, 1) == pytest.approx(4.0)
    assert _budget(10.0, 60.0, 0) == pytest.approx(10.0)
    assert _budget(5.0, 60.0, 1) == 0.0
    assert _budget(None, None, 2) is None
