"""Making location models small: coverage-set aggregation and dominance reduction.

*Coverage-set aggregation*: demand points whose sets of (still undecided) candidate sites
are identical behave identically in a covering model, so they become one row whose weight
is their summed weight. *Dominance*: in a maximal covering model without side constraints
a candidate whose set of demand rows is contained in another candidate's set is never
needed (swapping it for the larger one never loses coverage), so it is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from praksisplan.optimise.linear import FloatArray, IntArray


@dataclass(frozen=True)
class Aggregated:
    """Demand rows merged by identical rows of a sparse matrix.

    ``matrix`` holds one row per group (the group's common row), ``weights`` the summed
    weights, ``group`` the group of each original row (−1 for a row left out)."""

    matrix: sparse.csr_array
    weights: FloatArray
    group: IntArray


def aggregate_rows(
    matrix: sparse.csr_array, weights: FloatArray, keep: npt.NDArray[np.bool_] | None = None
) -> Aggregated:
    """Merge rows with identical structure and values (only rows where ``keep``)."""
    matrix = sparse.csr_array(matrix)
    matrix.sort_indices()
    rows = np.flatnonzero(keep) if keep is not None else np.arange(matrix.shape[0])
    keys: dict[bytes, int] = {}
    group = np.full(matrix.shape[0], -1, dtype=np.intp)
    indptr, indices, data = matrix.indptr, matrix.indices, matrix.data
    firsts: list[int] = []
    for row in rows:
        lo, hi = indptr[row], indptr[row + 1]
        key = indices[lo:hi].tobytes() + b"|" + data[lo:hi].tobytes()
        found = keys.get(key)
        if found is None:
            found = len(firsts)
            keys[key] = found
            firsts.append(int(row))
        group[row] = found
    kept = group >= 0
    summed = np.bincount(group[kept], weights=weights[kept], minlength=len(firsts)).astype(
        np.float64
    )
    return Aggregated(matrix[np.asarray(firsts, dtype=np.intp)], summed, group)


def dominated_sites(coverage: sparse.csr_array, candidates: IntArray) -> npt.NDArray[np.bool_]:
    """Per column of ``coverage`` (demand × sites, structure only): is it one of the
    ``candidates`` whose demand set lies inside another candidate's (ties: the later one)?"""
    n_sites = coverage.shape[1]
    result = np.zeros(n_sites, dtype=bool)
    if len(candidates) < 2:
        return result
    sub = sparse.csc_array(coverage[:, candidates] != 0, dtype=np.float64)
    size = np.asarray(sub.sum(axis=0)).ravel()
    overlap = (sub.T @ sub).toarray()
    contained = overlap >= size[:, None] - 0.5  # row j's set ⊆ column k's set
    np.fill_diagonal(contained, False)
    order = np.arange(len(candidates))
    # j is dominated by k when j ⊆ k and (k ⊄ j, or the sets are equal and k comes first)
    equal = contained & contained.T
    strictly = contained & ~contained.T
    dominated = strictly.any(axis=1) | (equal & (order[None, :] < order[:, None])).any(axis=1)
    result[candidates[dominated]] = True
    return result
