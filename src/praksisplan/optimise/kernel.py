"""The generic kernel: maximal covering, double covering and p-median as pure functions.

Each solver takes plain arrays — demand weights, a sparse demand × candidate matrix
(coverage structure, or costs), ``p`` and the fixed open sites — and returns the chosen
sites, the objective and the proof status. Demand reached by fixed sites is taken out,
the rest is merged by coverage-set aggregation, dominated candidates are dropped (covering
only), a greedy solution warm-starts HiGHS, and a covering model too big to build compactly
is solved by Benders decomposition (:mod:`praksisplan.optimise.benders`).

Formulations (docs/allocation.md): covering ``max Σ w_g z_g, z_g ≤ Σ_{j∈N(g)} x_j, z ≤ 1,
Σ x ≤ p``; double covering adds binary ``u_g`` with ``2u_g ≤ Σ_{j∈N(g)} x_j`` for demand no
fixed site reaches; p-median ``min Σ w_g Σ_j c_gj a_gj, Σ_j a_gj = 1, a_gj ≤ x_j``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import sparse

from praksisplan.optimise.benders import solve_cover_benders
from praksisplan.optimise.greedy import greedy_sites
from praksisplan.optimise.linear import (
    FloatArray,
    IntArray,
    LinearModel,
    LinearResult,
    solve_model,
)
from praksisplan.optimise.reduce import dominated_sites
from praksisplan.optimise.solution import SiteSolution
from praksisplan.optimise.terms import SiteColumns, Term, build_term, reach_counts

Method = Literal["auto", "compact", "benders"]
#: Above this many coverage pairs after aggregation, "auto" solves a covering by Benders.
BENDERS_PAIRS = 3_000_000


def _check(weights: FloatArray, matrix: sparse.csr_array, p: int) -> None:
    if p < 0:
        raise ValueError("p must be ≥ 0")
    if matrix.shape[0] != len(weights):
        raise ValueError("one weight per demand row")
    if (weights < 0).any():
        raise ValueError("weights must be ≥ 0")


def solve_sites(
    term: Term,
    p: int,
    *,
    fixed: npt.ArrayLike | None = None,
    time_limit: float | None = None,
    aggregate: bool = True,
    reduce_dominated: bool = True,
    method: Method = "auto",
) -> SiteSolution:
    """Open at most ``p`` sites besides the ``fixed`` ones (indices) to optimise ``term``."""
    matrix = sparse.csr_array(term.matrix)
    _check(term.weights, matrix, p)
    n_sites = matrix.shape[1]
    fixed_open = np.zeros(n_sites, dtype=bool)
    if fixed is not None:
        fixed_open[np.asarray(fixed, dtype=np.intp)] = True
    candidates = np.flatnonzero(~fixed_open)
    if reduce_dominated and term.kind == "cover":
        uncovered = sparse.csr_array(matrix[np.flatnonzero(reach_counts(matrix, fixed_open) == 0)])
        candidates = candidates[~dominated_sites(uncovered, candidates)[candidates]]
    sign = 1.0 if term.maximise else -1.0
    greedy = greedy_sites(term.gains, fixed_open, candidates, p)
    greedy_value = term.value(greedy)
    if method == "benders" or (
        method == "auto" and term.kind == "cover" and matrix.nnz > BENDERS_PAIRS
    ):
        return solve_cover_benders(
            term, p, fixed_open, candidates, greedy, time_limit=time_limit, aggregate=aggregate
        )
    model = LinearModel()
    column = np.full(n_sites, -1, dtype=np.intp)
    column[candidates] = model.add_columns(len(candidates), upper=1.0, integer=True)
    model.add_row(column[candidates], np.ones(len(candidates)), upper=float(p))
    built = build_term(model, term, SiteColumns(fixed_open, column), aggregate=aggregate)
    cost = np.zeros(model.n_cols)
    np.add.at(cost, built.expression.col, built.expression.coef)
    model.set_cost(cost, built.expression.constant)
    start = (column[candidates], greedy[candidates].astype(np.float64))
    result = solve_model(model, time_limit=time_limit, start=start)
    return _solution(result, term, column, fixed_open, sign, greedy_value, built.rows)


def _solution(
    result: LinearResult,
    term: Term,
    column: IntArray,
    fixed_open: npt.NDArray[np.bool_],
    sign: float,
    greedy_value: float,
    rows: int,
) -> SiteSolution:
    if result.values is None:
        raise RuntimeError(f"HiGHS found no solution (status {result.status})")
    is_open = fixed_open.copy()
    variable = column >= 0
    is_open[variable] = result.values[column[variable]] > 0.5
    objective = term.value(is_open)
    bound = sign * result.bound
    return SiteSolution(
        chosen=np.flatnonzero(is_open),
        objective=objective,
        status=result.status,
        gap=result.gap,
        bound=bound,
        seconds=result.seconds,
        greedy_objective=greedy_value,
        model_rows=rows,
    )


def solve_covering(
    weights: npt.ArrayLike,
    coverage: sparse.sparray | sparse.spmatrix,
    p: int,
    *,
    fixed: npt.ArrayLike | None = None,
    time_limit: float | None = None,
    aggregate: bool = True,
    reduce_dominated: bool = True,
    method: Method = "auto",
) -> SiteSolution:
    """Maximal covering: weight of demand reached by ≥ 1 open site."""
    term = Term("cover", np.asarray(weights, dtype=np.float64), sparse.csr_array(coverage))
    return solve_sites(
        term,
        p,
        fixed=fixed,
        time_limit=time_limit,
        aggregate=aggregate,
        reduce_dominated=reduce_dominated,
        method=method,
    )


def solve_double_covering(
    weights: npt.ArrayLike,
    coverage: sparse.sparray | sparse.spmatrix,
    p: int,
    *,
    fixed: npt.ArrayLike | None = None,
    time_limit: float | None = None,
    aggregate: bool = True,
) -> SiteSolution:
    """Double covering: weight of demand reached by ≥ 2 open sites."""
    term = Term("double_cover", np.asarray(weights, dtype=np.float64), sparse.csr_array(coverage))
    return solve_sites(term, p, fixed=fixed, time_limit=time_limit, aggregate=aggregate)


def solve_p_median(
    weights: npt.ArrayLike,
    cost: sparse.sparray | sparse.spmatrix,
    p: int,
    *,
    unreached_cost: float,
    fixed: npt.ArrayLike | None = None,
    time_limit: float | None = None,
    aggregate: bool = True,
) -> SiteSolution:
    """p-median: least weighted cost to the nearest open site; ``cost`` holds the pairs
    within reach (explicit zeros allowed), a demand row with no open site among them costs
    ``unreached_cost``."""
    term = Term(
        "median", np.asarray(weights, dtype=np.float64), sparse.csr_array(cost), unreached_cost
    )
    return solve_sites(term, p, fixed=fixed, time_limit=time_limit, aggregate=aggregate)
