"""A region-sized copy of the tiny dataset: 15,500 cells × 19 age bands × 2 sexes.

Shared by the reader's test (which checks what is read) and ``benchmarks/dataset_read.py``
(which times it), so both work on the same case.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from praksisplan.core.manifest import DEFAULT_AGE_BANDS

N_CELLS = 15_500
N_POPULATION_ROWS = N_CELLS * len(DEFAULT_AGE_BANDS) * 2  # 589,000


def write_region_sized_copy(tiny: Path, root: Path) -> None:
    """Copy the tiny dataset to ``root``, its cells replaced by 15,500 random ones near Aalborg."""
    shutil.copytree(tiny, root)
    rng = np.random.default_rng(1)
    ids = [f"K{i:06d}" for i in range(N_CELLS)]
    lon, lat = rng.uniform(9.61, 9.99, N_CELLS), rng.uniform(56.96, 57.09, N_CELLS)
    pd.DataFrame(
        {
            "cell_id": ids,
            "x": lon.round(6),
            "y": lat.round(6),
            "postcode": "9000",
            "area_id": "",
            "municipality_code": "",
        }
    ).to_csv(root / "population_cells.csv", index=False)
    pd.DataFrame(
        {
            "cell_id": np.repeat(ids, len(DEFAULT_AGE_BANDS) * 2),
            "age_band": np.tile(np.repeat(DEFAULT_AGE_BANDS, 2), N_CELLS),
            "sex": np.tile(["M", "F"], N_CELLS * len(DEFAULT_AGE_BANDS)),
            "persons": rng.integers(0, 40, N_POPULATION_ROWS),
        }
    ).to_csv(root / "population.csv", index=False)
