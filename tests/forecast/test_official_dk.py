"""import-dk's official projection (FRKM126) through the forecast: Region Nordjylland's
municipal totals per year and age group are the file's, read here from the raw CSV, and the
years between are linear interpolations."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from praksisplan.dk_import import build_dk_dataset
from praksisplan.forecast.disaggregate import project_units
from praksisplan.forecast.parameters import load_parameters
from praksisplan.forecast.population import forecast_population

DK = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "dk"
pytestmark = pytest.mark.skipif(not DK.is_dir(), reason="Danish data not available")
GROUPS = ["a0_5", "a6_16", "a17_19", "a20_34", "a35_64", "a65_79", "a80p"]


def test_nordjylland_meets_frkm126_and_interpolates_between() -> None:
    dataset = build_dk_dataset(DK, "1081")
    population = forecast_population(dataset, load_parameters(), 2040)
    assert population.model == "official"
    raw = pd.read_csv(DK / "frkm126_kommuner_7groups.csv", dtype={"kommune_code": str})
    # per year and band: the file's groups (its "total" differs from their sum by up to 14
    # persons, Statistics Denmark's rounding; the bands are what the forecast meets)
    raw = raw.assign(code=raw["kommune_code"].str.lstrip("0"), groups=raw[GROUPS].sum(axis=1))
    codes = [c.lstrip("0") for c in population.municipality_codes]
    assert len(codes) == 11  # Nordjylland's municipalities, all in FRKM126
    by_year = {y: f.set_index("code").loc[codes, "groups"] for y, f in raw.groupby("year")}
    totals = population.persons.sum(axis=(2, 3))  # (years, municipalities)
    year = {y: i for i, y in enumerate(population.years)}
    for projected in (2026, 2030, 2035, 2040):
        np.testing.assert_allclose(totals[year[projected]], by_year[projected], rtol=1e-9)
    halfway = (by_year[2030].to_numpy() + by_year[2035].to_numpy()) / 2
    between = (totals[year[2032]] + totals[year[2033]]) / 2  # 2032.5 is halfway 2030–2035
    np.testing.assert_allclose(between, halfway, rtol=1e-9)
    # the 80+ group of 2040 is the file's (the dataset's 80-84, 85-89 and 90+ nest in it)
    older = [population.bands.index(b) for b in ("80-84", "85-89", "90+")]
    eighty = population.persons[year[2040]][:, :, older].sum(axis=(1, 2))
    file_80 = raw[raw["year"] == 2040].set_index("code").loc[codes, "a80p"]
    np.testing.assert_allclose(eighty, file_80, rtol=1e-9)
    # down to the cells: the cells of a municipality sum to its total
    cells = project_units(dataset, population, "cell_id").sum(axis=(2, 3))
    assert cells[year[2030]].sum() == pytest.approx(float(by_year[2030].sum()), rel=1e-9)
