"""Committee decisions (append-only history) and assessment runs with their rule sets."""

from __future__ import annotations

import datetime as dt

import pytest

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.store import Store
from store.synthetic_region import dated


def test_decisions_are_appended_and_the_newest_is_in_force(
    store_url: str, tiny_dataset: Dataset
) -> None:
    with Store(store_url) as store:
        snapshot = store.load_dataset(tiny_dataset, source="tiny").id
        first = store.record_decision(snapshot, "A1", "red", "red", "Model og udvalg enige", "PPU")
        second = store.record_decision(snapshot, "A2", "yellow", "green", "Ny læge pr. 1/3", "PPU")
        third = store.record_decision(snapshot, "A1", "red", "yellow", "Udbud i gang", "Formand")

        assert third.decided_class == "yellow" and third.model_class == "red"
        assert third.reason == "Udbud i gang" and third.decided_by == "Formand"
        assert first.decided_at <= second.decided_at <= third.decided_at
        assert third.decided_at.tzinfo == dt.UTC
        assert store.decisions(snapshot) == [third, second, first]
        assert store.decisions(snapshot, "A1") == [third, first]
        assert store.decisions(snapshot, "A3") == []
        assert store.current_decisions(snapshot) == {"A1": third, "A2": second}


def test_decisions_survive_a_restart(store_url: str, tiny_dataset: Dataset) -> None:
    with Store(store_url) as store:
        snapshot = store.load_dataset(tiny_dataset, source="tiny").id
        old = store.record_decision(snapshot, "A3", "green", "red", "Lægen går på pension", "PPU")
        new = store.record_decision(snapshot, "A3", "green", "yellow", "Pension udskudt", "PPU")
    with Store(store_url) as reopened:
        assert reopened.decisions(snapshot) == [new, old]
        assert reopened.current_decisions(snapshot) == {"A3": new}


def test_decisions_belong_to_their_snapshot(sqlite_url: str, tiny_dataset: Dataset) -> None:
    with Store(sqlite_url) as store:
        old = store.load_dataset(tiny_dataset, source="tiny").id
        new = store.load_dataset(dated(tiny_dataset, dt.date(2025, 7, 1)), source="tiny").id
        decision = store.record_decision(old, "A1", "red", "red", "Begrundelse", "PPU")
        assert store.decisions(old) == [decision]
        assert store.decisions(new) == []
        assert store.current_decisions(new) == {}


@pytest.mark.parametrize(
    ("area", "model_class", "decided_class", "reason", "by", "expected"),
    [
        ("A9", "red", "red", "r", "PPU", "intet lægedækningsområde 'A9'"),
        ("A1", "orange", "red", "r", "PPU", "Ukendt modellens klasse 'orange'"),
        ("A1", "red", "purple", "r", "PPU", "Ukendt besluttet klasse 'purple'"),
        ("A1", "red", "red", "  ", "PPU", "begrundelse"),
        ("A1", "red", "red", "r", "", "beslutningstager"),
    ],
)
def test_invalid_decisions_are_refused_and_not_recorded(
    sqlite_url: str,
    tiny_dataset: Dataset,
    area: str,
    model_class: str,
    decided_class: str,
    reason: str,
    by: str,
    expected: str,
) -> None:
    with Store(sqlite_url) as store:
        snapshot = store.load_dataset(tiny_dataset, source="tiny").id
        with pytest.raises(PraksisplanError, match=expected):
            store.record_decision(snapshot, area, model_class, decided_class, reason, by)
        assert store.decisions(snapshot) == []
        with pytest.raises(PraksisplanError, match="intet snapshot med id 99"):
            store.record_decision(99, "A1", "red", "red", "r", "PPU")


def test_assessment_runs_keep_their_rules_identity_and_format(
    store_url: str, tiny_dataset: Dataset
) -> None:
    with Store(store_url) as store:
        snapshot = store.load_dataset(tiny_dataset, source="tiny").id
        assert store.latest_assessment_run(snapshot) is None
        assert store.latest_assessment_run_id(snapshot) is None
        first = store.save_assessment_run(
            snapshot,
            rules_toml="name = 'a'\n",
            rules_sha256="a" * 64,
            rules_name="a",
            format_version=2,
            result_json='{"x": 1}',
        )
        second = store.save_assessment_run(
            snapshot,
            rules_toml="name = 'b (æøå)'\n",
            rules_sha256="b" * 64,
            rules_name="b (æøå)",
            format_version=7,
            result_json='{"y": null}',
        )
        assert second > first
        latest = store.latest_assessment_run(snapshot)
        assert store.latest_assessment_run_id(snapshot) == second
        decision = store.record_decision(
            snapshot, "A1", "red", "red", "begrundelse", "PPU", assessment_run_id=first
        )
        assert decision.rules_name == "a"
        assert store.decisions(snapshot)[0].assessment_run_id == first
        with pytest.raises(PraksisplanError, match="ingen vurderingskørsel 999"):
            store.record_decision(
                snapshot, "A1", "red", "red", "begrundelse", "PPU", assessment_run_id=999
            )
    assert latest is not None
    assert (latest.id, latest.rules_name, latest.rules_sha256) == (second, "b (æøå)", "b" * 64)
    assert (latest.format_version, latest.result_json) == (7, '{"y": null}')
    assert latest.created_at.tzinfo is not None
