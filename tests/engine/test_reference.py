"""The fast kernels agree with a brute-force reference (all pairs, plain Python) on random
datasets, and the properties that must hold do hold."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from praksisplan.core.dataset import Dataset
from praksisplan.engine.accessibility import Catchment, GaussianCatchment, Method
from praksisplan.engine.cells import SpatialSettings, analyse_cells

from .builders import Cell, Practice, make_dataset

BANDS = ("0-14", "15-64", "65-79", "80+")
POSTCODES = ("1000", "2000", "3000")
RADIUS_M = 15_000.0


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    # coordinates on a 1 km grid: zero distances and pairs exactly at 15 km happen often
    coordinate = st.integers(0, 40).map(lambda km: km * 1000.0)
    n_cells = draw(st.integers(1, 12))
    cells = [
        Cell(
            f"c{i}",
            draw(coordinate),
            draw(coordinate),
            draw(st.sampled_from(POSTCODES)),
            persons={(band, sex): draw(st.integers(0, 50)) for band in BANDS for sex in ("F", "M")},
        )
        for i in range(n_cells)
    ]
    practices = []
    for j in range(draw(st.integers(0, 8))):
        status = draw(st.sampled_from(["open", "closed", "selective"]))
        capacities = float(draw(st.integers(1, 4)))
        practices.append(
            Practice(
                f"p{j}",
                draw(coordinate),
                draw(coordinate),
                status,
                " ".join(draw(st.sets(st.sampled_from(POSTCODES), min_size=1)))
                if status == "selective"
                else None,
                capacities=capacities,
                vacant_capacities=float(draw(st.integers(0, int(capacities)))),
            )
        )
    weights = [(band, sex, draw(st.floats(0.1, 5.0))) for band in BANDS for sex in ("F", "M")]
    return make_dataset(cells, practices, age_bands=BANDS, demand_weights=weights)


def brute_force(
    dataset: Dataset, detour: float, weight_of: Callable[[float], float]
) -> dict[str, list[float]]:
    """Every figure from first principles, one pair at a time."""
    weights = {
        (r.age_band, r.sex): r.weight for r in dataset.demand_weights.itertuples(index=False)
    }
    need = dict.fromkeys(dataset.cells["cell_id"], 0.0)
    for r in dataset.population.itertuples(index=False):
        need[r.cell_id] += r.persons * weights[(r.age_band, r.sex)]
    cells = list(dataset.cells.itertuples(index=False))
    practices = list(dataset.practices.itertuples(index=False))

    def cost(c: Any, p: Any) -> float:
        return math.hypot(c.x - p.x, c.y - p.y) * detour

    def open_to(p: Any, c: Any) -> bool:
        if p.status == "open":
            return True
        return p.status == "selective" and c.postcode in p.open_postcodes.split()

    counts = [sum(cost(c, p) <= RADIUS_M and open_to(p, c) for p in practices) for c in cells]
    nearest_open = [
        min([cost(c, p) for p in practices if open_to(p, c)] or [math.inf]) for c in cells
    ]
    nearest_any = [min([cost(c, p) for p in practices] or [math.inf]) for c in cells]
    ratio = []
    for p in practices:
        demand = sum(weight_of(cost(c, p)) * need[c.cell_id] for c in cells)
        supply = p.capacities - p.vacant_capacities
        ratio.append(supply / demand if demand > 0 else 0.0)
    score = [
        1000 * sum(weight_of(cost(c, p)) * r for p, r in zip(practices, ratio, strict=True))
        for c in cells
    ]
    return {
        "need": [need[c.cell_id] for c in cells],
        "open_within_radius": counts,
        "nearest_open_km": [d / 1000 for d in nearest_open],
        "nearest_any_km": [d / 1000 for d in nearest_any],
        "score": score,
    }


def step_weight(cost: float) -> float:
    """Luo & Qi steps over thirds of 15 km, written out as PySAL's step_fn does it."""
    for threshold, weight in ((5000.0, 1.0), (10000.0, 0.68), (15000.0, 0.22)):
        if cost <= threshold:
            return weight
    return 0.0


