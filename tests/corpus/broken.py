"""A corpus of broken datasets: each case breaks one rule of the format in a copy of the tiny
dataset (``tests/fixtures/tiny``).

``BrokenCase.make(target_dir)`` writes the broken copy into ``target_dir`` (created if
needed). ``file``/``row``/``column`` say where the issue must be reported (``None`` = not
checked). Reused by the store's tests to show that a rejected load leaves the store unchanged.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

TINY_DATASET_DIR = Path(__file__).parent.parent / "fixtures" / "tiny"

Edit = Callable[[Path], None]


@dataclass(frozen=True)
class BrokenCase:
    name: str
    rule: str
    message_contains: str
    make: Callable[[Path], None]
    file: str | None = None
    row: int | None = None
    column: str | None = None


def _copy_with(*edits: Edit) -> Callable[[Path], None]:
    def make(target: Path) -> None:
        shutil.copytree(TINY_DATASET_DIR, target, dirs_exist_ok=True)
        for edit in edits:
            edit(target)

    return make


def _set_cell(file: str, row: int, column: str, value: str) -> Edit:
    """Set the cell at spreadsheet ``row`` (header = 1) and ``column`` of a CSV."""

    def edit(root: Path) -> None:
        path = root / file
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        rows[row - 1][rows[0].index(column)] = value
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)

    return edit


def _drop_column(file: str, column: str) -> Edit:
    def edit(root: Path) -> None:
        frame = pd.read_csv(root / file, dtype=str, keep_default_na=False)
        frame.drop(columns=column).to_csv(root / file, index=False)

    return edit


def _add_column(file: str, column: str, value: str) -> Edit:
    def edit(root: Path) -> None:
        frame = pd.read_csv(root / file, dtype=str, keep_default_na=False)
        frame[column] = value
        frame.to_csv(root / file, index=False)

    return edit


def _replace_text(file: str, old: str, new: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / file
        text = path.read_text(encoding="utf-8")
        if old not in text:
            raise ValueError(f"{old!r} not in {file}")
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _append_text(file: str, text: str) -> Edit:
    def edit(root: Path) -> None:
        with (root / file).open("a", encoding="utf-8") as handle:
            handle.write(text)

    return edit


def _remove(file: str) -> Edit:
    return lambda root: (root / file).unlink()


def _write_bytes(file: str, data: bytes) -> Edit:
    return lambda root: (root / file).write_bytes(data)


def _copy_file(source: str, target: str) -> Edit:
    return lambda root: shutil.copyfile(root / source, root / target)


def _reencode_latin1(file: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / file
        path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))

    return edit


def _edit_feature(file: str, feature: int, change: Callable[[dict[str, Any]], None]) -> Edit:
    """Change feature number ``feature`` (1-based) of a GeoJSON file in place."""

    def edit(root: Path) -> None:
        path = root / file
        collection = json.loads(path.read_text(encoding="utf-8"))
        change(collection["features"][feature - 1])
        path.write_text(json.dumps(collection), encoding="utf-8")

    return edit


def _set_geometry(geometry: dict[str, Any] | None) -> Callable[[dict[str, Any]], None]:
    def change(feature: dict[str, Any]) -> None:
        feature["geometry"] = geometry

    return change


def _declare_crs(file: str, crs_name: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / file
        collection = json.loads(path.read_text(encoding="utf-8"))
        collection["crs"] = {"type": "name", "properties": {"name": crs_name}}
        path.write_text(json.dumps(collection), encoding="utf-8")

    return edit


def _boundaries_gpkg_without_areas(root: Path) -> None:
    municipalities = gpd.read_file(root / "municipalities.geojson")
    municipalities.to_file(root / "boundaries.gpkg", layer="municipalities", driver="GPKG")
    (root / "municipalities.geojson").unlink()
    (root / "coverage_areas.geojson").unlink()


_BOW_TIE = {
    "type": "Polygon",
    "coordinates": [[[9.8, 57.025], [10.0, 57.1], [10.0, 57.025], [9.8, 57.1], [9.8, 57.025]]],
}
_POINT = {"type": "Point", "coordinates": [9.9, 57.05]}
_LONG_ID = "G" * 65

BROKEN_CASES: tuple[BrokenCase, ...] = (
    # --- files ------------------------------------------------------------------------------
    BrokenCase(
        "manifest-missing",
        "missing-file",
        "manifest is missing",
        _copy_with(_remove("dataset.toml")),
        "dataset.toml",
    ),
    BrokenCase(
        "table-missing",
        "missing-file",
        "'practices' is missing",
        _copy_with(_remove("practices.csv")),
        "practices.csv or practices.xlsx",
    ),
    BrokenCase(
        "table-twice",
        "duplicate-file",
        "more than once",
        _copy_with(_copy_file("gps.csv", "gps.xlsx")),
        "gps.csv",
    ),
    BrokenCase(
        "file-misnamed",
        "unknown-file",
        "not a table of the format",
        _copy_with(_copy_file("coverage_survey.csv", "survey.csv")),
        "survey.csv",
    ),
    BrokenCase(
        "xlsx-corrupt",
        "unreadable",
        "cannot be read",
        _copy_with(_remove("gps.csv"), _write_bytes("gps.xlsx", b"PK\x03\x04 broken")),
        "gps.xlsx",
    ),
    BrokenCase(
        "geojson-corrupt",
        "unreadable",
        "cannot be read",
        _copy_with(_write_bytes("municipalities.geojson", b'{"type": "FeatureColl')),
        "municipalities.geojson",
    ),
    BrokenCase(
        "csv-ragged",
        "unreadable",
        "cannot be parsed",
        _copy_with(_append_text("gps.csv", "G10,P001,1970,owner,1,extra,fields\n")),
        "gps.csv",
    ),
    BrokenCase(
        "csv-latin1",
        "encoding",
        "not UTF-8",
        _copy_with(_reencode_latin1("practices.csv")),
        "practices.csv",
        2,
    ),
    BrokenCase(
        "csv-empty", "empty-file", "empty", _copy_with(_write_bytes("gps.csv", b"")), "gps.csv"
    ),
    BrokenCase(
        "gpkg-layer-missing",
        "missing-layer",
        "no layer 'coverage_areas'",
        _copy_with(_boundaries_gpkg_without_areas),
        "boundaries.gpkg:coverage_areas",
    ),
    BrokenCase(
        "geojson-not-wgs84",
        "crs",
        "must be WGS84",
        _copy_with(_declare_crs("coverage_areas.geojson", "EPSG:25832")),
        "coverage_areas.geojson",
    ),
    # --- manifest ---------------------------------------------------------------------------
    BrokenCase(
        "manifest-syntax",
        "toml-syntax",
        "not valid TOML",
        _copy_with(_append_text("dataset.toml", "norm = = 3\n")),
        "dataset.toml",
    ),
    BrokenCase(
        "manifest-name-missing",
        "required",
        "'name' is missing",
        _copy_with(_replace_text("dataset.toml", 'name = "Tiny test region"\n', "")),
        "dataset.toml",
        None,
        "name",
    ),
    BrokenCase(
        "manifest-unknown-setting",
        "unknown-field",
        "'colour' is not a known setting",
        _copy_with(
            _replace_text("dataset.toml", "synthetic = true", 'synthetic = true\ncolour = "red"')
        ),
        "dataset.toml",
        None,
        "colour",
    ),
    BrokenCase(
        "manifest-norm-zero",
        "range",
        "greater than or equal to 1",
        _copy_with(_replace_text("dataset.toml", "norm = 1600", "norm = 0")),
        "dataset.toml",
        None,
        "rules.norm",
    ),
    BrokenCase(
        "manifest-norm-above-max",
        "invalid",
        "norm must not exceed max_list",
        _copy_with(_replace_text("dataset.toml", "norm = 1600", "norm = 3000")),
        "dataset.toml",
        None,
        "rules",
    ),
    BrokenCase(
        "manifest-bands-gap",
        "invalid",
        "should start at 10",
        _copy_with(_append_text("dataset.toml", 'age_bands = ["0-9", "20+"]\n')),
        "dataset.toml",
        None,
        "rules.age_bands",
    ),
    BrokenCase(
        "manifest-date",
        "type",
        "date",
        _copy_with(
            _replace_text(
                "dataset.toml", "reference_date = 2025-01-01", 'reference_date = "1. januar 2025"'
            )
        ),
        "dataset.toml",
        None,
        "reference_date",
    ),
    BrokenCase(
        "manifest-crs-unknown",
        "crs",
        "not a known coordinate system",
        _copy_with(_replace_text("dataset.toml", '"EPSG:4326"', '"EPSG:999999"')),
        "dataset.toml",
        None,
        "crs",
    ),
    # --- columns ----------------------------------------------------------------------------
    BrokenCase(
        "column-missing",
        "missing-column",
        "'listed_patients' is missing",
        _copy_with(_drop_column("practices.csv", "listed_patients")),
        "practices.csv",
        None,
        "listed_patients",
    ),
    BrokenCase(
        "column-unknown",
        "unknown-column",
        "'cpr' is not part of the gps table",
        _copy_with(_add_column("gps.csv", "cpr", "0101701234")),
        "gps.csv",
        None,
        "cpr",
    ),
    # --- values -----------------------------------------------------------------------------
    BrokenCase(
        "value-required",
        "required",
        "value is missing",
        _copy_with(_set_cell("practices.csv", 3, "name", "")),
        "practices.csv",
        3,
        "name",
    ),
    BrokenCase(
        "value-not-number",
        "type",
        "'nineteen' is not a number",
        _copy_with(_set_cell("gps.csv", 5, "birth_year", "nineteen")),
        "gps.csv",
        5,
        "birth_year",
    ),
    BrokenCase(
        "value-not-whole",
        "type",
        "is not a whole number",
        _copy_with(_set_cell("practices.csv", 3, "listed_patients", "1750.5")),
        "practices.csv",
        3,
        "listed_patients",
    ),
    BrokenCase(
        "value-infinite",
        "type",
        "'inf' is not a number",
        _copy_with(_set_cell("population_cells.csv", 4, "x", "inf")),
        "population_cells.csv",
        4,
        "x",
    ),
    BrokenCase(
        "value-not-date",
        "type",
        "is not a date",
        _copy_with(_set_cell("region_vacancies.csv", 2, "advertised_since", "1. september 2024")),
        "region_vacancies.csv",
        2,
        "advertised_since",
    ),
    BrokenCase(
        "capacities-negative",
        "range",
        "'-1' is out of range; expected a number ≥ 0",
        _copy_with(_set_cell("practices.csv", 2, "capacities", "-1")),
        "practices.csv",
        2,
        "capacities",
    ),
    BrokenCase(
        "fte-zero",
        "range",
        "'0' is out of range; expected a number > 0 and ≤ 1",
        _copy_with(_set_cell("gps.csv", 8, "fte", "0")),
        "gps.csv",
        8,
        "fte",
    ),
    BrokenCase(
        "persons-negative",
        "range",
        "'-3' is out of range",
        _copy_with(_set_cell("population.csv", 10, "persons", "-3")),
        "population.csv",
        10,
        "persons",
    ),
    BrokenCase(
        "status-unknown",
        "choice",
        "'half-open' is not allowed; expected one of open, closed, selective",
        _copy_with(_set_cell("practices.csv", 5, "status", "half-open")),
        "practices.csv",
        5,
        "status",
    ),
    BrokenCase(
        "postcode-format",
        "format",
        "'94OO' has the wrong format",
        _copy_with(_set_cell("population_cells.csv", 2, "postcode", "94OO")),
        "population_cells.csv",
        2,
        "postcode",
    ),
    BrokenCase(
        "id-too-long",
        "length",
        "has the wrong length",
        _copy_with(_set_cell("gps.csv", 10, "gp_id", _LONG_ID)),
        "gps.csv",
        10,
        "gp_id",
    ),
    BrokenCase(
        "id-twice",
        "unique",
        "'G01' appears more than once (first in row 2)",
        _copy_with(_set_cell("gps.csv", 4, "gp_id", "G01")),
        "gps.csv",
        4,
        "gp_id",
    ),
    BrokenCase(
        "population-key-twice",
        "unique",
        "'C01 / 0-4 / F' appears more than once (first in row 2)",
        _copy_with(_set_cell("population.csv", 2, "sex", "F")),
        "population.csv",
        3,
        "cell_id",
    ),
    # --- cross-table rules ------------------------------------------------------------------
    BrokenCase(
        "gp-practice-unknown",
        "reference",
        "'P999' does not exist as provider_number in practices.csv",
        _copy_with(_set_cell("gps.csv", 5, "provider_number", "P999")),
        "gps.csv",
        5,
        "provider_number",
    ),
    BrokenCase(
        "population-cell-unknown",
        "reference",
        "'C13' does not exist as cell_id in population_cells.csv",
        _copy_with(_set_cell("population.csv", 97, "cell_id", "C13")),
        "population.csv",
        97,
        "cell_id",
    ),
    BrokenCase(
        "vacancy-area-unknown",
        "reference",
        "'A9' does not exist as area_id",
        _copy_with(_set_cell("region_vacancies.csv", 2, "area_id", "A9")),
        "region_vacancies.csv",
        2,
        "area_id",
    ),
    BrokenCase(
        "survey-practice-unknown",
        "reference",
        "'P777' does not exist",
        _copy_with(_set_cell("coverage_survey.csv", 3, "provider_number", "P777")),
        "coverage_survey.csv",
        3,
        "provider_number",
    ),
    BrokenCase(
        "area-municipality-unknown",
        "reference",
        "'999' does not exist as code in municipalities.geojson",
        _copy_with(
            _edit_feature(
                "coverage_areas.geojson",
                3,
                lambda f: f["properties"].update(municipality_code="999"),
            )
        ),
        "coverage_areas.geojson",
        3,
        "municipality_code",
    ),
    BrokenCase(
        "cell-area-unknown",
        "reference",
        "'A7' does not exist as area_id in coverage_areas.geojson",
        _copy_with(_set_cell("population_cells.csv", 3, "area_id", "A7")),
        "population_cells.csv",
        3,
        "area_id",
    ),
    BrokenCase(
        "cell-municipality-mismatch",
        "area-municipality-mismatch",
        "differs from municipality 851",
        _copy_with(_set_cell("population_cells.csv", 2, "municipality_code", "849")),
        "population_cells.csv",
        2,
        "municipality_code",
    ),
    BrokenCase(
        "vacant-above-capacities",
        "vacant-exceeds-capacities",
        "3 vacant capacities exceed the practice's 2",
        _copy_with(_set_cell("practices.csv", 4, "vacant_capacities", "3")),
        "practices.csv",
        4,
        "vacant_capacities",
    ),
    BrokenCase(
        "selective-without-postcodes",
        "selective-needs-postcodes",
        "must list the postcodes",
        _copy_with(_set_cell("practices.csv", 4, "open_postcodes", "")),
        "practices.csv",
        4,
        "open_postcodes",
    ),
    BrokenCase(
        "postcodes-on-open-practice",
        "postcodes-only-when-selective",
        "status is 'open'",
        _copy_with(_set_cell("practices.csv", 2, "open_postcodes", "9400")),
        "practices.csv",
        2,
        "open_postcodes",
    ),
    BrokenCase(
        "open-postcodes-malformed",
        "format",
        "not a space-separated list",
        _copy_with(_set_cell("practices.csv", 4, "open_postcodes", "9000,94")),
        "practices.csv",
        4,
        "open_postcodes",
    ),
    BrokenCase(
        "gp-too-young",
        "gp-age",
        "20 years old",
        _copy_with(_set_cell("gps.csv", 7, "birth_year", "2005")),
        "gps.csv",
        7,
        "birth_year",
    ),
    BrokenCase(
        "age-band-unknown",
        "age-band-unknown",
        "'17-23' is not one of the manifest's age_bands",
        _copy_with(_set_cell("population.csv", 4, "age_band", "17-23")),
        "population.csv",
        4,
        "age_band",
    ),
    # --- geography --------------------------------------------------------------------------
    BrokenCase(
        "cell-outside-region",
        "outside-region",
        "outside every coverage area",
        _copy_with(_set_cell("population_cells.csv", 6, "x", "11.5")),
        "population_cells.csv",
        6,
        "x",
    ),
    BrokenCase(
        "practice-outside-region",
        "outside-region",
        "(12.5, 55.7)",
        _copy_with(
            _set_cell("practices.csv", 7, "x", "12.5"), _set_cell("practices.csv", 7, "y", "55.7")
        ),
        "practices.csv",
        7,
        "x",
    ),
    BrokenCase(
        "area-self-intersecting",
        "geometry-invalid",
        "Self-intersection",
        _copy_with(_edit_feature("coverage_areas.geojson", 1, _set_geometry(_BOW_TIE))),
        "coverage_areas.geojson",
        1,
        "geometry",
    ),
    BrokenCase(
        "municipality-without-geometry",
        "geometry-missing",
        "no geometry",
        _copy_with(_edit_feature("municipalities.geojson", 2, _set_geometry(None))),
        "municipalities.geojson",
        2,
        "geometry",
    ),
    BrokenCase(
        "area-is-a-point",
        "geometry-type",
        "must be Polygon or MultiPolygon",
        _copy_with(_edit_feature("coverage_areas.geojson", 2, _set_geometry(_POINT))),
        "coverage_areas.geojson",
        2,
        "geometry",
    ),
)
