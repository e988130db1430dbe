"""The Danish import reproduces Statistics Denmark's population exactly, on real boundaries."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from praksisplan.core.dataset import Dataset, coded_columns
from praksisplan.core.errors import PraksisplanError
from praksisplan.core.schema import PopulationRow
from praksisplan.dataset_io import read_dataset
from praksisplan.dk_import import build_dk_dataset

REPO = Path(__file__).resolve().parents[2]
DK_DATA = Path(os.environ.get("PRAKSISPLAN_DK_DATA", REPO.parent / "shared" / "data" / "dk"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.real_data,
    pytest.mark.skipif(
        not (DK_DATA / "folk1a_2020q1_5yband_sex.csv").is_file(),
        reason=f"Danish public data not found in {DK_DATA} (set PRAKSISPLAN_DK_DATA)",
    ),
]

# Published by Statistics Denmark (FOLK1A 2020K1)
REGION_TOTALS = {
    "1081": 589_936,
    "1082": 1_326_340,
    "1083": 1_223_105,
    "1084": 1_846_023,
    "1085": 837_359,
    "all": 5_822_763,
}


@pytest.fixture(scope="module")
def source_counts() -> pd.DataFrame:
    """FOLK1A read directly: persons per municipality (3-digit code), band and sex."""
    frame = pd.read_csv(DK_DATA / "folk1a_2020q1_5yband_sex.csv", dtype={"area_code": str})
    frame = frame[~frame["area_code"].isin(["000", "081", "082", "083", "084", "085"])]
    frame = frame.assign(code=frame["area_code"].astype(int).astype(str))
    return frame.set_index(["code", "age_band", "sex"])["population"]


@pytest.fixture(scope="module")
def denmark() -> Dataset:
    return build_dk_dataset(DK_DATA, "all")


def _counts(dataset: Dataset) -> pd.Series:
    merged = dataset.population.merge(dataset.cells[["cell_id", "municipality_code"]])
    return merged.groupby(["municipality_code", "age_band", "sex"])["persons"].sum()


def _check(dataset: Dataset, source_counts: pd.Series, total: int) -> None:
    assert int(dataset.population["persons"].sum()) == total
    # cell ids, bands and sexes as categoricals, as every loader delivers them
    assert coded_columns(dataset.population, PopulationRow) is dataset.population
    counts = _counts(dataset)
    codes = set(dataset.municipalities["code"])
    expected = source_counts[source_counts.index.get_level_values("code").isin(codes)]
    expected = expected[expected > 0]
    assert counts.sort_index().to_dict() == expected.sort_index().to_dict()
    assert dataset.municipalities.is_valid.all() and dataset.coverage_areas.is_valid.all()
    munis = dataset.municipalities.set_index("code").geometry
    points = shapely.points(dataset.cells[["x", "y"]].to_numpy())
    assert shapely.intersects(
        munis.loc[dataset.cells["municipality_code"]].to_numpy(), points
    ).all()
    areas = dataset.coverage_areas.set_index("area_id")
    assert shapely.intersects(areas.geometry.loc[dataset.cells["area_id"]].to_numpy(), points).all()
    for code, group in dataset.coverage_areas.groupby("municipality_code"):
        assert group.area.sum() == pytest.approx(munis[code].area, rel=1e-6)
    assert dataset.cells["postcode"].str.fullmatch(r"\d{4}").all()
    assert dataset.manifest.synthetic


@pytest.mark.parametrize("region", ["1081", "1082", "1083", "1084", "1085"])
def test_region_population_equals_statistics_denmark(region: str, source_counts: pd.Series) -> None:
    dataset = build_dk_dataset(DK_DATA, region)
    _check(dataset, source_counts, REGION_TOTALS[region])
    assert dataset.manifest.region.code == region
    if region == "1081":
        assert len(dataset.municipalities) == 11  # Nordjylland's municipalities
    # patients per full-time GP (Danish Health Data Authority): Nordjylland about 1,714,
    # Midtjylland about 1,563; listed patients = the population, one FTE per filled capacity
    published = {"1081": 1_714, "1082": 1_563}.get(region)
    if published is not None:
        fte = float(dataset.gps["fte"].sum())
        assert abs(REGION_TOTALS[region] / fte - published) < 2


def test_whole_country(denmark: Dataset, source_counts: pd.Series) -> None:
    _check(denmark, source_counts, REGION_TOTALS["all"])
    assert len(denmark.municipalities) == 99  # 98 municipalities and Christiansø
    assert len(denmark.cells) >= 20_000  # rich enough for the engine benchmark
    # Christiansø (0411): 84 inhabitants, on its own tiny island
    assert _counts(denmark).loc["411"].sum() == 84
    # the synthetic supply is calibrated to the Danish Health Data Authority's national
    # figures: about 1,980 practices and 3,500 capacities (here 1,983 and 3,495)
    practices = denmark.practices
    capacities = practices["capacities"].sum() + denmark.region_vacancies["vacant_capacities"].sum()
    assert abs(len(practices) - 1_980) <= 0.01 * 1_980
    assert abs(capacities - 3_500) <= 0.01 * 3_500
    assert practices["area_id"].isin(denmark.coverage_areas["area_id"]).all()


def test_unknown_region_is_a_clear_error() -> None:
    with pytest.raises(PraksisplanError, match="ukendt region '1086'"):
        build_dk_dataset(DK_DATA, "1086")


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(PraksisplanError, match=r"kommuner_dagi2014\.geojson"):
        build_dk_dataset(tmp_path, "1081")


def test_cli_writes_a_valid_dataset(tmp_path: Path) -> None:
    out = tmp_path / "sjaelland"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "praksisplan.cli.main",
            "import-dk",
            str(DK_DATA),
            str(out),
            "--region",
            "1085",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "837.359 borgere" in result.stdout
    dataset = read_dataset(out)
    assert int(dataset.population["persons"].sum()) == 837_359
    assert len(gpd.read_file(out / "municipalities.geojson")) == 17
