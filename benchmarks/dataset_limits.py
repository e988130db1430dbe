"""Benchmark of bounded dataset reading: the zip bomb of issue 16, and the matrix's speed.

``bomb`` — the tiny fixture zipped with a ``population.csv`` of one repeated row inflating to
1.5 GB from a zip of about 1.5 MB (ratio ≈ 1,000). Before the limits, ``praksisplan validate``
on such a file used 15.5 GB of memory and ran past 5 minutes (the reference figures of the
issue). It prints the zip's size, the wall time and the peak memory (RSS) of ``praksisplan
validate`` on it, run in a subprocess, and the ratios to the reference.

Run: ``.venv/bin/python benchmarks/dataset_limits.py [--inflated-mb 1500]``. Results are
recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

TINY = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "tiny"
REFERENCE_SECONDS = 300.0  # "ran past 5 minutes before it was stopped"
REFERENCE_RSS_GB = 15.5


def build_bomb(path: Path, inflated_mb: int) -> None:
    header = (TINY / "population.csv").read_text("utf-8").splitlines()[0].encode() + b"\n"
    row = b"C01,2025,0-14,F,1\n"
    block = row * (1_048_576 // len(row))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for file in sorted(TINY.iterdir()):
            if file.name != "population.csv":
                archive.write(file, file.name)
        with archive.open("population.csv", "w", force_zip64=True) as population:
            population.write(header)
            for _ in range(inflated_mb):
                population.write(block)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inflated-mb", type=int, default=1500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bomb = Path(tmp) / "bomb.zip"
        build_bomb(bomb, args.inflated_mb)
        print(f"zip: {bomb.stat().st_size / 1e6:.2f} MB, inflates to ≈ {args.inflated_mb} MB")
        started = time.perf_counter()
        run = subprocess.run(
            [sys.executable, "-m", "praksisplan.cli.main", "validate", str(bomb)],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
    peak_gb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2
    print(f"exit status {run.returncode}: {run.stderr.strip()}")
    print(
        f"validate: {seconds:.1f} s (reference > {REFERENCE_SECONDS:.0f} s, "
        f"{REFERENCE_SECONDS / seconds:.0f}× faster)"
    )
    print(
        f"peak RSS: {peak_gb * 1024:.0f} MB (reference {REFERENCE_RSS_GB} GB, "
        f"{REFERENCE_RSS_GB / peak_gb:.0f}× less)"
    )


if __name__ == "__main__":
    main()
