"""Benchmark of the analysis engine against PySAL ``access``.

Cases:

* ``synthetic`` — a national-scale synthetic region: 250,000 populated cells in towns and
  countryside over 350 × 300 km, 2,500 practices, radius 15 km;
* ``denmark`` — all of Denmark built by ``import-dk`` from ``../shared/data/dk``.

For each case it times ``compute_indicators(dataset, "area")`` — population and supply
indicators, legal free choice (counts and nearest distances) and E2SFCA — best of seven
runs, wall and CPU time (``time.process_time``, all threads: the machine is shared, so the
CPU time shows the work done where the wall time shows the waiting too), on the dataset as
the loader delivers it (population columns categorical) and with those columns as text
(as they were before the loaders coded them); prints the load average, measures
the engine's peak memory with ``tracemalloc``, then runs PySAL ``access``'s
``enhanced_two_stage_fca`` on the identical input (the same need-weighted demand, filled
capacities and OD pairs within 15 km, cost in km, the same 5/10/15 km steps) and prints
the ratio of wall times and the maximum relative difference of the scores.

Run: ``.venv/bin/python benchmarks/engine.py [--case synthetic|denmark|all] [--dk-dir DIR]
[--no-access]``. Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import box

from praksisplan.core.dataset import ANALYSIS_CRS, Dataset, coded_columns, empty_table
from praksisplan.core.manifest import DEFAULT_AGE_BANDS, Manifest, RegionInfo
from praksisplan.core.schema import (
    CoverageSurveyRow,
    DemandWeightRow,
    PopulationRow,
    RegionVacancyRow,
    TemporaryBedRow,
)
from praksisplan.engine.accessibility import StepCatchment, fca_scores
from praksisplan.engine.cells import od_table_of
from praksisplan.engine.indicators import compute_indicators
from praksisplan.engine.od import ODTable
from praksisplan.engine.population import cell_population
from praksisplan.engine.supply import practice_supply

RADIUS_M = 15_000.0
#: Runs of the engine per case (the best counts: the machine is shared).
ENGINE_RUNS = 7
DEFAULT_DK_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "dk"
T = TypeVar("T")


def synthetic_dataset(n_cells: int = 250_000, n_practices: int = 2_500, seed: int = 1) -> Dataset:
    """Cells: 70 % in 400 towns (Gaussian blobs), 30 % spread over the countryside."""
    rng = np.random.default_rng(seed)
    width, height = 350_000.0, 300_000.0
    towns = rng.uniform((0, 0), (width, height), (400, 2))
    town_size = rng.pareto(1.2, 400) + 1
    n_town = int(0.7 * n_cells)
    which = rng.choice(400, n_town, p=town_size / town_size.sum())
    xy = np.vstack(
        [
            towns[which]
            + rng.normal(0, 1500 * np.sqrt(town_size[which]))[:, None]
            * rng.normal(0, 1, (n_town, 2)),
            rng.uniform((0, 0), (width, height), (n_cells - n_town, 2)),
        ]
    )
    xy = np.clip(xy, 0, (width, height))
    block = (xy // 35_000).astype(int)
    area = [f"A{i}_{j}" for i, j in block]
    postcode = [f"{1000 + (i * 9 + j) % 9000:04d}" for i, j in (xy // 10_000).astype(int)]
    cell_ids = np.array([f"C{i:06d}" for i in range(n_cells)], dtype=object)
    cells = pd.DataFrame(
        {
            "cell_id": cell_ids,
            "x": xy[:, 0],
            "y": xy[:, 1],
            "postcode": postcode,
            "area_id": area,
            "municipality_code": [f"{100 + (i // 2) * 10 + j // 2}" for i, j in block],
        }
    )
    # ~23 persons per cell as in Denmark, spread over band × sex; zero rows are left out
    combos = [(b, s) for b in DEFAULT_AGE_BANDS for s in ("F", "M")]
    counts = rng.poisson(23 / len(combos), (n_cells, len(combos)))
    cell_index, combo_index = np.nonzero(counts)
    population = pd.DataFrame(
        {
            "cell_id": cell_ids[cell_index],
            "age_band": np.array([b for b, _ in combos], dtype=object)[combo_index],
            "sex": np.array([s for _, s in combos], dtype=object)[combo_index],
            "persons": counts[cell_index, combo_index],
        }
    )
    # practices where people live
    sites = rng.choice(n_cells, n_practices, replace=False)
    status = rng.choice(["closed", "selective", "open"], n_practices, p=[0.6, 0.2, 0.2])
    capacities = rng.integers(1, 5, n_practices).astype(float)
    practices = pd.DataFrame(
        {
            "provider_number": [f"P{j:05d}" for j in range(n_practices)],
            "name": [f"Praksis {j}" for j in range(n_practices)],
            "x": xy[sites, 0],
            "y": xy[sites, 1],
            "postcode": cells["postcode"].to_numpy()[sites],
            "org_form": rng.choice(["solo", "partnership", "contract"], n_practices),
            "capacities": capacities,
            "vacant_capacities": np.where(rng.random(n_practices) < 0.1, 1.0, 0.0),
            "listed_patients": (capacities * 1700).astype(int),
            "status": status,
            "open_postcodes": np.where(
                status == "selective", cells["postcode"].to_numpy()[sites], None
            ),
            "norm_override": None,
            "area_id": cells["area_id"].to_numpy()[sites],
            "municipality_code": cells["municipality_code"].to_numpy()[sites],
        }
    )
    gp_practice = np.repeat(np.arange(n_practices), capacities.astype(int))
    gps = pd.DataFrame(
        {
            "gp_id": [f"G{k:06d}" for k in range(len(gp_practice))],
            "provider_number": practices["provider_number"].to_numpy()[gp_practice],
            "birth_year": rng.integers(1955, 1990, len(gp_practice)),
            "role": "owner",
            "fte": 1.0,
        }
    )
    area_ids = sorted(set(area))
    municipality_of_area = cells.drop_duplicates("area_id").set_index("area_id")[
        "municipality_code"
    ]
    codes = sorted(set(cells["municipality_code"]))
    whole = box(0, 0, width, height)
    return Dataset(
        manifest=Manifest(
            name="Benchmark (syntetisk)",
            region=RegionInfo(code="1099", name="Benchmark"),
            reference_date=dt.date(2025, 1, 1),
            crs=ANALYSIS_CRS,
            synthetic=True,
        ),
        municipalities=gpd.GeoDataFrame(
            {"code": codes, "name": codes}, geometry=[whole] * len(codes), crs=ANALYSIS_CRS
        ),
        coverage_areas=gpd.GeoDataFrame(
            {
                "area_id": area_ids,
                "name": area_ids,
                "municipality_code": municipality_of_area.loc[area_ids].to_numpy(),
            },
            geometry=[whole] * len(area_ids),
            crs=ANALYSIS_CRS,
        ),
        cells=cells,
        population=coded_columns(population, PopulationRow),
        practices=practices,
        gps=gps,
        region_vacancies=empty_table(RegionVacancyRow),
        coverage_survey=empty_table(CoverageSurveyRow),
        temporary_beds=empty_table(TemporaryBedRow),
        demand_weights=empty_table(DemandWeightRow),
    )


def denmark_dataset(dk_dir: Path) -> Dataset:
    from praksisplan.dk_import.build import build_dk_dataset

    return build_dk_dataset(dk_dir, "all")


def _timed(work: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def _best_of(repeats: int, work: Callable[[], T]) -> tuple[T, float, list[float]]:
    """The result and best wall time of ``repeats`` runs (the machine is shared)."""
    runs = [_timed(work) for _ in range(repeats)]
    return runs[0][0], min(t for _, t in runs), [t for _, t in runs]


def _wall_and_cpu(repeats: int, work: Callable[[], object]) -> tuple[list[float], list[float]]:
    """Wall and CPU time (all threads of the process) of each of ``repeats`` runs."""
    walls, cpus = [], []
    for _ in range(repeats):
        cpu, wall = time.process_time(), time.perf_counter()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus


def _load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def _time_engine(label: str, dataset: Dataset) -> float:
    """Best wall time of :data:`ENGINE_RUNS` runs of ``compute_indicators``; prints wall and
    CPU time of every run."""
    walls, cpus = _wall_and_cpu(ENGINE_RUNS, lambda: compute_indicators(dataset, "area"))
    print(
        f"{label}: best {min(walls):.3f} s wall, {min(cpus):.3f} s CPU "
        f"(wall: {', '.join(f'{t:.3f}' for t in walls)}; "
        f"CPU: {', '.join(f'{t:.3f}' for t in cpus)}; {_load()})"
    )
    return min(walls)


def pysal_e2sfca(cost: pd.DataFrame, demand: pd.Series, supply: pd.DataFrame) -> pd.Series:
    """PySAL access's E2SFCA on a cost table in km with our default steps over 15 km."""
    from access import Access, weights

    model = Access(
        demand_df=demand.rename("demand").to_frame(),
        demand_value="demand",
        supply_df=supply,
        supply_value="filled_capacities",
        cost_df=cost,
        cost_origin="origin",
        cost_dest="dest",
        cost_name="cost",
    )
    result = model.enhanced_two_stage_fca(
        name="e2sfca",
        max_cost=RADIUS_M / 1000,
        weight_fn=weights.step_fn({5: 1.0, 10: 0.68, 15: 0.22}),
    )
    return result["e2sfca_filled_capacities"].reindex(demand.index)


