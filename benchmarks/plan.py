"""Benchmark of the practice plan on the demo region: what a planner waits for.

Times (best of three, wall clock): building the demo plan through its edits, one store edit
(read, apply, write document and journal), evaluating every computed measure on one stored
snapshot (``PlanStore.follow_up``), and rendering the status note as HTML, PDF and DOCX.
The reference is the engine's own ``compute_indicators(dataset, "area")`` on the same
snapshot, since the follow-up is dominated by the indicators it needs.

Run: ``.venv/bin/python benchmarks/plan.py``. Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from praksisplan.engine.indicators import compute_indicators
from praksisplan.plan.demo import SECRETARIAT, build_demo_plan
from praksisplan.plan.edits import AddStatusEntry
from praksisplan.plan.status_note import build_status_note
from praksisplan.plan_documents import render_status_note
from praksisplan.store import PlanStore, Store
from praksisplan.synth.demo import build_demo_dataset
from praksisplan.threat.rules import load_rules

T = TypeVar("T")


def best_of(runs: int, work: Callable[[], T]) -> tuple[float, T]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    assert result is not None
    return min(times), result


def main() -> None:
    rules = load_rules(None)
    dataset = build_demo_dataset()
    with (
        tempfile.TemporaryDirectory() as directory,
        Store(f"sqlite:///{Path(directory) / 'store.db'}") as store,
    ):
        snapshot = store.load_dataset(dataset, source="demo")
        seconds, plan = best_of(3, lambda: build_demo_plan(dataset, snapshot.id, rules))
        print(f"build demo plan ({len(plan.versions)} versions): {seconds:.3f} s")
        plans = PlanStore(store)
        plans.add(plan, SECRETARIAT)
        entry = AddStatusEntry(
            initiative_id="I1", date=dt.date(2026, 12, 1), state="i gang", bullets=["Måling"]
        )
        seconds, _ = best_of(3, lambda: plans.edit(plan.key, SECRETARIAT, entry))
        print(f"one store edit: {seconds * 1000:.1f} ms")
        stored = store.read_dataset(snapshot.id)
        reference, _ = best_of(3, lambda: compute_indicators(stored, "area"))
        follow, follow_up = best_of(3, lambda: plans.follow_up(plan, rules))
        print(f"follow-up of 5 computed measures on 1 snapshot: {follow:.3f} s")
        print(
            f"reference compute_indicators(area): {reference:.3f} s; ratio {follow / reference:.1f}"
        )
        note = build_status_note(plan, follow_up.evaluations, dt.date(2026, 12, 1))
        for fmt in ("html", "pdf", "docx"):
            seconds, data = best_of(3, lambda fmt=fmt: render_status_note(note, fmt))  # type: ignore[misc]
            print(f"status note {fmt}: {seconds:.3f} s, {len(data):,} bytes")


if __name__ == "__main__":
    main()
