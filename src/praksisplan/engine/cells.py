"""The per-cell analysis: free choice, distances and accessibility of every population cell.

One OD table (cells × practices within reach) is built once and shared by the free-choice
count and the (E)2SFCA kernel; distances to the nearest practice come from k-d tree queries
of the same planar metric, so they are exact also beyond the radius.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.engine.accessibility import Catchment, Method, default_catchment, fca_scores
from praksisplan.engine.freechoice import (
    Openness,
    nearest_open_distance,
    nearest_practice_distance,
    open_choice_counts,
    postcode_numbers,
)
from praksisplan.engine.od import ODTable, planar_od_table
from praksisplan.engine.population import cell_population
from praksisplan.engine.supply import practice_supply

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
    """

    radius_km: float | None = None
    detour_factor: float = 1.0
    methods: Sequence[Method] = ("e2sfca",)
    catchments: dict[Method, Catchment] | None = None
    supply: SupplyMeasure = "capacities"

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


def analyse_cells(
    dataset: Dataset, settings: SpatialSettings | None = None, *, od: ODTable | None = None
) -> pd.DataFrame:
    """One row per cell, indexed by ``cell_id``: the population columns of
    :func:`~praksisplan.engine.population.cell_population` plus ``open_within_radius``,
    ``nearest_open_km``, ``nearest_any_km`` and ``access_<method>`` (supply per
    :data:`SCORE_PER_PERSONS` need-weighted persons) for each requested method.

    ``od`` replaces the planar OD table (e.g. road travel costs in metres, origins in the
    order of ``dataset.cells``, destinations in that of ``dataset.practices``); it must
    reach as far as the radius and the catchments. Nearest distances stay planar."""
    settings = settings or SpatialSettings()
    radius = settings.radius_m(dataset)
    cells = dataset.cells
    practices = dataset.practices
    cells_xy = cells[["x", "y"]].to_numpy(dtype=np.float64)
    practices_xy = practices[["x", "y"]].to_numpy(dtype=np.float64)
    cell_postcode = postcode_numbers(cells["postcode"])
    openness = Openness.of(practices)
    frame = cell_population(dataset)

    catchments = {m: settings.catchment(m, radius) for m in settings.methods}
    reach = max([radius, *(c.max_cost for c in catchments.values())])
    if od is None:
        od = od_table_of(dataset, reach, settings.detour_factor)
    elif od.max_cost < reach:
        raise PraksisplanError(
            f"the OD table reaches {od.max_cost:g} but the analysis needs {reach:g}"
        )
    within_radius = od if reach == radius else od.within(radius)

    frame["open_within_radius"] = open_choice_counts(within_radius, openness, cell_postcode)
    frame["nearest_open_km"] = (
        nearest_open_distance(
            cells_xy,
            cell_postcode,
            practices_xy,
            openness,
            detour_factor=settings.detour_factor,
        )
        / _M_PER_KM
    )
    frame["nearest_any_km"] = (
        nearest_practice_distance(cells_xy, practices_xy, detour_factor=settings.detour_factor)
        / _M_PER_KM
    )
    supply = practice_supply(dataset)
    offered = supply["filled_capacities" if settings.supply == "capacities" else "fte"]
    demand = frame["need_weighted_persons"].to_numpy()
    for method, catchment in catchments.items():
        frame[f"access_{method}"] = SCORE_PER_PERSONS * fca_scores(
            od, demand, offered.to_numpy(dtype=np.float64), catchment
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