def cost_table(dataset: Dataset, od: ODTable) -> pd.DataFrame:
    """An OD table as PySAL access's cost table (cell and provider ids, cost in km)."""
    cell_ids = dataset.cells["cell_id"].to_numpy()
    providers = dataset.practices["provider_number"].to_numpy()
    return pd.DataFrame(
        {"origin": cell_ids[od.origin], "dest": providers[od.dest], "cost": od.cost / 1000}
    )


def run_case(name: str, dataset: Dataset, with_access: bool) -> None:
    print(
        f"\n== {name}: {len(dataset.cells):,} cells, {len(dataset.population):,} population "
        f"rows, {len(dataset.practices):,} practices, {len(dataset.coverage_areas):,} areas"
    )
    engine_time = _time_engine(
        "engine, compute_indicators (indicators + free choice + E2SFCA), as loaded", dataset
    )
    # the same with the population table's cell_id/age_band/sex as text, as the loaders
    # delivered them before they coded them: the engine then hashes 1.5 million str objects
    text = dataset.with_tables(
        population=dataset.population.astype(dict.fromkeys(PopulationRow.coded, "str"))
    )
    text_time = _time_engine("  the same with the population columns as text", text)
    tracemalloc.start()
    compute_indicators(dataset, "area")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"engine peak memory (tracemalloc): {peak / 2**20:,.0f} MiB")

    # E2SFCA alone on identical input: demand, supply and the OD pairs within 15 km
    demand = cell_population(dataset)["need_weighted_persons"]
    supply = practice_supply(dataset)[["filled_capacities"]]
    od, od_time, _ = _best_of(3, lambda: od_table_of(dataset, RADIUS_M))
    catchment = StepCatchment.luo_qi(RADIUS_M)
    ours, kernel_time, _ = _best_of(
        3,
        lambda: fca_scores(
            od, demand.to_numpy(), supply["filled_capacities"].to_numpy(), catchment
        ),
    )
    print(
        f"OD table: {od.n_pairs:,} pairs within 15 km in {od_time:.3f} s; "
        f"E2SFCA kernel on it: {kernel_time:.3f} s (best of 3 each)"
    )
    if not with_access:
        return
    cost = cost_table(dataset, od)
    theirs, access_time, access_times = _best_of(2, lambda: pysal_e2sfca(cost, demand, supply))
    scores = pd.Series(ours, index=demand.index)
    reached = theirs.notna()
    nonzero = reached & (theirs != 0)
    difference = float(((scores[nonzero] - theirs[nonzero]).abs() / theirs[nonzero]).max())
    print(
        f"PySAL access E2SFCA on the same cost table: best {access_time:.3f} s wall "
        f"(runs: {', '.join(f'{t:.3f}' for t in access_times)}; {_load()})"
    )
    print(
        f"ratio access / engine: E2SFCA {access_time / (od_time + kernel_time):.0f}× "
        f"(ours incl. building the OD table; kernel alone "
        f"{access_time / kernel_time:.0f}×), whole compute_indicators "
        f"{access_time / engine_time:.1f}× (with the population columns as text "
        f"{access_time / text_time:.1f}×)"
    )
    print(
        f"max relative difference of scores: {difference:.2e} ({int(reached.sum()):,} cells "
        f"compared; {int((~reached).sum()):,} cells with no supply in reach are NaN in access "
        f"and 0 in the engine: {bool((scores[~reached] == 0).all())})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", choices=["synthetic", "denmark", "all"], default="all")
    parser.add_argument("--dk-dir", type=Path, default=DEFAULT_DK_DIR)
    parser.add_argument("--no-access", action="store_true", help="skip PySAL access")
    args = parser.parse_args()
    if args.case in ("denmark", "all"):
        dataset, seconds = _timed(lambda: denmark_dataset(args.dk_dir))
        print(f"built all of Denmark with import-dk in {seconds:.1f} s (not part of the timing)")
        run_case("Denmark (import-dk, all regions)", dataset, not args.no_access)
    if args.case in ("synthetic", "all"):
        dataset, seconds = _timed(synthetic_dataset)
        print(f"built the synthetic case in {seconds:.1f} s (not part of the timing)")
        run_case("synthetic national scale", dataset, not args.no_access)


if __name__ == "__main__":
    main()
