"""A mixed-integer linear model as arrays, and its solution by HiGHS.

Every optimisation model of this package is built column block by column block and row
block by row block into a :class:`LinearModel` (always a *maximisation*), then solved once by
:func:`solve_model`, which passes the whole matrix to HiGHS in one call (no per-variable
Python objects) and reports the proof status honestly: ``optimal`` when HiGHS proved it,
``time_limit`` with the incumbent, its proven bound and the true relative gap otherwise.
An ``interrupt`` callable, asked by HiGHS' interrupt callbacks during the solve, stops it
mid-way: the solve raises :class:`SolveCancelledError`.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import highspy
import numpy as np
import numpy.typing as npt
from scipy import sparse

from praksisplan.core.errors import PraksisplanError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
Status = Literal["optimal", "time_limit", "infeasible"]
#: Relative gap HiGHS must prove before it calls a MIP optimal (HiGHS' default is 1e-4).
MIP_REL_GAP = 1e-9
INF = float("inf")
#: Asked during a solve; returns True when the solve should stop (the user cancelled).
Interrupt = Callable[[], bool]


class SolveCancelledError(PraksisplanError):
    """The solve was stopped by its ``interrupt`` before it ended."""

    def __init__(self) -> None:
        super().__init__("Beregningen blev annulleret")


@dataclass
class LinearModel:
    """Columns (cost, bounds, integrality) and rows (sparse coefficients, bounds) of a
    maximisation problem ``max cost·x + offset``."""

    cost: list[FloatArray] = field(default_factory=list)
    lower: list[FloatArray] = field(default_factory=list)
    upper: list[FloatArray] = field(default_factory=list)
    integer: list[npt.NDArray[np.bool_]] = field(default_factory=list)
    row_cols: list[IntArray] = field(default_factory=list)
    row_ids: list[IntArray] = field(default_factory=list)
    row_vals: list[FloatArray] = field(default_factory=list)
    row_lower: list[FloatArray] = field(default_factory=list)
    row_upper: list[FloatArray] = field(default_factory=list)
    offset: float = 0.0
    n_cols: int = 0
    n_rows: int = 0

    def add_columns(
        self,
        n: int,
        *,
        lower: float | FloatArray = 0.0,
        upper: float | FloatArray = 1.0,
        integer: bool = False,
        cost: float | FloatArray = 0.0,
    ) -> IntArray:
        """Add ``n`` columns; returns their indices."""
        self.cost.append(np.broadcast_to(np.asarray(cost, dtype=np.float64), (n,)).copy())
        self.lower.append(np.broadcast_to(np.asarray(lower, dtype=np.float64), (n,)).copy())
        self.upper.append(np.broadcast_to(np.asarray(upper, dtype=np.float64), (n,)).copy())
        self.integer.append(np.full(n, integer))
        index = np.arange(self.n_cols, self.n_cols + n, dtype=np.intp)
        self.n_cols += n
        return index

    def add_rows(
        self,
        row: IntArray,
        col: IntArray,
        value: FloatArray,
        n: int,
        *,
        lower: float | FloatArray = -INF,
        upper: float | FloatArray = INF,
    ) -> IntArray:
        """Add ``n`` rows ``lower ≤ Σ value·x[col] ≤ upper`` given as triplets whose ``row``
        numbers the new rows 0…n−1; returns the rows' indices."""
        self.row_ids.append(np.asarray(row, dtype=np.intp) + self.n_rows)
        self.row_cols.append(np.asarray(col, dtype=np.intp))
        self.row_vals.append(np.asarray(value, dtype=np.float64))
        self.row_lower.append(np.broadcast_to(np.asarray(lower, dtype=np.float64), (n,)).copy())
        self.row_upper.append(np.broadcast_to(np.asarray(upper, dtype=np.float64), (n,)).copy())
        index = np.arange(self.n_rows, self.n_rows + n, dtype=np.intp)
        self.n_rows += n
        return index

    def add_row(
        self, col: IntArray, value: FloatArray, *, lower: float = -INF, upper: float = INF
    ) -> int:
        """Add one row ``lower ≤ Σ value·x[col] ≤ upper``."""
        return int(
            self.add_rows(
                np.zeros(len(col), dtype=np.intp), col, value, 1, lower=lower, upper=upper
            )[0]
        )

    def columns_cost(self) -> FloatArray:
        return np.concatenate(self.cost) if self.cost else np.zeros(0)

    def set_cost(self, cost: FloatArray, offset: float = 0.0) -> None:
        """Replace the objective (one value per column)."""
        self.cost = [np.asarray(cost, dtype=np.float64).copy()]
        sizes = [len(c) for c in self.lower]
        if sum(sizes) != len(cost):
            raise ValueError("one cost per column")
        self.offset = offset

    def matrix(self) -> sparse.csc_array:
        if not self.row_ids:
            return sparse.csc_array((self.n_rows, self.n_cols))
        return sparse.csc_array(
            (
                np.concatenate(self.row_vals),
                (np.concatenate(self.row_ids), np.concatenate(self.row_cols)),
            ),
            shape=(self.n_rows, self.n_cols),
        )


@dataclass(frozen=True)
class LinearResult:
    """The outcome of one solve: values of every column (None if none was found)."""

    status: Status
    values: FloatArray | None
    objective: float
    bound: float
    seconds: float

    @property
    def gap(self) -> float:
        """True relative gap ``(bound − objective) / |objective|`` (0 when proved optimal)."""
        if self.status == "optimal":
            return 0.0
        return relative_gap(self.objective, self.bound)


