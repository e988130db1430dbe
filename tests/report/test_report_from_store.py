"""Tal og fakta from stored snapshots equals the report from the same datasets in memory,
though the snapshots between the first and the last are read for their supply alone."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from report_builders import half_a_year_later_all_aalborg_closed

from praksisplan.core.dataset import Dataset
from praksisplan.report.facts import build_facts_report
from praksisplan.store import Store
from praksisplan.store.report_inputs import snapshot_history
from praksisplan.threat.assess import assess
from praksisplan.threat.rules import load_rules


def _dated(dataset: Dataset, date: dt.date) -> Dataset:
    return replace(dataset, manifest=dataset.manifest.model_copy(update={"reference_date": date}))


def test_report_of_stored_history_equals_the_report_in_memory(
    tiny_dataset: Dataset, tmp_path: Path
) -> None:
    middle = half_a_year_later_all_aalborg_closed(tiny_dataset)
    last = _dated(tiny_dataset.with_tables(gps=tiny_dataset.gps.iloc[1:]), dt.date(2026, 1, 1))
    history = [tiny_dataset, middle, last]
    with Store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        ids = [store.load_dataset(d, source="tiny").id for d in history]
        stored = snapshot_history(store, ids[-1])
        given = snapshot_history(store, ids[-1], current=last)
        alone = snapshot_history(store, ids[0])
    for before in stored.datasets[:-1]:  # supply only
        assert len(before.population) == 0 and len(before.cells) == 0
    assert len(stored.datasets[-1].population) == len(last.population)
    assert given.datasets[-1] is last
    # the first snapshot's persons per municipality, summed in the database
    assert stored.first_population is not None
    persons = tiny_dataset.population.merge(tiny_dataset.cells, on="cell_id")
    expected_persons = persons.groupby("municipality_code", observed=True)["persons"].sum()
    assert stored.first_population.to_dict() == expected_persons.to_dict()
    assessment = assess(last, load_rules(None))
    expected = build_facts_report(history, assessment).tables()
    for report_history in (stored, given):
        report = build_facts_report(
            report_history.datasets, assessment, first_population=report_history.first_population
        )
        assert report.tables() == expected
    # a snapshot without earlier ones is read whole, its own first
    assert len(alone.datasets) == 1 and alone.first_population is None
    assert len(alone.datasets[0].population) == len(tiny_dataset.population)
    over_time = next(t for t in expected if t.id == "supply_over_time")
    # practices, capacities, filled capacities, GPs: 9 GPs, then 8 after G01 left
    assert [row[1:5] for row in over_time.rows] == [(6, 11, 8, 9), (6, 11, 8, 9), (6, 11, 8, 8)]
