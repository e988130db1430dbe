"""`praksisplan report geopackage` as a user runs it; the GeoPackage read back with Python's
own sqlite3 and a hand-written GeoPackage/WKB point decoder (no GDAL), compared with the
tiny dataset's hand-known lon/lat (tests/fixtures/tiny) projected by pyproj."""

from __future__ import annotations

import sqlite3
import struct
from pathlib import Path

import pytest
import shapely
from pyproj import Transformer

from cli_process import run_cli
from fixture_paths import TINY_DATASET_DIR

TO_UTM32 = Transformer.from_crs("EPSG:4326", "EPSG:25832", always_xy=True)
#: practices of tests/fixtures/tiny/practices.csv: lon, lat
PRACTICE_LON_LAT = {
    "P001": (9.88, 57.06),
    "P002": (9.92, 57.05),
    "P003": (9.88, 56.99),
    "P004": (9.95, 57.00),
    "P005": (9.68, 57.02),
    "P006": (9.72, 57.06),
}
#: GeoPackage binary header: envelope bytes by the flags' envelope indicator (bits 1–3)
ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def _wkb(blob: bytes) -> bytes:
    assert blob[:2] == b"GP"
    flags = blob[3]
    return blob[8 + ENVELOPE_BYTES[(flags >> 1) & 0b111] :]


def _point(blob: bytes) -> tuple[float, float]:
    wkb = _wkb(blob)
    order = "<" if wkb[0] == 1 else ">"
    (kind,) = struct.unpack(order + "I", wkb[1:5])
    assert kind == 1  # Point
    x, y = struct.unpack(order + "dd", wkb[5:21])
    return x, y


@pytest.fixture(scope="module")
def geopackage(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gpkg") / "kortlag.gpkg"
    result = run_cli("report", "geopackage", str(TINY_DATASET_DIR), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "coverage_areas (3), municipalities (2), practices (6), cells (12)" in result.stdout
    return out


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


def test_every_layer_is_in_the_contents_in_utm32(geopackage: Path) -> None:
    contents = _rows(geopackage, "SELECT table_name, identifier, srs_id FROM gpkg_contents")
    assert sorted(contents) == sorted(
        [
            ("coverage_areas", "Lægedækningsområder", 25832),
            ("municipalities", "Kommuner", 25832),
            ("practices", "Praksis", 25832),
            ("cells", "Befolkningspunkter", 25832),
        ]
    )


def test_practices_lie_where_the_fixture_puts_them(geopackage: Path) -> None:
    rows = _rows(geopackage, "SELECT provider_number, status, capacities, geom FROM practices")
    assert {r[0]: r[1:3] for r in rows} == {
        "P001": ("open", 3.0),
        "P002": ("closed", 1.0),
        "P003": ("selective", 2.0),
        "P004": ("open", 2.0),
        "P005": ("open", 1.0),
        "P006": ("closed", 1.0),
    }
    for provider, _, _, blob in rows:
        expected = TO_UTM32.transform(*PRACTICE_LON_LAT[str(provider)])
        assert _point(bytes(blob)) == pytest.approx(expected, abs=1e-6)


def test_areas_carry_class_and_population(geopackage: Path) -> None:
    rows = _rows(
        geopackage,
        "SELECT area_id, threat_class, population, municipality_code, geom FROM coverage_areas",
    )
    # cell Ci has 80·i + 30 persons; A1 holds C01–C04, A2 C05–C08, A3 C09–C12
    persons = {f"A{k}": sum(80 * i + 30 for i in range(4 * k - 3, 4 * k + 1)) for k in (1, 2, 3)}
    assert {r[0]: r[1:4] for r in rows} == {
        "A1": ("yellow", persons["A1"], "851"),
        "A2": ("green", persons["A2"], "851"),
        "A3": ("red", persons["A3"], "849"),
    }
    a1 = next(shapely.from_wkb(_wkb(bytes(r[4]))) for r in rows if r[0] == "A1")
    corners = [TO_UTM32.transform(lon, lat) for lon, lat in
               ((9.8, 57.025), (10.0, 57.025), (10.0, 57.1), (9.8, 57.1))]  # fmt: skip
    for corner in corners:
        assert min(shapely.Point(corner).distance(shapely.Point(c))
                   for c in a1.exterior.coords) < 1e-6  # fmt: skip


def test_cells_carry_persons_and_free_choice(geopackage: Path) -> None:
    rows = _rows(geopackage, "SELECT cell_id, persons, open_within_radius FROM cells")
    persons = {str(r[0]): r[1] for r in rows}
    assert persons == {f"C{i:02d}": 80 * i + 30 for i in range(1, 13)}
    # every Aalborg cell (C01–C08) has P001, P003 (selective for 9000/9400) and P004 within 15 km
    assert all(int(r[2]) >= 2 for r in rows if int(str(r[0])[1:]) <= 8)  # type: ignore[call-overload]
