"""Fixtures shared by every test package.

``tests/fixtures/tiny/`` is a small, hand-made, valid dataset (WGS84 lon/lat near Aalborg):

* municipalities 851 Aalborg (lon 9.8–10.0) and 849 Jammerbugt (lon 9.6–9.8), lat 56.95–57.10;
* coverage areas A1 Aalborg Nord (851, lat ≥ 57.025), A2 Aalborg Syd (851), A3 Jammerbugt (849);
* 12 population cells C01–C12, four per area (C01–C04 in A1, C05–C08 in A2, C09–C12 in A3),
  half of them without area_id/municipality_code (derived on load);
* population: 96 rows, cell Ci has 80·i + 30 persons, 6,600 persons in all;
* practices P001 (A1, open, 3 capacities), P002 (A1, closed), P003 (A2, selective for
  9000/9400, 1 of 2 capacities vacant), P004 (A2, region clinic, 1 of 2 vacant), P005 (A3,
  norm_override 1400), P006 (A3, shared, closed): 10 capacities, 2 vacant, 14,400 listed;
* 9 GPs G01–G09; one region-held vacant capacity in A3; coverage survey for P001 and P005.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fixture_paths import TINY_DATASET_DIR
from praksisplan.core.dataset import Dataset

pytest_plugins = ["ci_skips"]


@pytest.fixture
def tiny_dataset_dir() -> Path:
    """The tiny dataset's directory. Read-only: copy it (``shutil.copytree``) to modify it."""
    return TINY_DATASET_DIR


@pytest.fixture(scope="session")
def tiny_dataset() -> Dataset:
    """The tiny dataset, read and validated. Frames must not be mutated (use ``with_tables``)."""
    from praksisplan.dataset_io import read_dataset

    return read_dataset(TINY_DATASET_DIR)
