"""The engine's OD tables from a travel model: land and ferries, or an external matrix.

Every kernel (free choice, nearest practice, 2SFCA/E2SFCA, the optimiser's coverage) reads an
:class:`~praksisplan.engine.od.ODTable`; these builders make one from a
:class:`~praksisplan.travel.network.TravelNetwork` or from a cell → practice table produced
elsewhere (OSRM, Valhalla, pgRouting), for ``compute_indicators(..., od=...)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.engine.od import ODTable
from praksisplan.travel.links import METRES_PER_MINUTE
from praksisplan.travel.network import TravelNetwork

#: Default reach of an explicit travel table. ``compute_indicators`` needs none: given
#: ``SpatialSettings(network=...)`` it builds the table at its own reach and asks the network
#: for nearest costs beyond it.
NEAREST_REACH_M = 60_000.0
#: The columns of an external matrix: cell, practice and one of the cost columns.
MATRIX_ORIGIN, MATRIX_DEST = "cell_id", "provider_number"
MATRIX_COST_COLUMNS = {"distance_m": 1.0, "minutes": METRES_PER_MINUTE}


def travel_od_table(
    dataset: Dataset, network: TravelNetwork, max_cost_m: float = NEAREST_REACH_M
) -> ODTable:
    """Cells (origins, in ``dataset.cells`` order) → practices over the travel network."""
    return network.od_table(
        dataset.cells[["x", "y"]].to_numpy(dtype=np.float64),
        dataset.practices[["x", "y"]].to_numpy(dtype=np.float64),
        max_cost_m,
    )


def matrix_od_table(
    dataset: Dataset, frame: pd.DataFrame, max_cost_m: float, file: str = "matrix"
) -> ODTable:
    """An external cell → practice matrix as the engine's OD table (metres, or minutes at
    the link model's road speed); the same as :meth:`ODTable.from_frame` on metres."""
    for column in (MATRIX_ORIGIN, MATRIX_DEST):
        if column not in frame.columns:
            raise PraksisplanError(f"{file}: mangler kolonnen '{column}'")
    given = [c for c in MATRIX_COST_COLUMNS if c in frame.columns]
    if len(given) != 1:
        raise PraksisplanError(
            f"{file}: skal have præcis én af kolonnerne distance_m eller minutes"
        )
    cost = pd.to_numeric(frame[given[0]], errors="coerce") * MATRIX_COST_COLUMNS[given[0]]
    if cost.isna().any():
        row = int(np.flatnonzero(cost.isna().to_numpy())[0]) + 1
        raise PraksisplanError(f"{file}: række {row}, kolonnen '{given[0]}' er ikke et tal")
    metres = pd.DataFrame(
        {
            "origin": frame[MATRIX_ORIGIN].astype(str).to_numpy(),
            "dest": frame[MATRIX_DEST].astype(str).to_numpy(),
            "cost": cost.to_numpy(dtype=np.float64),
        }
    )
    return ODTable.from_frame(
        metres,
        pd.Index(dataset.cells["cell_id"].astype(str)),
        pd.Index(dataset.practices["provider_number"].astype(str)),
        max_cost=max_cost_m,
    )
