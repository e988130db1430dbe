"""Small random location instances (points in a square) for the kernel tests."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse


@dataclass(frozen=True)
class PointInstance:
    weights: np.ndarray
    distance: np.ndarray  # demand × sites, dense
    radius: float
    reach: float

    @property
    def coverage(self) -> sparse.csr_array:
        return sparse.csr_array(self.distance <= self.radius)

    @property
    def cost(self) -> sparse.csr_array:
        """Costs of the pairs within reach, as a sparse matrix keeping explicit zeros."""
        rows, cols = np.nonzero(self.distance <= self.reach)
        return sparse.csr_array(
            (self.distance[rows, cols], (rows, cols)), shape=self.distance.shape
        )


def point_instance(
    seed: int, n_demand: int, n_sites: int, *, radius: float = 3.5, reach: float = 6.0
) -> PointInstance:
    """Demand and sites uniform in a 10 × 10 square; demand points repeat (so that
    aggregation has work to do) and weights are integers 1–20."""
    rng = np.random.default_rng(seed)
    base = rng.uniform(0, 10, (max(1, n_demand // 2), 2))
    demand = base[rng.integers(0, len(base), n_demand)]
    sites = rng.uniform(0, 10, (n_sites, 2))
    distance = np.hypot(
        demand[:, None, 0] - sites[None, :, 0], demand[:, None, 1] - sites[None, :, 1]
    )
    return PointInstance(rng.integers(1, 21, n_demand).astype(float), distance, radius, reach)
