"""A synthetic, valid region of any size, built in memory for the store's tests.

The region is a 4 × 4 grid of 10 km square coverage areas in EPSG:25832 (metres); the west
half is municipality 851, the east half 849. Cells, practices and beds are random points
strictly inside their area. Column dtypes are the canonical ones of a dataset read from
files (``str``, ``int64``, nullable ``Int64``, ``float64``) plus a ``datetime64[ns]`` date
column, so a round trip through the store exercises every kind of column.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import box

from praksisplan.core.dataset import ANALYSIS_CRS, Dataset, coded_columns
from praksisplan.core.manifest import DEFAULT_AGE_BANDS, Manifest, RegionInfo
from praksisplan.core.schema import PopulationRow

_ORIGIN_X, _ORIGIN_Y, _AREA_M, _GRID = 500_000.0, 6_200_000.0, 10_000.0, 4


def _strings(values: object) -> pd.Series:
    return pd.Series(values, dtype="str")


def _points_in_areas(rng: np.random.Generator, area_index: np.ndarray) -> tuple[np.ndarray, ...]:
    column, row = area_index % _GRID, area_index // _GRID
    x = _ORIGIN_X + (column + rng.uniform(0.01, 0.99, len(area_index))) * _AREA_M
    y = _ORIGIN_Y + (row + rng.uniform(0.01, 0.99, len(area_index))) * _AREA_M
    return x, y


def _municipality_of(area_index: np.ndarray) -> np.ndarray:
    return np.where(area_index % _GRID < _GRID // 2, "851", "849")


def build_synthetic_dataset(
    n_cells: int, *, seed: int = 1, reference_date: dt.date = dt.date(2025, 1, 1)
) -> Dataset:
    """A valid dataset with ``n_cells`` cells, 38 population rows per cell."""
    rng = np.random.default_rng(seed)
    n_areas = _GRID * _GRID
    area_ids = np.array([f"S{i:02d}" for i in range(n_areas)], dtype=object)
    municipalities = gpd.GeoDataFrame(
        {"code": _strings(["851", "849"]), "name": _strings(["Vest Kommune", "Øst Kommune"])},
        geometry=[
            box(_ORIGIN_X, _ORIGIN_Y, _ORIGIN_X + 2 * _AREA_M, _ORIGIN_Y + _GRID * _AREA_M),
            box(
                _ORIGIN_X + 2 * _AREA_M, _ORIGIN_Y, _ORIGIN_X + 4 * _AREA_M, _ORIGIN_Y + 4 * _AREA_M
            ),
        ],
        crs=ANALYSIS_CRS,
    )
    grid = np.arange(n_areas)
    coverage_areas = gpd.GeoDataFrame(
        {
            "area_id": _strings(area_ids),
            "name": _strings([f"Område {i}" for i in grid]),
            "municipality_code": _strings(_municipality_of(grid)),
        },
        geometry=[
            box(
                _ORIGIN_X + (i % _GRID) * _AREA_M,
                _ORIGIN_Y + (i // _GRID) * _AREA_M,
                _ORIGIN_X + (i % _GRID + 1) * _AREA_M,
                _ORIGIN_Y + (i // _GRID + 1) * _AREA_M,
            )
            for i in grid
        ],
        crs=ANALYSIS_CRS,
    )

    cell_area = rng.integers(0, n_areas, n_cells)
    cell_x, cell_y = _points_in_areas(rng, cell_area)
    cell_ids = np.array([f"K{i:06d}" for i in range(n_cells)], dtype=object)
    cells = pd.DataFrame(
        {
            "cell_id": _strings(cell_ids),
            "x": cell_x,
            "y": cell_y,
            "postcode": _strings([f"{9000 + a}" for a in cell_area]),
            "area_id": _strings(area_ids[cell_area]),
            "municipality_code": _strings(_municipality_of(cell_area)),
        }
    )
    strata = [(band, sex) for band in DEFAULT_AGE_BANDS for sex in ("M", "F")]
    population = pd.DataFrame(
        {
            "cell_id": _strings(np.repeat(cell_ids, len(strata))),
            "age_band": _strings(np.tile([band for band, _ in strata], n_cells)),
            "sex": _strings(np.tile([sex for _, sex in strata], n_cells)),
            "persons": rng.integers(0, 40, n_cells * len(strata)).astype("int64"),
        }
    )

    n_practices = max(n_areas, n_cells // 60)
    practice_area = np.concatenate([grid, rng.integers(0, n_areas, n_practices - n_areas)])
    practice_x, practice_y = _points_in_areas(rng, practice_area)
    capacities = rng.integers(1, 5, n_practices).astype(float)
    vacant = np.minimum(capacities, rng.integers(0, 2, n_practices)).astype(float)
    status = rng.choice(np.array(["open", "closed", "selective"], dtype=object), n_practices)
    norm_override = pd.array(np.where(rng.random(n_practices) < 0.2, 1400, 0), dtype="Int64").copy()
    norm_override[norm_override == 0] = pd.NA
    practices = pd.DataFrame(
        {
            "provider_number": _strings([f"Y{i:05d}" for i in range(n_practices)]),
            "name": _strings([f"Lægehuset nr. {i}" for i in range(n_practices)]),
            "x": practice_x,
            "y": practice_y,
            "postcode": _strings([f"{9000 + a}" for a in practice_area]),
            "org_form": _strings(np.where(capacities > 1, "partnership", "solo")),
            "capacities": capacities,
            "vacant_capacities": vacant,
            "listed_patients": rng.integers(1500, 2500, n_practices).astype("int64")
            * (capacities - vacant).astype("int64"),
            "status": _strings(status),
            "open_postcodes": _strings(
                [
                    f"{9000 + a}" if s == "selective" else None
                    for a, s in zip(practice_area, status, strict=True)
                ]
            ),
            "norm_override": norm_override,
            "area_id": _strings(area_ids[practice_area]),
            "municipality_code": _strings(_municipality_of(practice_area)),
        }
    )
    gp_practice = np.repeat(np.arange(n_practices), (capacities - vacant).astype(int))
    gps = pd.DataFrame(
        {
            "gp_id": _strings([f"L{i:06d}" for i in range(len(gp_practice))]),
            "provider_number": _strings(practices["provider_number"].to_numpy()[gp_practice]),
            "birth_year": rng.integers(1958, 1990, len(gp_practice)).astype("int64"),
            "role": _strings(np.where(rng.random(len(gp_practice)) < 0.8, "owner", "employed")),
            "fte": rng.choice([0.5, 0.8, 1.0], len(gp_practice)),
        }
    )
    region_vacancies = pd.DataFrame(
        {
            "area_id": _strings(area_ids[[3, 12]]),
            "vacant_capacities": [1.0, 2.0],
            "advertised_since": pd.to_datetime(["2024-09-01", "2024-11-15"]).astype(
                "datetime64[ns]"
            ),
        }
    )
    surveyed = np.arange(0, n_practices, 3)
    coverage_survey = pd.DataFrame(
        {
            "provider_number": _strings(practices["provider_number"].to_numpy()[surveyed]),
            "extra_patients": (100 * rng.integers(1, 6, len(surveyed))).astype("int64"),
        }
    )
    bed_area = np.array([0, 5, 10])
    bed_x, bed_y = _points_in_areas(rng, bed_area)
    temporary_beds = pd.DataFrame(
        {
            "bed_id": _strings(["B1", "B2", "B3"]),
            "x": bed_x,
            "y": bed_y,
            "beds": np.array([4, 8, 12], dtype="int64"),
            "kind": _strings(["akut", "midlertidig", "akut"]),
        }
    )
    demand_weights = pd.DataFrame(
        {
            "age_band": _strings([band for band, _ in strata]),
            "sex": _strings([sex for _, sex in strata]),
            "weight": rng.uniform(0.5, 1.5, len(strata)).round(3),
        }
    )
    manifest = Manifest(
        name=f"Syntetisk region ({n_cells} celler)",
        region=RegionInfo(code="1081", name="Region Nordjylland"),
        reference_date=reference_date,
        crs=ANALYSIS_CRS,
        synthetic=True,
        description="Built by tests/store/synthetic_region.py",
    )
    return Dataset(
        manifest=manifest,
        municipalities=municipalities,
        coverage_areas=coverage_areas,
        cells=cells,
        population=coded_columns(population, PopulationRow),  # as the loaders deliver it
        practices=practices,
        gps=gps,
        region_vacancies=region_vacancies,
        coverage_survey=coverage_survey,
        temporary_beds=temporary_beds,
        demand_weights=demand_weights,
    )


def dated(dataset: Dataset, date: dt.date, region: str = "1081") -> Dataset:
    """The dataset as of another reference date (and region code)."""
    manifest = dataset.manifest.model_copy(
        update={"reference_date": date, "region": RegionInfo(code=region, name=f"Region {region}")}
    )
    return dataclasses.replace(dataset, manifest=manifest)
