"""Benchmark of the allocation optimiser, and of its MCLP kernel against PySAL ``spopt``.

Cases:

* ``demo`` — the built-in demo region, N = 10, the default candidates (every practice,
  generated towns) and the default lexicographic objectives;
* ``sjaelland`` — import-dk's Region Sjælland (1085): every practice and every GeoNames
  place of ≥ 500 inhabitants in the region as a new-clinic candidate, N = 20 (goal: proven
  optimal in ≤ 10 s);
* ``denmark`` — all of Denmark, the same candidates nationally, N = 50 (goal: optimal or
  gap ≤ 0.1 % in ≤ 60 s).

For each case it prints the time to build the instance and to solve (wall, and this
process's CPU time — HiGHS runs single-threaded in it, so on a shared, oversubscribed
machine the CPU time is what the solve would take on an idle one), the proof status, the
gap and the objective values. For Sjælland it then solves the same maximal covering
instance — need-weighted cells, every candidate, 5 km coverage, p = 20, no fixed sites —
with the kernel's :func:`solve_covering` and with ``spopt.locate.MCLP`` (HiGHS through
PuLP, and CBC), and prints both times and objectives.

Run: ``.venv/bin/python benchmarks/allocation.py [--case demo|sjaelland|denmark|all]
[--dk-dir DIR] [--no-spopt]``. Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.core.spatial import assign_points
from praksisplan.optimise.allocation import AllocationRequest, allocate
from praksisplan.optimise.candidates import CandidateOptions, file_candidates
from praksisplan.optimise.kernel import solve_covering
from praksisplan.optimise.objectives import OBJECTIVES

DK_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "dk"
MCLP_RADIUS_M = 5_000.0


def place_candidates(dataset: Dataset, dk_dir: Path) -> pd.DataFrame:
    """Every GeoNames place of ≥ 500 inhabitants inside the dataset, as a candidate table."""
    from praksisplan.dk_import.sources import read_places

    places = read_places(dk_dir)
    places = places[places["population"] >= 500]
    inside = assign_points(places["x"], places["y"], dataset.coverage_areas, "area_id")
    places = places[pd.notna(inside)].reset_index(drop=True)
    frame = pd.DataFrame(
        {
            "site_id": [f"BY-{i:04d}" for i in range(len(places))],
            "name": "Ny klinik i " + places["name"],
            "x": places["x"],
            "y": places["y"],
            "org_forms": "partnership",
            "min_capacities": 2,
            "max_capacities": 4,
        }
    )
    return file_candidates(dataset, frame, "steder ≥ 500 indbyggere")


def run_case(name: str, dataset: Dataset, request: AllocationRequest) -> None:
    begin, cpu = time.perf_counter(), time.process_time()
    proposal = allocate(dataset, request)
    total, cpu = time.perf_counter() - begin, time.process_time() - cpu
    solution = proposal.solution
    sites = proposal.instance.sites
    print(
        f"{name}: {len(dataset.cells):,} cells, {len(sites):,} candidate sites, "
        f"N = {request.capacities}: {solution.status}, gap {100 * solution.gap:.4f} %, "
        f"solve {solution.seconds:.2f} s (build + solve {total:.2f} s wall, {cpu:.2f} s CPU)"
    )
    for stage in solution.stages:
        print(
            f"  stage {stage.objective.value}: {stage.status}, gap {100 * stage.gap:.4f} %, "
            f"{stage.seconds:.2f} s"
        )
    for objective in request.objectives:
        print(
            f"  {objective.value}: {proposal.baseline[objective]:,.1f} → "
            f"{solution.values[objective]:,.1f} ({OBJECTIVES[objective].unit})"
        )
    if proposal.greedy_values is not None:
        first = request.objectives[0]
        print(f"  greedy {first.value}: {proposal.greedy_values[first]:,.1f}")


def mclp_comparison(dataset: Dataset, candidates: pd.DataFrame, p: int, spopt: bool) -> None:
    from praksisplan.engine.cells import od_table_of
    from praksisplan.engine.population import cell_population

    sites = pd.concat([dataset.practices[["x", "y"]], candidates[["x", "y"]]], ignore_index=True)
    od = od_table_of(dataset.with_tables(practices=sites), MCLP_RADIUS_M)
    weights = cell_population(dataset)["need_weighted_persons"].to_numpy()
    from scipy import sparse

    coverage = sparse.csr_array(
        (np.ones(od.n_pairs), (od.origin, od.dest)), shape=(od.n_origins, od.n_destinations)
    )
    begin = time.perf_counter()
    ours = solve_covering(weights, coverage, p)
    ours_time = time.perf_counter() - begin
    print(
        f"MCLP ({len(weights):,} cells × {len(sites):,} sites, {MCLP_RADIUS_M / 1000:g} km, "
        f"p = {p}): praksisplan {ours.status} {ours.objective:,.1f} in {ours_time:.2f} s "
        f"({ours.model_rows:,} aggregated rows)"
    )
    if not spopt:
        return
    import pulp
    from spopt.locate import MCLP

    dense = np.full((len(weights), len(sites)), MCLP_RADIUS_M * 10)
    dense[od.origin, od.dest] = od.cost
    for label, solver in (
        ("HiGHS", pulp.HiGHS(msg=False)),
        ("CBC", pulp.PULP_CBC_CMD(msg=False)),
    ):
        begin = time.perf_counter()
        model = MCLP.from_cost_matrix(dense, weights, MCLP_RADIUS_M, p_facilities=p)
        model = model.solve(solver, results=False)
        seconds = time.perf_counter() - begin
        objective = float(pulp.value(model.problem.objective))
        print(
            f"  spopt MCLP ({label}): {objective:,.1f} in {seconds:.2f} s "
            f"(ratio {seconds / ours_time:.1f}× praksisplan's time)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--case", choices=["demo", "sjaelland", "denmark", "all"], default="all")
    parser.add_argument("--dk-dir", type=Path, default=DK_DIR)
    parser.add_argument("--no-spopt", action="store_true")
    args = parser.parse_args()
    cases = ["demo", "sjaelland", "denmark"] if args.case == "all" else [args.case]
    quick = {"frontier": False, "runner_up": False}
    if "demo" in cases:
        from praksisplan.synth.demo import build_demo_dataset

        run_case("demo", build_demo_dataset(), AllocationRequest(capacities=10, **quick))
    from praksisplan.dk_import.build import build_dk_dataset

    for case, region, n in (("sjaelland", "1085", 20), ("denmark", "all", 50)):
        if case not in cases:
            continue
        dataset = build_dk_dataset(args.dk_dir, region)
        places = place_candidates(dataset, args.dk_dir)
        request = AllocationRequest(
            capacities=n,
            candidates=CandidateOptions(towns=False),
            user_sites=places,
            time_limit=60.0 if case == "denmark" else None,
            **quick,
        )
        run_case(case, dataset, request)
        if case == "sjaelland":
            mclp_comparison(dataset, places, n, not args.no_spopt)


if __name__ == "__main__":
    main()
