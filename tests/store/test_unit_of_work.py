"""A unit of work: a write and its audit entry commit together or not at all.

On real SQLite and real PostgreSQL. The failures are the database's own: a trigger refuses
the audit row (or the decision row), so the tests see what a real failed insert does.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.store import AuditLog, ScenarioStore, Store
from store.refusing_table import REFUSAL, refusing_inserts


@pytest.fixture
def url(store_url: str, tiny_dataset: Dataset) -> str:
    with Store(store_url) as store:
        store.load_dataset(tiny_dataset, source="tiny")
    return store_url


def _decide(store: Store, area_id: str = "A1") -> None:
    store.record_decision(1, area_id, "green", "red", "Ingen ansøgere", "Udvalget")


def _audit(store: Store, object_id: str = "1/A1") -> None:
    AuditLog(store).append("Udvalget", "planner", "decision_recorded", "area", object_id)


def _stored(url: str) -> tuple[list[str], list[str]]:
    """The stored decisions' areas and audit entries' objects, read by a new connection."""
    with Store(url) as store:
        areas = [d.area_id for d in store.decisions(1)]
        objects = [e.object_id for e in AuditLog(store).entries()]
    return sorted(areas), sorted(objects)


def test_a_unit_of_work_commits_the_write_and_its_audit_entry_together(url: str) -> None:
    with Store(url) as store:
        with store.unit_of_work():
            _decide(store)
            _audit(store)
            # inside the unit its own writes are visible, to others not yet
            assert [d.area_id for d in store.decisions(1)] == ["A1"]
            assert _stored(url) == ([], [])
        assert _stored(url) == (["A1"], ["1/A1"])


def test_a_refused_audit_entry_rolls_the_write_back(url: str) -> None:
    with (
        Store(url) as store,
        refusing_inserts(url, "audit_events"),
        pytest.raises(sa.exc.DatabaseError, match=REFUSAL),
        store.unit_of_work(),
    ):
        _decide(store)
        _audit(store)
    assert _stored(url) == ([], [])


def test_a_refused_write_rolls_its_audit_entry_back(url: str) -> None:
    with (
        Store(url) as store,
        refusing_inserts(url, "decisions"),
        pytest.raises(sa.exc.DatabaseError, match=REFUSAL),
        store.unit_of_work(),
    ):
        _audit(store)
        _decide(store)
    assert _stored(url) == ([], [])


def test_an_exception_in_the_block_rolls_everything_back(url: str) -> None:
    with Store(url) as store, pytest.raises(RuntimeError), store.unit_of_work():
        _decide(store)
        _audit(store)
        raise RuntimeError("the caller changed its mind")
    assert _stored(url) == ([], [])


def test_without_a_unit_each_method_commits_on_its_own(url: str) -> None:
    """The contrast: outside a unit the decision is stored although its entry is refused."""
    with Store(url) as store, refusing_inserts(url, "audit_events"):
        _decide(store)
        with pytest.raises(sa.exc.DatabaseError, match=REFUSAL):
            _audit(store)
    assert _stored(url) == (["A1"], [])


def test_a_refused_method_inside_a_unit_undoes_only_its_own_part(url: str) -> None:
    """Each method runs in a savepoint: a caught refusal (here PostgreSQL's aborted
    statement after a unique violation) leaves the unit usable and the rest committed."""
    with Store(url) as store:
        scenarios = ScenarioStore(store)
        with store.unit_of_work():
            scenarios.create(1, "luk P001", "Planlægger")
            with pytest.raises(PraksisplanError, match="allerede et scenarie"):
                scenarios.create(1, "luk P001", "Planlægger")
            _decide(store)
        assert [s.name for s in scenarios.list_scenarios()] == ["luk P001"]
    assert _stored(url) == (["A1"], [])


def test_a_nested_unit_is_part_of_the_outer_one(url: str) -> None:
    with Store(url) as store, pytest.raises(RuntimeError), store.unit_of_work():
        with store.unit_of_work():
            _decide(store)
            _audit(store)
        raise RuntimeError("outer block fails after the inner one ended")
    assert _stored(url) == ([], [])


def test_a_unit_of_one_store_leaves_another_store_alone(url: str, tmp_path: object) -> None:
    other_url = f"sqlite:///{tmp_path}/other.db"
    with Store(url) as store, Store(other_url) as other:
        with pytest.raises(RuntimeError), store.unit_of_work():
            _audit(other, "other")  # committed at once: not part of this unit
            _audit(store)
            raise RuntimeError
        assert [e.object_id for e in AuditLog(other).entries()] == ["other"]
    assert _stored(url) == ([], [])