def relative_gap(objective: float, bound: float) -> float:
    """Relative distance of a maximisation's incumbent from its proven upper bound."""
    if not np.isfinite(bound):
        return INF
    return max(0.0, bound - objective) / max(abs(objective), 1e-9)


_banner_shown = False


def new_silent_highs() -> highspy.Highs:
    """A silent HiGHS instance. HiGHS prints its banner to the process's standard output
    when the first instance is made (before ``silent()`` can act), which would corrupt
    JSON written to stdout; that first construction runs with file descriptor 1 pointed at
    /dev/null."""
    global _banner_shown
    if _banner_shown:
        highs = highspy.Highs()  # type: ignore[no-untyped-call]
    else:
        sys.stdout.flush()
        saved = os.dup(1)
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 1)
            highs = highspy.Highs()  # type: ignore[no-untyped-call]
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(null)
        _banner_shown = True
    highs.silent()
    # single-threaded everywhere: HiGHS's thread scheduler is process-wide, and an instance
    # asking for another thread count than the first one used refuses to run
    highs.setOptionValue("threads", 1)
    return highs


def solve_model(
    model: LinearModel,
    *,
    time_limit: float | None = None,
    start: tuple[IntArray, FloatArray] | None = None,
    relax: bool = False,
    interrupt: Interrupt | None = None,
    rel_gap: float = MIP_REL_GAP,
    restart: bool = True,
    fix: tuple[IntArray, FloatArray] | None = None,
) -> LinearResult:
    """Solve the model (maximise) with HiGHS; ``start`` gives values of some columns as a
    warm start (HiGHS completes them); ``relax`` drops integrality (the LP relaxation);
    ``interrupt`` returning True stops the solve (raises :class:`SolveCancelledError`);
    ``rel_gap`` is the relative gap HiGHS must prove to call the MIP optimal; ``restart``
    lets HiGHS restart its search on a reduced model (on by default); ``fix`` holds some
    columns at given values (both bounds) for this solve only."""
    if interrupt is not None and interrupt():
        raise SolveCancelledError()
    begin = time.perf_counter()
    lp = highspy.HighsLp()
    lp.num_col_ = model.n_cols
    lp.num_row_ = model.n_rows
    lp.col_cost_ = model.columns_cost()
    lp.col_lower_ = np.concatenate(model.lower) if model.lower else np.zeros(0)
    lp.col_upper_ = np.concatenate(model.upper) if model.upper else np.zeros(0)
    if fix is not None:
        lower, upper = np.array(lp.col_lower_), np.array(lp.col_upper_)
        lower[fix[0]] = upper[fix[0]] = fix[1]
        lp.col_lower_, lp.col_upper_ = lower, upper
    lp.row_lower_ = np.concatenate(model.row_lower) if model.row_lower else np.zeros(0)
    lp.row_upper_ = np.concatenate(model.row_upper) if model.row_upper else np.zeros(0)
    lp.offset_ = model.offset
    lp.sense_ = highspy.ObjSense.kMaximize
    matrix = model.matrix()
    matrix.sort_indices()
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr.astype(np.int32)
    lp.a_matrix_.index_ = matrix.indices.astype(np.int32)
    lp.a_matrix_.value_ = matrix.data.astype(np.float64)
    integer = np.concatenate(model.integer) if model.integer else np.zeros(0, dtype=bool)
    if integer.any() and not relax:
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if flag else highspy.HighsVarType.kContinuous
            for flag in integer
        ]
    highs = new_silent_highs()
    highs.setOptionValue("mip_rel_gap", rel_gap)
    highs.setOptionValue("mip_allow_restart", restart)
    if time_limit is not None:
        highs.setOptionValue("time_limit", max(float(time_limit), 1e-3))
    highs.passModel(lp)
    if start is not None and integer.any() and not relax:
        index, value = start
        highs.setSolution(len(index), np.asarray(index, dtype=np.int32), value)
    if interrupt is not None:
        _listen(highs, interrupt)
    if highs.run() == highspy.HighsStatus.kError:
        raise RuntimeError("HiGHS refused to solve the model (see its log with output_flag)")
    status = highs.getModelStatus()
    if status == highspy.HighsModelStatus.kInterrupt:
        raise SolveCancelledError()
    info = highs.getInfo()
    seconds = time.perf_counter() - begin
    if status == highspy.HighsModelStatus.kInfeasible:
        return LinearResult("infeasible", None, -INF, -INF, seconds)
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    values = np.asarray(highs.getSolution().col_value, dtype=np.float64) if has_solution else None
    objective = float(info.objective_function_value) if has_solution else -INF
    mip = integer.any() and not relax
    bound = float(info.mip_dual_bound) if mip else objective
    if status == highspy.HighsModelStatus.kOptimal:
        return LinearResult("optimal", values, objective, max(bound, objective), seconds)
    return LinearResult("time_limit", values, objective, bound, seconds)


def _listen(highs: highspy.Highs, interrupt: Interrupt) -> None:
    """Let HiGHS ask ``interrupt`` in its simplex, interior-point and branch-and-bound loops."""

    def stop(event: highspy.HighsCallbackEvent) -> None:
        if interrupt():
            event.interrupt()

    for callback in (highs.cbSimplexInterrupt, highs.cbIpmInterrupt, highs.cbMipInterrupt):
        callback.subscribe(stop)
