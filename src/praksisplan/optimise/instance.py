"""The allocation problem of a dataset as arrays: sites, citizens, reach, areas.

Distances come from :func:`praksisplan.engine.cells.od_table_of` (the one place distances
come from), or over a travel network (:func:`praksisplan.engine.travel_od.travel_od_table`),
on the dataset with the new candidate sites appended as practices. Need and
supply per coverage area come from the engine's indicators.

A *model site* is a candidate site, or the selective part of a selectively closed practice:
such a practice is split into the part open today to its postcodes (fixed open) and the
part that reaches everyone else, which opens only when the practice falls below its norm;
so a citizen never counts one practice twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import sparse

from praksisplan.core.dataset import Dataset
from praksisplan.engine.cells import od_table_of
from praksisplan.engine.freechoice import Openness, open_pairs, postcode_numbers
from praksisplan.engine.indicators import basic_indicators
from praksisplan.engine.population import cell_population
from praksisplan.engine.supply import practice_supply
from praksisplan.engine.travel_od import travel_od_table
from praksisplan.optimise.linear import FloatArray, IntArray
from praksisplan.travel.network import TravelNetwork

_M_PER_KM = 1000.0


@dataclass(frozen=True)
class AllocationInstance:
    """Everything the allocation model reads.

    Sites are the rows of ``sites`` (candidate table); model sites are those plus one
    selective part per selective practice (``model_site_of`` maps model site → site row)."""

    sites: pd.DataFrame
    coverage: sparse.csr_array  # cells × model sites within the radius (structure)
    cost: sparse.csr_array  # cells × model sites within reach, metres (explicit zeros kept)
    fixed_open: npt.NDArray[np.bool_]  # per model site
    model_site_of: IntArray
    persons: FloatArray
    need: FloatArray
    areas: pd.Index
    area_names: pd.Series
    area_municipality: pd.Series
    area_need: FloatArray
    area_supply: FloatArray
    site_area: IntArray  # per site: row in ``areas``
    site_norm: FloatArray
    radius_m: float
    reach_m: float

    @property
    def n_sites(self) -> int:
        return len(self.sites)

    def model_open(self, added: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
        """Per model site: open with ``added`` capacities per site?"""
        site_open = self.sites["is_open"].to_numpy(dtype=bool) | (
            (added >= self.sites["open_at"].to_numpy()) & (added > 0)
        )
        result = self.fixed_open.copy()
        result |= site_open[self.model_site_of] & (np.arange(len(result)) < self.n_sites)
        return result


def build_instance(
    dataset: Dataset,
    sites: pd.DataFrame,
    *,
    radius_km: float | None = None,
    reach_km: float = 30.0,
    detour_factor: float = 1.0,
    network: TravelNetwork | None = None,
) -> AllocationInstance:
    """Arrays of the allocation problem for ``sites`` (from :func:`candidate_sites`).

    ``network`` (None = straight lines × ``detour_factor``) makes every distance a travel
    cost over land masses and links, the candidate sites' included."""
    radius = (
        radius_km if radius_km is not None else dataset.manifest.rules.free_choice_radius_km
    ) * _M_PER_KM
    reach = max(reach_km * _M_PER_KM, radius)
    new = sites[sites["practice_row"] < 0]
    appended = pd.DataFrame(
        {
            "x": new["x"].to_numpy(),
            "y": new["y"].to_numpy(),
            "status": "closed",
            "open_postcodes": None,
        }
    )
    practices = pd.concat([dataset.practices, appended], ignore_index=True)
    with_sites = dataset.with_tables(practices=practices)
    od = (
        od_table_of(with_sites, reach, detour_factor)
        if network is None
        else travel_od_table(with_sites, network, reach)
    )
    openness = Openness.of(practices)
    is_open_pair = open_pairs(od, openness, postcode_numbers(dataset.cells["postcode"]))
    n_sites = len(sites)
    selective_rows = np.flatnonzero(openness.selective)
    part_of = np.full(len(practices), -1, dtype=np.intp)
    part_of[selective_rows] = n_sites + np.arange(len(selective_rows))
    dest = od.dest.copy()
    in_part = openness.selective[od.dest] & is_open_pair
    dest[in_part] = part_of[od.dest[in_part]]
    n_model = n_sites + len(selective_rows)
    shape = (od.n_origins, n_model)
    within = od.cost <= radius
    coverage = sparse.csr_array(
        (np.ones(int(within.sum())), (od.origin[within], dest[within])), shape=shape
    )
    cost = sparse.csr_array((od.cost, (od.origin, dest)), shape=shape)
    cost.sort_indices()
    fixed_open = np.zeros(n_model, dtype=bool)
    fixed_open[:n_sites] = sites["is_open"].to_numpy(dtype=bool)
    fixed_open[n_sites:] = True
    model_site_of = np.concatenate([np.arange(n_sites), selective_rows]).astype(np.intp)
    population = cell_population(dataset)
    indicators = basic_indicators(dataset, "area")
    areas = pd.Index(indicators.index.astype(str))
    supply = practice_supply(dataset)
    norm = np.full(n_sites, float(dataset.manifest.rules.norm))
    existing = sites["practice_row"].to_numpy() >= 0
    norm[existing] = supply["norm"].to_numpy()[sites["practice_row"].to_numpy()[existing]]
    return AllocationInstance(
        sites=sites,
        coverage=coverage,
        cost=cost,
        fixed_open=fixed_open,
        model_site_of=model_site_of,
        persons=population["persons"].to_numpy(dtype=np.float64),
        need=population["need_weighted_persons"].to_numpy(dtype=np.float64),
        areas=areas,
        area_names=indicators["name"].astype(str),
        area_municipality=indicators["municipality_code"].astype(str),
        area_need=indicators["need_weighted_persons"].to_numpy(dtype=np.float64),
        area_supply=indicators["supply_patients"].to_numpy(dtype=np.float64),
        site_area=np.asarray(areas.get_indexer(sites["area_id"].astype(str)), dtype=np.intp),
        site_norm=norm,
        radius_m=radius,
        reach_m=reach,
    )
