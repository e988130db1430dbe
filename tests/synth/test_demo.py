"""Region Demo meets Region Nordjylland's published figures and is a sound geography."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from praksisplan.core.dataset import Dataset
from praksisplan.core.schema import (
    CoverageAreaRow,
    GpRow,
    MunicipalityRow,
    OrgForm,
    PopulationCellRow,
    PopulationRow,
    PracticeRow,
    RegionVacancyRow,
)
from praksisplan.engine.indicators import compute_indicators
from praksisplan.engine.key_figures import key_figures
from praksisplan.synth.demo import DEMO_SEED, build_demo_dataset
from praksisplan.threat.assess import assess
from praksisplan.threat.rules import load_rules


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return build_demo_dataset()


def test_builds_deterministically(demo: Dataset) -> None:
    # how long the build takes is measured by benchmarks/dataset_read.py
    again = build_demo_dataset(DEMO_SEED)
    for name in ("cells", "population", "practices", "gps", "region_vacancies"):
        pd.testing.assert_frame_equal(getattr(demo, name), getattr(again, name))
    assert demo.coverage_areas.geometry.geom_equals_exact(again.coverage_areas.geometry, 0).all()
    other = build_demo_dataset(DEMO_SEED + 1)
    assert not other.practices["x"].equals(demo.practices["x"])


def test_labelled_synthetic(demo: Dataset) -> None:
    assert demo.manifest.synthetic
    assert "syntetisk" in demo.manifest.name
    assert demo.manifest.region.code == "1099"
    assert sorted(demo.municipalities["code"]) == [str(c) for c in range(901, 912)]
    assert str(demo.manifest.reference_date) == "2026-01-01"


def test_key_figures_match_nordjylland(demo: Dataset) -> None:
    figures = key_figures(demo)
    assert figures["municipalities"] == 11
    assert figures["coverage_areas"] == 40
    assert abs(figures["population"] - 590_000) <= 5_900
    assert figures["capacities"] == 373
    assert figures["filled_capacities"] == 331
    assert figures["vacant_capacities"] == 42
    assert abs(figures["gps"] - 331) <= 0.03 * 331
    assert abs(figures["share_gps_closed"] - 0.60) <= 0.05
    assert abs(figures["share_gps_selective"] - 0.20) <= 0.05
    assert abs(figures["patients_per_filled_capacity"] - 1_789) <= 0.02 * 1_789
    assert abs(figures["share_gps_60plus"] - 1 / 3) <= 0.04


def test_rows_conform_to_the_schema(demo: Dataset) -> None:
    tables = [
        (demo.municipalities.drop(columns="geometry"), MunicipalityRow),
        (demo.coverage_areas.drop(columns="geometry"), CoverageAreaRow),
        (demo.cells, PopulationCellRow),
        (demo.population.head(2000), PopulationRow),
        (demo.practices, PracticeRow),
        (demo.gps, GpRow),
        (demo.region_vacancies, RegionVacancyRow),
    ]
    for frame, model in tables:
        for record in frame.to_dict(orient="records"):
            model(**{k: (None if pd.isna(v) else v) for k, v in record.items()})
    practices = demo.practices
    assert (practices["vacant_capacities"] < practices["capacities"]).all()
    assert (
        practices["listed_patients"]
        <= 2_700 * (practices["capacities"] - practices["vacant_capacities"])
    ).all()
    selective = practices[practices["status"] == "selective"]
    assert len(selective) > 0 and selective["open_postcodes"].notna().all()
    assert practices.loc[practices["status"] != "selective", "open_postcodes"].isna().all()


def test_areas_tile_municipalities_and_land(demo: Dataset) -> None:
    munis = demo.municipalities.set_index("code")
    areas = demo.coverage_areas
    assert munis.is_valid.all() and areas.is_valid.all()
    for code, group in areas.groupby("municipality_code"):
        union = shapely.union_all(group.geometry.to_numpy())
        assert group.area.sum() == pytest.approx(munis.geometry[code].area, rel=1e-9)
        assert union.symmetric_difference(munis.geometry[code]).area < 1.0  # m²
    land = shapely.union_all(munis.geometry.to_numpy())
    assert munis.area.sum() == pytest.approx(land.area, rel=1e-9)  # no overlaps
    # an irregular mainland plus at least two islands
    parts = sorted(shapely.get_parts(land), key=lambda g: -g.area)
    assert len(parts) >= 3
    islands = areas[areas["name"].isin(["Sandø", "Lilleø"])]
    assert len(islands) == 2
    assert all(not g.intersects(parts[0]) for g in islands.geometry)
    assert 5_000e6 < parts[0].area < 10_000e6  # a Nordjylland-sized mainland


def test_cells_lie_in_their_areas(demo: Dataset) -> None:
    areas = demo.coverage_areas.set_index("area_id")
    cells = demo.cells
    geometry = areas.geometry.loc[cells["area_id"]].to_numpy()
    assert shapely.intersects(geometry, shapely.points(cells[["x", "y"]].to_numpy())).all()
    municipality = areas["municipality_code"].loc[cells["area_id"]].to_numpy()
    assert (municipality == cells["municipality_code"].to_numpy()).all()
    assert 2_000 <= len(cells) <= 20_000
    # the islands are inhabited, and older than the city
    island_ids = areas.index[areas["name"].isin(["Sandø", "Lilleø"])]
    persons = demo.population.merge(cells[["cell_id", "area_id"]], on="cell_id")
    island = persons[persons["area_id"].isin(island_ids)]
    city = persons[persons["area_id"].isin(areas.index[areas["municipality_code"] == "901"])]
    assert island["persons"].sum() > 1_000

    def share_65plus(frame: pd.DataFrame) -> float:
        old = frame["age_band"].str.extract(r"^(\d+)")[0].astype(int) >= 65
        return float(frame.loc[old, "persons"].sum() / frame["persons"].sum())

    assert share_65plus(island) > share_65plus(persons) > share_65plus(city)


def test_supply_mix_and_shortage_in_outlying_areas(demo: Dataset) -> None:
    practices = demo.practices
    assert set(practices["org_form"]) == {str(f) for f in OrgForm}
    filled = practices["capacities"] - practices["vacant_capacities"]
    region_run = practices["org_form"].isin(["contract", "region", "near"])
    per_muni = pd.DataFrame(
        {
            "listed": practices.groupby("municipality_code")["listed_patients"].sum(),
            "region_run": practices[region_run]
            .groupby("municipality_code")["listed_patients"]
            .sum(),
            "filled": filled.groupby(practices["municipality_code"]).sum(),
        }
    ).fillna(0)
    shares = (per_muni["region_run"] / per_muni["listed"])[per_muni["region_run"] > 0]
    assert len(shares) >= 2
    assert ((shares >= 0.25) & (shares <= 1 / 3 + 1e-9)).all()

    persons = demo.population.merge(demo.cells[["cell_id", "municipality_code"]], on="cell_id")
    citizens = persons.groupby("municipality_code")["persons"].sum()
    per_filled = citizens / per_muni["filled"]
    outlying = per_filled.drop(["901", "911"])
    assert per_filled["901"] < outlying.min()  # the city is best supplied
    gps = demo.gps.merge(practices[["provider_number", "municipality_code", "status", "org_form"]])
    # region-run clinics take new patients; closed practices are also common in the city,
    # where lists are full
    assert (gps.loc[gps["org_form"].isin(["contract", "region", "near"]), "status"] == "open").all()
    assert (gps.loc[gps["municipality_code"] == "901", "status"] == "closed").mean() >= 0.5
    old = (2026 - gps["birth_year"]) >= 60
    assert (
        old[gps["municipality_code"] == "901"].mean()
        < old[gps["municipality_code"] != "901"].mean()
    )

    vacancies = demo.region_vacancies
    waited = pd.Timestamp("2026-01-01") - pd.to_datetime(vacancies["advertised_since"])
    assert (waited > pd.Timedelta(days=365)).any()
    assert vacancies["area_id"].isin(demo.coverage_areas["area_id"]).all()
    assert len(demo.coverage_survey) > 0 and len(demo.temporary_beds) > 0
    island_areas = demo.coverage_areas.loc[
        demo.coverage_areas["name"].isin(["Sandø", "Lilleø"]), "area_id"
    ]
    on_islands = practices[practices["area_id"].isin(island_areas)]
    assert 1 <= len(on_islands) <= 4
    assert np.isin(island_areas, vacancies["area_id"]).any()


def test_most_citizens_have_a_free_choice(demo: Dataset) -> None:
    region = compute_indicators(demo, "region").iloc[0]
    # fewer than two open practices within 15 km: a minority, mostly in the shortage areas
    assert 0.08 <= region["share_persons_lt2_open"] <= 0.20
    assert region["persons_0_open"] / region["population"] <= 0.08


def test_default_rules_threaten_a_few_outlying_areas(demo: Dataset) -> None:
    areas = assess(demo, load_rules(None)).areas
    counts = areas["threat_class"].value_counts()
    assert 3 <= counts.get("red", 0) <= 8
    assert 6 <= counts.get("yellow", 0) <= 14
    assert counts.get("green", 0) == 40 - counts.get("red", 0) - counts.get("yellow", 0)
    # the main city is all green; red lies outside it, on an island among others
    city = areas["municipality_code"] == "901"
    assert (areas.loc[city, "threat_class"] == "green").all()
    red_names = set(areas.loc[areas["threat_class"] == "red", "name"])
    assert red_names & {"Sandø", "Lilleø"}
