"""The Danish backtest's inputs: the 2020 start as import-dk builds it, and the outcomes.

The start dataset holds, per municipality, FOLK1A 2020K1 by 5-year band and sex (exactly
the municipal population import-dk builds, here on one cell per municipality) and the
history up to 2020 (FOLK1A 7 groups 2016 and 2020, BY2 2010). The outcomes — FOLK1AM 2024,
BY2 2025 and FRKM126's 2026 base year — are never given to the model.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from praksisplan.core.dataset import ANALYSIS_CRS, Dataset, empty_table
from praksisplan.core.manifest import Manifest, RegionInfo
from praksisplan.core.schema import (
    CoverageAreaRow,
    CoverageSurveyRow,
    DemandWeightRow,
    GpRow,
    PracticeRow,
    RegionVacancyRow,
    TemporaryBedRow,
)
from praksisplan.dk_import.build import REFERENCE_DATE
from praksisplan.dk_import.projection import (
    BY2_FILE,
    FOLK1AM_FILE,
    HISTORY_FILE,
    PROJECTION_FILE,
    history_table,
    read_groups,
    read_named_totals,
)
from praksisplan.dk_import.sources import read_municipalities, read_population
from praksisplan.forecast.backtest import Measure, backtest_table, linear_trend, predicted
from praksisplan.forecast.parameters import ForecastParameters
from praksisplan.forecast.population import forecast_population
from praksisplan.synth.population import population_table

#: The compared figures (label → measure).
MEASURES: tuple[Measure, ...] = (
    Measure("total_2024", 2024, 0, None),
    Measure("total_2025", 2025, 0, None),
    Measure("total_2026", 2026, 0, None),
    Measure("age_65_79_2026", 2026, 65, 79),
    Measure("age_80plus_2026", 2026, 80, None),
)


def start_dataset(source_dir: Path) -> Dataset:
    """The 98 municipalities (Christiansø left out, as in FRKM126) on 1 January 2020."""
    groups = read_groups(source_dir, HISTORY_FILE)
    codes = sorted(set(groups["municipality_code"]), key=int)
    municipalities = read_municipalities(source_dir)
    names = dict(zip(municipalities["name"], municipalities["code"], strict=True))
    municipalities = municipalities[municipalities["code"].isin(codes)]
    municipalities = municipalities.set_index("code").loc[codes].reset_index()
    population = read_population(source_dir).loc[codes]
    cells = pd.DataFrame(
        {
            "cell_id": [f"M{c}" for c in codes],
            "x": 0.0,
            "y": 0.0,
            "postcode": "0000",
            "area_id": codes,
            "municipality_code": codes,
        }
    )
    manifest = Manifest(
        name="Backtest 2020 (FOLK1A 2020K1)",
        region=RegionInfo(code="000", name="Danmark"),
        reference_date=REFERENCE_DATE,
        crs=ANALYSIS_CRS,
    )
    return Dataset(
        manifest=manifest,
        municipalities=gpd.GeoDataFrame(municipalities, geometry="geometry", crs=ANALYSIS_CRS),
        coverage_areas=gpd.GeoDataFrame(
            empty_table(CoverageAreaRow), geometry=gpd.GeoSeries([], crs=ANALYSIS_CRS)
        ),
        cells=cells,
        population=population_table(cells["cell_id"], population.to_numpy(dtype=np.int64)),
        practices=empty_table(PracticeRow),
        gps=empty_table(GpRow),
        region_vacancies=empty_table(RegionVacancyRow),
        coverage_survey=empty_table(CoverageSurveyRow),
        temporary_beds=empty_table(TemporaryBedRow),
        demand_weights=empty_table(DemandWeightRow),
        population_history=history_table(source_dir, codes, names, REFERENCE_DATE.year),
    )


def outcomes(source_dir: Path, codes: list[str]) -> dict[str, np.ndarray]:
    """What happened, per municipality in ``codes``' order, for every measure."""
    municipalities = read_municipalities(source_dir)
    names = dict(zip(municipalities["name"], municipalities["code"], strict=True))
    totals = pd.concat(
        [
            read_named_totals(source_dir, BY2_FILE, names),
            read_named_totals(source_dir, FOLK1AM_FILE, names),
        ]
    ).set_index(["year", "municipality_code"])["persons"]
    base = read_groups(source_dir, PROJECTION_FILE)
    base = base[base["year"] == 2026].pivot(
        index="municipality_code", columns="age_band", values="persons"
    )
    base = base.loc[codes]
    return {
        "total_2024": totals.loc[2024].loc[codes].to_numpy(dtype=float),
        "total_2025": totals.loc[2025].loc[codes].to_numpy(dtype=float),
        "total_2026": base.sum(axis=1).to_numpy(dtype=float),
        "age_65_79_2026": base["65-79"].to_numpy(dtype=float),
        "age_80plus_2026": base["80+"].to_numpy(dtype=float),
    }


def baselines(source_dir: Path, codes: list[str]) -> dict[str, dict[str, np.ndarray]]:
    """The naive predictions: no change since 2020, and the trend of 2010–2020 (totals) or
    2016–2020 (age groups)."""
    municipalities = read_municipalities(source_dir)
    names = dict(zip(municipalities["name"], municipalities["code"], strict=True))
    groups = (
        read_groups(source_dir, HISTORY_FILE)
        .pivot_table(index="municipality_code", columns=["year", "age_band"], values="persons")
        .loc[codes]
    )
    by2 = read_named_totals(source_dir, BY2_FILE, names).set_index(["year", "municipality_code"])
    total_2010 = by2["persons"].loc[2010].loc[codes].to_numpy(dtype=float)

    def measured(year: int, band: str | None) -> np.ndarray:
        columns = [c for c in groups.columns if int(c[0]) == year and band in (None, c[1])]
        return np.asarray(groups[columns].to_numpy(dtype=float).sum(axis=1))

    no_change: dict[str, np.ndarray] = {}
    trend: dict[str, np.ndarray] = {}
    for measure in MEASURES:
        band = {65: "65-79", 80: "80+"}.get(measure.first_age)
        now = measured(2020, band)
        ahead = measure.year - 2020
        no_change[measure.label] = now
        if band is None:
            trend[measure.label] = linear_trend(total_2010, now, 10, ahead)
        else:
            trend[measure.label] = linear_trend(measured(2016, band), now, 4, ahead)
    return {"no_change": no_change, "trend": trend}


def run_backtest(source_dir: Path, parameters: ForecastParameters) -> pd.DataFrame:
    """The backtest table (:func:`praksisplan.forecast.backtest.backtest_table`)."""
    dataset = start_dataset(source_dir)
    forecast = forecast_population(dataset, parameters, 2026, "cohort")
    codes = forecast.municipality_codes
    model = {m.label: predicted(forecast, m) for m in MEASURES}
    return backtest_table(
        {"model": model, **baselines(source_dir, codes)}, outcomes(source_dir, codes)
    )
