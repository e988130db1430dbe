"""The result of a site-selection solve (the generic kernel and its Benders solver)."""

from __future__ import annotations

from dataclasses import dataclass

from praksisplan.optimise.linear import IntArray, Status


@dataclass(frozen=True)
class SiteSolution:
    """Chosen sites (indices, fixed ones included), objective, proof status and gap."""

    chosen: IntArray
    objective: float
    status: Status
    gap: float
    bound: float
    seconds: float
    greedy_objective: float
    model_rows: int
