"""``praksisplan allocate … --save-scenario``: the proposal stored as a scenario (forslag)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from optimise.allocation_case import allocation_dataset
from praksisplan.scenario.edits import parse_edits
from praksisplan.store import ScenarioStore, Store
from scenario.cli_run import run_main


def test_allocate_saves_its_proposal_as_a_scenario(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'store.db'}"
    dataset = allocation_dataset()
    with Store(db) as store:
        snapshot = store.load_dataset(dataset, source="case").id
    status, out, err = run_main(
        monkeypatch, capsys,
        "allocate", f"snapshot:{snapshot}", "--capacities", "3", "--no-towns", "--no-frontier",
        "--format", "json", "--save-scenario", "tre kapaciteter", "--by", "Anna", "--db", db,
    )  # fmt: skip
    assert status == 0, err
    assert "gemt som scenariet 'tre kapaciteter'" in err
    document = json.loads(out)
    with Store(db) as store:
        scenarios = ScenarioStore(store)
        info = scenarios.get("tre kapaciteter")
        assert (info.status, info.created_by, info.snapshot_id) == ("forslag", "Anna", snapshot)
        assert [r.edit for r in scenarios.edits(info.id)] == parse_edits(document["edits"])
        applied = scenarios.applied(info.id).dataset
    added = applied.practices["capacities"].sum() - dataset.practices["capacities"].sum()
    assert added == 3

    status, _, err = run_main(
        monkeypatch, capsys,
        "allocate", str(tmp_path), "--capacities", "1", "--save-scenario", "x", "--db", db,
    )  # fmt: skip
    assert status == 2 and "kræver et snapshot" in err
