"""Region Demo: a synthetic, Nordjylland-sized region for trying the software.

Everything is invented and labelled synthetic (manifest name, ``synthetic = true``, region
code 1099, municipality codes 901–911). The GP supply is calibrated to Region Nordjylland's
published figures (373 capacities, 331 filled, 42 vacant; ~60 % of GPs closed, ~20 %
selective; 1,789 listed patients per GP; ~1/3 of GPs aged 60+). See ``docs/demo-region.md``.
"""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd

from praksisplan.core.dataset import ANALYSIS_CRS, Dataset, empty_table
from praksisplan.core.manifest import Manifest, RegionInfo
from praksisplan.core.schema import DemandWeightRow
from praksisplan.synth.age_structure import COLUMNS, tilted_shares
from praksisplan.synth.allocation import largest_remainder
from praksisplan.synth.care_homes import demo_care_homes
from praksisplan.synth.demo_geography import build_geography
from praksisplan.synth.population import allocate_population, population_table
from praksisplan.synth.population_history import demo_population_history
from praksisplan.synth.supply import synthesize_supply
from praksisplan.synth.supply_targets import SupplyTargets
from praksisplan.travel.demo import demo_links
from praksisplan.travel.links import link_tables

DEMO_SEED = 20260101
REFERENCE_DATE = dt.date(2026, 1, 1)
DEMO_POPULATION = 590_000
FIRST_POSTCODE = 9100

#: Region Nordjylland's published figures (praksisplan, 2018), see docs/demo-region.md.
DEMO_TARGETS = SupplyTargets(
    filled_capacities=331,
    vacant_capacities=42,
    region_held_vacant=12,
    patients_per_filled_capacity=1_789.0,
    share_gps_closed=0.60,
    share_gps_selective=0.20,
    share_gps_60plus=1 / 3,
    remote_municipality_fraction=4 / 11,
    region_run_share_remote=0.31,
    survey_practices=200,  # more than there are: every open and selective practice answers
    provider_prefix="D",
    gp_prefix="DL",
)


def build_demo_dataset(seed: int = DEMO_SEED) -> Dataset:
    """The built-in demo region; the same seed always gives the same dataset."""
    rng = np.random.default_rng(seed)
    geography = build_geography(rng)
    settlements = geography.settlements
    areas = geography.areas

    # persons: exact region total, Danish age structure tilted per settlement
    tilts = (
        settlements["tilt"].to_numpy()
        + 0.3 * areas.set_index("area_id")["remoteness"].loc[settlements["area_id"]].to_numpy()
    )
    expected = settlements["weight"].to_numpy()[:, None] * tilted_shares(tilts)
    column_totals = largest_remainder(DEMO_POPULATION, expected.sum(axis=0))
    counts = allocate_population(column_totals, settlements["weight"].to_numpy(), tilts)
    populated = counts.sum(axis=1) > 0
    counts = counts[populated]
    postcode_of_area = {
        area_id: str(FIRST_POSTCODE + 5 * i) for i, area_id in enumerate(areas["area_id"])
    }
    cells = pd.DataFrame(
        {
            "cell_id": [f"C{i + 1:05d}" for i in range(int(populated.sum()))],
            "x": settlements["x"].to_numpy()[populated].round(1),
            "y": settlements["y"].to_numpy()[populated].round(1),
            "postcode": settlements["area_id"][populated].map(postcode_of_area).to_numpy(),
            "area_id": settlements["area_id"].to_numpy()[populated],
            "municipality_code": settlements["municipality_code"].to_numpy()[populated],
        }
    )
    population = population_table(cells["cell_id"], counts)

    area_population = pd.Series(counts.sum(axis=1), index=cells["area_id"]).groupby(level=0).sum()
    supply = synthesize_supply(
        areas.set_index("area_id").assign(
            population=area_population.reindex(areas["area_id"]).fillna(0).to_numpy()
        ),
        cells.assign(persons=counts.sum(axis=1)),
        DEMO_TARGETS,
        REFERENCE_DATE,
        rng,
    )

    manifest = Manifest(
        name="Region Demo (syntetiske data)",
        region=RegionInfo(code="1099", name="Region Demo (syntetisk)"),
        reference_date=REFERENCE_DATE,
        crs=ANALYSIS_CRS,
        synthetic=True,
        description=(
            "Syntetisk demoregion: opdigtet geografi, befolkning og lægedækning, kalibreret "
            "til Region Nordjyllands offentliggjorte nøgletal. Ingen rigtige personer eller "
            "klinikker."
        ),
    )
    dataset = Dataset(
        manifest=manifest,
        municipalities=gpd.GeoDataFrame(
            geography.municipalities, geometry="geometry", crs=ANALYSIS_CRS
        ),
        coverage_areas=gpd.GeoDataFrame(
            areas[["area_id", "name", "municipality_code", "geometry"]],
            geometry="geometry",
            crs=ANALYSIS_CRS,
        ),
        cells=cells,
        population=population,
        practices=supply.practices,
        gps=supply.gps,
        region_vacancies=supply.region_vacancies,
        coverage_survey=supply.coverage_survey,
        temporary_beds=supply.temporary_beds,
        demand_weights=empty_table(DemandWeightRow),
        population_history=demo_population_history(
            population, cells, REFERENCE_DATE.year, DEMO_SEED
        ),
    )
    # the islands' ferries and the bridge to the smallest island, and a care home per
    # municipality (invented, like the rest)
    return dataset.with_tables(
        care_homes=demo_care_homes(dataset), **link_tables(demo_links(dataset))
    )


__all__ = ["COLUMNS", "DEMO_SEED", "build_demo_dataset"]
