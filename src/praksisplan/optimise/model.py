"""The allocation MIP: capacities per site, open sites, and the objectives as expressions.

Columns: ``y_j`` (integer, capacities added to site j, 0…max_add), ``x_j`` (binary, site j
open) for each model site that may open; the objective terms add their own. Rows:
``Σ y = N``; a closed practice opens only with enough capacities (``open_at_j·x_j ≤ y_j``);
a new clinic has ``min_add·x_j ≤ y_j ≤ max_add·x_j`` (its organisation forms are in
``min_add``/``max_add``, and so are an existing practice's: one that may only receive 2 or
more gets a binary of its own); per-area and per-municipality
limits on ``Σ y``. Objectives (all maximised here): free choice (double covering term),
−shortage (``s_a ≥ need_a − supply_a − Σ_{j∈a} norm_j y_j``), the worst area's supply %
(``t ≤ 100(supply_a + Σ norm_j y_j)/need_a``), −need-weighted distance (p-median term),
capacities in existing practices. Formulation in docs/allocation.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from praksisplan.optimise.instance import AllocationInstance
from praksisplan.optimise.linear import FloatArray, IntArray, LinearModel
from praksisplan.optimise.objectives import Objective, free_choice_term, nearness_term
from praksisplan.optimise.terms import Expression, SiteColumns, build_term

#: Upper bound of the worst-area supply % column (a percentage far above any real one).
_MAX_PCT = 1e6


@dataclass(frozen=True)
class Limits:
    """Bounds on capacities placed per area / municipality (id → (min, max))."""

    areas: Mapping[str, tuple[int, int]]
    municipalities: Mapping[str, tuple[int, int]]


@dataclass
class AllocationModel:
    model: LinearModel
    y: IntArray  # per site: column of its capacities (−1: cannot grow)
    x: IntArray  # per model site: column of its open indicator (−1: decided)
    expressions: dict[Objective, Expression]


def _site_rows(model: LinearModel, instance: AllocationInstance, y: IntArray, x: IntArray) -> None:
    sites = instance.sites
    kind = sites["kind"].to_numpy()
    open_at = sites["open_at"].to_numpy(dtype=np.float64)
    max_add = sites["max_add"].to_numpy(dtype=np.float64)
    for j in np.flatnonzero(x[: instance.n_sites] >= 0):
        model.add_row(np.array([x[j], y[j]]), np.array([open_at[j], -1.0]), upper=0.0)
        if kind[j] != "existing":
            model.add_row(np.array([y[j], x[j]]), np.array([1.0, -max_add[j]]), upper=0.0)
    # an existing practice whose organisation forms demand at least 2 more when it grows
    # (one with no filled capacity that may only be a partnership): y ∈ {0} ∪ [min, max]
    min_add = sites["min_add"].to_numpy(dtype=np.float64)
    for j in np.flatnonzero((kind == "existing") & (min_add >= 2) & (y >= 0)):
        r = model.add_columns(1, upper=1.0, integer=True)[0]
        model.add_row(np.array([r, y[j]]), np.array([min_add[j], -1.0]), upper=0.0)
        model.add_row(np.array([y[j], r]), np.array([1.0, -max_add[j]]), upper=0.0)


def _limit_rows(
    model: LinearModel,
    instance: AllocationInstance,
    y: IntArray,
    limits: Limits,
) -> None:
    sites = instance.sites
    for column, bounds in (("area_id", limits.areas), ("municipality_code", limits.municipalities)):
        keys = sites[column].astype(str).to_numpy()
        for key, (low, high) in bounds.items():
            members = np.flatnonzero((keys == key) & (y >= 0))
            model.add_row(y[members], np.ones(len(members)), lower=float(low), upper=float(high))


def _shortage(model: LinearModel, instance: AllocationInstance, y: IntArray) -> Expression:
    deficit = instance.area_need - instance.area_supply
    short = np.flatnonzero(deficit > 0)
    s = model.add_columns(len(short), upper=np.inf)
    for k, area in enumerate(short):
        members = np.flatnonzero((instance.site_area == area) & (y >= 0))
        model.add_row(
            np.concatenate([[s[k]], y[members]]),
            np.concatenate([[1.0], instance.site_norm[members]]),
            lower=float(deficit[area]),
        )
    return Expression(s, -np.ones(len(s)), 0.0)


def _worst_area(model: LinearModel, instance: AllocationInstance, y: IntArray) -> Expression:
    t = model.add_columns(1, upper=_MAX_PCT)
    for area in np.flatnonzero(instance.area_need > 0):
        need = instance.area_need[area]
        members = np.flatnonzero((instance.site_area == area) & (y >= 0))
        model.add_row(
            np.concatenate([t, y[members]]),
            np.concatenate([[1.0], -100 * instance.site_norm[members] / need]),
            upper=100 * instance.area_supply[area] / need,
        )
    return Expression(t, np.ones(1), 0.0)


def build_allocation_model(
    instance: AllocationInstance,
    capacities: int,
    objectives: Sequence[Objective],
    limits: Limits,
    *,
    aggregate: bool = True,
    exclude: Sequence[npt.NDArray[np.bool_]] = (),
) -> AllocationModel:
    """The MIP for placing ``capacities``; ``exclude`` lists sets of receiving sites
    (per site: gets capacity?) the solution must differ from (runner-up)."""
    model = LinearModel()
    sites = instance.sites
    max_add = sites["max_add"].to_numpy(dtype=np.float64)
    y = np.full(instance.n_sites, -1, dtype=np.intp)
    growable = np.flatnonzero(max_add > 0)
    y[growable] = model.add_columns(len(growable), upper=max_add[growable], integer=True)
    n_model = len(instance.fixed_open)
    x = np.full(n_model, -1, dtype=np.intp)
    may_open = np.zeros(n_model, dtype=bool)
    may_open[: instance.n_sites] = (~instance.fixed_open[: instance.n_sites]) & (max_add > 0)
    x[may_open] = model.add_columns(int(may_open.sum()), upper=1.0, integer=True)
    model.add_row(y[growable], np.ones(len(growable)), lower=capacities, upper=capacities)
    _site_rows(model, instance, y, x)
    _limit_rows(model, instance, y, limits)
    for receiving in exclude:
        _exclude_pattern(model, y[growable], max_add[growable], receiving[growable])
    columns = SiteColumns(instance.fixed_open, x)
    expressions: dict[Objective, Expression] = {}
    for objective in objectives:
        if objective is Objective.FREE_CHOICE:
            term = free_choice_term(instance)
            expressions[objective] = build_term(
                model, term, columns, aggregate=aggregate
            ).expression
        elif objective is Objective.NEARNESS:
            term = nearness_term(instance)
            metres = build_term(model, term, columns, aggregate=aggregate).expression
            # in the natural unit: need-weighted mean km (negated)
            scale = 1.0 / (max(float(instance.need.sum()), 1e-9) * 1000.0)
            expressions[objective] = Expression(
                metres.col, metres.coef * scale, metres.constant * scale
            )
        elif objective is Objective.SHORTAGE:
            expressions[objective] = _shortage(model, instance, y)
        elif objective is Objective.WORST_AREA:
            expressions[objective] = _worst_area(model, instance, y)
        else:
            existing = growable[sites["kind"].to_numpy()[growable] == "existing"]
            expressions[objective] = Expression(y[existing], np.ones(len(existing)), 0.0)
    return AllocationModel(model, y, x, expressions)


def _exclude_pattern(
    model: LinearModel, y: IntArray, max_add: FloatArray, receiving: npt.NDArray[np.bool_]
) -> None:
    """Binary r_j = [y_j > 0] and the no-good cut Σ_{j∈S}(1 − r_j) + Σ_{j∉S} r_j ≥ 1."""
    r = model.add_columns(len(y), upper=1.0, integer=True)
    n = len(y)
    rows = np.arange(n)
    model.add_rows(np.r_[rows, rows], np.r_[y, r], np.r_[np.ones(n), -max_add], n, upper=0.0)
    model.add_rows(np.r_[rows, rows], np.r_[r, y], np.r_[np.ones(n), -np.ones(n)], n, upper=0.0)
    sign = np.where(receiving, -1.0, 1.0)
    model.add_row(r, sign, lower=1.0 - float(receiving.sum()))
