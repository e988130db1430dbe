"""Temporary and acute beds: who can attend a bed site, and how many of its likely patients'
own GPs are beyond the home-visit distance.

A site's likely patients are the citizens of the municipality it lies in (municipal beds
serve the municipality's citizens); their GPs come from the assignment model. A citizen
whose own GP is beyond 15 km of the site needs another doctor there (Midtjylland,
Hovedstaden's municipal wishes).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.core.spatial import assign_points
from praksisplan.travel.assignment import Assignment
from praksisplan.travel.home_visits import HOME_VISIT_KM
from praksisplan.travel.network import TravelNetwork


def bed_site_table(
    dataset: Dataset, network: TravelNetwork, assignment: Assignment
) -> pd.DataFrame:
    """Per bed site: municipality, beds, practices within 15 km (over the network), and the
    share of its likely patients whose own GP is beyond 15 km of the site."""
    beds = dataset.temporary_beds
    columns = ["bed_id", "kind", "beds", "municipality_code"]
    if len(beds) == 0:
        empty = pd.DataFrame(columns=[*columns, "practices_within_15_km", "share_gp_beyond_15_km"])
        return empty.set_index("bed_id")
    site_xy = beds[["x", "y"]].to_numpy(dtype=np.float64)
    municipality = assign_points(site_xy[:, 0], site_xy[:, 1], dataset.municipalities, "code")
    practices_xy = dataset.practices[["x", "y"]].to_numpy(dtype=np.float64)
    reach = network.od_table(site_xy, practices_xy, HOME_VISIT_KM * 1000.0)
    near = np.zeros((len(beds), len(practices_xy)), dtype=bool)
    near[reach.origin, reach.dest] = True
    cell_municipality = dataset.cells["municipality_code"].astype(str).to_numpy()
    od = assignment.od
    shares = []
    for site, code in enumerate(municipality):
        mine = cell_municipality[od.origin] == str(code)
        total = float(assignment.patients[mine].sum())
        far = float(assignment.patients[mine & ~near[site, od.dest]].sum())
        shares.append(far / total if total > 0 else float("nan"))
    return pd.DataFrame(
        {
            "bed_id": beds["bed_id"].astype(str).to_numpy(),
            "kind": beds["kind"].astype(str).to_numpy(),
            "beds": beds["beds"].to_numpy(),
            "municipality_code": [str(c) for c in municipality],
            "practices_within_15_km": near.sum(axis=1),
            "share_gp_beyond_15_km": shares,
        }
    ).set_index("bed_id")
