"""Benchmark of the generated reports on the demo region's history (11 snapshots).

Goals (issue 11): the full Tal og fakta PDF (11 municipality pages) in ≤ 20 s, the XLSX in
≤ 3 s. Times the report's content (tables from 11 datasets, without the forecast), the
forecast and each render separately, from datasets in memory; then the XLSX end to end
from a SQLite store as ``praksisplan report facts snapshot:<id> --format xlsx
--no-forecast`` makes it: reading the history (the last snapshot whole, the ten before
for their supply alone, the first's population as totals summed in the database), the
stored assessment run, content and render. Best and worst of ``--repeat`` runs (default 3).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from praksisplan.core.dataset import Dataset
from praksisplan.forecast.parameters import load_parameters
from praksisplan.forecast.run import run_forecast
from praksisplan.report.facts import build_facts_report
from praksisplan.report.render import render_facts
from praksisplan.store import Store
from praksisplan.store.report_inputs import History, snapshot_history, stored_assessment
from praksisplan.synth.history import build_demo_history
from praksisplan.threat.assess import assess
from praksisplan.threat.rules import RuleSet, load_rules
from praksisplan.threat.run_service import run_in_force

GOALS_S = {"pdf": 20.0, "xlsx": 3.0}
HORIZON = 2040


#: CPU seconds (this process, all threads) of the last :func:`_times` runs, best first: on
#: the shared machine wall time grows with the load, CPU time says what the code costs.
_CPU: list[float] = []


def _times(step: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    _CPU.clear()
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        step()
        times.append(time.perf_counter() - start)
        _CPU.append(time.process_time() - cpu)
    _CPU.sort()
    return min(times), max(times)


def _cpu() -> str:
    return f"CPU {_CPU[0]:.2f}–{_CPU[-1]:.2f} s"


def _in_memory(history: list[Dataset], rules: RuleSet, repeat: int) -> None:
    assessment = assess(history[-1], rules)
    best, worst = _times(lambda: build_facts_report(history, assessment), repeat)
    print(f"content (tables of {len(history)} snapshots): {best:.2f}–{worst:.2f} s ({_cpu()})")
    forecast_s = _times(
        lambda: run_forecast(history[-1], rules, load_parameters(), HORIZON), repeat
    )
    print(f"forecast to {HORIZON} (1,000 draws, in the CLI's and web's report): "
          f"{forecast_s[0]:.2f}–{forecast_s[1]:.2f} s")  # fmt: skip
    report = build_facts_report(history, assessment)
    for fmt in ("xlsx", "html", "pdf"):
        size = len(render_facts(report, fmt))
        r_best, r_worst = _times(lambda fmt=fmt: render_facts(report, fmt), repeat)
        goal = GOALS_S.get(fmt)
        verdict = "" if goal is None else f"  goal ≤ {goal:g} s: {(worst + r_worst) / goal:.2f}"
        print(
            f"{fmt}: render {r_best:.2f}–{r_worst:.2f} s ({_cpu()}), with content "
            f"{best + r_best:.2f}–{worst + r_worst:.2f} s, {size:,} bytes{verdict} (worst)"
        )


def _from_store(history: list[Dataset], rules: RuleSet, repeat: int) -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        Store(f"sqlite:///{Path(folder) / 'store.db'}") as store,
    ):
        ids = [store.load_dataset(d, source="demo").id for d in history]
        last = ids[-1]
        run_in_force(store, last, rules, save=True)  # the run the committee saw, stored

        def read() -> History:
            return snapshot_history(store, last)

        def whole() -> bytes:
            stored = read()
            assessment = stored_assessment(store, last, rules, stored.datasets[-1])
            report = build_facts_report(
                stored.datasets, assessment, first_population=stored.first_population
            )
            return render_facts(report, "xlsx")

        one = _times(lambda: store.read_dataset(last), repeat)
        supply = _times(lambda: store.read_dataset(ids[1], tables=("practices", "gps")), repeat)
        totals = _times(lambda: store.population_totals(ids[0], "municipality"), repeat)
        print(f"read one whole snapshot: {one[0]:.2f}–{one[1]:.2f} s")
        print(f"read one snapshot's practices and GPs: {supply[0]:.3f}–{supply[1]:.3f} s")
        print(f"sum one snapshot's population per municipality in the database: "
              f"{totals[0]:.3f}–{totals[1]:.3f} s")  # fmt: skip
        best, worst = _times(read, repeat)
        print(f"read the history ({len(ids)} snapshots): {best:.2f}–{worst:.2f} s")
        best, worst = _times(whole, repeat)
        print(
            f"xlsx end to end from SQLite: {best:.2f}–{worst:.2f} s ({_cpu()})  "
            f"goal ≤ {GOALS_S['xlsx']:g} s: {worst / GOALS_S['xlsx']:.2f} (worst)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    print(f"load average at the start: {os.getloadavg()[0]:.2f}")
    history = build_demo_history()
    rules = load_rules(None)
    _in_memory(history, rules, repeat)
    _from_store(history, rules, repeat)
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
