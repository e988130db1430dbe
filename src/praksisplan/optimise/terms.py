"""Objective terms over open-site indicators: covering, double covering, p-median.

A term is built into a :class:`~praksisplan.optimise.linear.LinearModel` given which sites
are decided already (open for sure) and which model column says whether each other site is
open. Building a term reduces its demand first: demand reached by a fixed open site is a
constant in a covering term (and needs one more site, not two, in a double-covering term);
in a p-median term only pairs nearer than the nearest fixed open site matter. What remains
is merged by coverage-set aggregation. Every term also evaluates itself directly for a given
set of open sites (the greedy, the explanations and the Benders check use that).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import sparse

from praksisplan.optimise.linear import FloatArray, IntArray, LinearModel
from praksisplan.optimise.reduce import aggregate_rows

TermKind = Literal["cover", "double_cover", "median"]


@dataclass(frozen=True)
class Expression:
    """A linear expression ``constant + Σ coef·x[col]`` of model columns (to maximise)."""

    col: IntArray
    coef: FloatArray
    constant: float

    def value(self, values: FloatArray) -> float:
        return self.constant + float(self.coef @ values[self.col])


@dataclass(frozen=True)
class Term:
    """One objective over demand rows and sites.

    ``matrix`` is demand × sites: for covering terms its structure says which sites reach
    which demand; for a median term its values are costs (explicit zeros allowed) of the
    pairs within reach, and a demand row without an open site within reach costs
    ``unreached_cost``. Covering terms are maximised, the median term minimised."""

    kind: TermKind
    weights: FloatArray
    matrix: sparse.csr_array
    unreached_cost: float = 0.0

    def value(self, is_open: npt.NDArray[np.bool_]) -> float:
        """The term's value when exactly the sites where ``is_open`` are open."""
        if self.kind == "median":
            return float(self.weights @ nearest_cost(self.matrix, is_open, self.unreached_cost))
        reached = reach_counts(self.matrix, is_open)
        need = 1 if self.kind == "cover" else 2
        return float(self.weights[reached >= need].sum())

    @property
    def maximise(self) -> bool:
        return self.kind != "median"

    def gains(self, is_open: npt.NDArray[np.bool_]) -> FloatArray:
        """Per site: how much opening it alone would improve the term (in the sense of
        improvement: weight gained, or weighted cost saved). A double-covering gain also
        counts, with a tiny weight, demand it would reach a first time, so that a greedy
        starting from nothing is not stuck at zero."""
        if self.kind == "median":
            current = nearest_cost(self.matrix, is_open, self.unreached_cost)
            row = np.repeat(np.arange(self.matrix.shape[0]), np.diff(self.matrix.indptr))
            saved = self.weights[row] * np.maximum(0.0, current[row] - self.matrix.data)
            gain = np.bincount(self.matrix.indices, weights=saved, minlength=self.matrix.shape[1])
            return gain.astype(np.float64)
        reached = reach_counts(self.matrix, is_open)
        need = 1 if self.kind == "cover" else 2
        weight = np.where(reached == need - 1, self.weights, 0.0)
        if need == 2:
            weight = weight + np.where(reached == 0, 1e-6 * self.weights, 0.0)
        structure = _structure(self.matrix)
        return np.asarray(structure.T @ weight, dtype=np.float64)


def _structure(matrix: sparse.csr_array) -> sparse.csr_array:
    """The matrix with every stored entry (explicit zeros too) as 1."""
    return sparse.csr_array(
        (np.ones(len(matrix.indices)), matrix.indices, matrix.indptr), shape=matrix.shape
    )


def reach_counts(matrix: sparse.csr_array, is_open: npt.NDArray[np.bool_]) -> IntArray:
    """Per demand row: the number of open sites reaching it."""
    counts = _structure(matrix) @ is_open.astype(np.float64)
    return np.asarray(counts, dtype=np.float64).round().astype(np.intp)


def nearest_cost(
    matrix: sparse.csr_array, is_open: npt.NDArray[np.bool_], unreached_cost: float
) -> FloatArray:
    """Per demand row: the least cost to an open site (``unreached_cost`` if none)."""
    row = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    keep = is_open[matrix.indices]
    best = np.full(matrix.shape[0], unreached_cost, dtype=np.float64)
    np.minimum.at(best, row[keep], matrix.data[keep])
    return best


@dataclass(frozen=True)
class SiteColumns:
    """Which sites are open for sure, and the model column of each undecided site (−1 for
    decided ones: fixed open, or excluded)."""

    fixed_open: npt.NDArray[np.bool_]
    column: IntArray

    @property
    def variable(self) -> npt.NDArray[np.bool_]:
        return self.column >= 0


@dataclass(frozen=True)
class BuiltTerm:
    """A term in a model: its expression (in maximisation sense) and its size."""

    expression: Expression
    rows: int


def build_term(
    model: LinearModel, term: Term, sites: SiteColumns, *, aggregate: bool = True
) -> BuiltTerm:
    """Add the term's columns and rows; the expression is negated for a median term."""
    if term.kind == "median":
        return _build_median(model, term, sites, aggregate)
    return _build_cover(model, term, sites, aggregate)


