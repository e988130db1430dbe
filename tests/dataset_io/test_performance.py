"""Validating a region-sized dataset (~590,000 population rows) takes only a few seconds."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from praksisplan.core.schema import DEFAULT_AGE_BANDS
from praksisplan.dataset_io import read_dataset

N_CELLS = 15_500  # × 19 age bands × 2 sexes = 589,000 population rows


def _large_copy(tiny: Path, root: Path) -> None:
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
    n_rows = N_CELLS * len(DEFAULT_AGE_BANDS) * 2
    pd.DataFrame(
        {
            "cell_id": np.repeat(ids, len(DEFAULT_AGE_BANDS) * 2),
            "age_band": np.tile(np.repeat(DEFAULT_AGE_BANDS, 2), N_CELLS),
            "sex": np.tile(["M", "F"], N_CELLS * len(DEFAULT_AGE_BANDS)),
            "persons": rng.integers(0, 40, n_rows),
        }
    ).to_csv(root / "population.csv", index=False)


@pytest.mark.slow
def test_region_sized_dataset_reads_within_seconds(tiny_dataset_dir: Path, tmp_path: Path) -> None:
    root = tmp_path / "large"
    _large_copy(tiny_dataset_dir, root)
    started = time.perf_counter()
    dataset = read_dataset(root)
    elapsed = time.perf_counter() - started
    assert len(dataset.population) == 589_000
    assert dataset.cells["area_id"].notna().all()
    assert elapsed < 15, f"validation took {elapsed:.1f} s"
