"""First start: an empty store gets the built-in demo region, so the app shows something.

With the region comes its demo practice plan (:mod:`praksisplan.plan.demo`), whose computed
measures start from the demo snapshot. The newest snapshot is loaded first, so the app can
start at once; the ten earlier snapshots of the demo history
(:mod:`praksisplan.synth.history`) follow with :func:`load_demo_history`, which ``serve``
runs in the background (each snapshot is its own transaction, and SQLite readers are not
blocked by the writer).
"""

from __future__ import annotations

import time

from praksisplan.plan.demo import SECRETARIAT, build_demo_plan
from praksisplan.store import PlanStore, SnapshotInfo, Store
from praksisplan.synth.history import build_demo_history, build_demo_newest
from praksisplan.threat.rules import load_rules

DEMO_SOURCE = "demo"


def load_demo_if_empty(store: Store) -> SnapshotInfo | None:
    """Load the demo region's newest snapshot and its plan into ``store`` if it has none.

    Returns the new snapshot, or None when the store already had one.
    """
    if store.list_snapshots():
        return None
    dataset = build_demo_newest()
    info = store.load_dataset(dataset, source=DEMO_SOURCE)
    plans = PlanStore(store)
    if not plans.list_plans():
        plans.add(build_demo_plan(dataset, info.id, load_rules(None)), SECRETARIAT, kind="demo")
    return info


def load_demo_history(store: Store, *, pause_s: float = 0.0) -> list[SnapshotInfo]:
    """Add the demo history's snapshots the store lacks (newest first); the added ones.

    Each snapshot is one transaction; ``pause_s`` between them lets other writers of a
    SQLite store (a login, a decision in the running app) take the write lock, which
    back-to-back transactions would otherwise keep from them until the whole history is in.
    """
    stored = {(s.region_code, s.reference_date) for s in store.list_snapshots()}
    added: list[SnapshotInfo] = []
    for dataset in reversed(build_demo_history()):
        key = (dataset.manifest.region.code, dataset.manifest.reference_date)
        if key not in stored:
            if added:
                time.sleep(pause_s)
            added.append(store.load_dataset(dataset, source=DEMO_SOURCE))
    return added
