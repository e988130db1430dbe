"""A region-sized dataset (~590,000 population rows) reads and validates whole.

How long it takes is measured by ``benchmarks/dataset_read.py`` (docs/performance.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from praksisplan.dataset_io import read_dataset
from region_sized_dataset import N_CELLS, N_POPULATION_ROWS, write_region_sized_copy


@pytest.mark.slow
def test_region_sized_dataset_reads_whole(tiny_dataset_dir: Path, tmp_path: Path) -> None:
    root = tmp_path / "large"
    write_region_sized_copy(tiny_dataset_dir, root)
    dataset = read_dataset(root)
    assert len(dataset.population) == N_POPULATION_ROWS == 589_000
    assert len(dataset.cells) == N_CELLS
    # every cell got its coverage area and municipality from the polygons it lies in
    assert dataset.cells["area_id"].notna().all()
    assert dataset.cells["municipality_code"].notna().all()
