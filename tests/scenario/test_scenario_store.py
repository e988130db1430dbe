"""Scenarios in a real SQLite file and PostgreSQL database: round trip, undo, status, delete."""

from __future__ import annotations

import datetime as dt

import pytest
from pandas.testing import assert_frame_equal

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.scenario.apply import apply_edits
from praksisplan.scenario.edits import parse_edits
from praksisplan.store import ScenarioStore, Store

EDITS = parse_edits(
    [
        {"table": "practices", "key": "P001", "op": "update", "values": {"status": "closed"}},
        {"table": "gps", "key": "G08", "op": "delete", "year": 2027},
        {
            "table": "population",
            "key": ["C01", "0-4", "M"],
            "op": "update",
            "values": {"persons": 40},
        },
        {
            "table": "rules",
            "key": "free_choice_radius_km",
            "op": "update",
            "values": {"value": 12.5},
        },
    ]
)


def test_round_trip(store_url: str, tiny_dataset: Dataset) -> None:
    before = dt.datetime.now(dt.UTC)
    with Store(store_url) as store:
        snapshot = store.load_dataset(tiny_dataset, source="tiny").id
        scenarios = ScenarioStore(store)
        created = scenarios.create(
            snapshot, "luk P001", "Anna", description="Hvad hvis P001 lukker?", edits=EDITS[:2]
        )
        scenarios.add_edits("luk P001", EDITS[2:], "Bo")
    with Store(store_url) as store:
        scenarios = ScenarioStore(store)
        info = scenarios.get(created.id)
        assert (info.name, info.snapshot_id, info.status, info.created_by) == (
            "luk P001",
            snapshot,
            "kladde",
            "Anna",
        )
        assert info.description == "Hvad hvis P001 lukker?"
        assert info.edit_count == 4 and info.created_at >= before.replace(microsecond=0)
        records = scenarios.edits("luk P001")
        assert [r.edit for r in records] == EDITS
        assert [r.seq for r in records] == [1, 2, 3, 4]
        assert [r.added_by for r in records] == ["Anna", "Anna", "Bo", "Bo"]
        applied = scenarios.applied("luk P001").dataset
        expected = apply_edits(tiny_dataset, EDITS).dataset
        assert_frame_equal(applied.practices, expected.practices)
        assert_frame_equal(applied.population, expected.population)
        assert applied.manifest.rules.free_choice_radius_km == 12.5

        assert scenarios.undo("luk P001").edit_count == 3
        assert [r.edit for r in scenarios.edits("luk P001")] == EDITS[:3]
        assert scenarios.set_status("luk P001", "forslag").status == "forslag"
        with pytest.raises(PraksisplanError, match="ikke en scenariestatus"):
            scenarios.set_status("luk P001", "godkendt")
        with pytest.raises(PraksisplanError, match="findes allerede et scenarie"):
            scenarios.create(snapshot, "luk P001", "Anna")
        scenarios.delete("luk P001")
        assert scenarios.list_scenarios() == []
        assert_frame_equal(store.read_dataset(snapshot).practices, tiny_dataset.practices)
