"""The patient-assignment model: where a practice's listed patients probably live.

The data holds each practice's listed patients but not their homes. The estimate assigns the
persons of every cell to practices within reach so that every practice receives exactly its
listed patients:

* ``"transport"`` (default): a transportation problem solved as an LP with HiGHS — minimise
  the total patient distance subject to each practice's list being met and no cell sending
  more persons than live there. Assumption: patients live as close to their practice as the
  lists allow (a lower bound on real distances).
* ``"gravity"``: a doubly constrained gravity model (Furness balancing): flows proportional
  to persons × list × exp(−distance / ``decay_m``), balanced to the same two sets of totals.
  Assumption: nearness matters, but patients also choose beyond their nearest practice.

When the region's listed patients exceed its persons, the cells' persons are scaled up to
the lists' total (the register and the population count differ in date and definition).
A list that cannot be filled within reach is reported as *unplaced* patients of that
practice, never silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.optimize import linprog

from praksisplan.core.errors import PraksisplanError
from praksisplan.engine.od import ODTable

FloatArray = npt.NDArray[np.float64]
Model = Literal["transport", "gravity"]
#: Default distance decay of the gravity variant (metres).
DEFAULT_DECAY_M = 5_000.0
_FURNESS_ITERATIONS = 500
_FURNESS_TOLERANCE = 1e-9
#: Column generation starts from each cell's this many nearest practices.
_START_PAIRS_PER_CELL = 6
#: Relative tolerance below which a reduced cost counts as negative.
_REDUCED_COST_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Assignment:
    """Patients per (cell, practice) pair of ``od`` (``patients[k]`` on pair k), and each
    practice's patients that could not be placed within reach."""

    od: ODTable
    patients: FloatArray
    unplaced: FloatArray

    def per_practice(self) -> FloatArray:
        return np.bincount(self.od.dest, self.patients, self.od.n_destinations).astype(np.float64)

    def per_cell(self) -> FloatArray:
        return np.bincount(self.od.origin, self.patients, self.od.n_origins).astype(np.float64)

    def total_cost(self) -> float:
        return float((self.patients * self.od.cost).sum())


def _supplies(persons: FloatArray, listed: FloatArray) -> FloatArray:
    total_persons, total_listed = float(persons.sum()), float(listed.sum())
    if total_listed > total_persons > 0:
        return persons * (total_listed / total_persons)
    return persons.astype(np.float64)


def _solve_columns(
    od: ODTable, keep: npt.NDArray[np.intp], supply: FloatArray, listed: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """The LP over the pairs ``keep`` of ``od``: flows, slacks, and the duals of the list
    (equality) and supply (≤) constraints."""
    n_pairs, n_d, n_o = len(keep), od.n_destinations, od.n_origins
    # one "unplaced" slack per practice at a penalty above any distance, so a list is only
    # left unfilled when it cannot be filled within reach
    penalty = 10.0 * max(od.max_cost, float(od.cost.max(initial=1.0)), 1.0)
    cost = np.concatenate([od.cost[keep], np.full(n_d, penalty)])
    pair = np.arange(n_pairs)
    rows = np.concatenate([od.dest[keep], np.arange(n_d)])
    columns = np.concatenate([pair, n_pairs + np.arange(n_d)])
    equality = sparse.csr_array(
        (np.ones(n_pairs + n_d), (rows, columns)), shape=(n_d, n_pairs + n_d)
    )
    upper = sparse.csr_array(
        (np.ones(n_pairs), (od.origin[keep], pair)), shape=(n_o, n_pairs + n_d)
    )
    result = linprog(
        cost,
        A_ub=upper,
        b_ub=supply,
        A_eq=equality,
        b_eq=listed,
        bounds=(0, None),
        method="highs-ds",
    )
    if result.status != 0:
        raise PraksisplanError(f"tilmeldingsmodellen kunne ikke løses: {result.message}")
    x = np.asarray(result.x, dtype=np.float64)
    return (
        np.maximum(x[:n_pairs], 0.0),
        np.maximum(x[n_pairs:], 0.0),
        np.asarray(result.eqlin.marginals, dtype=np.float64),
        np.asarray(result.ineqlin.marginals, dtype=np.float64),
    )


def _transport(
    od: ODTable, supply: FloatArray, listed: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Column generation: solve over each cell's nearest pairs, then add every pair whose
    reduced cost (cost − list dual − supply dual) is negative, until none is — the optimum
    of the LP over all pairs, at a fraction of its size."""
    order = np.lexsort((od.cost, od.origin))
    first = np.searchsorted(od.origin[order], np.arange(od.n_origins))
    rank = np.empty(od.n_pairs, dtype=np.intp)
    rank[order] = np.arange(od.n_pairs) - np.repeat(first, np.diff(np.r_[first, od.n_pairs]))
    in_model = rank < _START_PAIRS_PER_CELL
    while True:
        keep = np.flatnonzero(in_model)
        flow, unplaced, list_dual, supply_dual = _solve_columns(od, keep, supply, listed)
        reduced = od.cost - list_dual[od.dest] - supply_dual[od.origin]
        entering = ~in_model & (reduced < -_REDUCED_COST_TOLERANCE * max(od.max_cost, 1.0))
        if not entering.any():
            break
        in_model |= entering
    patients = np.zeros(od.n_pairs)
    patients[keep] = flow
    return patients, unplaced


def _gravity(
    od: ODTable, supply: FloatArray, listed: FloatArray, decay_m: float
) -> tuple[FloatArray, FloatArray]:
    """Furness balancing of persons × list × exp(−cost/decay) to the list totals (every list
    met) while no cell sends more than its persons."""
    seed = np.exp(-od.cost / decay_m) * supply[od.origin]
    a = np.ones(od.n_destinations)
    b = np.ones(od.n_origins)
    flow = seed
    for _ in range(_FURNESS_ITERATIONS):
        column = np.bincount(od.dest, seed * b[od.origin], minlength=od.n_destinations)
        a = np.divide(listed, column, out=np.zeros_like(listed), where=column > 0)
        flow = seed * a[od.dest] * b[od.origin]
        sent = np.bincount(od.origin, flow, minlength=od.n_origins)
        over = sent > supply * (1 + _FURNESS_TOLERANCE)
        if not over.any():
            break
        b[over] *= supply[over] / sent[over]
    placed = np.bincount(od.dest, flow, minlength=od.n_destinations)
    return flow, np.maximum(listed - placed, 0.0)


def assign_patients(
    od: ODTable,
    persons: FloatArray,
    listed: FloatArray,
    *,
    model: Model = "transport",
    decay_m: float = DEFAULT_DECAY_M,
) -> Assignment:
    """Assign ``persons`` per origin (cell) to destinations (practices) over ``od`` so that
    destination ``p`` receives ``listed[p]`` patients (see the module docstring)."""
    if len(persons) != od.n_origins or len(listed) != od.n_destinations:
        raise ValueError("persons/listed do not match the OD table")
    supply = _supplies(np.asarray(persons, np.float64), np.asarray(listed, np.float64))
    listed = np.asarray(listed, dtype=np.float64)
    if od.n_pairs == 0:
        return Assignment(od, np.zeros(0), listed.copy())
    if model == "transport":
        flow, unplaced = _transport(od, supply, listed)
    else:
        flow, unplaced = _gravity(od, supply, listed, decay_m)
    return Assignment(od, flow, unplaced)
