"""Benchmark of a scenario edit → updated indicators, threat classes and diff.

For each case the base dataset is analysed once; then every single edit of each kind is
applied to the base, the scenario analysed incrementally
(:func:`praksisplan.scenario.incremental.analyse_scenario`) and diffed against the base.
Printed: p50/p95 in ms per kind and overall, wall clock and CPU time of this process
(``time.process_time``, all its threads: steadier than wall time on a shared machine), the
same for a full recompute (:func:`praksisplan.scenario.diff.analyse` of the edited dataset)
as the reference, and the load average before and after each case.

Kinds (``tests/scenario_edit_kinds.py``, shared with the test that checks the same edits
against a full recompute): close or open a practice, change its capacities, move it up to
2 km, add a clinic at a random cell, remove a practice (patients to the nearest open ones),
retire a GP, add 800 persons to a cell.

Cases: ``demo`` (the built-in demo region) and ``denmark`` (``import-dk --region all``).
For Denmark also the whole-run ratio: PySAL ``access``'s E2SFCA on the same cost table
(:mod:`engine`'s) over one whole ``compute_indicators`` run (best of 3); ``--no-access``
skips it, ``--edits 0`` measures only it.

Run: ``.venv/bin/python benchmarks/scenario.py [--case demo|denmark|all] [--edits N]
[--dk-dir DIR] [--no-access]``. Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.append(str(REPO / "tests"))  # after benchmarks/: its engine.py, not tests/engine

from praksisplan.core.dataset import Dataset  # noqa: E402
from praksisplan.scenario.apply import apply_edits  # noqa: E402
from praksisplan.scenario.diff import analyse, diff  # noqa: E402
from praksisplan.scenario.edits import ScenarioEditError, parse_edits  # noqa: E402
from praksisplan.scenario.incremental import analyse_scenario  # noqa: E402
from praksisplan.threat.rules import load_rules  # noqa: E402
from scenario_edit_kinds import KINDS  # noqa: E402

DK_DIR = REPO.parent / "shared" / "data" / "dk"


def _ms(values: list[float]) -> str:
    a = np.asarray(values) * 1000
    return f"p50 {np.percentile(a, 50):6.0f} p95 {np.percentile(a, 95):6.0f} ms"


def _times(wall: list[float], cpu: list[float]) -> str:
    return f"n={len(wall):4d}  wall {_ms(wall)}  CPU {_ms(cpu)}"


def _load() -> str:
    return "load average " + " / ".join(f"{x:.2f}" for x in os.getloadavg())


def access_ratio(dataset: Dataset) -> None:
    """Print the whole ``compute_indicators`` run against PySAL access's E2SFCA."""
    from engine import RADIUS_M, cost_table, pysal_e2sfca
    from praksisplan.engine.cells import od_table_of
    from praksisplan.engine.indicators import compute_indicators
    from praksisplan.engine.population import cell_population
    from praksisplan.engine.supply import practice_supply

    def best(runs: int, work: Callable[[], object]) -> float:
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            work()
            times.append(time.perf_counter() - t0)
        return min(times)

    engine_time = best(3, lambda: compute_indicators(dataset, "area"))
    demand = cell_population(dataset)["need_weighted_persons"]
    supply = practice_supply(dataset)[["filled_capacities"]]
    cost = cost_table(dataset, od_table_of(dataset, RADIUS_M))
    access_time = best(2, lambda: pysal_e2sfca(cost, demand, supply))
    ratio = access_time / engine_time
    print(f"  whole compute_indicators: best {engine_time:.3f} s; PySAL access E2SFCA on the "
          f"same cost table: best {access_time:.3f} s; ratio {ratio:.1f}×")  # fmt: skip


def run_case(name: str, dataset: Dataset, n_edits: int, full_every: int) -> None:
    if n_edits == 0:
        return
    rules = load_rules(None)
    started = time.perf_counter()
    base = analyse(dataset, rules)
    print(f"\n{name}: {len(dataset.cells):,} cells, {len(dataset.population):,} population rows, "
          f"{len(dataset.practices):,} practices; base analysed in "
          f"{time.perf_counter() - started:.2f} s; {_load()}")  # fmt: skip
    rng = np.random.default_rng(8)
    every: tuple[list[float], list[float]] = ([], [])
    full: tuple[list[float], list[float]] = ([], [])
    for kind, make in KINDS.items():
        times: tuple[list[float], list[float]] = ([], [])
        for i in range(n_edits):
            edits = parse_edits([make(dataset, rng, i)])
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                applied = apply_edits(dataset, edits)
            except ScenarioEditError:
                continue  # e.g. a move out of the region: refused, not timed
            diff(base, analyse_scenario(base, applied, rules))
            times[0].append(time.perf_counter() - t0)
            times[1].append(time.process_time() - c0)
            if i % full_every == 0:
                t0, c0 = time.perf_counter(), time.process_time()
                diff(base, analyse(apply_edits(dataset, edits).dataset, rules))
                full[0].append(time.perf_counter() - t0)
                full[1].append(time.process_time() - c0)
        every[0].extend(times[0])
        every[1].extend(times[1])
        print(f"  {kind:16s} {_times(*times)}")
    print(f"  {'all edits':16s} {_times(*every)}")
    print(f"  {'full recompute':16s} {_times(*full)}  (reference)")
    ratio = np.percentile(full[1], 95) / np.percentile(every[1], 95)
    print(f"  CPU p95 full / p95 incremental = {ratio:.1f}; {_load()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--case", choices=["demo", "denmark", "all"], default="all")
    parser.add_argument("--edits", type=int, default=100, help="Edits of each kind.")
    parser.add_argument("--dk-dir", type=Path, default=DK_DIR)
    parser.add_argument("--no-access", action="store_true", help="skip PySAL access")
    args = parser.parse_args()
    if args.case in ("demo", "all"):
        from praksisplan.synth.demo import build_demo_dataset

        run_case("demo", build_demo_dataset(), args.edits, full_every=5)
    if args.case in ("denmark", "all"):
        from praksisplan.dk_import.build import build_dk_dataset

        dataset = build_dk_dataset(args.dk_dir, "all")
        run_case("denmark", dataset, args.edits, full_every=10)
        if not args.no_access:
            access_ratio(dataset)


if __name__ == "__main__":
    main()
