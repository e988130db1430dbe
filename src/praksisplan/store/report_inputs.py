"""What the reports read from the store: a snapshot's history and its stored assessment.

The threat note and the facts report use the assessment *run* stored with the snapshot (the
one the committee saw); only a snapshot without a stored run is assessed now, and that run is
stored, as ``praksisplan threat assess snapshot:<id>`` would.
"""

from __future__ import annotations

from praksisplan.core.dataset import Dataset
from praksisplan.store.store import Store
from praksisplan.threat.assess import Assessment, assess
from praksisplan.threat.rules import RuleSet, parse_rules


def snapshot_history(store: Store, snapshot_id: int) -> list[Dataset]:
    """The region's snapshots up to and including ``snapshot_id``, oldest first."""
    current = store.get_snapshot(snapshot_id)
    ids = [
        s.id
        for s in store.list_snapshots()
        if s.region_code == current.region_code and s.reference_date <= current.reference_date
    ]
    return [store.read_dataset(i) for i in ids]


def stored_assessment(
    store: Store, snapshot_id: int, rules: RuleSet, dataset: Dataset | None = None
) -> Assessment:
    """The snapshot's newest stored assessment run; assessed with ``rules`` and stored if none."""
    latest = store.latest_assessment(snapshot_id)
    if dataset is None:
        dataset = store.read_dataset(snapshot_id)
    if latest is not None:
        run_id, rules_toml, records = latest
        stored_rules = parse_rules(rules_toml, f"vurderingskørsel {run_id}")
        return Assessment.from_records(records, stored_rules, dataset.manifest.reference_date)
    result = assess(dataset, rules)
    store.save_assessment(snapshot_id, rules.to_toml(), result.to_records())
    return result
