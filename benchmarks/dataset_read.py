"""Benchmark of reading and building datasets: the times that used to sit in unit tests.

Cases, each best of three runs:

* ``read`` — ``read_dataset`` on a region-sized copy of the tiny dataset (15,500 cells,
  589,000 population rows; the builder the reader's test uses), goal ≤ 15 s;
* ``demo`` — ``build_demo_dataset(DEMO_SEED)``, the demo region ``make run`` serves,
  goal ≤ 5 s.

Run: ``.venv/bin/python benchmarks/dataset_read.py``. Results are recorded in
docs/performance.md.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from fixture_paths import TINY_DATASET_DIR  # noqa: E402
from praksisplan.dataset_io import read_dataset  # noqa: E402
from praksisplan.synth.demo import DEMO_SEED, build_demo_dataset  # noqa: E402
from region_sized_dataset import write_region_sized_copy  # noqa: E402

REPEATS = 3


def best_of(work: Callable[[], object]) -> tuple[float, list[float]]:
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times), times


def report(name: str, goal_s: float, work: Callable[[], object]) -> None:
    best, times = best_of(work)
    runs = ", ".join(f"{t:.2f}" for t in times)
    verdict = "met" if best <= goal_s else "MISSED"
    print(f"{name:<44} best {best:6.2f} s  (runs {runs})  goal ≤ {goal_s:g} s: {verdict}")


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "large"
        write_region_sized_copy(TINY_DATASET_DIR, root)
        report("read_dataset, 589,000 population rows", 15.0, lambda: read_dataset(root))
    report("build_demo_dataset(DEMO_SEED)", 5.0, lambda: build_demo_dataset(DEMO_SEED))


if __name__ == "__main__":
    main()
