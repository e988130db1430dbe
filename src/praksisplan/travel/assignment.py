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

import highspy
import numpy as np
import numpy.typing as npt

from praksisplan.core.errors import PraksisplanError
from praksisplan.engine.od import ODTable

# the optimiser's silent HiGHS constructor (keeps the banner off stdout)
from praksisplan.optimise.linear import new_silent_highs

FloatArray = npt.NDArray[np.float64]
Model = Literal["transport", "gravity"]
#: Default distance decay of the gravity variant (metres).
DEFAULT_DECAY_M = 5_000.0
_FURNESS_ITERATIONS = 500
_FURNESS_TOLERANCE = 1e-9
#: Below this weighted demand a practice's balancing factor would overflow.
_MIN_COLUMN = 1e-9
#: Column generation starts from the least-cost start and adds at most this many pairs per
#: cell and round (docs/performance.md: the fewer, the faster).
_ENTERING_PAIRS_PER_CELL = 1
#: Pairs the least-cost start screens at a time: the exhausted cells and lists are masked out
#: vectorised per block, so the Python loop sees only pairs that may still carry flow.
_LEAST_COST_BLOCK = 65_536
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


class _TransportLP:
    """The transportation LP in HiGHS, its columns added as column generation finds them;
    each re-solve starts from the previous basis (dual simplex warm start)."""

    def __init__(self, od: ODTable, supply: FloatArray, listed: FloatArray) -> None:
        self.od = od
        self.highs = new_silent_highs()
        inf = highspy.kHighsInf
        n_d, n_o = od.n_destinations, od.n_origins
        # rows: each practice's list (= listed), then each cell's persons (≤ supply)
        self.highs.addRows(
            n_d + n_o,
            np.concatenate([listed, np.full(n_o, -inf)]),
            np.concatenate([listed, supply]),
            0,
            np.zeros(0, dtype=np.int32),
            np.zeros(0, dtype=np.int32),
            np.zeros(0),
        )
        # one "unplaced" slack per practice at a penalty above any distance, so a list is
        # only left unfilled when it cannot be filled within reach
        penalty = 10.0 * max(od.max_cost, float(od.cost.max(initial=1.0)), 1.0)
        self.highs.addCols(
            n_d,
            np.full(n_d, penalty),
            np.zeros(n_d),
            np.full(n_d, inf),
            n_d,
            np.arange(n_d, dtype=np.int32),
            np.arange(n_d, dtype=np.int32),
            np.ones(n_d),
        )
        self.pairs = np.zeros(0, dtype=np.intp)

    def add(self, pairs: npt.NDArray[np.intp]) -> None:
        n = len(pairs)
        od = self.od
        rows = np.c_[od.dest[pairs], od.n_destinations + od.origin[pairs]]
        self.highs.addCols(
            n,
            od.cost[pairs],
            np.zeros(n),
            np.full(n, highspy.kHighsInf),
            2 * n,
            np.arange(0, 2 * n, 2, dtype=np.int32),
            rows.ravel().astype(np.int32),
            np.ones(2 * n),
        )
        self.pairs = np.concatenate([self.pairs, pairs])

    def solve(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Flows of the added pairs, the slacks, and the row duals."""
        self.highs.run()
        if self.highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            status = self.highs.modelStatusToString(self.highs.getModelStatus())
            raise PraksisplanError(f"tilmeldingsmodellen kunne ikke løses: {status}")
        solution = self.highs.getSolution()
        x = np.asarray(solution.col_value, dtype=np.float64)
        n_d = self.od.n_destinations
        return (
            np.maximum(x[n_d:], 0.0),
            np.maximum(x[:n_d], 0.0),
            np.asarray(solution.row_dual, dtype=np.float64),
        )


def _rank_per_origin(
    origin: npt.NDArray[np.intp], value: FloatArray, n_origins: int
) -> npt.NDArray[np.intp]:
    """Per entry: its rank (0 = least ``value``) among the entries of the same origin."""
    order = np.lexsort((value, origin))
    first = np.searchsorted(origin[order], np.arange(n_origins))
    rank = np.empty(len(origin), dtype=np.intp)
    rank[order] = np.arange(len(origin)) - np.repeat(first, np.diff(np.r_[first, len(origin)]))
    return rank


def least_cost_start(od: ODTable, supply: FloatArray, listed: FloatArray) -> npt.NDArray[np.intp]:
    """The pairs of the transportation problem's *least-cost method*: in order of cost, each
    pair carries as much as its cell still has and its practice still lists. A feasible
    flow (no cell over its persons, no list over its total) whose pairs are a good first
    master for column generation; any start gives the same optimum."""
    order = np.argsort(od.cost, kind="stable")
    left_supply = supply.astype(np.float64)
    left_list = listed.astype(np.float64)
    chosen: list[int] = []
    for begin in range(0, len(order), _LEAST_COST_BLOCK):
        block = order[begin : begin + _LEAST_COST_BLOCK]
        block = block[(left_supply[od.origin[block]] > 0) & (left_list[od.dest[block]] > 0)]
        for pair, cell, practice in zip(
            block.tolist(), od.origin[block].tolist(), od.dest[block].tolist(), strict=True
        ):
            amount = min(left_supply[cell], left_list[practice])
            if amount > 0:
                left_supply[cell] -= amount
                left_list[practice] -= amount
                chosen.append(pair)
    return np.asarray(chosen, dtype=np.intp)


def _transport(
    od: ODTable, supply: FloatArray, listed: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Column generation: solve over the least-cost start, then add for each cell the pair
    of most negative reduced cost (cost − list dual − supply dual), until no pair has one —
    the optimum of the LP over all pairs, at a fraction of its size. Adding one pair per
    cell and round keeps the master small: early duals are poor (lists not yet fillable
    carry the unplaced penalty), and most pairs they price in are never used; the
    least-cost start makes them less poor than each cell's nearest pair did
    (docs/performance.md: a third less CPU time on Denmark)."""
    in_model = np.zeros(od.n_pairs, dtype=bool)
    in_model[least_cost_start(od, supply, listed)] = True
    lp = _TransportLP(od, supply, listed)
    entering = np.flatnonzero(in_model)
    tolerance = _REDUCED_COST_TOLERANCE * max(od.max_cost, 1.0)
    while True:
        lp.add(entering)
        flow, unplaced, dual = lp.solve()
        reduced = od.cost - dual[od.dest] - dual[od.n_destinations + od.origin]
        candidates = np.flatnonzero(~in_model & (reduced < -tolerance))
        if len(candidates) == 0:
            break
        best = _rank_per_origin(od.origin[candidates], reduced[candidates], od.n_origins)
        entering = candidates[best < _ENTERING_PAIRS_PER_CELL]
        in_model[entering] = True
    patients = np.zeros(od.n_pairs)
    patients[lp.pairs] = flow
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
        # a practice whose reachable cells are all used up gets no flow (its list is unplaced)
        a = np.divide(listed, column, out=np.zeros_like(listed), where=column > _MIN_COLUMN)
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
