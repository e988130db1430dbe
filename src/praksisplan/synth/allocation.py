"""Integer allocation by the largest-remainder (Hamilton) method.

Used wherever synthetic counts must add up exactly to a published total: persons per
municipality × age band × sex spread over cells. Capacities are spread over areas by the
Sainte-Laguë divisor method, which rounds every area's quota to the nearest whole capacity.
"""

from __future__ import annotations

import heapq

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


def highest_averages(
    total: int,
    weights: np.ndarray,
    minimum: np.ndarray,
    maximum: np.ndarray | None = None,
    *,
    divisor_step: float = 2.0,
) -> np.ndarray:
    """Split ``total`` in proportion to ``weights`` by a highest-averages (divisor) method.

    Every row starts with its ``minimum``; each further unit goes to the row with the
    highest ``weight / (divisor_step × count + 1)`` among the rows below their ``maximum``
    (ties to the lower row index). ``divisor_step = 2`` is the Sainte-Laguë (Webster) method,
    which rounds every quota to the nearest integer in the usual case, so a row with a small
    quota is not left far below it; ``divisor_step = 1`` is D'Hondt (Jefferson), which
    rounds down and so favours the rows with large quotas.
    """
    weights = np.asarray(weights, dtype=float)
    counts = np.asarray(minimum, dtype=np.int64).copy()
    caps = np.full(len(counts), np.iinfo(np.int64).max) if maximum is None else maximum
    if counts.shape != weights.shape or np.shape(caps) != weights.shape:
        raise ValueError("weights, minimum and maximum must have the same shape")
    if (weights < 0).any() or (counts < 0).any() or (counts > caps).any():
        raise ValueError("weights must be non-negative and 0 <= minimum <= maximum")
    if counts.sum() > total or np.sum(caps, dtype=float) < total:
        raise ValueError(f"cannot split {total} within the minimums and maximums")

    def priority(i: int) -> float:
        return float(-weights[i] / (divisor_step * counts[i] + 1.0))

    queue = [(priority(i), i) for i in range(len(counts)) if counts[i] < caps[i]]
    heapq.heapify(queue)
    for _ in range(total - int(counts.sum())):
        _, i = heapq.heappop(queue)
        counts[i] += 1
        if counts[i] < caps[i]:
            heapq.heappush(queue, (priority(i), i))
    return counts
