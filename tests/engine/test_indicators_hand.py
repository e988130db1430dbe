"""Every indicator on a small hand-computed world; expected numbers are worked out here.

The world (metres, EPSG:25832; radius 15 km; reference year 2025):

    cell  at              postcode area persons (need, user weights below)
    c1    (0, 0)          1000     A1   260  (285)
    c2    (10000, -10000) 1000     A1    75  ( 85)
    c3    (30000, 0)      2000     A2   120  (144)
    c4    (100000, 0)     3000     B1    30  ( 62)
    c5    (200000, 0)     3000     B1     5  ( 15)

    practice at            area status              form        cap vacant listed norm
    p1       (0, 0)        A1   open                solo        1   0      1800   1600 (+200 survey)
    p2       (12000, 0)    A1   selective for 2000  partnership 2   0.5    3000   1400
    p3       (30000, 0)    A2   closed              contract    2   1      2500   1600
    p4       (100000,5000) B1   closed              solo        1   0      1700   1600
    p5       (3000, 4000)  A1   open                shared      1   1         0   1600

GPs: p1 born 1960 (65); p2 born 1970 (55) and 1964 (61, FTE 0.8); p3 born 1990; p4 born
1958 (FTE 0.5). Region holds 1 vacant capacity in B1. Areas A1, A2 in municipality 101,
B1 in 102.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from praksisplan.core.dataset import Dataset
from praksisplan.engine.indicators import basic_indicators, compute_indicators
from praksisplan.engine.key_figures import key_figures

from .builders import Cell, Gp, Practice, make_dataset

WEIGHTS = [
    ("0-14", "F", 0.5),
    ("0-14", "M", 0.5),
    ("15-64", "F", 1.2),
    ("15-64", "M", 0.8),
    ("65-79", "F", 2.0),
    ("65-79", "M", 2.0),
    ("80+", "F", 3.0),
    ("80+", "M", 3.0),
]


def world() -> Dataset:
    cells = [
        Cell(
            "c1",
            0,
            0,
            "1000",
            "A1",
            "101",
            {
                ("15-64", "F"): 100,
                ("15-64", "M"): 100,
                ("65-79", "F"): 20,
                ("80+", "M"): 10,
                ("0-14", "F"): 30,
            },
        ),
        Cell(
            "c2",
            10_000,
            -10_000,
            "1000",
            "A1",
            "101",
            {("15-64", "F"): 50, ("0-14", "M"): 20, ("80+", "F"): 5},
        ),
        Cell("c3", 30_000, 0, "2000", "A2", "101", {("15-64", "M"): 80, ("65-79", "M"): 40}),
        Cell(
            "c4",
            100_000,
            0,
            "3000",
            "B1",
            "102",
            {("15-64", "F"): 10, ("65-79", "F"): 10, ("80+", "F"): 10},
        ),
        Cell("c5", 200_000, 0, "3000", "B1", "102", {("80+", "M"): 5}),
    ]
    practices = [
        Practice("p1", 0, 0, "open", listed_patients=1800, area_id="A1"),
        Practice(
            "p2",
            12_000,
            0,
            "selective",
            "2000",
            "partnership",
            2,
            0.5,
            3000,
            norm_override=1400,
            area_id="A1",
        ),
        Practice("p3", 30_000, 0, "closed", None, "contract", 2, 1, 2500, area_id="A2"),
        Practice(
            "p4",
            100_000,
            5_000,
            "closed",
            None,
            "solo",
            1,
            0,
            1700,
            area_id="B1",
            municipality_code="102",
        ),
        Practice("p5", 3_000, 4_000, "open", None, "shared", 1, 1, 0, area_id="A1"),
    ]
    gps = [
        Gp("g1", "p1", 1960),
        Gp("g2", "p2", 1970),
        Gp("g3", "p2", 1964, fte=0.8),
        Gp("g4", "p3", 1990),
        Gp("g5", "p4", 1958, fte=0.5),
    ]
    return make_dataset(
        cells,
        practices,
        gps,
        areas=[("A1", "Nord", "101"), ("A2", "Syd", "101"), ("B1", "Øen", "102")],
        municipalities=[("101", "Byen"), ("102", "Landet")],
        region_vacancies=[("B1", 1.0)],
        coverage_survey=[("p1", 200)],
        demand_weights=WEIGHTS,
    )


@pytest.fixture(scope="module")
def areas() -> pd.DataFrame:
    return compute_indicators(world(), "area")


def test_population_figures(areas: pd.DataFrame) -> None:
    a1 = areas.loc["A1"]
    assert a1["name"] == "Nord" and a1["municipality_code"] == "101"
    assert a1["population"] == 335
    assert a1["share_65plus"] == pytest.approx(35 / 335)  # c1: 20 + 10, c2: 5
    assert a1["share_80plus"] == pytest.approx(15 / 335)
    # young 30 + 20, old 35, working age 200 + 50
    assert a1["dependency_ratio"] == pytest.approx((50 + 35) / 250)
    assert areas.loc["B1", "dependency_ratio"] == pytest.approx((20 + 5) / 10)  # c4 + c5


def test_capacity_and_gp_figures(areas: pd.DataFrame) -> None:
    a1, a2, b1 = areas.loc["A1"], areas.loc["A2"], areas.loc["B1"]
    assert (a1["capacities"], a1["filled_capacities"], a1["vacant_capacities"]) == (4, 2.5, 1.5)
    assert a1["region_held_vacant_capacities"] == 0
    # B1: practice p4 (1 filled) plus one capacity held by the region
    assert (b1["capacities"], b1["filled_capacities"], b1["vacant_capacities"]) == (2, 1, 1)
    assert b1["region_held_vacant_capacities"] == 1
    assert (a1["gps"], a1["practices"]) == (3, 3)
    assert a1["fte"] == pytest.approx(2.8)
    assert (a1["practices_solo"], a1["practices_partnership"], a1["practices_shared"]) == (1, 1, 1)
    assert a2["practices_contract"] == 1
    assert a1["listed_patients"] == 4800
    assert a1["patients_per_filled_capacity"] == pytest.approx(4800 / 2.5)
    assert a1["norm"] == pytest.approx((1 * 1600 + 1.5 * 1400) / 2.5)
    assert a2["patients_per_filled_capacity"] == 2500


def test_status_and_age_shares(areas: pd.DataFrame) -> None:
    a1, a2 = areas.loc["A1"], areas.loc["A2"]
    assert a1["share_gps_open"] == pytest.approx(1 / 3)
    assert a1["share_gps_selective"] == pytest.approx(2 / 3)
    assert a1["share_gps_closed"] == 0
    assert a1["share_practices_selective"] == pytest.approx(1 / 3)
    assert a1["share_practices_closed"] == 0
    assert a2["share_gps_closed"] == 1
    assert a1["share_gps_60plus"] == pytest.approx(2 / 3)  # 65 and 61
    assert a1["share_gps_65plus"] == pytest.approx(1 / 3)
    assert a2["share_gps_60plus"] == 0
    assert a2["share_listed_in_region_run_clinics"] == 1
    assert a1["share_listed_in_region_run_clinics"] == 0


def test_share_of_gps_under_55() -> None:
    dataset = world()
    areas = compute_indicators(dataset, "area")
    # A1: 65, exactly 55 (not under 55) and 61; A2: 35; B1: 67
    assert list(areas["share_gps_under_55"]) == [0, 1, 0]
    municipalities = compute_indicators(dataset, "municipality")
    # ratio of sums: one of the four GPs of 101, not the mean of A1's 0 and A2's 1
    assert municipalities.loc["101", "share_gps_under_55"] == pytest.approx(1 / 4)
    assert municipalities.loc["102", "share_gps_under_55"] == 0
    region = basic_indicators(dataset, "region").iloc[0]
    assert region["share_gps_under_55"] == pytest.approx(1 / 5)


def test_need_and_supply(areas: pd.DataFrame) -> None:
    a1, b1 = areas.loc["A1"], areas.loc["B1"]
    assert a1["need_weighted_persons"] == pytest.approx(285 + 85)
    assert b1["need_weighted_persons"] == pytest.approx(62 + 15)
    assert a1["expected_services"] == pytest.approx(7 * 370)
    # p1: 1 × 1600 + 200 survey; p2: 1.5 × 1400; p5: nothing filled
    assert a1["supply_patients"] == pytest.approx(3900)
    assert a1["supply_pct_of_need"] == pytest.approx(100 * 3900 / 370)
    assert b1["supply_pct_of_need"] == pytest.approx(100 * 1600 / 77)


def test_free_choice(areas: pd.DataFrame) -> None:
    a1, a2, b1 = areas.loc["A1"], areas.loc["A2"], areas.loc["B1"]
    # c1 reaches p1 (0 m) and p5 (5 km); c2 reaches p1 (14.14 km) and p2 (10.2 km, not
    # open to 1000); p5 from c2 is 15.65 km away.
    assert (a1["persons_2plus_open"], a1["persons_1_open"], a1["persons_0_open"]) == (260, 75, 0)
    assert a1["share_persons_lt2_open"] == pytest.approx(75 / 335)
    # c3 (postcode 2000): p3 closed; p2 selective for 2000 but 18 km away
    assert (a2["persons_2plus_open"], a2["persons_0_open"]) == (0, 120)
    assert b1["persons_0_open"] == 35
    # c5 is 100.1 km from p4; every other cell has a practice within 15 km
    assert b1["persons_beyond_radius_any"] == 5
    assert a1["persons_beyond_radius_any"] == 0


def test_distances(areas: pd.DataFrame) -> None:
    a1, a2, b1 = areas.loc["A1"], areas.loc["A2"], areas.loc["B1"]
    # A1: c1 0 km (260 persons), c2 √2·10 km (75 persons)
    assert a1["dist_open_median_km"] == 0
    assert a1["dist_open_p90_km"] == pytest.approx(math.hypot(10, 10))
    assert a1["dist_open_max_km"] == pytest.approx(math.hypot(10, 10))
    assert a1["dist_any_max_km"] == pytest.approx(math.hypot(2, 10))  # c2 → p2
    # c3: nearest practice open to postcode 2000 is the selective p2 at 18 km
    assert a2["dist_open_median_km"] == pytest.approx(18)
    assert a2["dist_any_median_km"] == 0
    # c4 (30 persons): p5 at √(97² + 4²) km; c5 (5 persons): p5 at √(197² + 4²) km
    assert b1["dist_open_median_km"] == pytest.approx(math.hypot(97, 4))
    assert b1["dist_open_p90_km"] == pytest.approx(math.hypot(197, 4))  # 0.9·35 > 30
    assert b1["dist_any_max_km"] == pytest.approx(math.hypot(100, 5))


def test_higher_levels_sum_numerators_and_denominators() -> None:
    dataset = world()
    municipalities = compute_indicators(dataset, "municipality")
    m101 = municipalities.loc["101"]
    assert m101["name"] == "Byen"
    assert m101["population"] == 455
    # ratio of sums: (4800 + 2500) / (2.5 + 1), not the mean of 1920 and 2500
    assert m101["patients_per_filled_capacity"] == pytest.approx(7300 / 3.5)
    assert m101["share_persons_lt2_open"] == pytest.approx((75 + 120) / 455)
    assert m101["supply_pct_of_need"] == pytest.approx(100 * (3900 + 1600) / (370 + 144))
    region = compute_indicators(dataset, "region")
    assert list(region.index) == ["1081"] and region.index.name == "region_code"
    r = region.iloc[0]
    assert r["capacities"] == 4 + 2 + 2
    assert r["share_gps_60plus"] == pytest.approx(3 / 5)  # 65, 61, 67 of five GPs


def test_key_figures_are_the_region_row() -> None:
    figures = key_figures(world())
    assert figures["population"] == 490
    assert figures["capacities"] == 8
    assert figures["filled_capacities"] == 4.5
    assert figures["vacant_capacities"] == 3.5
    assert figures["gps"] == 5
    assert figures["listed_patients"] == 9000
    assert figures["patients_per_filled_capacity"] == pytest.approx(9000 / 4.5)
    assert figures["share_gps_closed"] == pytest.approx(2 / 5)
    assert (figures["municipalities"], figures["coverage_areas"]) == (2, 3)
