"""What the reports read from the store: a snapshot's history and its stored assessment.

The threat note and the facts report use the snapshot's assessment run in force (the one the
committee saw, :func:`praksisplan.threat.run_service.run_in_force`); a snapshot without a
stored run is assessed now and nothing is stored (reports only read).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.report.supply_sections import SUPPLY_TABLES
from praksisplan.store.store import Store
from praksisplan.threat.assess import Assessment
from praksisplan.threat.rules import RuleSet
from praksisplan.threat.run_service import run_in_force


@dataclass(frozen=True)
class History:
    """The datasets the facts report reads (:func:`snapshot_history`), oldest first."""

    datasets: list[Dataset]
    #: persons per municipality code of ``datasets[0]``, summed in the database (None when
    #: ``datasets[0]`` is the report's snapshot itself, read whole)
    first_population: pd.Series | None


def snapshot_history(store: Store, snapshot_id: int, current: Dataset | None = None) -> History:
    """The region's snapshots up to and including ``snapshot_id``, oldest first, as the facts
    report reads them: the last whole, those before only their supply tables
    (:data:`~praksisplan.report.supply_sections.SUPPLY_TABLES`), and the first's persons per
    municipality as totals (:meth:`Store.population_totals`: its ~200,000 population rows
    are summed in the database, not read). ``current`` is the snapshot's dataset when the
    caller has it already (it is then not read again)."""
    info = store.get_snapshot(snapshot_id)
    ids = [
        s.id
        for s in store.list_snapshots()
        if s.region_code == info.region_code and s.reference_date <= info.reference_date
    ]
    last = len(ids) - 1
    datasets = [
        current
        if i == last and current is not None
        else store.read_dataset(snapshot, tables=None if i == last else SUPPLY_TABLES)
        for i, snapshot in enumerate(ids)
    ]
    if last == 0:
        return History(datasets, None)
    return History(datasets, store.population_totals(ids[0], "municipality"))


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
