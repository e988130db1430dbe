"""Benchmark of the travel model (issue 14's speed goals).

Cases:

* ``demo`` — the built-in demo region with its ferries and causeway;
* ``sjaelland`` — import-dk's Region Sjælland (1085), a ferry (benchmark-only, invented by
  :func:`praksisplan.travel.demo.demo_links`) from every island to the largest land mass;
* ``denmark`` — all of Denmark, the same invented links.

For each case it prints the time to find the land masses, the time ``compute_indicators``
takes on straight lines and the time the land-and-links OD table plus ``compute_indicators``
on it take (goal for Denmark: the travel model adds ≤ 1 s), and the time of the
transportation-problem assignment (goals: a region ≤ 5 s, Denmark ≤ 60 s) with its region
home-visit shares next to Midtjylland's.

Run: ``.venv/bin/python benchmarks/travel.py [--case demo|sjaelland|denmark|all]
[--dk-dir DIR]``. Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from praksisplan.core.dataset import Dataset
from praksisplan.dk_import import build_dk_dataset
from praksisplan.engine.cells import SpatialSettings
from praksisplan.engine.indicators import compute_indicators
from praksisplan.engine.travel_od import travel_od_table
from praksisplan.synth.demo import build_demo_dataset
from praksisplan.travel.demo import demo_links
from praksisplan.travel.home_visits import MIDTJYLLAND_SHARES, region_shares
from praksisplan.travel.land import land_masses_of
from praksisplan.travel.network import TravelNetwork
from praksisplan.travel.patients import DEFAULT_REACH_M, estimate_patients

DK_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "dk"


def _timed(work: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (all threads of this process) of ``work``: on a shared
    machine the CPU time is the steadier figure."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def run_case(name: str, dataset: Dataset) -> None:
    begin = time.perf_counter()
    land = land_masses_of(dataset)
    network = TravelNetwork.of(land, demo_links(dataset, land))
    land_s = time.perf_counter() - begin
    print(
        f"{name}: {len(dataset.cells)} cells, {len(dataset.practices)} practices, "
        f"{len(land)} land masses, {len(network.links)} links (found in {land_s:.2f} s)"
    )
    compute_indicators(dataset, "area")  # warm-up: imports, first-call caches
    planar_s, planar_cpu = _timed(lambda: compute_indicators(dataset, "area"))
    travel_s, travel_cpu = _timed(
        lambda: compute_indicators(dataset, "area", settings=SpatialSettings(network=network))
    )
    print(
        f"  compute_indicators straight line {planar_s:.2f} s; land and links {travel_s:.2f} s: "
        f"adds {travel_s - planar_s:+.2f} s (ratio {travel_s / planar_s:.2f}); "
        f"CPU {planar_cpu:.2f} s → {travel_cpu:.2f} s, adds {travel_cpu - planar_cpu:+.2f} s"
    )
    reach = travel_od_table(dataset, network, DEFAULT_REACH_M)
    wall, cpu = time.perf_counter(), time.process_time()
    assignment = estimate_patients(dataset, reach)
    assign_s, assign_cpu = time.perf_counter() - wall, time.process_time() - cpu
    shares = region_shares(assignment)
    print(
        f"  assignment (transport LP, {reach.n_pairs} pairs within "
        f"{DEFAULT_REACH_M / 1000:g} km) {assign_s:.2f} s (CPU {assign_cpu:.2f} s); "
        f"unplaced {assignment.unplaced.sum():.0f}, total {assignment.total_cost() / 1000:.0f} km"
    )
    print(
        "  shares within 5 / 9 km, beyond 17 km: "
        f"{shares['share_within_5_km']:.1%} / {shares['share_within_9_km']:.1%}, "
        f"{shares['share_beyond_17_km']:.1%} (Midtjylland "
        f"{MIDTJYLLAND_SHARES['within_5_km']:.0%} / {MIDTJYLLAND_SHARES['within_9_km']:.0%}, "
        f"{MIDTJYLLAND_SHARES['beyond_17_km']:.0%})"
    )
    begin = time.perf_counter()
    gravity = estimate_patients(dataset, reach, model="gravity")
    gravity_s = time.perf_counter() - begin
    shares = region_shares(gravity)
    print(
        f"  gravity variant {gravity_s:.2f} s; within 5 / 9 km, beyond 17 km: "
        f"{shares['share_within_5_km']:.1%} / {shares['share_within_9_km']:.1%}, "
        f"{shares['share_beyond_17_km']:.1%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", default="all", choices=["demo", "sjaelland", "denmark", "all"])
    parser.add_argument("--dk-dir", type=Path, default=DK_DIR)
    args = parser.parse_args()
    if args.case in ("demo", "all"):
        run_case("demo", build_demo_dataset())
    if args.case in ("sjaelland", "all"):
        run_case("sjaelland", build_dk_dataset(args.dk_dir, "1085"))
    if args.case in ("denmark", "all"):
        run_case("denmark", build_dk_dataset(args.dk_dir, "all"))


if __name__ == "__main__":
    main()
