"""Spreading whole numbers: persons over the region's age profile, patients over practices.

Both use the largest-remainder method, so the parts are whole and sum exactly to the total;
ties go to the earlier part.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def largest_remainder(total: int, weights: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """``total`` split in proportion to ``weights`` (≥ 0, not all 0) into whole parts."""
    w = np.asarray(weights, dtype=np.float64)
    exact = total * w / w.sum()
    parts = np.floor(exact).astype(np.int64)
    short = int(total - parts.sum())
    order = np.lexsort((np.arange(len(w)), -(exact - parts)))
    parts[order[:short]] += 1
    return np.asarray(parts, dtype=np.int64)


def nearest_open_shares(
    x: float,
    y: float,
    practices: list[tuple[str, float, float, float]],
    patients: int,
    radius_m: float,
) -> dict[str, int]:
    """Listed patients of a removed practice at (x, y) spread over open practices.

    ``practices`` are the open practices as ``(provider_number, x, y, filled capacities)``.
    The patients go to those within the free-choice radius in proportion to their filled
    capacities; with none there (or none with a filled capacity), all go to the nearest.
    """
    xy = np.array([(p[1], p[2]) for p in practices], dtype=np.float64)
    distance = np.hypot(xy[:, 0] - x, xy[:, 1] - y)
    filled = np.array([p[3] for p in practices], dtype=np.float64)
    near = (distance <= radius_m) & (filled > 0)
    if not near.any():
        return {practices[int(np.argmin(distance))][0]: patients}
    chosen = np.flatnonzero(near)
    shares = largest_remainder(patients, filled[chosen])
    return {practices[int(j)][0]: int(s) for j, s in zip(chosen, shares, strict=True) if s > 0}
