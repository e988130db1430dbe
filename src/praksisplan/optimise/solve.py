"""Solving the allocation: lexicographic or weighted objectives, with a greedy warm start.

Lexicographic: the first objective is optimised, its optimum becomes a constraint, then the
next, and so on; the result is proven optimal only when every stage was. Weighted: one
solve of ``Σ weight_k · score_k`` in each objective's natural unit (docs/allocation.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from praksisplan.optimise.greedy_allocation import greedy_allocation
from praksisplan.optimise.instance import AllocationInstance
from praksisplan.optimise.linear import FloatArray, Interrupt, Status, solve_model
from praksisplan.optimise.model import Limits, build_allocation_model
from praksisplan.optimise.objectives import Objective, evaluate
from praksisplan.optimise.terms import Expression

#: Relative slack when a stage's optimum is fixed for the next stage (numerical safety).
_LEXICOGRAPHIC_SLACK = 1e-7

#: Called with a short Danish description of the step being solved.
Progress = Callable[[str], None]


@dataclass(frozen=True)
class StageResult:
    objective: Objective
    status: Status
    gap: float
    seconds: float


@dataclass(frozen=True)
class AllocationSolution:
    """Capacities added per site, the objectives' values, and the proof: ``gap`` is the
    proven relative gap of the first stage that was not proven optimal (0 if all were)."""

    added: FloatArray
    values: dict[Objective, float]
    status: Status
    gap: float
    seconds: float
    stages: tuple[StageResult, ...]


def _cost(n_cols: int, parts: Sequence[tuple[float, Expression]]) -> tuple[FloatArray, float]:
    cost = np.zeros(n_cols)
    offset = 0.0
    for weight, expression in parts:
        np.add.at(cost, expression.col, weight * expression.coef)
        offset += weight * expression.constant
    return cost, offset


def solve_allocation(
    instance: AllocationInstance,
    capacities: int,
    objectives: Sequence[Objective],
    limits: Limits,
    *,
    weights: Mapping[Objective, float] | None = None,
    time_limit: float | None = None,
    aggregate: bool = True,
    exclude: Sequence[npt.NDArray[np.bool_]] = (),
    progress: Progress | None = None,
    interrupt: Interrupt | None = None,
) -> AllocationSolution:
    """Place ``capacities`` optimally; ``weights`` switches from lexicographic to weighted;
    ``interrupt`` returning True stops the solve (:class:`~.linear.SolveCancelledError`)."""
    begin = time.perf_counter()
    built = build_allocation_model(
        instance, capacities, objectives, limits, aggregate=aggregate, exclude=exclude
    )
    model = built.model
    greedy = greedy_allocation(instance, capacities, objectives, limits) if not exclude else None
    start = None
    if greedy is not None:
        grow = np.flatnonzero(built.y >= 0)
        opened = instance.model_open(greedy)
        decided = np.flatnonzero(built.x >= 0)
        start = (
            np.concatenate([built.y[grow], built.x[decided]]),
            np.concatenate([greedy[grow], opened[decided].astype(np.float64)]),
        )
    stages: list[StageResult] = []
    plan: list[list[tuple[float, Expression]]] = (
        [[(float(weights.get(o, 0.0)), built.expressions[o]) for o in objectives]]
        if weights is not None
        else [[(1.0, built.expressions[o])] for o in objectives]
    )
    values: FloatArray | None = None
    for stage_index, parts in enumerate(plan):
        objective = objectives[0] if weights is not None else objectives[stage_index]
        if progress is not None:
            progress(f"Løser trin {stage_index + 1} af {len(plan)} …")
        left = None if time_limit is None else time_limit - (time.perf_counter() - begin)
        cost, offset = _cost(model.n_cols, parts)
        model.set_cost(cost, offset)
        result = solve_model(model, time_limit=left, start=start, interrupt=interrupt)
        if result.status == "infeasible" or result.values is None:
            return _no_solution(result.status, stages, time.perf_counter() - begin, instance)
        stages.append(StageResult(objective, result.status, result.gap, result.seconds))
        values = result.values
        start = (np.arange(model.n_cols), values)
        if weights is None and stage_index + 1 < len(plan):
            achieved = float(cost @ values) + offset
            slack = _LEXICOGRAPHIC_SLACK * max(1.0, abs(achieved))
            expression = parts[0][1]
            model.add_row(
                expression.col, expression.coef, lower=achieved - expression.constant - slack
            )
    assert values is not None
    added = np.zeros(instance.n_sites)
    growing = built.y >= 0
    added[growing] = np.round(values[built.y[growing]])
    unproven = [s for s in stages if s.status != "optimal"]
    return AllocationSolution(
        added=added,
        values=evaluate(instance, added),
        status="time_limit" if unproven else "optimal",
        # a later stage is optimised only among the earlier stages' optima, so the gap
        # that matters is the first unproven stage's, on its own objective
        gap=unproven[0].gap if unproven else 0.0,
        seconds=time.perf_counter() - begin,
        stages=tuple(stages),
    )


def _no_solution(
    status: Status, stages: list[StageResult], seconds: float, instance: AllocationInstance
) -> AllocationSolution:
    added = np.zeros(instance.n_sites)
    return AllocationSolution(added, {}, status, float("inf"), seconds, tuple(stages))
