"""First start: an empty store gets the built-in demo region, so the app shows something.

With the region comes its demo practice plan (:mod:`praksisplan.plan.demo`), whose computed
measures start from the demo snapshot. The newest snapshot is loaded first, so the app can
start at once; the ten earlier snapshots of the demo history
(:mod:`praksisplan.synth.history`) follow with :func:`load_demo_history`, which ``serve``
runs in the background (each snapshot is its own transaction, and SQLite readers are not
blocked by the writer). Every load is in the audit trail with its plan, in the same
transaction, by :data:`DEMO_ACTOR`.

The datasets are built in memory, never read from files, so each one is checked by the
rules of ``praksisplan load`` first (:func:`praksisplan.dataset_io.in_memory.validated`)
and the store gets what validation returns: a snapshot never enters the store unvalidated.
"""

from __future__ import annotations

import time

from praksisplan.core.dataset import Dataset
from praksisplan.dataset_io.in_memory import validated
from praksisplan.plan.demo import SECRETARIAT, build_demo_plan
from praksisplan.store import AuditLog, PlanStore, SnapshotInfo, Store
from praksisplan.synth.history import build_demo_history, build_demo_newest
from praksisplan.threat.rules import load_rules

DEMO_SOURCE = "demo"
#: Who the audit trail names for what ``serve`` writes into an empty store.
DEMO_ACTOR = "serve (demo)"


def _load_audited(store: Store, dataset: Dataset) -> SnapshotInfo:
    info = store.load_dataset(dataset, source=DEMO_SOURCE)  # validated by the caller
    AuditLog(store).append(DEMO_ACTOR, "admin", "snapshot_loaded", "snapshot", str(info.id),
                           after={"source": DEMO_SOURCE})  # fmt: skip
    return info


def load_demo_if_empty(store: Store) -> SnapshotInfo | None:
    """Load the demo region's newest snapshot and its plan into ``store`` if it has none.

    Returns the new snapshot, or None when the store already had one.
    """
    if store.list_snapshots():
        return None
    dataset = validated(build_demo_newest(), DEMO_SOURCE)
    with store.unit_of_work():
        info = _load_audited(store, dataset)
        plans = PlanStore(store)
        if not plans.list_plans():
            plan = build_demo_plan(dataset, info.id, load_rules(None))
            plans.add(plan, SECRETARIAT, kind="demo")
            AuditLog(store).append(DEMO_ACTOR, "admin", "plan_added", "plan", plan.key,
                                   after={"kind": "demo"})  # fmt: skip
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
            checked = validated(dataset, f"{DEMO_SOURCE} {dataset.manifest.reference_date}")
            with store.unit_of_work():
                added.append(_load_audited(store, checked))
    return added
