"""A later lexicographic stage, solved as ``earlier + ε·later``, against enumeration.

Small 0-1 models whose every solution is enumerated: the stage must return the best
``later`` among the solutions that keep the earlier stage's optimum — with ties in
``earlier`` for the tie-break to decide; with a ``later`` that is zero on the earlier
stage's answer and heavy elsewhere, so that the tie-break trades ``earlier`` away (then the
row ``earlier ≥ optimum`` decides); and without the tie-break (the row alone).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from praksisplan.optimise.linear import LinearModel, solve_model
from praksisplan.optimise.objectives import Objective
from praksisplan.optimise.solve import _later_stage
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
