"""Solving the allocation: lexicographic or weighted objectives, with a greedy warm start.

Lexicographic: the first objective is optimised, its optimum becomes a constraint, then the
next, and so on; the result is proven optimal only when every stage was. Weighted: one
solve of ``Σ weight_k · score_k`` in each objective's natural unit (docs/allocation.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from praksisplan.optimise.greedy_allocation import greedy_allocation
from praksisplan.optimise.instance import AllocationInstance
from praksisplan.optimise.linear import (
    MIP_REL_GAP,
    FloatArray,
    IntArray,
    Interrupt,
    LinearModel,
    Status,
    relative_gap,
    solve_model,
)
from praksisplan.optimise.model import AllocationModel, Limits, build_allocation_model
from praksisplan.optimise.moves import improve_free_choice, reduce_shortage
from praksisplan.optimise.objectives import Objective, evaluate
from praksisplan.optimise.terms import Expression

#: Relative slack when a stage's optimum is fixed for the next stage (numerical safety).
_LEXICOGRAPHIC_SLACK = 1e-7
#: A later lexicographic objective joins the earlier one's objective with this weight,
#: relative to their magnitudes (:func:`_later_stage`).
_TIE_BREAK = 1e-4
#: Models with more columns let HiGHS restart on the reduced model in the first and the
#: tie-break stages. Region-size models (demo 801, Sjælland 1,212 columns) solve faster
#: without restarts (Sjælland 2.6–2.7 → 1.8 CPU s); Denmark's (7,413) shrinks 3× in its
#: restarts and keeps them (docs/performance.md).
_RESTART_ABOVE_COLUMNS = 4_000
#: Later objectives solved as that tie-break: the per-area capacity objectives, whose LP
#: under a row ``covering ≥ optimum`` is weak (Region Sjælland: shortage after free choice
#: 2.3× faster). A covering, median or whole-capacity objective as the later stage is
#: solved alone under the row (nearness after shortage was 1.7× slower as a tie-break,
#: continuity 7×; docs/performance.md).
_TIE_BROKEN = frozenset({Objective.SHORTAGE, Objective.WORST_AREA})

#: With a time limit, each later lexicographic stage is promised this share of it: the
#: first stage does not use it all (Denmark's free-choice stage would take every second of
#: 60 s and leave the later stages unproven; docs/performance.md).
_LATER_STAGE_SHARE = 0.1

#: Called with a short Danish description of the step being solved.
Progress = Callable[[str], None]


@dataclass(frozen=True)
class StageResult:
    """One lexicographic stage: its proof, and ``bound``, the proven bound on its
    objective (maximised sense) among the solutions its row allowed."""

    objective: Objective
    status: Status
    gap: float
    seconds: float
    bound: float


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
    achieved = 0.0
    # the one-move local search (optimise.moves) follows a time-limited free-choice stage
    moves = weights is None and not exclude and objectives[0] is Objective.FREE_CHOICE
    for stage_index, parts in enumerate(plan):
        objective = objectives[0] if weights is not None else objectives[stage_index]
        if progress is not None:
            progress(f"Løser trin {stage_index + 1} af {len(plan)} …")
        left = None if time_limit is None else time_limit - (time.perf_counter() - begin)
        expression = parts[0][1]
        if values is None:
            cost, offset = _cost(model.n_cols, parts)
            model.set_cost(cost, offset)
            result = solve_model(
                model,
                time_limit=_budget(left, time_limit, len(plan) - 1),
                start=start,
                interrupt=interrupt,
                restart=model.n_cols > _RESTART_ABOVE_COLUMNS,
            )
            if result.status == "infeasible" or result.values is None:
                return _no_solution(result.status, stages, time.perf_counter() - begin, instance)
            stage = StageResult(objective, result.status, result.gap, result.seconds, result.bound)
            values = result.values
            if moves and result.status != "optimal":
                searched = time.perf_counter()
                values = _moved(
                    built, instance, values, improve_free_choice(
                        instance, _added(built, instance, values), limits
                    ), [expression], interrupt,
                )  # fmt: skip
                stage = replace(stage, seconds=stage.seconds + time.perf_counter() - searched)
        else:
            previous = stages[-1]
            earlier = plan[stage_index - 1][0][1]
            floor = achieved - _margin(previous, achieved)
            if moves and stage_index == 1 and objective is Objective.SHORTAGE:
                values = _moved(
                    built, instance, values, reduce_shortage(
                        instance, _added(built, instance, values), limits, floor
                    ), [earlier, expression], interrupt,
                )  # fmt: skip
            stage, values = _later_stage(
                model, objective, earlier, floor, expression, values,
                _budget(left, time_limit, len(plan) - 1 - stage_index), interrupt,
                tie_break=objective in _TIE_BROKEN and floor >= achieved,
                decisions=built.x[built.x >= 0],
            )  # fmt: skip
        stages.append(stage)
        achieved = expression.value(values)
    assert values is not None
    added = _added(built, instance, values)
    # a later stage may have used an earlier one's unproven margin: each stage's gap is
    # that of the final answer against the stage's own bound
    if weights is None:
        stages = [
            s
            if s.status == "optimal"
            else replace(s, gap=relative_gap(p[0][1].value(values), s.bound))
            for s, p in zip(stages, plan, strict=True)
        ]
    unproven = [s for s in stages if s.status != "optimal"]
    return AllocationSolution(
        added=added,
        values=evaluate(instance, added),
        status="time_limit" if unproven else "optimal",
        # a later stage is optimised only among the answers its row allows, so the gap
        # that matters is the first unproven stage's, on its own objective
        gap=unproven[0].gap if unproven else 0.0,
        seconds=time.perf_counter() - begin,
        stages=tuple(stages),
    )


def _margin(stage: StageResult, achieved: float) -> float:
    """How far a later stage may go below the earlier stage's answer: nothing when that
    stage was proven optimal; else its unproven margin (bound − answer), so the earlier
    objective ends within twice that stage's proven gap (docs/allocation.md)."""
    if stage.status == "optimal" or not np.isfinite(stage.bound):
        return 0.0
    return max(0.0, stage.bound - achieved)