def _restrict(matrix: sparse.csr_array, keep_pair: npt.NDArray[np.bool_]) -> sparse.csr_array:
    row = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    return sparse.csr_array(
        (matrix.data[keep_pair], (row[keep_pair], matrix.indices[keep_pair])), shape=matrix.shape
    )


def _group(
    matrix: sparse.csr_array, weights: FloatArray, keep: npt.NDArray[np.bool_], aggregate: bool
) -> tuple[sparse.csr_array, FloatArray]:
    if aggregate:
        merged = aggregate_rows(matrix, weights, keep)
        return merged.matrix, merged.weights
    rows = np.flatnonzero(keep)
    return sparse.csr_array(matrix[rows]), weights[rows]


def _link_rows(
    model: LinearModel,
    own: IntArray,
    own_coef: float,
    reduced: sparse.csr_array,
    sites: SiteColumns,
) -> None:
    """Rows ``own_coef·z_g − Σ_{j ∈ N(g)} x_j ≤ 0`` for each group g."""
    n = reduced.shape[0]
    counts = np.diff(reduced.indptr)
    row = np.concatenate([np.arange(n), np.repeat(np.arange(n), counts)])
    col = np.concatenate([own, sites.column[reduced.indices]])
    value = np.concatenate([np.full(n, own_coef), -np.ones(len(reduced.indices))])
    model.add_rows(row, col, value, n, upper=0.0)


def _build_cover(model: LinearModel, term: Term, sites: SiteColumns, aggregate: bool) -> BuiltTerm:
    matrix = sparse.csr_array(term.matrix)
    fixed = reach_counts(matrix, sites.fixed_open)
    variable = _restrict(matrix, sites.variable[matrix.indices])
    has_variable = np.diff(variable.indptr) > 0
    need = 1 if term.kind == "cover" else 2
    constant = float(term.weights[fixed >= need].sum())
    cols: list[IntArray] = []
    coefs: list[FloatArray] = []
    # rows needing one more open site: z ≤ Σ x (continuous suffices); rows needing two
    # (double cover with no fixed site): 2u ≤ Σ x with u binary
    for missing, binary in ((1, False), (2, True)):
        if missing > need:
            continue
        keep = (fixed == need - missing) & has_variable
        reduced, weights = _group(variable, term.weights, keep, aggregate)
        if reduced.shape[0] == 0:
            continue
        own = model.add_columns(reduced.shape[0], upper=1.0, integer=binary)
        _link_rows(model, own, float(missing), reduced, sites)
        cols.append(own)
        coefs.append(weights)
    rows = sum(len(c) for c in cols)
    return BuiltTerm(_expression(cols, coefs, constant), rows)


def _build_median(model: LinearModel, term: Term, sites: SiteColumns, aggregate: bool) -> BuiltTerm:
    matrix = sparse.csr_array(term.matrix)
    fallback = nearest_cost(matrix, sites.fixed_open, term.unreached_cost)
    row = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    useful = sites.variable[matrix.indices] & (matrix.data < fallback[row])
    variable = _restrict(matrix, useful)
    # the fallback cost rides along as an extra column so that aggregation keeps it apart
    fallback_col = matrix.shape[1]
    with_fallback = sparse.csr_array(
        (
            np.concatenate([variable.data, fallback]),
            (
                np.concatenate(
                    [
                        np.repeat(np.arange(matrix.shape[0]), np.diff(variable.indptr)),
                        np.arange(matrix.shape[0]),
                    ]
                ),
                np.concatenate([variable.indices, np.full(matrix.shape[0], fallback_col)]),
            ),
        ),
        shape=(matrix.shape[0], fallback_col + 1),
    )
    with_fallback.sort_indices()
    keep = np.diff(variable.indptr) > 0
    constant = -float(term.weights[~keep] @ fallback[~keep])
    reduced, weights = _group(with_fallback, term.weights, keep, aggregate)
    n = reduced.shape[0]
    if n == 0:
        return BuiltTerm(Expression(np.zeros(0, np.intp), np.zeros(0), constant), 0)
    # assignment a_gj ≤ x_j for every pair, Σ_j a_gj = 1 per group (fallback included)
    n_pairs = len(reduced.indices)
    assign = model.add_columns(n_pairs, upper=1.0)
    group_of_pair = np.repeat(np.arange(n), np.diff(reduced.indptr))
    model.add_rows(group_of_pair, assign, np.ones(n_pairs), n, lower=1.0, upper=1.0)
    real = reduced.indices != fallback_col
    pairs = np.flatnonzero(real)
    model.add_rows(
        np.concatenate([np.arange(len(pairs)), np.arange(len(pairs))]),
        np.concatenate([assign[pairs], sites.column[reduced.indices[pairs]]]),
        np.concatenate([np.ones(len(pairs)), -np.ones(len(pairs))]),
        len(pairs),
        upper=0.0,
    )
    coef = -weights[group_of_pair] * reduced.data
    return BuiltTerm(Expression(assign, coef, constant), n)


def _expression(cols: list[IntArray], coefs: list[FloatArray], constant: float) -> Expression:
    if not cols:
        return Expression(np.zeros(0, dtype=np.intp), np.zeros(0), constant)
    return Expression(np.concatenate(cols), np.concatenate(coefs), constant)
