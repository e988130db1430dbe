"""Legal free choice: which practices are open to a citizen, how many lie within reach,
and how far the nearest one is.

A practice is *open to a cell* when its status is ``open``, or when it is ``selective`` and
the cell's postcode is among its ``open_postcodes``. A ``closed`` practice is open to no one.
Counts of open practices within the radius are read from an :class:`~praksisplan.engine.od.ODTable`;
so is the nearest practice where the table holds one (:func:`nearest_in_table`); beyond its
reach, k-nearest neighbour queries of the same planar metric (straight line × detour factor)
find it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.spatial import cKDTree

from praksisplan.core.schema import PracticeStatus
from praksisplan.engine.od import ODTable

#: Postcodes are four digits; a (practice, postcode) pair is encoded as practice × this + postcode.
_POSTCODE_SPAN = 10_000
#: Queries with at least this many points use all cores.
_PARALLEL_QUERY_SIZE = 20_000


def postcode_numbers(postcodes: pd.Series) -> npt.NDArray[np.int64]:
    """Four-digit postcode strings as integers (``"0800"`` → 800)."""
    return np.asarray(postcodes.astype(str).astype(np.int64), dtype=np.int64)


@dataclass(frozen=True)
class Openness:
    """To whom each practice (by row number) is open."""

    fully_open: npt.NDArray[np.bool_]
    selective: npt.NDArray[np.bool_]
    #: sorted codes ``practice × 10000 + postcode`` of selective practices' open postcodes
    selective_keys: npt.NDArray[np.int64]

    @classmethod
    def of(cls, practices: pd.DataFrame) -> Openness:
        status = practices["status"].astype(str).to_numpy()
        selective = status == PracticeStatus.SELECTIVE.value
        selective_rows = np.flatnonzero(selective)
        lists = practices["open_postcodes"].iloc[selective_rows].fillna("").astype(str)
        exploded = lists.str.split().explode().dropna()
        exploded = exploded[exploded != ""]
        rows = selective_rows[np.asarray(lists.index.get_indexer(exploded.index))]
        keys = rows.astype(np.int64) * _POSTCODE_SPAN + exploded.astype(np.int64).to_numpy()
        return cls(status == PracticeStatus.OPEN.value, selective, np.unique(keys))

    def is_open(
        self, practice: npt.NDArray[np.intp], postcode: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.bool_]:
        """Whether practice ``practice[k]`` is open to a citizen in ``postcode[k]``."""
        result = self.fully_open[practice]
        check = np.flatnonzero(self.selective[practice])
        if len(check) and len(self.selective_keys):
            keys = practice[check].astype(np.int64) * _POSTCODE_SPAN + postcode[check]
            pos = np.minimum(
                np.searchsorted(self.selective_keys, keys), len(self.selective_keys) - 1
            )
            result[check] = self.selective_keys[pos] == keys
        return result


def open_pairs(
    od: ODTable, openness: Openness, cell_postcode: npt.NDArray[np.int64]
) -> npt.NDArray[np.bool_]:
    """Per OD pair: is the practice open to the cell?"""
    return openness.is_open(od.dest, cell_postcode[od.origin])


def open_choice_counts(
    od: ODTable,
    openness: Openness,
    cell_postcode: npt.NDArray[np.int64],
    *,
    radius: float | None = None,
    is_open: npt.NDArray[np.bool_] | None = None,
) -> npt.NDArray[np.int64]:
    """Per cell: the number of practices open to it with cost ≤ ``radius`` (None = the OD
    table's reach). ``is_open`` gives :func:`open_pairs` when already computed."""
    mask = open_pairs(od, openness, cell_postcode) if is_open is None else is_open
    if radius is not None and radius < od.max_cost:
        mask = mask & (od.cost <= radius)
    return np.bincount(od.origin[mask], minlength=od.n_origins).astype(np.int64)


def nearest_in_table(
    od: ODTable, pairs: npt.NDArray[np.bool_] | None = None
) -> npt.NDArray[np.float64]:
    """Per cell: the least cost of its OD pairs (of those where ``pairs`` is true; None =
    all); inf for a cell without any. Exact wherever finite: a table holds every pair
    within its reach."""
    best = np.full(od.n_origins, np.inf)
    if pairs is None:
        np.minimum.at(best, od.origin, od.cost)
    else:
        np.minimum.at(best, od.origin[pairs], od.cost[pairs])
    return best


#: ``nearest(practices, cells)``: per cell (row numbers of the cells) the cost to the nearest
#: of ``practices`` (row numbers of the practices); inf if there is none. The planar k-d tree
#: query is :func:`planar_nearest`; a travel network supplies its own.
NearestCost = Callable[[npt.NDArray[np.intp], npt.NDArray[np.intp]], npt.NDArray[np.float64]]


def planar_nearest(
    cells_xy: npt.NDArray[np.float64],
    practices_xy: npt.NDArray[np.float64],
    *,
    detour_factor: float = 1.0,
) -> NearestCost:
    """Nearest costs as the crow flies × ``detour_factor`` (a k-d tree per query)."""

    def nearest(
        practices: npt.NDArray[np.intp], cells: npt.NDArray[np.intp]
    ) -> npt.NDArray[np.float64]:
        if len(practices) == 0:
            return np.full(len(cells), np.inf)
        if len(cells) == 0:
            return np.zeros(0)
        # threads only pay off for large queries; small per-postcode lookups run in this thread
        workers = -1 if len(cells) >= _PARALLEL_QUERY_SIZE else 1
        distance, _ = cKDTree(practices_xy[practices]).query(cells_xy[cells], k=1, workers=workers)
        return np.asarray(distance, dtype=np.float64) * detour_factor

    return nearest


def nearest_open_distance(
    cells: npt.NDArray[np.intp],
    cell_postcode: npt.NDArray[np.int64],
    openness: Openness,
    nearest: NearestCost,
) -> npt.NDArray[np.float64]:
    """Per cell of ``cells`` (row numbers; ``cell_postcode`` covers all cells): the cost to
    the nearest practice open to it (inf if none is open to it).

    The nearest fully open practice comes from one query; for each postcode some selective
    practice is open to, the nearest such practice is looked up for the cells of that
    postcode (a loop over postcodes, not cells).
    """
    best = nearest(np.flatnonzero(openness.fully_open), cells)
    if len(openness.selective_keys):
        key_postcode = openness.selective_keys % _POSTCODE_SPAN
        key_practice = openness.selective_keys // _POSTCODE_SPAN
        postcodes = cell_postcode[cells]
        order = np.argsort(postcodes, kind="stable")
        sorted_postcodes = postcodes[order]
        for postcode in np.unique(key_postcode):
            lo, hi = np.searchsorted(sorted_postcodes, [postcode, postcode + 1])
            if lo == hi:
                continue
            mine = order[lo:hi]
            practices = key_practice[key_postcode == postcode].astype(np.intp)
            best[mine] = np.minimum(best[mine], nearest(practices, cells[mine]))
    return best