def _added(built: AllocationModel, instance: AllocationInstance, values: FloatArray) -> FloatArray:
    added = np.zeros(instance.n_sites)
    growing = built.y >= 0
    added[growing] = np.round(values[built.y[growing]])
    return added


def _moved(
    built: AllocationModel,
    instance: AllocationInstance,
    values: FloatArray,
    added: FloatArray,
    expressions: Sequence[Expression],
    interrupt: Interrupt | None,
) -> FloatArray:
    """The model's values of the allocation ``added`` (capacities and open sites held, the
    objective columns at their best for ``expressions``); ``values`` if ``added`` is the
    allocation ``values`` already has, or the model refuses it."""
    if np.array_equal(added, _added(built, instance, values)):
        return values
    grow = np.flatnonzero(built.y >= 0)
    decided = np.flatnonzero(built.x >= 0)
    columns = np.concatenate([built.y[grow], built.x[decided]])
    held = np.concatenate([added[grow], instance.model_open(added)[decided].astype(np.float64)])
    built.model.set_cost(*_cost(built.model.n_cols, [(1.0, e) for e in expressions]))
    result = solve_model(built.model, fix=(columns, held), interrupt=interrupt)
    return values if result.values is None else result.values


def _budget(left: float | None, time_limit: float | None, stages_after: int) -> float | None:
    """The time a stage may use of the ``left`` seconds: all of it less a reserve of
    :data:`_LATER_STAGE_SHARE` of the whole limit for each stage after it."""
    if left is None or time_limit is None:
        return left
    return max(left - _LATER_STAGE_SHARE * time_limit * stages_after, 0.0)


