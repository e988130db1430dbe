"""Build small in-memory datasets for engine tests, straight from Python lists.

Geometry is in EPSG:25832 metres; municipality and area boundaries are shapely boxes.
Only what a test states is set; everything else takes a harmless default.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from praksisplan.core.dataset import ANALYSIS_CRS, Dataset, empty_table
from praksisplan.core.manifest import Manifest, RegionInfo, RuleParameters
from praksisplan.core.schema import (
    CoverageSurveyRow,
    DemandWeightRow,
    GpRow,
    PracticeRow,
    RegionVacancyRow,
    TemporaryBedRow,
    columns_of,
)

BBOX = (-1_000_000.0, -1_000_000.0, 1_000_000.0, 1_000_000.0)


@dataclass
class Cell:
    cell_id: str
    x: float
    y: float
    postcode: str = "1000"
    area_id: str = "A1"
    municipality_code: str = "101"
    #: {(age_band, sex): persons}
    persons: dict[tuple[str, str], int] = field(default_factory=dict)


@dataclass
class Practice:
    provider_number: str
    x: float
    y: float
    status: str = "open"
    open_postcodes: str | None = None
    org_form: str = "solo"
    capacities: float = 1.0
    vacant_capacities: float = 0.0
    listed_patients: int = 1600
    norm_override: int | None = None
    postcode: str = "1000"
    area_id: str = "A1"
    municipality_code: str = "101"


@dataclass
class Gp:
    gp_id: str
    provider_number: str
    birth_year: int
    fte: float = 1.0
    role: str = "owner"


def _frame(rows: Sequence[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    return pd.DataFrame(list(rows), columns=columns)


def make_dataset(
    cells: Sequence[Cell],
    practices: Sequence[Practice],
    gps: Sequence[Gp] = (),
    *,
    areas: Sequence[tuple[str, str, str]] = (("A1", "Area 1", "101"),),
    municipalities: Sequence[tuple[str, str]] = (("101", "Kommune 101"),),
    age_bands: tuple[str, ...] = ("0-14", "15-64", "65-79", "80+"),
    region_vacancies: Sequence[tuple[str, float]] = (),
    coverage_survey: Sequence[tuple[str, int]] = (),
    demand_weights: Sequence[tuple[str, str, float]] = (),
    norm: int = 1600,
    radius_km: float = 15.0,
    reference_date: dt.date = dt.date(2025, 1, 1),
) -> Dataset:
    """A Dataset of the given rows. Boundaries are irrelevant to the engine (cells and
    practices carry their area and municipality), so each unit gets the same large box."""
    manifest = Manifest(
        name="test",
        region=RegionInfo(code="1081", name="Testregion"),
        reference_date=reference_date,
        crs=ANALYSIS_CRS,
        synthetic=True,
        rules=RuleParameters(norm=norm, free_choice_radius_km=radius_km, age_bands=age_bands),
    )
    municipality_frame = gpd.GeoDataFrame(
        {"code": [m[0] for m in municipalities], "name": [m[1] for m in municipalities]},
        geometry=[box(*BBOX) for _ in municipalities],
        crs=ANALYSIS_CRS,
    )
    area_frame = gpd.GeoDataFrame(
        {
            "area_id": [a[0] for a in areas],
            "name": [a[1] for a in areas],
            "municipality_code": [a[2] for a in areas],
        },
        geometry=[box(*BBOX) for _ in areas],
        crs=ANALYSIS_CRS,
    )
    cell_frame = pd.DataFrame(
        {
            "cell_id": [c.cell_id for c in cells],
            "x": [float(c.x) for c in cells],
            "y": [float(c.y) for c in cells],
            "postcode": [c.postcode for c in cells],
            "area_id": [c.area_id for c in cells],
            "municipality_code": [c.municipality_code for c in cells],
        }
    )
    population = pd.DataFrame(
        [
            {"cell_id": c.cell_id, "age_band": band, "sex": sex, "persons": n}
            for c in cells
            for (band, sex), n in c.persons.items()
        ],
        columns=["cell_id", "age_band", "sex", "persons"],
    ).astype({"persons": "int64"})
    practice_frame = _frame(
        [
            {
                "provider_number": p.provider_number,
                "name": f"Praksis {p.provider_number}",
                "x": float(p.x),
                "y": float(p.y),
                "postcode": p.postcode,
                "org_form": p.org_form,
                "capacities": p.capacities,
                "vacant_capacities": p.vacant_capacities,
                "listed_patients": p.listed_patients,
                "status": p.status,
                "open_postcodes": p.open_postcodes,
                "norm_override": p.norm_override,
                "area_id": p.area_id,
                "municipality_code": p.municipality_code,
            }
            for p in practices
        ],
        columns_of(PracticeRow),
    )
    gp_frame = _frame(
        [
            {
                "gp_id": g.gp_id,
                "provider_number": g.provider_number,
                "birth_year": g.birth_year,
                "role": g.role,
                "fte": g.fte,
            }
            for g in gps
        ],
        columns_of(GpRow),
    )
    vacancy_frame = _frame(
        [
            {"area_id": a, "vacant_capacities": v, "advertised_since": dt.date(2024, 1, 1)}
            for a, v in region_vacancies
        ],
        columns_of(RegionVacancyRow),
    )
    survey_frame = _frame(
        [{"provider_number": p, "extra_patients": n} for p, n in coverage_survey],
        columns_of(CoverageSurveyRow),
    )
    weight_frame = _frame(
        [{"age_band": b, "sex": s, "weight": w} for b, s, w in demand_weights],
        columns_of(DemandWeightRow),
    )
    return Dataset(
        manifest=manifest,
        municipalities=municipality_frame,
        coverage_areas=area_frame,
        cells=cell_frame,
        population=population,
        practices=practice_frame,
        gps=gp_frame,
        region_vacancies=vacancy_frame,
        coverage_survey=survey_frame,
        temporary_beds=empty_table(TemporaryBedRow),
        demand_weights=weight_frame,
    )
