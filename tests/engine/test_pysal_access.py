"""Our 2SFCA/E2SFCA equal PySAL ``access`` on identical inputs (to 1e-9 relative).

``access`` is handed all cell–practice pairs with their straight-line cost in km and
applies the catchment itself. Its quirks: a cell with no supply in reach gets NaN (we give
0), and its default E2SFCA steps are in the cost table's units, so the steps are passed
explicitly (5/10/15 km, weights 1/0.68/0.22 — our default over a 15 km radius).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
from access import Access, weights

from praksisplan.core.dataset import Dataset
from praksisplan.engine.accessibility import GaussianCatchment, Method
from praksisplan.engine.cells import SpatialSettings, analyse_cells
from praksisplan.engine.supply import practice_supply

from .builders import Cell, Practice, make_dataset

BANDS = ("0-14", "15-64", "65-79", "80+")


def random_region(seed: int) -> Dataset:
    rng = np.random.default_rng(seed)
    cells = [
        Cell(
            f"c{i}",
            float(rng.uniform(0, 60_000)),
            float(rng.uniform(0, 60_000)),
            persons={(band, sex): int(rng.integers(1, 80)) for band in BANDS for sex in ("F", "M")},
        )
        for i in range(200)
    ]
    practices = [
        Practice(
            f"p{j}",
            float(rng.uniform(0, 60_000)),
            float(rng.uniform(0, 60_000)),
            capacities=float(rng.integers(1, 5)),
            vacant_capacities=float(rng.integers(0, 2)) * 0.5,
        )
        for j in range(25)
    ]
    # a far-away cell with no practice within 15 km: NaN in access, 0 here
    cells.append(Cell("remote", 200_000.0, 200_000.0, persons={("80+", "F"): 10}))
    return make_dataset(cells, practices, age_bands=BANDS)


def access_scores(
    dataset: Dataset, demand: pd.Series, weight_fn: Callable[[float], float] | None, method: str
) -> pd.Series:
    cells, practices = dataset.cells, dataset.practices
    dx = cells["x"].to_numpy()[:, None] - practices["x"].to_numpy()[None, :]
    dy = cells["y"].to_numpy()[:, None] - practices["y"].to_numpy()[None, :]
    cost = pd.DataFrame(
        {
            "origin": np.repeat(cells["cell_id"].to_numpy(), len(practices)),
            "dest": np.tile(practices["provider_number"].to_numpy(), len(cells)),
            "cost": (np.hypot(dx, dy) / 1000).ravel(),
        }
    )
    supply = practice_supply(dataset)[["filled_capacities"]]
    model = Access(
        demand_df=demand.rename("demand").to_frame(),
        demand_value="demand",
        supply_df=supply,
        supply_value="filled_capacities",
        cost_df=cost,
        cost_origin="origin",
        cost_dest="dest",
        cost_name="cost",
    )
    if method == "2sfca":
        result = model.two_stage_fca(name="x", max_cost=15)
    else:
        result = model.enhanced_two_stage_fca(name="x", max_cost=15, weight_fn=weight_fn)
    return result["x_filled_capacities"].reindex(demand.index)


@pytest.mark.parametrize(
    ("method", "weight_fn", "catchment"),
    [
        ("2sfca", None, None),
        ("e2sfca", weights.step_fn({5: 1.0, 10: 0.68, 15: 0.22}), None),
        ("e2sfca", weights.gaussian(6), GaussianCatchment(15_000.0, 6_000.0)),
    ],
    ids=["2sfca", "e2sfca-steps", "e2sfca-gaussian"],
)
def test_equals_pysal_access(
    method: Method,
    weight_fn: Callable[[float], float] | None,
    catchment: GaussianCatchment | None,
) -> None:
    dataset = random_region(7)
    ours = analyse_cells(
        dataset,
        SpatialSettings(methods=(method,), catchments={method: catchment} if catchment else None),
    )
    theirs = access_scores(dataset, ours["need_weighted_persons"], weight_fn, method)
    score = ours[f"access_{method}"] / 1000  # ours is per 1,000 need-weighted persons
    no_supply_in_reach = theirs.isna()
    assert no_supply_in_reach.tolist() == (ours["nearest_any_km"] > 15).tolist()
    assert no_supply_in_reach.sum() >= 1
    assert (score[no_supply_in_reach] == 0).all()
    reached = ~no_supply_in_reach
    np.testing.assert_allclose(score[reached], theirs[reached], rtol=1e-9, atol=0)
