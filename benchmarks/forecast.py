"""Benchmark and backtest of the forecast.

* ``backtest`` — the cohort model from FOLK1A 2020K1 (the municipal population import-dk
  builds) against FOLK1AM 2024, BY2 2025 and FRKM126's 2026 base year: MAPE over the 98
  municipalities for the model and the two naive baselines (the table in docs/forecast.md);
* ``calibration`` — the supply model's entries per year and the retirement curve's age shift
  calibrated on the demo region's history (``forecast.calibration``; docs/forecast.md);
* ``speed`` — ``run_forecast`` to 2040 with 1,000 draws on import-dk's Region Nordjylland
  (goal ≤ 5 s) and on all of Denmark (goal ≤ 30 s); the datasets are built first (not timed).

Run: ``.venv/bin/python benchmarks/forecast.py [--case backtest|calibration|speed|all]
[--dk-dir DIR]``.
Results are recorded in docs/performance.md and docs/forecast.md.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from praksisplan.dk_import import build_dk_dataset
from praksisplan.dk_import.backtest import run_backtest
from praksisplan.forecast.calibration import calibrate_supply
from praksisplan.forecast.parameters import load_parameters
from praksisplan.forecast.run import run_forecast
from praksisplan.synth.history import build_demo_history
from praksisplan.threat.rules import load_rules

DK_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dk"
GOALS_S = {"1081": 5.0, "all": 30.0}


def backtest(dk_dir: Path) -> None:
    table = run_backtest(dk_dir, load_parameters())
    print("MAPE in % over the 98 municipalities (model vs baselines):")
    print(table.round(2).to_string())


def calibration() -> None:
    result = calibrate_supply(build_demo_history(), load_rules(None).early_warning.retirement)
    print(
        f"demo history: {result.years_observed:g} years, {result.gp_years:.1f} GP-years, "
        f"{result.exits} exits (default curve expects {result.expected_exits:.2f}), "
        f"{result.entries_fte:g} FTE entered = {result.new_gps_per_year:.2f} per year; "
        f"age shift {result.age_shift:+d} years expects {result.expected_exits_shifted:.2f} exits"
    )


def speed(dk_dir: Path) -> None:
    parameters, rules = load_parameters(), load_rules(None)
    for region, goal in GOALS_S.items():
        dataset = build_dk_dataset(dk_dir, region)
        start = time.perf_counter()
        forecast = run_forecast(dataset, rules, parameters, 2040, draws=1000)
        seconds = time.perf_counter() - start
        print(
            f"{region}: {len(dataset.coverage_areas)} areas, {len(dataset.gps)} GPs, "
            f"model {forecast.model}, 1000 draws to 2040: {seconds:.2f} s "
            f"(goal {goal:.0f} s, ratio {seconds / goal:.2f})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--case", choices=["backtest", "calibration", "speed", "all"], default="all"
    )
    parser.add_argument("--dk-dir", type=Path, default=DK_DIR)
    args = parser.parse_args()
    if args.case in ("backtest", "all"):
        backtest(args.dk_dir)
    if args.case in ("calibration", "all"):
        calibration()
    if args.case in ("speed", "all"):
        speed(args.dk_dir)


if __name__ == "__main__":
    main()
