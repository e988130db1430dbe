"""Assemble a dataset for one Danish region (or all of Denmark) from the public files."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.spatial import cKDTree

from praksisplan.core.dataset import ANALYSIS_CRS, Dataset, empty_table
from praksisplan.core.errors import PraksisplanError
from praksisplan.core.manifest import Manifest, RegionInfo
from praksisplan.core.schema import DemandWeightRow
from praksisplan.dk_import.cells import CITY_SIZE, build_cells
from praksisplan.dk_import.projection import history_table, projection_table
from praksisplan.dk_import.sources import (
    read_municipalities,
    read_places,
    read_population,
    read_postcodes,
    read_regions,
)
from praksisplan.synth.partition import locate_points, voronoi_parts, weighted_lloyd
from praksisplan.synth.population import allocate_population, population_table
from praksisplan.synth.supply import synthesize_supply
from praksisplan.synth.supply_targets import SupplyTargets

REGION_CODES: dict[str, str] = {
    "1081": "Region Nordjylland",
    "1082": "Region Midtjylland",
    "1083": "Region Syddanmark",
    "1084": "Region Hovedstaden",
    "1085": "Region Sjælland",
}
ALL = "all"
#: Date of the population (FOLK1A 2020K1: 1 January 2020).
REFERENCE_DATE = dt.date(2020, 1, 1)
DK_SEED = 2020
#: A municipality gets one coverage area per started 60,000 inhabitants, at most 8.
PERSONS_PER_AREA = 60_000
MAX_AREAS_PER_MUNICIPALITY = 8
#: Calibration of the synthetic supply (docs/import-dk.md). Citizens per filled capacity
#: (= listed patients per full-time GP): Nordjylland 1,714 and Midtjylland 1,563 as the Danish
#: Health Data Authority reports them; the other three regions share the figure that gives
#: Denmark about 3,500 capacities (filled plus vacant).
CITIZENS_PER_FILLED_CAPACITY: dict[str, float] = {
    "1081": 1_714.0,
    "1082": 1_563.0,
    "1083": 1_857.0,
    "1084": 1_857.0,
    "1085": 1_857.0,
}
#: Chance of a single-capacity practice in the least remote area (``SupplyTargets``), set so
#: that Denmark has about 1,980 practices.
SINGLE_PRACTICE_BASE = 0.53
VACANT_SHARE = 0.06  # vacant capacities per filled capacity
REGION_HELD_SHARE_OF_VACANT = 0.3
SHARE_GPS_CLOSED = 0.55
SHARE_GPS_SELECTIVE = 0.15
SHARE_GPS_60PLUS = 0.30
REMOTE_DISTANCE_M = 40_000.0

Progress = Callable[[str], None]


def _region_of_municipalities(
    municipalities: gpd.GeoDataFrame, regions: gpd.GeoDataFrame
) -> np.ndarray:
    points = shapely.point_on_surface(municipalities.geometry.to_numpy())
    located = locate_points(shapely.get_x(points), shapely.get_y(points), list(regions.geometry))
    if (located < 0).any():
        code = municipalities["code"].to_numpy()[located < 0][0]
        raise PraksisplanError(f"kommune {code} ligger ikke i nogen region i regionsfilen")
    return np.asarray(regions["region_code"].astype(str).to_numpy()[located])


def _coverage_areas(
    municipalities: gpd.GeoDataFrame,
    cells: pd.DataFrame,
    places: pd.DataFrame,
    rng: np.random.Generator,
) -> tuple[gpd.GeoDataFrame, np.ndarray]:
    """Areas per municipality (weighted k-means of its cells) and each cell's area id."""
    rows = []
    cell_area = np.empty(len(cells), dtype=object)
    place_points = shapely.points(places["x"].to_numpy(), places["y"].to_numpy())
    for muni in municipalities.itertuples(index=False):
        in_muni = np.flatnonzero(cells["municipality_code"].to_numpy() == muni.code)
        persons = cells["persons"].to_numpy()[in_muni].astype(float)
        k = min(MAX_AREAS_PER_MUNICIPALITY, max(1, math.ceil(persons.sum() / PERSONS_PER_AREA)))
        xy = cells[["x", "y"]].to_numpy()[in_muni]
        seeds = weighted_lloyd(xy, np.maximum(persons, 1e-9), k, rng)
        parts = [p for p in voronoi_parts(muni.geometry, seeds) if not p.is_empty]
        located = locate_points(xy[:, 0], xy[:, 1], parts)
        if (located < 0).any():  # on the coast, outside by rounding: nearest part
            lost = located < 0
            located[lost] = shapely.STRtree(parts).query_nearest(
                shapely.points(xy[lost]), all_matches=False
            )[1]
        ids = [muni.code if len(parts) == 1 else f"{muni.code}-{j + 1}" for j in range(len(parts))]
        cell_area[in_muni] = np.array(ids, dtype=object)[located]
        for area_id, part in zip(ids, parts, strict=True):
            rows.append(
                {
                    "area_id": area_id,
                    "name": _area_name(muni.name, part, place_points, places, len(parts)),
                    "municipality_code": muni.code,
                    "geometry": part,
                }
            )
    areas = gpd.GeoDataFrame(rows, geometry="geometry", crs=ANALYSIS_CRS)
    areas["name"] = _unique_names(areas["name"])
    return areas, cell_area


