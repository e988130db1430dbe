"""The gross list end to end: small datasets through the real engine, one per criterion."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from threat_builders import FIXED_NEED_RULES, CellSpec, PracticeSpec, build_dataset, healthy_area

from praksisplan.threat.assess import Assessment, assess
from praksisplan.threat.early_warning import retired_share, still_working
from praksisplan.threat.measures import whole_months_between

RULES = FIXED_NEED_RULES


def fired_ids(assessment: Assessment, area_id: str) -> list[str]:
    c = assessment.criteria
    return list(c.loc[(c["area_id"] == area_id) & c["fired"], "criterion_id"])


def test_healthy_area_is_green() -> None:
    result = assess(build_dataset([healthy_area("H")]), RULES)
    assert result.areas.loc["H", "threat_class"] == "green"
    assert result.areas.loc["H", "supply_pct_of_need"] == pytest.approx(112.0)
    assert fired_ids(result, "H") == []
    assert math.isnan(result.areas.loc["H", "years_until_red"])


# Supply = 1,600 × filled capacities; need = persons (all weights 1).
CASES = {
    # 4.5 filled of 7 → 7,200 / 10,000 = 72 %; below 90 % and already below the early
    # warning's 75 % too (years_until_red = 0), both implied by the same finding.
    "red_supply": (
        healthy_area(
            "X",
            practices=(
                PracticeSpec("X-P1", 4, (1981,) * 4, vacant=2.5),
                PracticeSpec("X-P2", 3, (1981,) * 3, offset_km=(1, 0)),
            ),
        ),
        ["red_supply", "yellow_supply", "yellow_early_warning"],
        "red",
        "Rød: 1 af 3 kriterier opfyldt — forsyning 72 % af behovet",
    ),
    # 3,000 of 10,000 persons live 30 km from both practices: 30 % without two open within 15 km
    "red_free_choice": (
        healthy_area("X", cells=(CellSpec("X-c1", 7_000), CellSpec("X-c2", 3_000, (30, 0)))),
        ["red_free_choice"],
        "red",
        "Rød: 1 af 3 kriterier opfyldt — 30 % af borgerne har ikke to åbne praksis inden for 15 km",
    ),
    # advertised 2024-10-15, reference 2026-01-01: 14 whole months
    "red_vacancy_unfilled": (
        healthy_area("X", vacancy_since=dt.date(2024, 10, 15)),
        ["red_vacancy_unfilled"],
        "red",
        "Rød: 1 af 3 kriterier opfyldt — ledig kapacitet har været opslået i 14 måneder uden at "
        "blive besat",
    ),
    # 11,200 / 13,000 = 86.2 %
    "yellow_supply": (
        healthy_area("X", cells=(CellSpec("X-c1", 13_000),)),
        ["yellow_supply"],
        "yellow",
        "Gul: 1 af 4 kriterier opfyldt — forsyning 86 % af behovet",
    ),
    # 3 of 7 GPs born 1966 (aged 60): 43 %. In five years they are 65: each still works with
    # (1 − F(65)) / (1 − F(60)) = 0.75, so supply stays at 112 × (4 + 3·0.75)/7 = 100 %.
    "yellow_gps_60plus": (
        healthy_area(
            "X",
            practices=(
                PracticeSpec("X-P1", 4, (1981,) * 4),
                PracticeSpec("X-P2", 3, (1966,) * 3, offset_km=(1, 0)),
            ),
        ),
        ["yellow_gps_60plus"],
        "yellow",
        "Gul: 1 af 4 kriterier opfyldt — 43 % af lægerne er 60 år eller ældre",
    ),
    # 8 of 10 GPs in a closed practice; two open single-GP practices keep free choice
    "yellow_closed": (
        healthy_area(
            "X",
            practices=(
                PracticeSpec("X-P1", 8, (1981,) * 8, status="closed"),
                PracticeSpec("X-P2", 1, (1981,), offset_km=(1, 0)),
                PracticeSpec("X-P3", 1, (1981,), offset_km=(0, 1)),
            ),
        ),
        ["yellow_closed"],
        "yellow",
        "Gul: 1 af 4 kriterier opfyldt — 80 % af lægerne er lukket for tilgang",
    ),
    # 11,800 persons: 11,200 / 11,800 = 94.9 %. Two of 7 GPs are 66 (2/7 = 29 % aged 60+).
    # A 66-year-old still works t years later with (1 − F(66 + t)) / (1 − F(66)), F(66) = 0.40:
    # t=1: 0.45/0.6 = 0.75, t=2: 0.32/0.6, t=3: 0.20/0.6, t=4: 0.10/0.6.
    # Supply × (5 + 2·S)/7: t=3 → 94.9 × 0.8095 = 76.8 %; t=4 → 94.9 × 0.7619 = 72.3 % < 75.
    "yellow_early_warning": (
        healthy_area(
            "X",
            cells=(CellSpec("X-c1", 11_800),),
            practices=(
                PracticeSpec("X-P1", 4, (1981,) * 4),
                PracticeSpec("X-P2", 3, (1981, 1960, 1960), offset_km=(1, 0)),
            ),
        ),
        ["yellow_early_warning"],
        "yellow",
        "Gul: 1 af 4 kriterier opfyldt — tidlig varsling: med forventede pensioneringer og "
        "behovets udvikling falder forsyningen under 75 % af behovet om 4 år",
    ),
}


@pytest.mark.parametrize("criterion", sorted(CASES))
def test_each_default_criterion_alone_on_a_small_dataset(criterion: str) -> None:
    spec, expected_fired, expected_class, explanation = CASES[criterion]
    result = assess(build_dataset([spec, healthy_area("H")]), RULES)
    assert fired_ids(result, "X") == expected_fired
    assert result.areas.loc["X", "threat_class"] == expected_class
    assert result.areas.loc["X", "explanation"] == explanation
    # the healthy neighbour 200 km away is untouched
    assert fired_ids(result, "H") == []
    assert list(result.areas.index) == ["X", "H"]


def test_early_warning_projection_matches_hand_computation() -> None:
    spec = CASES["yellow_early_warning"][0]
    result = assess(build_dataset([spec]), RULES)
    now = 100 * 11_200 / 11_800
    survival = np.array([1.0, 0.45 / 0.6, 0.32 / 0.6, 0.20 / 0.6, 0.10 / 0.6, 0.05 / 0.6])
    expected = now * (5 + 2 * survival) / 7
    np.testing.assert_allclose(result.projection.loc["X"].to_numpy(), expected)
    assert result.areas.loc["X", "years_until_red"] == 4.0


def test_retirement_curve_interpolates_and_conditions_on_working_today() -> None:
    curve = RULES.early_warning.retirement
    np.testing.assert_allclose(
        retired_share(np.array([50, 61, 62, 65, 66.5, 72, 80]), curve),
        [0.0, 0.0, 0.05, 0.25, 0.475, 1.0, 1.0],
    )
    years = np.arange(4)
    matrix = still_working(np.array([40, 64, 71, 75]), years, curve)
    np.testing.assert_allclose(matrix[0], [1, 1, 1, 1])  # 43 at most: no retirement yet
    np.testing.assert_allclose(matrix[1], [1, 0.75 / 0.88, 0.6 / 0.88, 0.45 / 0.88])
    np.testing.assert_allclose(matrix[2], [1, 0.0, 0.0, 0.0])  # 72 → F = 1
    np.testing.assert_allclose(matrix[3], [1, 0.0, 0.0, 0.0])  # beyond the curve: leaves now


def test_whole_months_between() -> None:
    starts = pd.Series(pd.to_datetime(["2024-10-15", "2025-01-01", "2025-12-31", "2026-01-01"]))
    assert list(whole_months_between(starts, dt.date(2026, 1, 1))) == [14.0, 12.0, 0.0, 0.0]


def test_records_round_trip() -> None:
    result = assess(build_dataset([CASES["red_free_choice"][0], healthy_area("H")]), RULES)
    records = result.to_records()
    assert [r["area_id"] for r in records] == ["X", "H"]
    assert records[0]["threat_class"] == "red"
    assert len(records[0]["criteria"]) == len(RULES.criteria)
    again = Assessment.from_records(records, RULES, result.reference_date)
    pd.testing.assert_frame_equal(again.areas, result.areas, check_dtype=False)
    pd.testing.assert_frame_equal(again.criteria, result.criteria, check_dtype=False)
