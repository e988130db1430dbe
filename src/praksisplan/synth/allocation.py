"""Integer allocation by the largest-remainder (Hamilton) method.

Used wherever synthetic counts must add up exactly to a published total: persons per
municipality × age band × sex spread over cells, capacities spread over areas.
"""

from __future__ import annotations

import numpy as np


def allocate_columns(totals: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Split each column total over the rows in proportion to that column's weights.

    ``totals`` has shape ``(k,)`` (non-negative integers), ``weights`` ``(n, k)`` (non-negative).
    Returns an ``(n, k)`` integer matrix whose column sums equal ``totals`` exactly. Each row
    gets the floor of its quota; the remaining units go to the largest remainders (ties to
    the lower row index). A column with zero weight everywhere is split evenly.
    """
    totals = np.asarray(totals, dtype=np.int64)
    weights = np.asarray(weights, dtype=float)
    if weights.ndim != 2 or weights.shape[1] != totals.shape[0]:
        raise ValueError("weights must be (n, k) for k totals")
    if weights.shape[0] == 0:
        if totals.any():
            raise ValueError("cannot allocate a positive total to no rows")
        return np.zeros(weights.shape, dtype=np.int64)
    if (totals < 0).any() or (weights < 0).any():
        raise ValueError("totals and weights must be non-negative")
    column_sums = weights.sum(axis=0)
    weights = np.where(column_sums > 0, weights, 1.0)
    quotas = weights / weights.sum(axis=0) * totals
    counts = np.floor(quotas).astype(np.int64)
    remainders = quotas - counts
    missing = totals - counts.sum(axis=0)
    order = np.argsort(-remainders, axis=0, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(weights.shape[0])[:, None], axis=0)
    counts += ranks < missing[None, :]
    return np.asarray(counts, dtype=np.int64)


def largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Split ``total`` into integers proportional to ``weights``; they sum to ``total``."""
    return allocate_columns(np.array([total]), np.asarray(weights, dtype=float)[:, None])[:, 0]