def _area_name(
    muni_name: str, part: shapely.Geometry, points: np.ndarray, places: pd.DataFrame, n: int
) -> str:
    if n == 1:
        return str(muni_name)
    inside = shapely.contains(part, points)
    if not inside.any():
        return str(muni_name)
    largest = places[inside].sort_values("population", ascending=False).iloc[0]["name"]
    return f"{muni_name} – {largest}"


def _unique_names(names: pd.Series) -> list[str]:
    counts = names.groupby(names).cumcount() + 1
    totals = names.map(names.value_counts())
    return [n if t == 1 else f"{n} {c}" for n, c, t in zip(names, counts, totals, strict=True)]


def _postcodes(cells: pd.DataFrame, districts: gpd.GeoDataFrame) -> np.ndarray:
    """Postcode of each cell: the district it lies in, else the nearest district."""
    geometries = list(districts.geometry)
    located = locate_points(cells["x"].to_numpy(), cells["y"].to_numpy(), geometries)
    lost = located < 0
    if lost.any():
        points = shapely.points(cells.loc[lost, ["x", "y"]].to_numpy())
        located[lost] = shapely.STRtree(geometries).query_nearest(points, all_matches=False)[1]
    return np.asarray(districts["postcode"].to_numpy()[located])


def _remoteness(areas: gpd.GeoDataFrame, cells: pd.DataFrame, places: pd.DataFrame) -> np.ndarray:
    """Distance from an area's population centre to the nearest city of 50,000+, 0..1."""
    weights = cells["persons"].to_numpy(dtype=float) + 1e-9
    frame = cells.assign(wx=cells["x"] * weights, wy=cells["y"] * weights, w=weights)
    sums = frame.groupby("area_id")[["wx", "wy", "w"]].sum().reindex(areas["area_id"])
    centres = np.c_[sums["wx"] / sums["w"], sums["wy"] / sums["w"]]
    cities = places[places["population"] >= CITY_SIZE][["x", "y"]].to_numpy()
    distance, _ = cKDTree(cities).query(centres)
    return np.asarray(np.clip(distance / REMOTE_DISTANCE_M, 0.0, 1.0))


def filled_capacities(persons: pd.Series, region_of: pd.Series) -> int:
    """Filled capacities of municipalities with ``persons`` (index: code) in the regions
    ``region_of`` (code → region code): each region's citizens over its figure of
    :data:`CITIZENS_PER_FILLED_CAPACITY`, rounded per region."""
    by_region = persons.groupby(region_of.reindex(persons.index)).sum()
    return sum(round(n / CITIZENS_PER_FILLED_CAPACITY[str(r)]) for r, n in by_region.items())