def compare(
    dataset: Dataset,
    detour: float,
    method: Method,
    weight_of: Callable[[float], float],
    catchment: Catchment | None = None,
) -> None:
    spatial = SpatialSettings(
        detour_factor=detour,
        methods=(method,),
        catchments={method: catchment} if catchment is not None else None,
    )
    fast = analyse_cells(dataset, spatial)
    slow = brute_force(dataset, detour, weight_of)
    np.testing.assert_allclose(fast["need_weighted_persons"], slow["need"], rtol=1e-12)
    assert fast["open_within_radius"].tolist() == slow["open_within_radius"]
    np.testing.assert_allclose(fast["nearest_open_km"], slow["nearest_open_km"], rtol=1e-12)
    np.testing.assert_allclose(fast["nearest_any_km"], slow["nearest_any_km"], rtol=1e-12)
    np.testing.assert_allclose(fast[f"access_{method}"], slow["score"], rtol=1e-9, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(datasets(), st.sampled_from([1.0, 1.25]))
def test_e2sfca_and_free_choice_match_brute_force(dataset: Dataset, detour: float) -> None:
    compare(dataset, detour, "e2sfca", step_weight)


@settings(max_examples=40, deadline=None)
@given(datasets())
def test_2sfca_matches_brute_force(dataset: Dataset) -> None:
    compare(dataset, 1.0, "2sfca", lambda cost: 1.0 if cost <= RADIUS_M else 0.0)


@settings(max_examples=30, deadline=None)
@given(datasets())
def test_gaussian_e2sfca_matches_brute_force(dataset: Dataset) -> None:
    sigma = 6000.0

    def gaussian(cost: float) -> float:
        return math.exp(-cost * cost / (2 * sigma * sigma)) if cost <= RADIUS_M else 0.0

    compare(dataset, 1.0, "e2sfca", gaussian, GaussianCatchment(RADIUS_M, sigma))


def _with_new_practice(dataset: Dataset, x: float, y: float, status: str) -> Dataset:
    new = make_dataset(
        [], [Practice("new", x, y, status, "1000" if status == "selective" else None)]
    ).practices
    if dataset.practices.empty:
        return dataset.with_tables(practices=new)
    return dataset.with_tables(practices=pd.concat([dataset.practices, new], ignore_index=True))


@settings(max_examples=50, deadline=None)
@given(
    datasets(),
    st.integers(0, 40),
    st.integers(0, 40),
    st.sampled_from(["open", "closed", "selective"]),
    st.sampled_from(["2sfca", "e2sfca"]),
)
def test_adding_a_practice_never_lowers_choice_or_access(
    dataset: Dataset, x_km: int, y_km: int, status: str, method: Method
) -> None:
    """In (E)2SFCA a practice's ratio depends only on its own supply and the demand around
    it, so a new practice leaves every other ratio unchanged and only adds a term ≥ 0 to
    the scores of the cells that reach it. (Adding *demand* can lower scores; that is not
    this property.)"""
    spatial = SpatialSettings(methods=(method,))
    before = analyse_cells(dataset, spatial)
    after = analyse_cells(
        _with_new_practice(dataset, x_km * 1000.0, y_km * 1000.0, status), spatial
    )
    assert (after["open_within_radius"] >= before["open_within_radius"]).all()
    assert (after["nearest_open_km"] <= before["nearest_open_km"]).all()
    assert (after["nearest_any_km"] <= before["nearest_any_km"]).all()
    column = f"access_{method}"
    assert (after[column] >= before[column] * (1 - 1e-12)).all()


@settings(max_examples=50, deadline=None)
@given(datasets(), st.sampled_from(["2sfca", "e2sfca"]))
def test_fca_conserves_supply(dataset: Dataset, method: Method) -> None:
    """Σ_i demand_i × score_i = Σ supply of the practices that have demand in reach."""
    cells = analyse_cells(dataset, SpatialSettings(methods=(method,)))
    xy = dataset.cells[["x", "y"]].to_numpy()
    need = cells["need_weighted_persons"].to_numpy()
    supply_with_demand = 0.0
    for p in dataset.practices.itertuples(index=False):
        # every weight within the radius is > 0 (2SFCA: 1; E2SFCA: 1, 0.68 or 0.22)
        distance = np.hypot(xy[:, 0] - p.x, xy[:, 1] - p.y)
        if (need[distance <= RADIUS_M] > 0).any():
            supply_with_demand += p.capacities - p.vacant_capacities
    total = float(np.dot(need, cells[f"access_{method}"])) / 1000
    assert math.isclose(total, supply_with_demand, rel_tol=1e-9, abs_tol=1e-12)