def _later_stage(
    model: LinearModel,
    objective: Objective,
    earlier: Expression,
    floor: float,
    later: Expression,
    current: FloatArray,
    time_limit: float | None,
    interrupt: Interrupt | None,
    *,
    tie_break: bool,
    decisions: IntArray | None = None,
) -> tuple[StageResult, FloatArray]:
    """The next lexicographic stage: optimise ``later`` among solutions whose ``earlier``
    (the previous stage's objective) is at least ``floor``, starting from ``current``.

    The row ``earlier ≥ floor`` goes into the model first (it stays for the stages
    after this one). Then ``current`` is *polished*: with its ``decisions`` columns (the
    open-site indicators) held, ``later`` is optimised over the rest (the capacities) — a
    small MIP whose answer keeps every earlier objective that depends on the decisions
    alone, and the rows keep the others. The LP relaxation under the rows bounds ``later``
    over every solution the row allows; when the polished answer reaches
    that bound it is proven optimal without a branch and bound.

    Otherwise, with ``tie_break``, one solve of ``earlier + ε·later`` (ε small against the
    magnitudes) from the polished answer: for every solution P with earlier(P) ≥ floor the
    combined bound B gives later(P) ≤ (B − floor) / ε, or the LP's bound if smaller. If
    the tie-break traded ``earlier`` below the floor, or without ``tie_break`` (always when
    the floor is below the earlier stage's answer: then (B − floor) / ε says little),
    ``later`` alone decides under the row."""
    begin = time.perf_counter()

    def left() -> float | None:
        return None if time_limit is None else time_limit - (time.perf_counter() - begin)

    slack = _LEXICOGRAPHIC_SLACK * max(1.0, abs(floor))
    model.add_row(earlier.col, earlier.coef, lower=floor - earlier.constant - slack)
    current = _polish(model, later, current, decisions, left(), interrupt)
    relaxed = _relaxed_bound(model, later, left(), interrupt)
    if later.value(current) >= relaxed - MIP_REL_GAP * max(1.0, abs(relaxed)):
        seconds = time.perf_counter() - begin
        return StageResult(objective, "optimal", 0.0, seconds, later.value(current)), current
    if not tie_break:
        return _alone(model, objective, later, current, left(), interrupt, begin)
    scale = max(1.0, abs(later.value(current)))
    epsilon = _TIE_BREAK * max(1.0, abs(floor)) / scale
    model.set_cost(*_cost(model.n_cols, [(1.0, earlier), (epsilon, later)]))
    combined = solve_model(
        model,
        time_limit=left(),
        start=(np.arange(model.n_cols), current),
        interrupt=interrupt,
        # the gap on ``later`` alone is MIP_REL_GAP
        rel_gap=MIP_REL_GAP * epsilon * scale / max(1.0, abs(floor) + epsilon * scale),
        restart=model.n_cols > _RESTART_ABOVE_COLUMNS,
    )
    values = combined.values
    if values is not None and earlier.value(values) >= floor - slack:
        value = later.value(values)
        bound = max(value, (combined.bound - floor) / epsilon)
        if combined.status != "optimal":
            bound = min(bound, relaxed)
        gap = 0.0 if combined.status == "optimal" else relative_gap(value, bound)
        seconds = time.perf_counter() - begin
        return StageResult(objective, combined.status, gap, seconds, bound), values
    return _alone(model, objective, later, current, left(), interrupt, begin)


def _polish(
    model: LinearModel,
    expression: Expression,
    current: FloatArray,
    decisions: IntArray | None,
    time_limit: float | None,
    interrupt: Interrupt | None,
) -> FloatArray:
    """``current`` with the expression optimised over the columns other than
    ``decisions`` (held at their values in ``current``); ``current`` itself if that finds
    nothing better in the time. The rows in the model keep the earlier stages."""
    if decisions is None or len(decisions) == 0:
        return current
    model.set_cost(*_cost(model.n_cols, [(1.0, expression)]))
    polished = solve_model(
        model,
        time_limit=time_limit,
        start=(np.arange(model.n_cols), current),
        interrupt=interrupt,
        fix=(decisions, np.round(current[decisions])),
    )
    if polished.values is None or expression.value(polished.values) < expression.value(current):
        return current
    return polished.values


def _relaxed_bound(
    model: LinearModel,
    expression: Expression,
    time_limit: float | None,
    interrupt: Interrupt | None,
) -> float:
    """The LP relaxation's bound on the expression under the rows in the model (the earlier
    stages' rows included): the proof a time-limited combined solve falls back on, where
    its bound divided by a small ε says little."""
    model.set_cost(*_cost(model.n_cols, [(1.0, expression)]))
    relaxed = solve_model(model, relax=True, time_limit=time_limit, interrupt=interrupt)
    return relaxed.bound if relaxed.status == "optimal" else float("inf")


def _alone(
    model: LinearModel,
    objective: Objective,
    expression: Expression,
    current: FloatArray,
    time_limit: float | None,
    interrupt: Interrupt | None,
    begin: float,
) -> tuple[StageResult, FloatArray]:
    """Optimise the expression alone (the earlier stages are rows), from ``current``."""
    model.set_cost(*_cost(model.n_cols, [(1.0, expression)]))
    result = solve_model(
        model, time_limit=time_limit, start=(np.arange(model.n_cols), current), interrupt=interrupt
    )
    seconds = time.perf_counter() - begin
    if result.values is None:  # the time ran out before anything better than the start
        return StageResult(objective, "time_limit", result.gap, seconds, result.bound), current
    return StageResult(objective, result.status, result.gap, seconds, result.bound), result.values


def _no_solution(
    status: Status, stages: list[StageResult], seconds: float, instance: AllocationInstance
) -> AllocationSolution:
    added = np.zeros(instance.n_sites)
    return AllocationSolution(added, {}, status, float("inf"), seconds, tuple(stages))