def supply_targets(population: int, filled: int, provider_prefix: str) -> SupplyTargets:
    """The synthetic supply's targets for ``population`` citizens and ``filled`` capacities."""
    vacant = round(VACANT_SHARE * filled)
    return SupplyTargets(
        filled_capacities=filled,
        vacant_capacities=vacant,
        region_held_vacant=round(REGION_HELD_SHARE_OF_VACANT * vacant),
        patients_per_filled_capacity=population / filled,
        share_gps_closed=SHARE_GPS_CLOSED,
        share_gps_selective=SHARE_GPS_SELECTIVE,
        share_gps_60plus=SHARE_GPS_60PLUS,
        survey_practices=max(3, filled // 100),
        single_practice_base=SINGLE_PRACTICE_BASE,
        provider_prefix=provider_prefix,
        gp_prefix=f"{provider_prefix}L",
    )


def build_dk_dataset(source_dir: Path, region: str, progress: Progress | None = None) -> Dataset:
    """A dataset for region ``"1081"``..``"1085"`` or ``"all"`` of Denmark.

    Population per municipality × age band × sex equals FOLK1A 2020K1 exactly; practices and
    GPs are synthetic (no open register of clinics exists). ``progress`` is called with the
    name of each step as it starts.
    """
    step = progress or (lambda _: None)
    if region != ALL and region not in REGION_CODES:
        raise PraksisplanError(
            f"ukendt region {region!r}: brug {', '.join(REGION_CODES)} eller {ALL}"
        )
    step("Læser kommunegrænser og regioner")
    municipalities = read_municipalities(source_dir)
    names = dict(zip(municipalities["name"], municipalities["code"], strict=True))
    regions = read_regions(source_dir)
    municipalities["region_code"] = _region_of_municipalities(municipalities, regions)
    if region != ALL:
        municipalities = municipalities[municipalities["region_code"] == region]
    municipalities = municipalities.sort_values("code", key=lambda c: c.astype(int))
    municipalities = municipalities.reset_index(drop=True)

    step("Læser befolkning (FOLK1A) og byer (GeoNames)")
    population = read_population(source_dir)
    missing = sorted(set(municipalities["code"]) - set(population.index))
    if missing:
        raise PraksisplanError(f"befolkningsfilen mangler kommunerne {', '.join(missing)}")
    places = read_places(source_dir)

    step("Fordeler befolkningen på celler")
    rng = np.random.default_rng(DK_SEED + (0 if region == ALL else int(region)))
    cells = build_cells(municipalities, places)
    counts = np.zeros((len(cells), population.shape[1]), dtype=np.int64)
    muni_of_cell = cells["municipality_code"].to_numpy()
    for code in municipalities["code"]:
        rows = np.flatnonzero(muni_of_cell == code)
        counts[rows] = allocate_population(
            population.loc[code].to_numpy(),
            cells["weight"].to_numpy()[rows],
            cells["tilt"].to_numpy()[rows],
        )
    populated = counts.sum(axis=1) > 0
    cells = cells[populated].reset_index(drop=True).assign(persons=counts[populated].sum(axis=1))
    counts = counts[populated]

    step("Danner lægedækningsområder og postnumre")
    areas, cell_area = _coverage_areas(municipalities, cells, places, rng)
    cells["area_id"] = cell_area
    cells["postcode"] = _postcodes(cells, read_postcodes(source_dir))
    cells["cell_id"] = [f"K{i + 1:06d}" for i in range(len(cells))]

    step("Syntetiserer praksis og læger")
    area_frame = pd.DataFrame(areas.drop(columns="geometry")).set_index("area_id")
    area_frame["population"] = (
        cells.groupby("area_id")["persons"].sum().reindex(area_frame.index).fillna(0)
    )
    area_frame["remoteness"] = _remoteness(areas, cells, places)
    total = int(counts.sum())
    prefix = "DK" if region == ALL else f"R{region}-"
    persons = pd.Series(counts.sum(axis=1)).groupby(muni_of_cell[populated]).sum()
    filled = filled_capacities(persons, municipalities.set_index("code")["region_code"])
    supply = synthesize_supply(
        area_frame, cells, supply_targets(total, filled, prefix), REFERENCE_DATE, rng
    )

    step("Læser befolkningsfremskrivning (FRKM126) og historik")
    codes = list(municipalities["code"])

    name = "Danmark" if region == ALL else REGION_CODES[region]
    manifest = Manifest(
        name=f"{name} (DAGI, FOLK1A 2020K1; syntetisk lægedækning)",
        region=RegionInfo(code="000" if region == ALL else region, name=name),
        reference_date=REFERENCE_DATE,
        crs=ANALYSIS_CRS,
        synthetic=True,
        description=(
            "Geografi: DAGI 1:500.000 (2014), Geodatastyrelsen & Danske Kommuner. Befolkning: "
            "Danmarks Statistik FOLK1A 2020K1, fordelt på celler. Byer: GeoNames (CC BY 4.0). "
            "Praksis, kapaciteter og læger er syntetiske."
        ),
    )
    return Dataset(
        manifest=manifest,
        municipalities=gpd.GeoDataFrame(
            municipalities[["code", "name", "geometry"]], geometry="geometry", crs=ANALYSIS_CRS
        ),
        coverage_areas=areas,
        cells=cells[["cell_id", "x", "y", "postcode", "area_id", "municipality_code"]],
        population=population_table(cells["cell_id"], counts),
        practices=supply.practices,
        gps=supply.gps,
        region_vacancies=supply.region_vacancies,
        coverage_survey=supply.coverage_survey,
        temporary_beds=supply.temporary_beds,
        demand_weights=empty_table(DemandWeightRow),
        population_projection=projection_table(source_dir, codes, REFERENCE_DATE.year),
        population_history=history_table(source_dir, codes, names, REFERENCE_DATE.year),
    )
