"""Benders decomposition of the maximal covering problem with closed-form cuts.

After Cordeau, Furini & Ljubić (2019), *Benders decomposition for very large scale partial
set covering and maximal covering location problems*, EJOR 275: the coverage variables are
projected out, leaving a master over the site variables ``x`` and one variable ``θ`` for the
covered weight. For a (possibly fractional) ``x̄`` the subproblem ``max Σ w_g z_g,
z_g ≤ Σ_{j∈N(g)} x̄_j, z_g ≤ 1`` has an optimal dual in closed form — groups with
``Σ x̄ ≥ 1`` price the bound ``z ≤ 1``, the others the coverage row — so the cut is

    θ ≤ Σ_{g: Σ x̄ ≥ 1} w_g + Σ_{g: Σ x̄ < 1} w_g Σ_{j∈N(g)} x_j.

Cuts are first generated at the LP relaxation (Kelley's loop) and then at each integer
master solution until the master's θ equals the true coverage of its sites. The master's
proven bound stays a valid bound of the full problem at every step, so a time-limited run
reports a true gap.
"""

from __future__ import annotations

import time

import numpy as np
import numpy.typing as npt
from scipy import sparse

from praksisplan.optimise.linear import (
    FloatArray,
    IntArray,
    LinearModel,
    relative_gap,
    solve_model,
)
from praksisplan.optimise.reduce import aggregate_rows
from praksisplan.optimise.solution import SiteSolution
from praksisplan.optimise.terms import Term, reach_counts

_LP_ROUNDS = 60
_TOLERANCE = 1e-7


def _add_cut(
    model: LinearModel,
    theta: int,
    column: IntArray,
    groups: sparse.csr_array,
    weights: FloatArray,
    x_bar: FloatArray,
) -> float:
    """Add the closed-form cut at ``x̄`` (site values by site index); returns the true
    covered weight of ``x̄`` (the subproblem's value)."""
    reach = groups @ x_bar
    full = reach >= 1 - _TOLERANCE
    value = float(weights[full].sum() + weights[~full] @ reach[~full])
    part = sparse.csr_array(groups[np.flatnonzero(~full)])
    coef = np.asarray(part.T @ weights[~full], dtype=np.float64)
    sites = np.flatnonzero(coef > 0)
    model.add_row(
        np.concatenate([[theta], column[sites]]),
        np.concatenate([[1.0], -coef[sites]]),
        upper=float(weights[full].sum()),
    )
    return value


def solve_cover_benders(
    term: Term,
    p: int,
    fixed_open: npt.NDArray[np.bool_],
    candidates: IntArray,
    greedy: npt.NDArray[np.bool_],
    *,
    time_limit: float | None = None,
    aggregate: bool = True,
) -> SiteSolution:
    """Solve the covering ``term`` by Benders decomposition (see the module's docstring)."""
    begin = time.perf_counter()
    matrix = sparse.csr_array(term.matrix)
    n_sites = matrix.shape[1]
    constant = float(term.weights[reach_counts(matrix, fixed_open) >= 1].sum())
    variable = np.zeros(n_sites, dtype=bool)
    variable[candidates] = True
    open_rows = reach_counts(matrix, fixed_open) == 0
    if aggregate:
        merged = aggregate_rows(matrix, term.weights, open_rows)
        groups, weights = merged.matrix, merged.weights
    else:
        groups, weights = (
            sparse.csr_array(matrix[np.flatnonzero(open_rows)]),
            term.weights[open_rows],
        )
    groups = sparse.csr_array(groups[:, np.flatnonzero(variable)].astype(bool).astype(np.float64))
    n_var = int(variable.sum())
    model = LinearModel()
    column = model.add_columns(n_var, upper=1.0, integer=True)
    theta = int(model.add_columns(1, upper=float(weights.sum()), cost=1.0)[0])
    model.add_row(column, np.ones(n_var), upper=float(p))
    model.offset = constant
    greedy_x = greedy[variable].astype(np.float64)
    best_x, best = greedy_x, _add_cut(model, theta, column, groups, weights, greedy_x)

    def remaining() -> float | None:
        if time_limit is None:
            return None
        return max(time_limit - (time.perf_counter() - begin), 1e-3)

    for _ in range(_LP_ROUNDS):
        lp = solve_model(model, relax=True, time_limit=remaining())
        if lp.values is None:
            break
        x_bar = lp.values[column]
        true = _add_cut(model, theta, column, groups, weights, x_bar)
        if lp.values[theta] <= true + _TOLERANCE * max(1.0, true):
            break
    status, bound = "time_limit", float(weights.sum())
    while True:
        left = remaining()
        if left is not None and left <= 1e-3:
            break
        start = (np.concatenate([column, [theta]]), np.concatenate([best_x, [best]]))
        result = solve_model(model, time_limit=left, start=start)
        if result.values is None:
            break
        bound = min(bound, result.bound - constant)
        x_hat = np.round(result.values[column])
        true = _add_cut(model, theta, column, groups, weights, x_hat)
        if true > best:
            best, best_x = true, x_hat
        if result.status == "optimal" and result.values[theta] <= true + _TOLERANCE * max(
            1.0, true
        ):
            status, bound = "optimal", true
            break
        if result.status != "optimal":
            break
    is_open = fixed_open.copy()
    is_open[np.flatnonzero(variable)] = best_x > 0.5
    objective = term.value(is_open)
    bound = max(bound + constant, objective)
    return SiteSolution(
        chosen=np.flatnonzero(is_open),
        objective=objective,
        status="optimal" if status == "optimal" else "time_limit",
        gap=0.0 if status == "optimal" else relative_gap(objective, bound),
        bound=bound,
        seconds=time.perf_counter() - begin,
        greedy_objective=term.value(greedy),
        model_rows=model.n_rows,
    )
