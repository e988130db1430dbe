"""Small hand-made datasets for the threat tests, built directly as a ``Dataset``.

Each coverage area is a 100 km square, 100 km from the next, so areas never see each other's
practices within 15 km. All persons are women aged 30–34 and every need weight is 1, so an
area's need-weighted persons equal its persons and supply % of need = 100 × filled × 1,600 /
persons. The reference date is 2026-01-01, so a GP born in 1966 is 60.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from praksisplan.core.dataset import ANALYSIS_CRS, Dataset, empty_table
from praksisplan.core.manifest import DEFAULT_AGE_BANDS, Manifest, RegionInfo
from praksisplan.core.schema import CoverageSurveyRow, TemporaryBedRow
from praksisplan.threat.rules import load_rules

REFERENCE_DATE = dt.date(2026, 1, 1)
#: The packaged rule set with need held at the reference date. Its own basis is the forecast,
#: under which these women's births would grow need by about half in five years; the tests
#: that compute the criteria by hand hold need fixed (the forecast basis by hand:
#: test_early_warning_need.py).
FIXED_NEED_RULES = load_rules(None).with_need("fixed")


def fixed_need_rules_file(directory: Path) -> Path:
    """``FIXED_NEED_RULES`` as a rule file for the commands' ``--rules``."""
    path = directory / "fast_behov.toml"
    path.write_text(FIXED_NEED_RULES.to_toml(), encoding="utf-8")
    return path


_ORIGIN = (500_000.0, 6_200_000.0)
_SPACING_M = 200_000.0
_HALF_SIDE_M = 50_000.0


@dataclass(frozen=True)
class PracticeSpec:
    provider_number: str
    capacities: float
    birth_years: tuple[int, ...]  # one full-time GP per entry
    status: str = "open"
    vacant: float = 0.0
    offset_km: tuple[float, float] = (0.0, 0.0)


@dataclass(frozen=True)
class CellSpec:
    cell_id: str
    persons: int
    offset_km: tuple[float, float] = (0.0, 0.0)


@dataclass(frozen=True)
class AreaSpec:
    area_id: str
    cells: tuple[CellSpec, ...]
    practices: tuple[PracticeSpec, ...]
    vacancy_since: dt.date | None = None  # one region-held vacant capacity advertised since


#: 7 full-time GPs aged 45 in two open practices, 10,000 persons: supply 112 % of need.
def healthy_area(area_id: str, **changes: object) -> AreaSpec:
    spec = AreaSpec(
        area_id,
        cells=(CellSpec(f"{area_id}-c1", 10_000),),
        practices=(
            PracticeSpec(f"{area_id}-P1", 4, (1981,) * 4),
            PracticeSpec(f"{area_id}-P2", 3, (1981,) * 3, offset_km=(1.0, 0.0)),
        ),
    )
    return AreaSpec(**{**spec.__dict__, **changes})  # type: ignore[arg-type]


def build_dataset(areas: list[AreaSpec]) -> Dataset:
    municipality = "101"
    centres = {a.area_id: (_ORIGIN[0] + i * _SPACING_M, _ORIGIN[1]) for i, a in enumerate(areas)}

    def at(area_id: str, offset_km: tuple[float, float]) -> tuple[float, float]:
        cx, cy = centres[area_id]
        return cx + 1000 * offset_km[0], cy + 1000 * offset_km[1]

    squares = [
        box(cx - _HALF_SIDE_M, cy - _HALF_SIDE_M, cx + _HALF_SIDE_M, cy + _HALF_SIDE_M)
        for cx, cy in centres.values()
    ]
    coverage_areas = gpd.GeoDataFrame(
        {
            "area_id": list(centres),
            "name": [f"Område {a}" for a in centres],
            "municipality_code": municipality,
        },
        geometry=squares,
        crs=ANALYSIS_CRS,
    )
    municipalities = gpd.GeoDataFrame(
        {"code": [municipality], "name": ["Testkommune"]},
        geometry=[coverage_areas.union_all()],
        crs=ANALYSIS_CRS,
    )
    cell_rows = [
        {
            "cell_id": c.cell_id,
            "x": at(a.area_id, c.offset_km)[0],
            "y": at(a.area_id, c.offset_km)[1],
            "postcode": "9000",
            "area_id": a.area_id,
            "municipality_code": municipality,
        }
        for a in areas
        for c in a.cells
    ]
    population = pd.DataFrame(
        [
            {"cell_id": c.cell_id, "age_band": "30-34", "sex": "F", "persons": c.persons}
            for a in areas
            for c in a.cells
        ]
    )
    practice_rows = [
        {
            "provider_number": p.provider_number,
            "name": f"Lægehuset {p.provider_number}",
            "x": at(a.area_id, p.offset_km)[0],
            "y": at(a.area_id, p.offset_km)[1],
            "postcode": "9000",
            "org_form": "partnership",
            "capacities": float(p.capacities),
            "vacant_capacities": float(p.vacant),
            "listed_patients": int(1600 * (p.capacities - p.vacant)),
            "status": p.status,
            "open_postcodes": None,
            "norm_override": None,
            "area_id": a.area_id,
            "municipality_code": municipality,
        }
        for a in areas
        for p in a.practices
    ]
    gp_rows = [
        {
            "gp_id": f"{p.provider_number}-G{i}",
            "provider_number": p.provider_number,
            "birth_year": year,
            "role": "owner",
            "fte": 1.0,
        }
        for a in areas
        for p in a.practices
        for i, year in enumerate(p.birth_years)
    ]
    vacancies = pd.DataFrame(
        [
            {
                "area_id": a.area_id,
                "vacant_capacities": 1.0,
                "advertised_since": pd.Timestamp(a.vacancy_since),
            }
            for a in areas
            if a.vacancy_since is not None
        ],
        columns=["area_id", "vacant_capacities", "advertised_since"],
    )
    weights = pd.DataFrame(
        [{"age_band": b, "sex": s, "weight": 1.0} for b in DEFAULT_AGE_BANDS for s in ("F", "M")]
    )
    return Dataset(
        manifest=Manifest(
            name="Trusselstest",
            region=RegionInfo(code="1099", name="Testregion"),
            reference_date=REFERENCE_DATE,
            crs=ANALYSIS_CRS,
            synthetic=True,
        ),
        municipalities=municipalities,
        coverage_areas=coverage_areas,
        cells=pd.DataFrame(cell_rows),
        population=population,
        practices=pd.DataFrame(practice_rows),
        gps=pd.DataFrame(gp_rows),
        region_vacancies=vacancies,
        coverage_survey=empty_table(CoverageSurveyRow),
        temporary_beds=empty_table(TemporaryBedRow),
        demand_weights=weights,
    )
