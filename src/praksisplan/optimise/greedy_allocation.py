"""The greedy allocation: one move at a time, the move that gains most per capacity.

A move adds one capacity to a site, or opens a site that is not open yet with the
capacities it needs to open (a closed practice: until it falls below its norm; a new clinic:
its minimum); a site's first move is at least what its organisation forms demand. Gains
per capacity are compared objective by objective in priority order (lexicographic). It is
the MIP's warm start and the comparison in the explanation; it may return ``None`` when
it cannot place all capacities within the limits.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from praksisplan.optimise.instance import AllocationInstance
from praksisplan.optimise.linear import FloatArray
from praksisplan.optimise.model import Limits
from praksisplan.optimise.objectives import (
    Objective,
    area_shortage,
    area_supply_pct,
    free_choice_term,
    nearness_term,
)


def _coverage_gain(
    instance: AllocationInstance, objective: Objective, added: FloatArray
) -> FloatArray:
    """Per site: the gain of opening it (0 for sites open already)."""
    term = (
        free_choice_term(instance)
        if objective is Objective.FREE_CHOICE
        else nearness_term(instance)
    )
    is_open = instance.model_open(added)
    gain = term.gains(is_open)[: instance.n_sites]
    if objective is Objective.NEARNESS:
        gain = gain / (max(float(instance.need.sum()), 1e-9) * 1000.0)
    return np.where(is_open[: instance.n_sites], 0.0, gain)


def _room(instance: AllocationInstance, added: FloatArray, limits: Limits) -> FloatArray:
    """Per site: how many more capacities the area and municipality limits allow."""
    room = instance.sites["max_add"].to_numpy(dtype=np.float64) - added
    for column, bounds in (("area_id", limits.areas), ("municipality_code", limits.municipalities)):
        keys = instance.sites[column].astype(str).to_numpy()
        for key, (_, high) in bounds.items():
            members = keys == key
            room[members] = np.minimum(room[members], high - added[members].sum())
    return room


def greedy_allocation(
    instance: AllocationInstance,
    capacities: int,
    objectives: Sequence[Objective],
    limits: Limits,
) -> FloatArray | None:
    """Capacities added per site by the greedy (``None`` if it gets stuck)."""
    sites = instance.sites
    added = np.zeros(instance.n_sites)
    is_new = sites["kind"].to_numpy() != "existing"
    existing = ~is_new
    open_at = sites["open_at"].to_numpy(dtype=np.float64)
    min_add = sites["min_add"].to_numpy(dtype=np.float64)
    left = capacities
    while left > 0:
        site_open = instance.model_open(added)[: instance.n_sites]
        # size of each site's next move: 1, or what it takes to open it, and a first move at
        # least what the site's organisation forms demand
        size = np.where(site_open | existing, 1.0, np.maximum(open_at - added, 1.0))
        size = np.where(~site_open & existing, np.maximum(open_at - added, 1.0), size)
        least = np.where(added == 0, np.maximum(min_add, 1.0), 1.0)
        size = np.maximum(size, least)
        room = np.minimum(_room(instance, added, limits), left)
        feasible = (size <= room) & (size > 0)
        # an existing practice that cannot open within the remaining capacities still grows
        one = existing & ~feasible & (room >= least)
        size = np.where(one, least, size)
        feasible |= one
        if not feasible.any():
            return None
        opens = ~site_open & (added + size >= open_at)
        keys = []
        for objective in objectives:
            gain = np.zeros(instance.n_sites)
            if objective in (Objective.FREE_CHOICE, Objective.NEARNESS):
                gain = np.where(opens, _coverage_gain(instance, objective, added), 0.0)
            elif objective is Objective.SHORTAGE:
                short = area_shortage(instance, added)
                area = instance.site_area
                gain = np.where(
                    area >= 0,
                    np.minimum(size * instance.site_norm, short[np.maximum(area, 0)]),
                    0.0,
                )
            elif objective is Objective.WORST_AREA:
                pct = area_supply_pct(instance, added)
                area = instance.site_area
                worst = np.nanmin(pct)
                gain = np.where((area >= 0) & (pct[np.maximum(area, 0)] <= worst + 1e-9), 1.0, 0.0)
            else:
                gain = np.where(existing, size, 0.0)
            keys.append(np.where(feasible, gain / size, -np.inf))
        order = np.lexsort([-k for k in reversed(keys)] if keys else [np.zeros(instance.n_sites)])
        best = int(order[0])
        if not feasible[best]:
            return None
        added[best] += size[best]
        left -= int(size[best])
    return added
