"""Care homes of the synthetic demo region (invented, like the rest of it).

One care home per municipality at its second most populous cell (the most populous holds
the temporary beds), with a place per :data:`PERSONS_PER_PLACE` residents (between
:data:`MIN_PLACES` and :data:`MAX_PLACES`). Every other municipality, in code order, has a
fixed GP for it — the practice nearest the home — so the demo shows both kinds
(Hovedstaden recruits fixed care-home GPs; the others are attended by each resident's own
GP).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.engine.population import cell_population

PERSONS_PER_PLACE = 1500
MIN_PLACES, MAX_PLACES = 20, 120


def demo_care_homes(dataset: Dataset) -> pd.DataFrame:
    """The ``care_homes`` table of the demo region (``dataset`` without care homes)."""
    cells = dataset.cells[["municipality_code", "x", "y"]].assign(
        persons=cell_population(dataset)["persons"].to_numpy(dtype=np.float64)
    )
    ranked = cells.sort_values("persons", ascending=False, kind="stable")
    second = ranked[ranked.groupby("municipality_code").cumcount() == 1]
    population = cells.groupby("municipality_code")["persons"].sum()
    names = dataset.municipalities.set_index(dataset.municipalities["code"].astype(str))["name"]
    practices = dataset.practices
    xy = practices[["x", "y"]].to_numpy(dtype=np.float64)
    second = second.sort_values("municipality_code", kind="stable")
    codes = second["municipality_code"].astype(str).tolist()
    home_xy = second[["x", "y"]].to_numpy(dtype=np.float64)
    fixed = [k % 2 == 0 for k in range(len(codes))]
    nearest = [int(np.argmin(np.hypot(*(xy - p).T))) for p in home_xy]
    return pd.DataFrame(
        {
            "care_home_id": [f"H{code}" for code in codes],
            "name": [f"Plejehjemmet {names[code]}" for code in codes],
            "x": home_xy[:, 0],
            "y": home_xy[:, 1],
            "municipality_code": codes,
            "places": [
                max(MIN_PLACES, round(float(population[c]) / PERSONS_PER_PLACE)) for c in codes
            ],
            # the dataset format's booleans are the words true / false
            "fixed_gp": ["true" if f else "false" for f in fixed],
            "provider_number": [
                str(practices["provider_number"].iloc[n]) if f else None
                for f, n in zip(fixed, nearest, strict=True)
            ],
        }
    )
