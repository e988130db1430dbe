"""Readers of the Danish public source files; each names the file it failed on."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from praksisplan.core.dataset import ANALYSIS_CRS
from praksisplan.core.errors import PraksisplanError
from praksisplan.synth.age_structure import COLUMNS

MUNICIPALITIES_FILE = "kommuner_dagi2014.geojson"
REGIONS_FILE = "regioner_dagi2014.geojson"
POSTCODES_FILE = "postnumre_dagi2014.geojson"
POPULATION_FILE = "folk1a_2020q1_5yband_sex.csv"
PLACES_FILE = "geonames_dk_places500.csv"


def _path(source_dir: Path, name: str) -> Path:
    path = source_dir / name
    if not path.is_file():
        raise PraksisplanError(f"{path}: filen mangler (se docs/import-dk.md for kilderne)")
    return path


def _require(frame: pd.DataFrame, path: Path, columns: list[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise PraksisplanError(f"{path}: kolonnen/kolonnerne {', '.join(missing)} mangler")


def _read_layer(path: Path) -> gpd.GeoDataFrame:
    try:
        frame = gpd.read_file(path)
    except Exception as error:  # pyogrio raises several types for unreadable files
        raise PraksisplanError(f"{path}: kan ikke læses som GeoJSON ({error})") from error
    frame["geometry"] = shapely.force_2d(frame.geometry.to_numpy())  # drop the −999 heights
    return frame.set_crs(frame.crs or "EPSG:4326", allow_override=True).to_crs(ANALYSIS_CRS)


def municipality_code(code: str | int) -> str:
    """DAGI ``"0101"`` and FOLK1A ``"101"`` both become ``"101"`` (Statistics Denmark's form)."""
    return str(int(code))


def read_municipalities(source_dir: Path) -> gpd.GeoDataFrame:
    """Municipalities (code, name, geometry), dissolved by code, in EPSG:25832."""
    path = _path(source_dir, MUNICIPALITIES_FILE)
    frame = _read_layer(path)
    _require(frame, path, ["KOMKODE", "KOMNAVN"])
    frame["code"] = frame["KOMKODE"].map(municipality_code)
    dissolved = frame.dissolve("code", aggfunc={"KOMNAVN": "first"}).reset_index()
    dissolved["geometry"] = dissolved.geometry.make_valid()
    return dissolved.rename(columns={"KOMNAVN": "name"})[["code", "name", "geometry"]]


def read_regions(source_dir: Path) -> gpd.GeoDataFrame:
    path = _path(source_dir, REGIONS_FILE)
    frame = _read_layer(path)
    _require(frame, path, ["REGIONKODE", "REGIONNAVN"])
    return frame.rename(columns={"REGIONKODE": "region_code", "REGIONNAVN": "region_name"})[
        ["region_code", "region_name", "geometry"]
    ]


def read_postcodes(source_dir: Path) -> gpd.GeoDataFrame:
    """Postal districts; a merged range such as ``"1000-1499"`` keeps its first postcode."""
    path = _path(source_dir, POSTCODES_FILE)
    frame = _read_layer(path)
    _require(frame, path, ["POSTNR_TXT"])
    frame["postcode"] = frame["POSTNR_TXT"].astype(str).str.extract(r"^(\d{4})")[0]
    bad = frame["postcode"].isna()
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise PraksisplanError(
            f"{path}: objekt {row + 1}, POSTNR_TXT {frame['POSTNR_TXT'].iloc[row]!r} "
            "er ikke et postnummer på fire cifre"
        )
    return frame[["postcode", "geometry"]]


def read_population(source_dir: Path) -> pd.DataFrame:
    """Persons per municipality (rows, code) and column of ``COLUMNS`` (band, sex)."""
    path = _path(source_dir, POPULATION_FILE)
    frame = pd.read_csv(path, dtype={"area_code": str})
    _require(frame, path, ["area_code", "age_band", "sex", "population"])
    codes = frame["area_code"].astype(str)
    # "000" is Denmark and "081".."085" the regions; municipalities are the other codes
    municipal = frame[~codes.isin(["000", "081", "082", "083", "084", "085"])]
    table = municipal.pivot_table(
        index=municipal["area_code"].map(municipality_code),
        columns=["age_band", "sex"],
        values="population",
        aggfunc="sum",
    )
    wanted = pd.MultiIndex.from_tuples([(band, str(sex)) for band, sex in COLUMNS])
    missing = [c for c in wanted if c not in table.columns]
    if len(missing):
        raise PraksisplanError(f"{path}: aldersgrupper/køn mangler: {list(missing)[:5]}")
    result = table.reindex(columns=wanted).fillna(0).astype(np.int64)
    result.index.name = "code"
    return result


def read_places(source_dir: Path) -> pd.DataFrame:
    """GeoNames places (name, population, x, y in EPSG:25832)."""
    path = _path(source_dir, PLACES_FILE)
    frame = pd.read_csv(path)
    _require(frame, path, ["name", "latitude", "longitude", "population"])
    points = gpd.GeoSeries(
        gpd.points_from_xy(frame["longitude"], frame["latitude"]), crs="EPSG:4326"
    ).to_crs(ANALYSIS_CRS)
    return pd.DataFrame(
        {
            "name": frame["name"].astype(str),
            "population": frame["population"].astype(float),
            "x": points.x.to_numpy(),
            "y": points.y.to_numpy(),
        }
    )
