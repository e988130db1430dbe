"""Reading the tiny dataset from every supported file form gives the same, hand-checked data."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from praksisplan.core.dataset import ANALYSIS_CRS, Dataset
from praksisplan.core.errors import DatasetInvalidError, PraksisplanError
from praksisplan.dataset_io import read_dataset, validate_path


def _assert_same(a: Dataset, b: Dataset) -> None:
    assert a.manifest == b.manifest
    for name in ("cells", "population", "practices", "gps", "region_vacancies", "coverage_survey"):
        assert_frame_equal(getattr(a, name), getattr(b, name))
    for name in ("municipalities", "coverage_areas"):
        left, right = getattr(a, name), getattr(b, name)
        assert_frame_equal(
            pd.DataFrame(left.drop(columns="geometry")),
            pd.DataFrame(right.drop(columns="geometry")),
        )
        assert left.geometry.geom_equals_exact(right.geometry, tolerance=1e-3).all()  # 1 mm


def test_tiny_dataset_has_the_hand_counted_figures(tiny_dataset: Dataset) -> None:
    assert tiny_dataset.manifest.region.code == "1081"
    assert len(tiny_dataset.municipalities) == 2
    assert list(tiny_dataset.coverage_areas["area_id"]) == ["A1", "A2", "A3"]
    assert len(tiny_dataset.cells) == 12
    # cell Ci has 80·i + 30 persons: Σ = 80·78 + 12·30
    assert int(tiny_dataset.population["persons"].sum()) == 6600
    assert tiny_dataset.practices["capacities"].sum() == 10
    assert tiny_dataset.practices["listed_patients"].sum() == 14400
    assert tiny_dataset.practices["norm_override"].tolist()[4] == 1400
    assert pd.isna(tiny_dataset.practices["norm_override"].iloc[0])
    assert tiny_dataset.region_vacancies["advertised_since"].iloc[0] == dt.date(2024, 9, 1)
    assert tiny_dataset.temporary_beds.empty and list(tiny_dataset.demand_weights.columns) == [
        "age_band",
        "sex",
        "weight",
    ]


def test_empty_area_and_municipality_are_derived_from_the_point(tiny_dataset: Dataset) -> None:
    cells = tiny_dataset.cells.set_index("cell_id")
    # C03 (9.95, 57.04) lies north of 57.025 in Aalborg → A1; C07 (9.93, 56.98) south → A2;
    # C11 (9.75, 56.98) west of 9.8 → Jammerbugt's A3, municipality 849.
    assert cells.loc[["C03", "C07", "C11"], "area_id"].tolist() == ["A1", "A2", "A3"]
    assert cells.loc[["C03", "C07", "C11"], "municipality_code"].tolist() == ["851", "851", "849"]
    practices = tiny_dataset.practices.set_index("provider_number")
    assert practices["area_id"].tolist() == ["A1", "A1", "A2", "A2", "A3", "A3"]
    assert practices.loc["P004", "municipality_code"] == "851"


def test_coordinates_are_utm32_metres(tiny_dataset: Dataset) -> None:
    assert tiny_dataset.coverage_areas.crs == ANALYSIS_CRS
    cells = tiny_dataset.cells.set_index("cell_id")
    # C01 (9.85, 57.05) to C09 (9.65, 57.00): haversine distance on a 6371 km sphere; the
    # projection's scale factor (≈ 0.9996) and the sphere's error stay well below 0.5 %.
    lon1, lat1, lon2, lat2 = np.radians([9.85, 57.05, 9.65, 57.00])
    haversine = (
        2
        * 6_371_000
        * np.arcsin(
            np.sqrt(
                np.sin((lat2 - lat1) / 2) ** 2
                + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
            )
        )
    )
    dx = cells.loc["C01", "x"] - cells.loc["C09", "x"]
    dy = cells.loc["C01", "y"] - cells.loc["C09", "y"]
    assert np.hypot(dx, dy) == pytest.approx(haversine, rel=0.005)
    assert 500_000 < cells.loc["C01", "x"] < 600_000  # east of the zone's central meridian 9° E
    assert cells.loc["C01", "y"] == pytest.approx(57.05 * 111_000, rel=0.01)
    area_km2 = tiny_dataset.coverage_areas.geometry.area.sum() / 1e6
    # 0.4° × 0.15° at 57° N
    assert area_km2 == pytest.approx(
        0.4 * 111.32 * np.cos(np.radians(57.025)) * 0.15 * 111.2, rel=0.01
    )


def _to_xlsx(root: Path, table: str) -> None:
    frame = pd.read_csv(root / f"{table}.csv", dtype=str, keep_default_na=False)
    for column in ("x", "y", "persons", "listed_patients"):  # numeric cells, as Excel stores them
        if column in frame:
            frame[column] = pd.to_numeric(frame[column])
    if "advertised_since" in frame:  # a real date cell
        frame["advertised_since"] = pd.to_datetime(frame["advertised_since"])
    frame.to_excel(root / f"{table}.xlsx", index=False)
    (root / f"{table}.csv").unlink()


def _to_semicolon_bom(root: Path, table: str) -> None:
    frame = pd.read_csv(root / f"{table}.csv", dtype=str, keep_default_na=False)
    text = frame.to_csv(index=False, sep=";")
    if "fte" in frame:  # Danish spreadsheets write a decimal comma
        text = text.replace(";0.5\n", ";0,5\n")
    (root / f"{table}.csv").write_text("\ufeff" + text, encoding="utf-8")


def test_xlsx_semicolon_bom_and_decimal_comma_load_the_same(
    tiny_dataset_dir: Path, tiny_dataset: Dataset, tmp_path: Path
) -> None:
    root = tmp_path / "mixed"
    shutil.copytree(tiny_dataset_dir, root)
    _to_xlsx(root, "population")
    _to_xlsx(root, "practices")
    _to_xlsx(root, "region_vacancies")
    _to_semicolon_bom(root, "gps")
    _to_semicolon_bom(root, "population_cells")
    assert "0,5" in (root / "gps.csv").read_text(encoding="utf-8")
    _assert_same(read_dataset(root), tiny_dataset)


@pytest.mark.parametrize(
    "single_file", [True, False], ids=["boundaries.gpkg", "one-gpkg-per-layer"]
)
def test_geopackage_in_any_crs_loads_the_same(
    single_file: bool, tiny_dataset_dir: Path, tiny_dataset: Dataset, tmp_path: Path
) -> None:
    root = tmp_path / "gpkg"
    shutil.copytree(tiny_dataset_dir, root)
    for table in ("municipalities", "coverage_areas"):
        layer = gpd.read_file(root / f"{table}.geojson").to_crs("EPSG:3035")  # not 25832 nor 4326
        (root / f"{table}.geojson").unlink()
        target = root / ("boundaries.gpkg" if single_file else f"{table}.gpkg")
        layer.to_file(target, layer=table, driver="GPKG")
    _assert_same(read_dataset(root), tiny_dataset)


@pytest.mark.parametrize("top_folder", [True, False], ids=["with-top-folder", "flat"])
def test_zip_loads_the_same(
    top_folder: bool, tiny_dataset_dir: Path, tiny_dataset: Dataset, tmp_path: Path
) -> None:
    archive = tmp_path / "tiny.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for file in sorted(tiny_dataset_dir.iterdir()):
            zipped.write(file, f"tiny/{file.name}" if top_folder else file.name)
    _assert_same(read_dataset(archive), tiny_dataset)
    assert validate_path(archive) == []


def test_every_problem_is_reported_at_once(tiny_dataset_dir: Path, tmp_path: Path) -> None:
    root = tmp_path / "many"
    shutil.copytree(tiny_dataset_dir, root)
    gps = (root / "gps.csv").read_text(encoding="utf-8")
    (root / "gps.csv").write_text(
        gps.replace("G06,P004,1990,employed,0.8", "G06,P404,1990,boss,1.8")
    )
    practices = (root / "practices.csv").read_text(encoding="utf-8")
    (root / "practices.csv").write_text(
        practices.replace("P002,Lægerne Vestergade,9.92", "P002,,19.92")
    )
    (root / "coverage_survey.csv").unlink()  # optional: not a problem

    issues = validate_path(root)

    found = {(i.file, i.row, i.column, i.rule) for i in issues}
    assert found == {
        ("gps.csv", 7, "provider_number", "reference"),
        ("gps.csv", 7, "role", "choice"),
        ("gps.csv", 7, "fte", "range"),
        ("practices.csv", 3, "name", "required"),
        ("practices.csv", 3, "x", "outside-region"),
    }
    with pytest.raises(DatasetInvalidError, match="5 problemer"):
        read_dataset(root)


def test_many_broken_rows_are_listed_up_to_a_limit_then_counted(
    tiny_dataset_dir: Path, tmp_path: Path
) -> None:
    root = tmp_path / "bad-persons"
    shutil.copytree(tiny_dataset_dir, root)
    population = pd.read_csv(root / "population.csv", dtype=str)
    population["persons"] = "-1"
    population.to_csv(root / "population.csv", index=False)

    issues = [i for i in validate_path(root) if i.column == "persons"]

    assert [i.row for i in issues[:3]] == [None, 2, 3]  # summary first (row None sorts as 0)
    assert len(issues) == 51
    assert issues[0].message.startswith("yderligere 46 rækker bryder denne regel")


def test_a_path_that_is_no_dataset_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(PraksisplanError, match=r"er hverken en datasætmappe eller en \.zip-fil"):
        read_dataset(tmp_path / "notes.txt")
    with pytest.raises(PraksisplanError, match="findes ikke"):
        validate_path(tmp_path / "nowhere")


def test_header_only_tables_and_absent_derived_columns_are_valid(
    tiny_dataset_dir: Path, tiny_dataset: Dataset, tmp_path: Path
) -> None:
    root = tmp_path / "sparse"
    shutil.copytree(tiny_dataset_dir, root)
    (root / "region_vacancies.csv").write_text("area_id,vacant_capacities,advertised_since\n")
    cells = pd.read_csv(root / "population_cells.csv", dtype=str)
    cells.drop(columns=["area_id", "municipality_code"]).to_csv(
        root / "population_cells.csv", index=False
    )

    dataset = read_dataset(root)

    assert dataset.region_vacancies.empty
    assert dataset.cells["area_id"].tolist() == ["A1"] * 4 + ["A2"] * 4 + ["A3"] * 4
    assert_frame_equal(dataset.cells, tiny_dataset.cells)


def test_numeric_geojson_properties_are_read_as_text(
    tiny_dataset_dir: Path, tmp_path: Path
) -> None:
    """Codes stored as numbers (851.0) read as "851"; a fraction (12.5) does not crash."""
    root = tmp_path / "numeric"
    shutil.copytree(tiny_dataset_dir, root)
    path = root / "coverage_areas.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    for feature in collection["features"]:
        properties = feature["properties"]
        properties["municipality_code"] = float(properties["municipality_code"])
        properties["area_km2"] = 12.5
    path.write_text(json.dumps(collection), encoding="utf-8")

    issues = validate_path(root)

    assert [(i.file, i.row, i.column, i.rule) for i in issues] == [
        ("coverage_areas.geojson", None, "area_km2", "unknown-column")
    ]
