"""First start: an empty store gets the built-in demo region, so the app shows something."""

from __future__ import annotations

from praksisplan.store import SnapshotInfo, Store
from praksisplan.synth.demo import build_demo_dataset

DEMO_SOURCE = "demo"


def load_demo_if_empty(store: Store) -> SnapshotInfo | None:
    """Load the demo region into ``store`` if it has no snapshot; the new snapshot or None."""
    if store.list_snapshots():
        return None
    return store.load_dataset(build_demo_dataset(), source=DEMO_SOURCE)
