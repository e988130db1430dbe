"""What the allocation reads from the store's history: the former practices' premises.

The CLI's ``allocate snapshot:ID`` and the web's *Fordeling af kapaciteter* page both offer
existing clinic premises (:mod:`praksisplan.optimise.premises`) found in the region's
snapshots before the chosen one; this module is the one place that reads them.
"""

from __future__ import annotations

from praksisplan.core.dataset import Dataset
from praksisplan.optimise.premises import FormerPractice, former_premises
from praksisplan.store.records import SnapshotInfo
from praksisplan.store.store import Store


def earlier_snapshots(store: Store, snapshot_id: int) -> list[SnapshotInfo]:
    """The region's snapshots with a reference date before ``snapshot_id``'s, oldest first;
    none means the snapshot has no history (and no premises candidates)."""
    info = store.get_snapshot(snapshot_id)
    return [
        s
        for s in store.list_snapshots()
        if s.region_code == info.region_code and s.reference_date < info.reference_date
    ]


def stored_premises(store: Store, snapshot_id: int, current: Dataset) -> tuple[FormerPractice, ...]:
    """The former practices with free premises of ``snapshot_id`` (whose dataset is
    ``current``), from the practices of its earlier snapshots."""
    earlier = [
        store.read_dataset(s.id, tables=("practices",))
        for s in earlier_snapshots(store, snapshot_id)
    ]
    return former_premises(current, earlier)
