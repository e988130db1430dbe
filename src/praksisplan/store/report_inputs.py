"""What the reports read from the store: a snapshot's history and its stored assessment.

The threat note and the facts report use the snapshot's assessment run in force (the one the
committee saw, :func:`praksisplan.threat.run_service.run_in_force`); a snapshot without a
stored run is assessed now and nothing is stored (reports only read).
"""

from __future__ import annotations

from praksisplan.core.dataset import Dataset
from praksisplan.store.store import Store
from praksisplan.threat.assess import Assessment
from praksisplan.threat.rules import RuleSet
from praksisplan.threat.run_service import run_in_force


def snapshot_history(store: Store, snapshot_id: int) -> list[Dataset]:
    """The region's snapshots up to and including ``snapshot_id``, oldest first."""
    current = store.get_snapshot(snapshot_id)
    ids = [
        s.id
        for s in store.list_snapshots()
        if s.region_code == current.region_code and s.reference_date <= current.reference_date
    ]
    return [store.read_dataset(i) for i in ids]


def stored_run(store: Store, snapshot_id: int) -> Assessment | None:
    """The assessment of the snapshot's run in force (its newest stored run, with the rule
    set it was made with); None when the snapshot has no stored run."""
    if store.latest_assessment_run(snapshot_id) is None:
        return None
    return run_in_force(store, snapshot_id, save=False).assessment


def stored_assessment(
    store: Store, snapshot_id: int, rules: RuleSet, dataset: Dataset | None = None
) -> Assessment:
    """The assessment of the snapshot's run in force; assessed now with ``rules`` (and not
    stored: a report only reads) when the snapshot has no stored run."""
    chosen = rules if store.latest_assessment_run(snapshot_id) is None else None
    return run_in_force(store, snapshot_id, chosen, save=False, dataset=dataset).assessment
