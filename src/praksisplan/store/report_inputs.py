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


def stored_run(store: Store, snapshot_id: int) -> Assessment | None:
    """The snapshot's newest stored assessment run, with the rule set it was made with."""
    latest = store.latest_assessment(snapshot_id)
    if latest is None:
        return None
    run_id, rules_toml, records = latest
    date = store.get_snapshot(snapshot_id).reference_date
    # the web app stores the areas without their criteria; the note needs only the areas
    complete = [{"criteria": [], **record} for record in records]
    return Assessment.from_records(complete, parse_rules(rules_toml, f"kørsel {run_id}"), date)


def stored_assessment(
    store: Store, snapshot_id: int, rules: RuleSet, dataset: Dataset | None = None
) -> Assessment:
    """The snapshot's newest stored assessment run; assessed with ``rules`` and stored if none."""
    stored = stored_run(store, snapshot_id)
    if stored is not None:
        return stored
    result = assess(dataset if dataset is not None else store.read_dataset(snapshot_id), rules)
    store.save_assessment(snapshot_id, rules.to_toml(), result.to_records())
    return result
