"""Applying edits: hand-computed cases on the tiny fixture, and datasets edited by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from praksisplan.core.dataset import Dataset
from praksisplan.scenario.apply import apply_edits, rebase
from praksisplan.scenario.edits import Edit, parse_edits
from scenario.hand_edits import edited_copy

P001_LINE = "P001,Lægehuset Nord,9.88,57.06,9400,partnership,3,0,5200,open,,,A1,851"
P003_LINE = (
    "P003,Lægeklinikken Syd,9.88,56.99,9000,partnership,2,1,1900,selective,9000 9400,,A2,851"
)
P005_LINE = "P005,Lægen i Fjerritslev,9.68,57.02,9440,solo,1,0,1650,open,,1400,A3,849"


def _practice(dataset: Dataset, provider: str) -> pd.Series:
    return dataset.practices.set_index("provider_number").loc[provider]


def test_the_base_is_never_changed(tiny_dataset: Dataset) -> None:
    before = tiny_dataset.practices.copy()
    apply_edits(
        tiny_dataset,
        parse_edits(
            [{"table": "practices", "key": "P001", "op": "update", "values": {"status": "closed"}}]
        ),
    )
    assert_frame_equal(tiny_dataset.practices, before)


def test_removed_practice_patients_go_to_the_open_practice_within_the_radius(
    tiny_dataset: Dataset,
) -> None:
    # P005's open neighbours: P001 at 12.9 km (within 15 km), P004 at 16.5 km (beyond);
    # P003 is selective. So all 1,650 patients go to P001: 5,200 + 1,650.
    applied = apply_edits(
        tiny_dataset, parse_edits([{"table": "practices", "key": "P005", "op": "delete"}])
    ).dataset
    assert _practice(applied, "P001")["listed_patients"] == 6850
    assert "P005" not in set(applied.practices["provider_number"])
    assert "G07" not in set(applied.gps["gp_id"])  # P005's GP leaves with it
    assert list(applied.coverage_survey["provider_number"]) == ["P001"]
    assert (
        applied.practices["listed_patients"].sum()
        == tiny_dataset.practices["listed_patients"].sum()
    )


def test_with_none_within_the_radius_the_patients_go_to_the_nearest_open_practice(
    tiny_dataset: Dataset,
) -> None:
    applied = apply_edits(
        tiny_dataset,
        parse_edits(
            [
                {
                    "table": "practices",
                    "key": "P001",
                    "op": "update",
                    "values": {"status": "closed"},
                },
                {"table": "practices", "key": "P005", "op": "delete"},
            ]
        ),
    ).dataset
    assert _practice(applied, "P004")["listed_patients"] == 2100 + 1650


def test_patients_to_a_named_practice(tiny_dataset: Dataset) -> None:
    edits = [
        {"table": "practices", "key": "P005", "op": "delete", "values": {"patients_to": "P006"}}
    ]
    applied = apply_edits(tiny_dataset, parse_edits(edits)).dataset
    assert _practice(applied, "P006")["listed_patients"] == 1800 + 1650


def test_persons_with_the_region_age_profile(tiny_dataset: Dataset) -> None:
    # The tiny region's (band, sex) totals of 6,600 persons: 816, 828, 840, 852, 828, 840,
    # 792, 804. 800 × share, floors 98 100 101 103 100 101 96 97 (796); the four largest
    # remainders (.909, .818, .818, .455) get one more each.
    cell = tiny_dataset.cells.iloc[0]
    edits = [
        {
            "table": "cells",
            "key": "NEW1",
            "op": "insert",
            "values": {"x": float(cell["x"]), "y": float(cell["y"]), "persons": 800},
        }
    ]
    applied = apply_edits(tiny_dataset, parse_edits(edits)).dataset
    new_cell = applied.cells.set_index("cell_id").loc["NEW1"]
    assert (new_cell["area_id"], new_cell["municipality_code"], new_cell["postcode"]) == (
        "A1",
        "851",
        "9400",
    )
    rows = applied.population[applied.population["cell_id"] == "NEW1"]
    got = dict(zip(zip(rows["age_band"], rows["sex"], strict=True), rows["persons"], strict=True))
    assert got == {
        ("0-4", "M"): 99,
        ("0-4", "F"): 100,
        ("30-34", "M"): 102,
        ("30-34", "F"): 103,
        ("65-69", "M"): 100,
        ("65-69", "F"): 102,
        ("80-84", "M"): 96,
        ("80-84", "F"): 98,
    }


def test_add_persons_to_an_existing_cell(tiny_dataset: Dataset) -> None:
    edits = [{"table": "cells", "key": "C01", "op": "update", "values": {"add_persons": 6600}}]
    applied = apply_edits(tiny_dataset, parse_edits(edits)).dataset
    # the whole region's profile again: every (band, sex) of C01 grows by the region total
    base = tiny_dataset.population
    totals = base.groupby(["age_band", "sex"])["persons"].sum()
    c01_before = base[base["cell_id"] == "C01"].set_index(["age_band", "sex"])["persons"]
    c01_after = applied.population[applied.population["cell_id"] == "C01"].set_index(
        ["age_band", "sex"]
    )["persons"]
    assert (c01_after - c01_before.reindex(c01_after.index, fill_value=0)).equals(
        totals.reindex(c01_after.index)
    )


def test_rule_parameter_and_year_of_a_retirement(tiny_dataset: Dataset) -> None:
    edits = parse_edits(
        [
            {"table": "rules", "key": "norm", "op": "update", "values": {"value": 1500}},
            {"table": "gps", "key": "G08", "op": "delete", "year": 2027},
        ]
    )
    applied = apply_edits(tiny_dataset, edits).dataset
    assert applied.manifest.rules.norm == 1500
    assert "G08" not in set(applied.gps["gp_id"])
    earlier = apply_edits(tiny_dataset, edits, as_of_year=2026).dataset
    assert "G08" in set(earlier.gps["gp_id"])


def test_moving_a_practice_derives_its_new_area(tiny_dataset: Dataset) -> None:
    target = tiny_dataset.cells.set_index("cell_id").loc["C09"]  # in A3, municipality 849
    edits = [
        {
            "table": "practices",
            "key": "P001",
            "op": "update",
            "values": {"x": float(target["x"]), "y": float(target["y"])},
        }
    ]
    moved = _practice(apply_edits(tiny_dataset, parse_edits(edits)).dataset, "P001")
    assert (moved["area_id"], moved["municipality_code"]) == ("A3", "849")


def test_closing_a_selective_practice_clears_its_postcodes(tiny_dataset: Dataset) -> None:
    edits = [{"table": "practices", "key": "P003", "op": "update", "values": {"status": "open"}}]
    p003 = _practice(apply_edits(tiny_dataset, parse_edits(edits)).dataset, "P003")
    assert p003["status"] == "open" and pd.isna(p003["open_postcodes"])


def test_rebase_reports_the_edits_whose_rows_are_gone(tiny_dataset: Dataset) -> None:
    edits = parse_edits(
        [
            {"table": "practices", "key": "P001", "op": "update", "values": {"capacities": 4}},
            {"table": "practices", "key": "P999", "op": "update", "values": {"capacities": 2}},
            {"table": "gps", "key": "G99", "op": "delete"},
        ]
    )
    applied, skipped = rebase(tiny_dataset, edits)
    assert skipped == [2, 3]
    assert _practice(applied.dataset, "P001")["capacities"] == 4


def test_edits_equal_the_dataset_edited_by_hand(
    tiny_dataset: Dataset, tiny_dataset_dir: Path, tmp_path: Path
) -> None:
    # P005 is removed: its 1,650 patients go to P001 (the one open practice within 15 km)
    by_hand = edited_copy(
        tiny_dataset_dir,
        tmp_path / "by_hand",
        {
            "practices.csv": [
                (P001_LINE, P001_LINE.replace(",3,0,5200,open,", ",4,1,6850,open,")),
                (P005_LINE, ""),
                (
                    "",
                    "N001,Nærklinikken Fjerritslev,9.70,57.05,9440,near,3,0,0,open,,,A3,849",
                ),
                (P003_LINE, P003_LINE.replace(",9000 9400,", ",9000,")),
            ],
            "gps.csv": [
                ("G07,P005,1963,owner,1", ""),
                ("G08,P006,1955,owner,0.5", "G08,P006,1955,owner,1"),
                ("", "G10,N001,1985,employed,0.8"),
            ],
            "coverage_survey.csv": [("P005,100", "")],
            "region_vacancies.csv": [("A3,1,2024-09-01", "A3,2,2024-09-01")],
            "population.csv": [("C01,0-4,M,13", "C01,0-4,M,500")],
        },
    )
    n001 = by_hand.practices.set_index("provider_number").loc["N001"]
    edits = parse_edits(
        [
            {
                "table": "practices",
                "key": "P001",
                "op": "update",
                "values": {"capacities": 4, "vacant_capacities": 1},
            },
            {"table": "practices", "key": "P005", "op": "delete"},
            {
                "table": "practices",
                "key": "N001",
                "op": "insert",
                "values": {
                    "name": "Nærklinikken Fjerritslev",
                    "x": float(n001["x"]),
                    "y": float(n001["y"]),
                    "postcode": "9440",
                    "org_form": "near",
                    "capacities": 3,
                    "vacant_capacities": 0,
                    "listed_patients": 0,
                    "status": "open",
                },
            },
            {
                "table": "practices",
                "key": "P003",
                "op": "update",
                "values": {"open_postcodes": "9000"},
            },
            {"table": "gps", "key": "G08", "op": "update", "values": {"fte": 1}},
            {
                "table": "gps",
                "key": "G10",
                "op": "insert",
                "values": {
                    "provider_number": "N001",
                    "birth_year": 1985,
                    "role": "employed",
                    "fte": 0.8,
                },
            },
            {
                "table": "region_vacancies",
                "key": "A3",
                "op": "update",
                "values": {"vacant_capacities": 2},
            },
            {
                "table": "population",
                "key": ["C01", "0-4", "M"],
                "op": "update",
                "values": {"persons": 500},
            },
        ]
    )
    applied = apply_edits(tiny_dataset, edits).dataset
    for table in ("practices", "gps", "coverage_survey", "region_vacancies", "population", "cells"):
        assert_frame_equal(getattr(applied, table), getattr(by_hand, table), check_exact=True)
    assert applied.manifest == by_hand.manifest


@pytest.mark.parametrize("year", [None, 2030])
def test_edits_round_trip_through_json(year: int | None) -> None:
    edit = Edit("population", ("C01", "0-4", "M"), "update", {"persons": 3}, year)
    assert parse_edits([edit.to_dict()]) == [edit]
