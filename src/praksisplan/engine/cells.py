"""The per-cell analysis: free choice, distances and accessibility of every population cell.

One OD table (cells × practices within reach) is built once and shared by the free-choice
count, the nearest distances and the (E)2SFCA kernel; a cell with no practice within reach
gets its nearest distance from k-d tree queries of the same planar metric, so distances are
exact also beyond the radius.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.engine.accessibility import Catchment, FcaKernel, Method, default_catchment
from praksisplan.engine.freechoice import (
    NearestCost,
    Openness,
    nearest_in_table,
    nearest_open_distance,
    open_choice_counts,
    open_pairs,
    planar_nearest,
    postcode_numbers,
)
from praksisplan.engine.od import ODTable, planar_od_table
from praksisplan.engine.population import cell_population
from praksisplan.engine.supply import practice_supply
from praksisplan.travel.network import TravelNetwork

SupplyMeasure = Literal["capacities", "fte"]
#: Accessibility scores are reported per this many need-weighted persons.
SCORE_PER_PERSONS = 1000.0
_M_PER_KM = 1000.0


@dataclass(frozen=True)
class SpatialSettings:
    """How distances and accessibility are computed.

    ``radius_km`` (None = the dataset's free-choice radius) bounds free choice; the
    accessibility ``catchments`` (None = the default of each method over the radius) may
    differ. ``detour_factor`` scales straight-line distances (1.0 = as the crow flies).
    ``supply`` is what a practice offers: filled capacities or the FTE of its GPs.
    ``network`` (None = straight lines) is a land-and-links travel model
    (:class:`~praksisplan.travel.network.TravelNetwork`): the OD table and every nearest
    distance then follow it, and ``detour_factor`` is the network's.
    """

    radius_km: float | None = None
    detour_factor: float = 1.0
    methods: Sequence[Method] = ("e2sfca",)
    catchments: dict[Method, Catchment] | None = None
    supply: SupplyMeasure = "capacities"
    network: TravelNetwork | None = None

    def radius_m(self, dataset: Dataset) -> float:
        radius = (
            self.radius_km
            if self.radius_km is not None
            else dataset.manifest.rules.free_choice_radius_km
        )
        return radius * _M_PER_KM

    def catchment(self, method: Method, radius_m: float) -> Catchment:
        chosen = (self.catchments or {}).get(method)
        return chosen if chosen is not None else default_catchment(method, radius_m)


@dataclass(frozen=True)
class _Reach:
    """The spatial part of the per-cell analysis (everything but demand and supply)."""

    open_within_radius: npt.NDArray[np.int64]
    nearest_open: npt.NDArray[np.float64]
    nearest_any: npt.NDArray[np.float64]
    kernels: dict[Method, FcaKernel]


def _reach(
    dataset: Dataset,
    *,
    radius: float,
    reach: float,
    detour_factor: float,
    catchments: dict[Method, Catchment],
    od: ODTable | None,
    network: TravelNetwork | None = None,
) -> _Reach:
    """OD table, free choice, nearest distances and the (E)2SFCA pair weights.

    Nearest distances come from the planar OD table where it holds a practice (it holds
    every pair within reach, with the k-d tree's distances); only cells with none within
    reach need k-d tree queries. An external table's nearest costs are taken from it the
    same way; a cell it holds no practice for falls back to the planar k-d tree query."""
    cells_xy = dataset.cells[["x", "y"]].to_numpy(dtype=np.float64)
    practices_xy = dataset.practices[["x", "y"]].to_numpy(dtype=np.float64)
    nearest: NearestCost
    if network is not None:
        # one set of link-end costs serves the OD table and every nearest query
        costs = network.costs(cells_xy, practices_xy)
        nearest = costs.nearest
        if od is None:
            od = costs.od_table(reach)
    else:
        nearest = planar_nearest(cells_xy, practices_xy, detour_factor=detour_factor)
    if od is None:
        od = od_table_of(dataset, reach, detour_factor)
    cell_postcode = postcode_numbers(dataset.cells["postcode"])
    openness = Openness.of(dataset.practices)
    is_open = open_pairs(od, openness, cell_postcode)
    counts = open_choice_counts(od, openness, cell_postcode, radius=radius, is_open=is_open)
    nearest_any = nearest_in_table(od)
    nearest_open = nearest_in_table(od, is_open)
    far = np.flatnonzero(np.isinf(nearest_any))
    nearest_any[far] = nearest(np.arange(len(practices_xy)), far)
    far = np.flatnonzero(np.isinf(nearest_open))
    nearest_open[far] = nearest_open_distance(far, cell_postcode, openness, nearest)
    kernels = {method: FcaKernel.of(od, c) for method, c in catchments.items()}
    return _Reach(counts, nearest_open, nearest_any, kernels)


def analyse_cells(
    dataset: Dataset,
    settings: SpatialSettings | None = None,
    *,
    od: ODTable | None = None,
    population: pd.DataFrame | None = None,
    supply: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per cell, indexed by ``cell_id``: the population columns of
    :func:`~praksisplan.engine.population.cell_population` plus ``open_within_radius``,
    ``nearest_open_km``, ``nearest_any_km`` and ``access_<method>`` (supply per
    :data:`SCORE_PER_PERSONS` need-weighted persons) for each requested method.

    ``od`` replaces the planar OD table (e.g. road travel costs in metres, origins in the
    order of ``dataset.cells``, destinations in that of ``dataset.practices``); it must
    reach as far as the radius and the catchments. Nearest distances come from it where it
    holds a practice for the cell, else from the planar metric.

    The spatial part (k-d trees, OD pairs; C code and numpy that release the GIL) runs in a
    worker thread while this thread sums the population table (Python string objects, which
    hold the GIL), so the two overlap on a multi-core machine; given both ``population``
    and ``supply`` it runs in this thread (nothing to overlap). ``population`` is the
    dataset's :func:`~praksisplan.engine.population.cell_population` when already known
    (e.g. a scenario that did not change the population); it is not modified. ``supply``
    likewise is the dataset's :func:`~praksisplan.engine.supply.practice_supply`, when
    already known."""
    settings = settings or SpatialSettings()
    radius = settings.radius_m(dataset)
    catchments = {m: settings.catchment(m, radius) for m in settings.methods}
    reach = max([radius, *(c.max_cost for c in catchments.values())])
    if od is not None and od.max_cost < reach:
        raise PraksisplanError(
            f"OD-tabellen rækker til {od.max_cost:g}, men analysen kræver {reach:g}"
        )
    spatial = partial(
        _reach,
        dataset,
        radius=radius,
        reach=reach,
        detour_factor=settings.detour_factor,
        catchments=catchments,
        od=od,
        network=settings.network,
    )
    if population is not None and supply is not None:
        # nothing to overlap with: a worker thread would only add its hand-over
        reached = spatial()
        frame = population.copy()
    else:
        with ThreadPoolExecutor(max_workers=1) as pool:
            running = pool.submit(spatial)
            frame = cell_population(dataset) if population is None else population.copy()
            if supply is None:
                supply = practice_supply(dataset)
            reached = running.result()
    frame["open_within_radius"] = reached.open_within_radius
    frame["nearest_open_km"] = reached.nearest_open / _M_PER_KM
    frame["nearest_any_km"] = reached.nearest_any / _M_PER_KM
    offered = supply["filled_capacities" if settings.supply == "capacities" else "fte"]
    demand = frame["need_weighted_persons"].to_numpy()
    for method, kernel in reached.kernels.items():
        frame[f"access_{method}"] = SCORE_PER_PERSONS * kernel.scores(
            demand, offered.to_numpy(dtype=np.float64)
        )
    return frame


def od_table_of(dataset: Dataset, max_cost_m: float, detour_factor: float = 1.0) -> ODTable:
    """The planar OD table of a dataset's cells (origins) and practices (destinations)."""
    return planar_od_table(
        dataset.cells[["x", "y"]].to_numpy(dtype=np.float64),
        dataset.practices[["x", "y"]].to_numpy(dtype=np.float64),
        max_cost_m,
        detour_factor=detour_factor,
    )
