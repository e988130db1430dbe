"""First start: an empty store gets the built-in demo region, so the app shows something.

With the region comes its demo practice plan (:mod:`praksisplan.plan.demo`), whose computed
measures start from the demo snapshot.
"""

from __future__ import annotations

from praksisplan.plan.demo import SECRETARIAT, build_demo_plan
from praksisplan.store import PlanStore, SnapshotInfo, Store
from praksisplan.synth.demo import build_demo_dataset
from praksisplan.threat.rules import load_rules

DEMO_SOURCE = "demo"


def load_demo_if_empty(store: Store) -> SnapshotInfo | None:
    """Load the demo region and its plan into ``store`` if it has no snapshot.

    Returns the new snapshot, or None when the store already had one.
    """
    if store.list_snapshots():
        return None
    dataset = build_demo_dataset()
    info = store.load_dataset(dataset, source=DEMO_SOURCE)
    plans = PlanStore(store)
    if not plans.list_plans():
        plans.add(build_demo_plan(dataset, info.id, load_rules(None)), SECRETARIAT, kind="demo")
    return info
