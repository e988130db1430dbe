"""On the demo region the outlying areas show what they were made to show: less supply for
their need and fewer citizens with a choice of two open practices within 15 km."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from praksisplan.engine.indicators import compute_indicators
from praksisplan.synth.demo import build_demo_dataset
from praksisplan.synth.demo_geography import CITY


@pytest.fixture(scope="module")
def areas_by_distance() -> pd.DataFrame:
    dataset = build_demo_dataset()
    areas = compute_indicators(dataset, "area")
    geometry = dataset.coverage_areas.set_index(dataset.coverage_areas["area_id"].astype(str))
    centroid = shapely.centroid(geometry.geometry.loc[areas.index].to_numpy())
    km = np.hypot(shapely.get_x(centroid) - CITY[0], shapely.get_y(centroid) - CITY[1]) / 1000
    return areas.assign(km_from_city=km)


def _pooled(areas: pd.DataFrame) -> pd.Series:
    """Figures of a group of areas pooled (ratios of summed numerators and denominators)."""
    return pd.Series(
        {
            "supply_pct_of_need": 100
            * areas["supply_patients"].sum()
            / areas["need_weighted_persons"].sum(),
            "share_2plus_open": areas["persons_2plus_open"].sum() / areas["population"].sum(),
            "access": (areas["access_e2sfca_mean"] * areas["need_weighted_persons"]).sum()
            / areas["need_weighted_persons"].sum(),
        }
    )


def test_outlying_areas_have_less_supply_and_less_choice(areas_by_distance: pd.DataFrame) -> None:
    central = _pooled(areas_by_distance[areas_by_distance["km_from_city"] < 15])
    outlying = _pooled(areas_by_distance[areas_by_distance["km_from_city"] >= 40])
    assert outlying["supply_pct_of_need"] < central["supply_pct_of_need"] - 10
    assert outlying["share_2plus_open"] < central["share_2plus_open"] / 2
    assert outlying["access"] < central["access"]


def test_supply_and_choice_fall_with_distance_from_the_city(
    areas_by_distance: pd.DataFrame,
) -> None:
    rank = areas_by_distance.rank()
    assert rank["km_from_city"].corr(rank["supply_pct_of_need"]) < -0.5
    assert rank["km_from_city"].corr(rank["share_persons_lt2_open"]) > 0.5
