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


def _reencode_utf16(file: str) -> Edit:
    """UTF-16 (Excel's "Unicode text"): neither UTF-8 nor Windows-1252, so refused."""

    def edit(root: Path) -> None:
        path = root / file
        path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))

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
        "dataset.toml mangler",
        _copy_with(_remove("dataset.toml")),
        "dataset.toml",
    ),
    BrokenCase(
        "table-missing",
        "missing-file",
        "den påkrævede tabel 'practices' mangler",
        _copy_with(_remove("practices.csv")),
        "practices.csv or practices.xlsx",
    ),
    BrokenCase(
        "table-twice",
        "duplicate-file",
        "tabellen 'gps' er angivet mere end én gang",
        _copy_with(_copy_file("gps.csv", "gps.xlsx")),
        "gps.csv",
    ),
    BrokenCase(
        "file-misnamed",
        "unknown-file",
        "'survey.csv' er ikke en tabel i formatet",
        _copy_with(_copy_file("coverage_survey.csv", "survey.csv")),
        "survey.csv",
    ),
    BrokenCase(
        "xlsx-corrupt",
        "unreadable",
        "regnearket kan ikke læses",
        _copy_with(_remove("gps.csv"), _write_bytes("gps.xlsx", b"PK\x03\x04 broken")),
        "gps.xlsx",
    ),
    BrokenCase(
        "geojson-corrupt",
        "unreadable",
        "filen kan ikke læses",
        _copy_with(_write_bytes("municipalities.geojson", b'{"type": "FeatureColl')),
        "municipalities.geojson",
    ),
    BrokenCase(
        "csv-ragged",
        "unreadable",
        "CSV-filen kan ikke læses",
        _copy_with(_append_text("gps.csv", "G10,P001,1970,owner,1,extra,fields\n")),
        "gps.csv",
    ),
    BrokenCase(
        "csv-utf16",
        "encoding",
        "filen er hverken UTF-8- eller Windows-1252-tekst",
        _copy_with(_reencode_utf16("practices.csv")),
        "practices.csv",
    ),
    BrokenCase(
        "csv-empty",
        "empty-file",
        "filen er tom",
        _copy_with(_write_bytes("gps.csv", b"")),
        "gps.csv",
    ),
    BrokenCase(
        "gpkg-layer-missing",
        "missing-layer",
        "har intet lag 'coverage_areas'",
        _copy_with(_boundaries_gpkg_without_areas),
        "boundaries.gpkg:coverage_areas",
    ),
    BrokenCase(
        "geojson-not-wgs84",
        "crs",
        "GeoJSON skal være i WGS84",
        _copy_with(_declare_crs("coverage_areas.geojson", "EPSG:25832")),
        "coverage_areas.geojson",
    ),
    # --- manifest ---------------------------------------------------------------------------
    BrokenCase(
        "manifest-syntax",
        "toml-syntax",
        "filen er ikke gyldig TOML",
        _copy_with(_append_text("dataset.toml", "norm = = 3\n")),
        "dataset.toml",
    ),
    BrokenCase(
        "manifest-name-missing",
        "required",
        "indstillingen 'name' mangler",
        _copy_with(_replace_text("dataset.toml", 'name = "Tiny test region"\n', "")),
        "dataset.toml",
        None,
        "name",
    ),
    BrokenCase(
        "manifest-unknown-setting",
        "unknown-field",
        "'colour' er ikke en kendt indstilling",
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
        "værdien 0 skal være mindst 1",
        _copy_with(_replace_text("dataset.toml", "norm = 1600", "norm = 0")),
        "dataset.toml",
        None,
        "rules.norm",
    ),
    BrokenCase(
        "manifest-norm-above-max",
        "invalid",
        "norm må ikke overstige max_list",
        _copy_with(_replace_text("dataset.toml", "norm = 1600", "norm = 3000")),
        "dataset.toml",
        None,
        "rules",
    ),
    BrokenCase(
        "manifest-bands-gap",
        "invalid",
        "aldersgruppen '20+' skulle begynde ved 10",
        _copy_with(_append_text("dataset.toml", 'age_bands = ["0-9", "20+"]\n')),
        "dataset.toml",
        None,
        "rules.age_bands",
    ),
    BrokenCase(
        "manifest-date",
        "type",
        "værdien '1. januar 2025' skal være en dato (ÅÅÅÅ-MM-DD)",
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
        "'EPSG:999999' er ikke et kendt koordinatsystem",
        _copy_with(_replace_text("dataset.toml", '"EPSG:4326"', '"EPSG:999999"')),
        "dataset.toml",
        None,
        "crs",
    ),
    # --- columns ----------------------------------------------------------------------------
    BrokenCase(
        "column-missing",
        "missing-column",
        "den påkrævede kolonne 'listed_patients' mangler",
        _copy_with(_drop_column("practices.csv", "listed_patients")),
        "practices.csv",
        None,
        "listed_patients",
    ),
    BrokenCase(
        "column-unknown",
        "unknown-column",
        "kolonnen 'cpr' hører ikke til tabellen gps",
        _copy_with(_add_column("gps.csv", "cpr", "0101701234")),
        "gps.csv",
        None,
        "cpr",
    ),
    # --- values -----------------------------------------------------------------------------
    BrokenCase(
        "value-required",
        "required",
        "værdien mangler; forventet tekst",
        _copy_with(_set_cell("practices.csv", 3, "name", "")),
        "practices.csv",
        3,
        "name",
    ),
    BrokenCase(
        "value-not-number",
        "type",
        "'nineteen' er ikke et tal; forventet et helt tal",
        _copy_with(_set_cell("gps.csv", 5, "birth_year", "nineteen")),
        "gps.csv",
        5,
        "birth_year",
    ),
    BrokenCase(
        "value-not-whole",
        "type",
        "'1750.5' er ikke et helt tal",
        _copy_with(_set_cell("practices.csv", 3, "listed_patients", "1750.5")),
        "practices.csv",
        3,
        "listed_patients",
    ),
    BrokenCase(
        "value-infinite",
        "type",
        "'inf' er ikke et tal",
        _copy_with(_set_cell("population_cells.csv", 4, "x", "inf")),
        "population_cells.csv",
        4,
        "x",
    ),
    BrokenCase(
        "value-not-date",
        "type",
        "'1. september 2024' er ikke en dato; forventet en dato (ÅÅÅÅ-MM-DD)",
        _copy_with(_set_cell("region_vacancies.csv", 2, "advertised_since", "1. september 2024")),
        "region_vacancies.csv",
        2,
        "advertised_since",
    ),
    BrokenCase(
        "capacities-negative",
        "range",
        "'-1' ligger uden for det tilladte; forventet et tal ≥ 0 og ≤ 50",
        _copy_with(_set_cell("practices.csv", 2, "capacities", "-1")),
        "practices.csv",
        2,
        "capacities",
    ),
    BrokenCase(
        "fte-zero",
        "range",
        "'0' ligger uden for det tilladte; forventet et tal > 0 og ≤ 1",
        _copy_with(_set_cell("gps.csv", 8, "fte", "0")),
        "gps.csv",
        8,
        "fte",
    ),
    BrokenCase(
        "persons-negative",
        "range",
        "'-3' ligger uden for det tilladte; forventet et helt tal ≥ 0",
        _copy_with(_set_cell("population.csv", 10, "persons", "-3")),
        "population.csv",
        10,
        "persons",
    ),
    BrokenCase(
        "status-unknown",
        "choice",
        "'half-open' er ikke en tilladt værdi; forventet en af open, closed, selective",
        _copy_with(_set_cell("practices.csv", 5, "status", "half-open")),
        "practices.csv",
        5,
        "status",
    ),
    BrokenCase(
        "postcode-format",
        "format",
        "'94OO' har et forkert format; forventet tekst på formen ^\\d{4}$",
        _copy_with(_set_cell("population_cells.csv", 2, "postcode", "94OO")),
        "population_cells.csv",
        2,
        "postcode",
    ),
    BrokenCase(
        "id-too-long",
        "length",
        "har en forkert længde; forventet tekst",
        _copy_with(_set_cell("gps.csv", 10, "gp_id", _LONG_ID)),
        "gps.csv",
        10,
        "gp_id",
    ),
    BrokenCase(
        "id-twice",
        "unique",
        "gp_id 'G01' forekommer mere end én gang (første gang i række 2)",
        _copy_with(_set_cell("gps.csv", 4, "gp_id", "G01")),
        "gps.csv",
        4,
        "gp_id",
    ),
    BrokenCase(
        "population-key-twice",
        "unique",
        "'C01 / 0-4 / F' forekommer mere end én gang (første gang i række 2)",
        _copy_with(_set_cell("population.csv", 2, "sex", "F")),
        "population.csv",
        3,
        "cell_id",
    ),
    # --- cross-table rules ------------------------------------------------------------------
    BrokenCase(
        "gp-practice-unknown",
        "reference",
        "'P999' findes ikke som provider_number i practices.csv",
        _copy_with(_set_cell("gps.csv", 5, "provider_number", "P999")),
        "gps.csv",
        5,
        "provider_number",
    ),
    BrokenCase(
        "population-cell-unknown",
        "reference",
        "'C13' findes ikke som cell_id i population_cells.csv",
        _copy_with(_set_cell("population.csv", 97, "cell_id", "C13")),
        "population.csv",
        97,
        "cell_id",
    ),
    BrokenCase(
        "vacancy-area-unknown",
        "reference",
        "'A9' findes ikke som area_id",
        _copy_with(_set_cell("region_vacancies.csv", 2, "area_id", "A9")),
        "region_vacancies.csv",
        2,
        "area_id",
    ),
    BrokenCase(
        "survey-practice-unknown",
        "reference",
        "'P777' findes ikke",
        _copy_with(_set_cell("coverage_survey.csv", 3, "provider_number", "P777")),
        "coverage_survey.csv",
        3,
        "provider_number",
    ),
    BrokenCase(
        "area-municipality-unknown",
        "reference",
        "'999' findes ikke som code i municipalities.geojson",
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
        "'A7' findes ikke som area_id i coverage_areas.geojson",
        _copy_with(_set_cell("population_cells.csv", 3, "area_id", "A7")),
        "population_cells.csv",
        3,
        "area_id",
    ),
    BrokenCase(
        "cell-municipality-mismatch",
        "area-municipality-mismatch",
        "kommune 849 stemmer ikke med kommune 851",
        _copy_with(_set_cell("population_cells.csv", 2, "municipality_code", "849")),
        "population_cells.csv",
        2,
        "municipality_code",
    ),
    BrokenCase(
        "vacant-above-capacities",
        "vacant-exceeds-capacities",
        "ledige kapaciteter (3) må ikke overstige kapaciteter (2)",
        _copy_with(_set_cell("practices.csv", 4, "vacant_capacities", "3")),
        "practices.csv",
        4,
        "vacant_capacities",
    ),
    BrokenCase(
        "selective-without-postcodes",
        "selective-needs-postcodes",
        "skal angive de postnumre, den er åben for",
        _copy_with(_set_cell("practices.csv", 4, "open_postcodes", "")),
        "practices.csv",
        4,
        "open_postcodes",
    ),
    BrokenCase(
        "postcodes-on-open-practice",
        "postcodes-only-when-selective",
        "men status er 'open'",
        _copy_with(_set_cell("practices.csv", 2, "open_postcodes", "9400")),
        "practices.csv",
        2,
        "open_postcodes",
    ),
    BrokenCase(
        "open-postcodes-malformed",
        "format",
        "'9000,94' er ikke en liste af firecifrede postnumre",
        _copy_with(_set_cell("practices.csv", 4, "open_postcodes", "9000,94")),
        "practices.csv",
        4,
        "open_postcodes",
    ),
    BrokenCase(
        "gp-too-young",
        "gp-age",
        "gør lægen 20 år gammel",
        _copy_with(_set_cell("gps.csv", 7, "birth_year", "2005")),
        "gps.csv",
        7,
        "birth_year",
    ),
    BrokenCase(
        "age-band-unknown",
        "age-band-unknown",
        "'17-23' er ikke en af aldersgrupperne i age_bands",
        _copy_with(_set_cell("population.csv", 4, "age_band", "17-23")),
        "population.csv",
        4,
        "age_band",
    ),
    # --- geography --------------------------------------------------------------------------
    BrokenCase(
        "cell-outside-region",
        "outside-region",
        "ligger uden for alle regionens lægedækningsområder",
        _copy_with(_set_cell("population_cells.csv", 6, "x", "11.5")),
        "population_cells.csv",
        6,
        "x",
    ),
    BrokenCase(
        "practice-outside-region",
        "outside-region",
        "punktet (12,5; 55,7) i EPSG:4326",
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
        "grænsen er ikke en gyldig polygon: Self-intersection",
        _copy_with(_edit_feature("coverage_areas.geojson", 1, _set_geometry(_BOW_TIE))),
        "coverage_areas.geojson",
        1,
        "geometry",
    ),
    BrokenCase(
        "municipality-without-geometry",
        "geometry-missing",
        "objektet har ingen geometri",
        _copy_with(_edit_feature("municipalities.geojson", 2, _set_geometry(None))),
        "municipalities.geojson",
        2,
        "geometry",
    ),
    BrokenCase(
        "area-is-a-point",
        "geometry-type",
        "geometrien er af typen Point, men skal være Polygon eller MultiPolygon",
        _copy_with(_edit_feature("coverage_areas.geojson", 2, _set_geometry(_POINT))),
        "coverage_areas.geojson",
        2,
        "geometry",
    ),
    # --- travel tables ----------------------------------------------------------------------
    BrokenCase(
        "ferry-without-cost",
        "ferry-cost",
        "en færge skal have en overfartstid",
        _copy_with(
            _write_bytes(
                "ferry_links.csv",
                b"link_id,name,a_x,a_y,b_x,b_y,crossing_minutes,departures_per_day,km_equivalent\n"
                b"F1,Overfarten,9.88,57.06,9.95,57.1,25,12,\n"
                b"F2,Uden tid,9.88,57.06,9.95,57.1,,12,\n",
            )
        ),
        "ferry_links.csv",
        3,
        "crossing_minutes",
    ),
    BrokenCase(
        "fixed-link-kind",
        "choice",
        "er ikke en tilladt værdi",
        _copy_with(
            _write_bytes(
                "fixed_links.csv",
                b"link_id,name,kind,a_x,a_y,b_x,b_y,km_equivalent\n"
                b"B1,Broen,ferry,9.88,57.06,9.95,57.1,\n",
            )
        ),
        "fixed_links.csv",
        2,
        "kind",
    ),
    BrokenCase(
        "care-home-fixed-gp-unnamed",
        "care-home-gp",
        "skal angive lægens praksis",
        _copy_with(
            _write_bytes(
                "care_homes.csv",
                b"care_home_id,name,x,y,municipality_code,places,fixed_gp,provider_number\n"
                b"H1,Solhjem,9.9,57.05,851,40,true,P001\n"
                b"H2,Engly,9.9,57.05,851,30,true,\n",
            )
        ),
        "care_homes.csv",
        3,
        "provider_number",
    ),
)
