"""``praksisplan travel …`` and import-dk's island list through the real command (main()),
on the two-island world written as a dataset folder; expected values are worked by hand."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely import affinity

from cli_process import run_cli
from engine.builders import Cell, Practice, make_dataset
from praksisplan.cli.travel_inputs import read_links
from praksisplan.core.dataset import ANALYSIS_CRS
from praksisplan.dataset_io import read_dataset, write_dataset
from praksisplan.travel.links import Link, link_tables, links_to_frame
from travel.worlds import FERRY, ISLAND_A, ISLAND_B

#: The world placed in Denmark (EPSG:25832), so lon/lat in the link file are real.
X0, Y0 = 600_000.0, 6_200_000.0


def _write_world(tmp_path: Path) -> tuple[Path, Path]:
    """Island A (municipality 101, area A1) with 100 persons at its centre-left cell; island
    B (102, A2) with the only practice, 6 km from that cell, listing 50 patients."""
    cells = [Cell("c1", X0, Y0, persons={("15-64", "F"): 100})]
    practices = [
        Practice("p1", X0 + 6_000, Y0, listed_patients=50, area_id="A2", municipality_code="102")
    ]
    dataset = make_dataset(
        cells,
        practices,
        areas=(("A1", "Ø A", "101"), ("A2", "Ø B", "102")),
        municipalities=(("101", "Kommune A"), ("102", "Kommune B")),
    )
    geometry = [affinity.translate(g, X0, Y0) for g in (ISLAND_A, ISLAND_B)]
    dataset = dataset.with_tables(
        municipalities=gpd.GeoDataFrame(
            dataset.municipalities.drop(columns="geometry"), geometry=geometry, crs=ANALYSIS_CRS
        ),
        coverage_areas=gpd.GeoDataFrame(
            dataset.coverage_areas.drop(columns="geometry"), geometry=geometry, crs=ANALYSIS_CRS
        ),
    )
    folder = tmp_path / "world"
    write_dataset(dataset, folder)
    ferry = Link(
        FERRY.link_id,
        FERRY.kind,
        FERRY.name,
        (FERRY.a[0] + X0, FERRY.a[1] + Y0),
        (FERRY.b[0] + X0, FERRY.b[1] + Y0),
        FERRY.crossing_minutes,
        None,
        FERRY.departures_per_day,
    )
    links = tmp_path / "links.csv"
    links_to_frame([ferry]).to_csv(links, index=False)
    return folder, links


def test_check_lists_the_island_without_a_link_then_the_ferry(tmp_path: Path) -> None:
    folder, links = _write_world(tmp_path)
    alone = run_cli("travel", "check", str(folder))
    assert alone.returncode == 0, alone.stderr
    assert "Beboede øer uden forbindelse" in alone.stdout
    assert "Ø A — 100 borgere, 0 praksisser" in alone.stdout
    linked = run_cli("travel", "check", str(folder), "--links", str(links))
    assert linked.returncode == 0, linked.stderr
    assert "færge Færgen A–B 6 min, 18 afgange" in linked.stdout
    assert "Forbindelser: 1" in linked.stdout


def test_assign_places_every_listed_patient_38_km_away(tmp_path: Path) -> None:
    """All 50 listed patients live on A: 1 + 36 + 1 = 38 km from their GP, beyond 15 km."""
    folder, links = _write_world(tmp_path)
    out = tmp_path / "region.csv"
    args = ["travel", "assign", str(folder), "--links", str(links), "--reach-km", "40"]
    result = run_cli(*args, "--level", "region", "--format", "csv-codes", "--out", str(out))
    assert result.returncode == 0, result.stderr
    row = pd.read_csv(out).iloc[0]
    assert row["patients"] == 50
    assert row["share_within_17_km"] == 0.0
    assert row["patients_beyond_15_km"] == 50
    assert "0 tilmeldte kunne ikke placeres" in result.stderr
    practices = tmp_path / "practices.csv"
    result = run_cli(*args, "--practices", "--format", "csv-codes", "--out", str(practices))
    assert pd.read_csv(practices).iloc[0]["median_km"] == pytest.approx(38.0)


def test_indicators_over_the_ferry_leave_the_cell_without_free_choice(tmp_path: Path) -> None:
    folder, links = _write_world(tmp_path)
    out = tmp_path / "ind.csv"
    result = run_cli(
        "travel", "indicators", str(folder), "--links", str(links), "--level", "region",
        "--format", "csv-codes", "--out", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    row = pd.read_csv(out).iloc[0]
    assert (row["persons_0_open"], row["persons_1_open"]) == (100, 0)
    assert row["dist_any_median_km"] == pytest.approx(38.0)


def test_a_bad_link_file_names_file_row_and_column(tmp_path: Path) -> None:
    folder, links = _write_world(tmp_path)
    frame = pd.read_csv(links)
    frame.loc[0, "kind"] = "svævebane"
    frame.to_csv(links, index=False)
    result = run_cli("travel", "check", str(folder), "--links", str(links))
    assert result.returncode == 2
    assert "links.csv: række 1, kolonnen 'kind'" in result.stderr


def test_links_in_the_dataset_tables_need_no_link_file(tmp_path: Path) -> None:
    """The link file's ferry written into the dataset as its ferry_links table (through the
    writer's crs transform and the validator's), then used by travel check without --links."""
    folder, links = _write_world(tmp_path)
    with_links = read_dataset(folder).with_tables(**link_tables(read_links(links)))
    write_dataset(with_links, tmp_path / "linked")
    assert (tmp_path / "linked" / "ferry_links.csv").is_file()
    assert not (tmp_path / "linked" / "fixed_links.csv").exists()  # empty: not written
    result = run_cli("travel", "check", str(tmp_path / "linked"))
    assert result.returncode == 0, result.stderr
    assert "færge Færgen A–B 6 min, 18 afgange" in result.stdout
    assert "Forbindelser: 1" in result.stdout


def _world_with_care_homes(tmp_path: Path) -> Path:
    """The world with its ferry in the dataset and two care homes: Solhjem on island A
    beside the cell (no fixed GP), Engly on B at the practice (fixed GP p1)."""
    folder, links = _write_world(tmp_path)
    world = read_dataset(folder)
    homes = pd.DataFrame(
        {
            "care_home_id": ["H1", "H2"],
            "name": ["Solhjem", "Engly"],
            "x": [X0, X0 + 6_000],
            "y": [Y0, Y0],
            "municipality_code": ["101", "102"],
            "places": [40, 25],
            "fixed_gp": ["false", "true"],
            "provider_number": [None, "p1"],
        }
    )
    linked = world.with_tables(care_homes=homes, **link_tables(read_links(links)))
    write_dataset(linked, tmp_path / "homes")
    return tmp_path / "homes"


def test_care_homes_reach_and_the_ones_without_a_fixed_gp(tmp_path: Path) -> None:
    """Solhjem: no practice within 15 km (the only one is 38 km away over the ferry), and
    island A's 50 assigned patients all have that GP: 100 % beyond 15 km. Engly: the
    practice is at its door (1 within 15 km); municipality 102 has no citizens, so no share."""
    folder = _world_with_care_homes(tmp_path)
    result = run_cli(
        "travel", "beds", str(folder), "--sites", "care-homes", "--reach-km", "40",
        "--format", "json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = {row["care_home_id"]: row for row in json.loads(result.stdout)}
    assert rows["H1"]["practices_within_15_km"] == 0
    assert rows["H1"]["share_gp_beyond_15_km"] == 1.0
    assert rows["H2"]["practices_within_15_km"] == 1
    assert rows["H2"]["fixed_gp"] is True and rows["H2"]["provider_number"] == "p1"
    assert rows["H2"]["share_gp_beyond_15_km"] is None
    out = tmp_path / "homes.json"
    without = run_cli(
        "travel", "beds", str(folder), "--sites", "without-gp", "--format", "json",
        "--out", str(out),
    )  # fmt: skip
    assert without.returncode == 0, without.stderr
    table = json.loads(out.read_text(encoding="utf-8"))
    assert [(r["municipality_code"], r["without_fixed_gp"], r["places_without_fixed_gp"],
             r["care_homes_without_fixed_gp"]) for r in table] == [
        ("101", 1, 40, "Solhjem"),
        ("102", 0, 0, ""),
    ]  # fmt: skip
