"""Spatial accessibility: two-step floating catchment area (2SFCA) and its enhanced,
distance-decayed form (E2SFCA), over a sparse OD table.

With demand ``P_i`` at cell *i*, supply ``S_j`` at practice *j*, cost ``d_ij`` and weight
``w(d)`` (0 beyond the catchment):

* step 1, per practice: ``R_j = S_j / Σ_i w(d_ij) · P_i`` (0 when no demand is in reach);
* step 2, per cell:     ``A_i = Σ_j w(d_ij) · R_j``.

2SFCA is ``w = 1`` within the catchment; E2SFCA uses step weights (Luo & Qi 2009) or a
Gaussian decay. This matches PySAL ``access``'s ``two_stage_fca``/``enhanced_two_stage_fca``
except that a cell with no supply in reach scores 0 here, where ``access`` gives NaN.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np
import numpy.typing as npt

from praksisplan.engine.od import ODTable

Method = Literal["2sfca", "e2sfca"]


class Catchment(Protocol):
    """A catchment: the largest cost in reach and the weight of a pair by its cost."""

    @property
    def max_cost(self) -> float: ...

    def weight(self, cost: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]: ...


@dataclass(frozen=True)
class UniformCatchment:
    """Classic 2SFCA: weight 1 for every pair with cost ≤ ``max_cost``."""

    max_cost: float

    def weight(self, cost: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return np.where(cost <= self.max_cost, 1.0, 0.0)


@dataclass(frozen=True)
class StepCatchment:
    """E2SFCA step weights: ``weights[k]`` for ``thresholds[k-1] < cost ≤ thresholds[k]``,
    0 beyond the last threshold (as PySAL ``access.weights.step_fn``)."""

    thresholds: tuple[float, ...]
    weights: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.thresholds) != len(self.weights) or not self.thresholds:
            raise ValueError("step catchment needs as many weights as thresholds (≥ 1)")
        if list(self.thresholds) != sorted(self.thresholds):
            raise ValueError("step thresholds must increase")
        if min(self.weights) < 0:
            raise ValueError("step weights must be ≥ 0")

    @property
    def max_cost(self) -> float:
        return self.thresholds[-1]

    def weight(self, cost: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        # a cost's step is the number of thresholds below it; past the last one, weight 0
        step = np.zeros(len(cost), dtype=np.min_scalar_type(len(self.thresholds)))
        for threshold in self.thresholds:
            step += cost > threshold
        return np.array([*self.weights, 0.0])[step]

    @classmethod
    def luo_qi(cls, radius: float) -> StepCatchment:
        """Luo & Qi's 1.00/0.68/0.22 weights over thirds of the radius (their 10/20/30 min)."""
        return cls((radius / 3, 2 * radius / 3, radius), (1.0, 0.68, 0.22))


@dataclass(frozen=True)
class GaussianCatchment:
    """Gaussian decay ``exp(−d² / 2σ²)`` within ``max_cost`` (as ``access.weights.gaussian``)."""

    max_cost: float
    sigma: float

    def __post_init__(self) -> None:
        if self.sigma <= 0:
            raise ValueError("sigma must be > 0")

    def weight(self, cost: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return np.where(cost <= self.max_cost, np.exp(-cost * cost / (2 * self.sigma**2)), 0.0)


def default_catchment(method: Method, radius: float) -> Catchment:
    """2SFCA: uniform within ``radius``; E2SFCA: Luo & Qi's steps over thirds of it."""
    return UniformCatchment(radius) if method == "2sfca" else StepCatchment.luo_qi(radius)


@dataclass(frozen=True)
class FcaKernel:
    """The pairs of an OD table within a catchment and their weights: the part of (E)2SFCA
    that depends neither on demand nor on supply (so it can be prepared beforehand)."""

    origin: npt.NDArray[np.intp]
    dest: npt.NDArray[np.intp]
    weight: npt.NDArray[np.float64]
    n_origins: int
    n_destinations: int

    @classmethod
    def of(cls, od: ODTable, catchment: Catchment) -> FcaKernel:
        if catchment.max_cost > od.max_cost:
            raise ValueError(
                f"catchment reaches {catchment.max_cost} but the OD table only {od.max_cost}"
            )
        pairs = od if catchment.max_cost == od.max_cost else od.within(catchment.max_cost)
        return cls(
            pairs.origin,
            pairs.dest,
            catchment.weight(pairs.cost),
            od.n_origins,
            od.n_destinations,
        )

    def scores(
        self, demand: npt.NDArray[np.float64], supply: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.float64]:
        """Per cell (OD origin) the score, from demand per cell and supply per practice.

        Step 1 gives each practice the ratio of its supply to the weighted demand in its
        catchment (0 when there is none); step 2 sums the weighted ratios in reach of each
        cell."""
        weighted_demand = np.bincount(
            self.dest, weights=self.weight * demand[self.origin], minlength=self.n_destinations
        )
        ratio = np.zeros(self.n_destinations)
        np.divide(supply, weighted_demand, out=ratio, where=weighted_demand > 0)
        return np.asarray(
            np.bincount(
                self.origin, weights=self.weight * ratio[self.dest], minlength=self.n_origins
            ),
            dtype=np.float64,
        )


def fca_scores(
    od: ODTable,
    demand: npt.NDArray[np.float64],
    supply: npt.NDArray[np.float64],
    catchment: Catchment,
) -> npt.NDArray[np.float64]:
    """Per cell (OD origin) the (E)2SFCA score, from demand per cell and supply per practice
    (see :meth:`FcaKernel.scores`)."""
    return FcaKernel.of(od, catchment).scores(demand, supply)
