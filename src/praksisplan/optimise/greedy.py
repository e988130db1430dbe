"""Greedy site selection: add the site that gains most, until p sites are open.

The classic heuristic for covering and median problems; here it is the warm start of the
MIP and the comparison the explanation shows (the greedy never beats the optimum).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from praksisplan.optimise.linear import FloatArray, IntArray

#: Per site, the gain of opening it given the open sites.
Gains = Callable[[npt.NDArray[np.bool_]], FloatArray]


def greedy_sites(
    gains: Gains, fixed_open: npt.NDArray[np.bool_], candidates: IntArray, p: int
) -> npt.NDArray[np.bool_]:
    """Open sites one at a time among ``candidates`` (with the fixed ones open), each time
    the one that gains most; stops after ``p`` sites or when none gains anything."""
    is_open = fixed_open.copy()
    allowed = np.zeros(len(fixed_open), dtype=bool)
    allowed[candidates] = True
    allowed &= ~fixed_open
    for _ in range(p):
        gain = np.where(allowed & ~is_open, gains(is_open), -np.inf)
        best = int(np.argmax(gain))
        if not np.isfinite(gain[best]) or gain[best] <= 1e-12:
            break
        is_open[best] = True
    return is_open
