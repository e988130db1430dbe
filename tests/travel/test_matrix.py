"""An external cell → practice matrix gives the engine's results of the same table given
through ``ODTable.from_frame``."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from engine.builders import Cell, Practice, make_dataset
from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.engine.indicators import compute_indicators
from praksisplan.engine.od import ODTable
from praksisplan.engine.travel_od import matrix_od_table


def _world() -> tuple[Dataset, pd.DataFrame]:
    rng = np.random.default_rng(3)
    xy = rng.uniform(0, 30_000, size=(36, 2))
    cells = [Cell(f"c{i}", xy[i, 0], xy[i, 1], persons={("15-64", "M"): 5 + i}) for i in range(30)]
    practices = [Practice(f"p{j}", xy[30 + j, 0], xy[30 + j, 1]) for j in range(6)]
    dataset = make_dataset(cells, practices)
    pairs = pd.DataFrame(
        [
            (c.cell_id, p.provider_number, float(rng.uniform(0, 40_000)))
            for c in cells
            for p in practices
        ],
        columns=["cell_id", "provider_number", "distance_m"],
    )
    return dataset, pairs


def test_matrix_results_equal_those_of_the_same_table_through_from_frame() -> None:
    dataset, pairs = _world()
    reference = ODTable.from_frame(
        pairs.rename(
            columns={"cell_id": "origin", "provider_number": "dest", "distance_m": "cost"}
        ),
        pd.Index(dataset.cells["cell_id"]),
        pd.Index(dataset.practices["provider_number"]),
        max_cost=30_000.0,
    )
    expected = compute_indicators(dataset, "area", od=reference)
    got = compute_indicators(
        dataset,
        "area",
        od=matrix_od_table(dataset, pairs, 30_000.0),
    )
    pd.testing.assert_frame_equal(got, expected)
    minutes = pairs.assign(minutes=pairs["distance_m"] / 1000.0).drop(columns="distance_m")
    in_minutes = matrix_od_table(dataset, minutes, 30_000.0)
    np.testing.assert_allclose(in_minutes.cost, reference.cost)


def test_a_matrix_without_a_cost_column_is_refused_in_danish() -> None:
    dataset, pairs = _world()
    with pytest.raises(PraksisplanError, match="præcis én af kolonnerne"):
        matrix_od_table(dataset, pairs.drop(columns="distance_m"), 30_000.0)
