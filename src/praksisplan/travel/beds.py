"""Temporary and acute beds, and care homes: who can attend a site, and how many of its
likely patients' own GPs are beyond the home-visit distance.

A site's likely patients are the citizens of the municipality it lies in (municipal beds
and care homes serve the municipality's citizens); their GPs come from the assignment
model. A citizen whose own GP is beyond 15 km of the site needs another doctor there
(Midtjylland, Hovedstaden's municipal wishes) — unless a fixed GP serves the care home
(Hovedstaden recruits fixed GPs for care homes).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.core.spatial import assign_points
from praksisplan.travel.assignment import Assignment
from praksisplan.travel.home_visits import HOME_VISIT_KM
from praksisplan.travel.network import TravelNetwork

#: The columns every site table ends with.
REACH_COLUMNS = ["practices_within_15_km", "share_gp_beyond_15_km"]


def _site_reach(
    dataset: Dataset,
    network: TravelNetwork,
    assignment: Assignment,
    site_xy: npt.NDArray[np.float64],
    municipality: list[str],
) -> dict[str, list[float] | npt.NDArray[np.int64]]:
    """Per site: practices within 15 km over the network, and the share of the patients
    living in its municipality whose assigned practice is beyond 15 km of the site (NaN
    where the municipality has no assigned patients)."""
    practices_xy = dataset.practices[["x", "y"]].to_numpy(dtype=np.float64)
    reach = network.od_table(site_xy, practices_xy, HOME_VISIT_KM * 1000.0)
    near = np.zeros((len(site_xy), len(practices_xy)), dtype=bool)
    near[reach.origin, reach.dest] = True
    cell_municipality = dataset.cells["municipality_code"].astype(str).to_numpy()
    od = assignment.od
    pair_municipality = cell_municipality[od.origin]
    shares: list[float] = []
    for site, code in enumerate(municipality):
        mine = pair_municipality == code
        total = float(assignment.patients[mine].sum())
        far = float(assignment.patients[mine & ~near[site, od.dest]].sum())
        shares.append(far / total if total > 0 else float("nan"))
    return {REACH_COLUMNS[0]: near.sum(axis=1).astype(np.int64), REACH_COLUMNS[1]: shares}


def bed_site_table(
    dataset: Dataset, network: TravelNetwork, assignment: Assignment
) -> pd.DataFrame:
    """Per bed site: kind, beds, municipality (by point in polygon), practices within 15 km
    (over the network), and the share of its likely patients whose own GP is beyond 15 km."""
    beds = dataset.temporary_beds
    columns = ["bed_id", "kind", "beds", "municipality_code"]
    if len(beds) == 0:
        return pd.DataFrame(columns=[*columns, *REACH_COLUMNS]).set_index("bed_id")
    site_xy = beds[["x", "y"]].to_numpy(dtype=np.float64)
    found = assign_points(site_xy[:, 0], site_xy[:, 1], dataset.municipalities, "code")
    municipality = [str(c) for c in found]
    return pd.DataFrame(
        {
            "bed_id": beds["bed_id"].astype(str).to_numpy(),
            "kind": beds["kind"].astype(str).to_numpy(),
            "beds": beds["beds"].to_numpy(),
            "municipality_code": municipality,
            **_site_reach(dataset, network, assignment, site_xy, municipality),
        }
    ).set_index("bed_id")


def _fixed(homes: pd.DataFrame) -> npt.NDArray[np.bool_]:
    return homes["fixed_gp"].astype(str).str.lower().eq("true").to_numpy()


def care_home_table(
    dataset: Dataset, network: TravelNetwork, assignment: Assignment
) -> pd.DataFrame:
    """Per care home: name, municipality, places, whether a fixed GP serves it and which
    practice, practices within 15 km, and the share of likely patients whose GP is beyond
    15 km (a fixed GP attends them all the same)."""
    homes = dataset.care_homes
    columns = ["care_home_id", "name", "municipality_code", "places", "fixed_gp"]
    if len(homes) == 0:
        return pd.DataFrame(columns=[*columns, "provider_number", *REACH_COLUMNS]).set_index(
            "care_home_id"
        )
    site_xy = homes[["x", "y"]].to_numpy(dtype=np.float64)
    municipality = homes["municipality_code"].astype(str).tolist()
    return pd.DataFrame(
        {
            "care_home_id": homes["care_home_id"].astype(str).to_numpy(),
            "name": homes["name"].astype(str).to_numpy(),
            "municipality_code": municipality,
            "places": homes["places"].to_numpy(),
            "fixed_gp": _fixed(homes),
            "provider_number": homes["provider_number"].to_numpy(),
            **_site_reach(dataset, network, assignment, site_xy, municipality),
        }
    ).set_index("care_home_id")


def care_homes_without_gp(dataset: Dataset) -> pd.DataFrame:
    """Per municipality with care homes: how many there are, how many (and how many places)
    have no fixed GP, and their names."""
    homes = dataset.care_homes
    index = pd.Index([], name="municipality_code")
    columns = [
        "name",
        "care_homes",
        "without_fixed_gp",
        "places_without_fixed_gp",
        "care_homes_without_fixed_gp",
    ]
    if len(homes) == 0:
        return pd.DataFrame(columns=columns, index=index)
    without = ~_fixed(homes)
    code = homes["municipality_code"].astype(str)
    frame = pd.DataFrame(
        {
            "code": code.to_numpy(),
            "home": 1,
            "without": without.astype(np.int64),
            "places": np.where(without, homes["places"].to_numpy(dtype=np.int64), 0),
            "names": np.where(without, homes["name"].astype(str).to_numpy(), ""),
        }
    )
    grouped = frame.groupby("code", sort=True)
    names = dataset.municipalities.set_index(dataset.municipalities["code"].astype(str))["name"]
    result = pd.DataFrame(
        {
            "care_homes": grouped["home"].sum(),
            "without_fixed_gp": grouped["without"].sum(),
            "places_without_fixed_gp": grouped["places"].sum(),
            "care_homes_without_fixed_gp": grouped["names"].agg(
                lambda n: ", ".join(sorted(x for x in n if x))
            ),
        }
    )
    result.insert(0, "name", names.reindex(result.index).astype(str).to_numpy())
    result.index.name = "municipality_code"
    return result
