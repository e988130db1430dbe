"""Statistics of a quantity spread over population cells, weighted by persons.

Used for the distance and accessibility figures of an area: population-weighted quantiles
and the equity measures (Gini coefficient, Palma ratio).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def weighted_quantile(
    values: npt.NDArray[np.float64], weights: npt.NDArray[np.float64], q: float
) -> float:
    """The smallest value ``v`` such that the weight of values ≤ ``v`` is ≥ ``q`` × total
    (the inverse of the weighted distribution function; NaN when the total weight is 0)."""
    keep = weights > 0
    values, weights = values[keep], weights[keep]
    if len(values) == 0:
        return float("nan")
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order])
    position = np.searchsorted(cumulative, q * cumulative[-1], side="left")
    return float(values[order][min(int(position), len(values) - 1)])


def weighted_gini(values: npt.NDArray[np.float64], weights: npt.NDArray[np.float64]) -> float:
    """Gini coefficient of ``values`` over persons: ``Σ_ij w_i w_j |v_i − v_j| / (2 W² v̄)``
    with ``v̄`` the weighted mean (0 = everyone equal; NaN for no weight or a zero mean)."""
    keep = weights > 0
    values, weights = values[keep], weights[keep]
    total = float(weights.sum())
    if total == 0:
        return float("nan")
    mean = float(np.dot(values, weights) / total)
    if mean == 0:
        return float("nan")
    order = np.argsort(values, kind="stable")
    v, w = values[order], weights[order]
    # Σ_ij w_i w_j |v_i − v_j| = 2 Σ_i w_i v_i (W_<i − W_>i), with W_<i / W_>i the weight
    # strictly before / after i in sorted order (ties contribute zero either way).
    before = np.cumsum(w) - w
    after = total - before - w
    absolute_differences = 2 * float(np.dot(w * v, before - after))
    return absolute_differences / (2 * total * total * mean)


def palma_ratio(values: npt.NDArray[np.float64], weights: npt.NDArray[np.float64]) -> float:
    """Share of the total held by the best-off 10 % of persons over that of the worst-off
    40 % (persons split at fractional weights where a cell straddles a boundary)."""
    keep = weights > 0
    values, weights = values[keep], weights[keep]
    total = weights.sum()
    if total == 0:
        return float("nan")
    order = np.argsort(values, kind="stable")
    v, w = values[order], weights[order]
    upper = np.cumsum(w) / total
    lower = upper - w / total

    def held_between(a: float, b: float) -> float:
        fraction = np.clip(np.minimum(upper, b) - np.maximum(lower, a), 0.0, None)
        return float(np.dot(fraction * total, v))

    bottom = held_between(0.0, 0.4)
    return held_between(0.9, 1.0) / bottom if bottom > 0 else float("nan")
