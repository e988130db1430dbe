"""A committee decision can cite a what-if scenario; a cited scenario cannot be deleted.

Through ``main()`` (``decide --scenario``), the web decision form and the JSON API, each on
a real SQLite store.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from access_users import logged_in
from praksisplan.core.dataset import Dataset
from praksisplan.scenario.edits import parse_edits
from praksisplan.store import ScenarioStore, Store
from scenario.cli_run import run_main

CLOSE_P001 = {"table": "practices", "key": "P001", "op": "update", "values": {"status": "closed"}}
REFUSED_DELETE = "Scenariet 'luk P001' kan ikke slettes: 1 af udvalgets beslutninger"


def _store_with_scenario(tmp_path: Path, tiny_dataset: Dataset) -> tuple[str, int, int]:
    """A store with the tiny dataset twice (two snapshots) and the scenario 'luk P001' on
    the first; (url, first snapshot, second snapshot)."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    newer = dataclasses.replace(
        tiny_dataset,
        manifest=tiny_dataset.manifest.model_copy(update={"reference_date": dt.date(2025, 7, 1)}),
    )
    with Store(url) as store:
        first = store.load_dataset(tiny_dataset, source="tiny").id
        second = store.load_dataset(newer, source="tiny-2").id
        ScenarioStore(store).create(first, "luk P001", "Anna", edits=parse_edits([CLOSE_P001]))
    return url, first, second


def test_decide_cites_a_scenario_which_then_cannot_be_deleted(
    tmp_path: Path,
    tiny_dataset: Dataset,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db, first, second = _store_with_scenario(tmp_path, tiny_dataset)
    decide = ["decide", str(first), "A2", "--class", "rød", "--reason", "Lukning af P001"]
    status, out, err = run_main(
        monkeypatch, capsys, *decide, "--by", "ABC", "--scenario", "luk P001", "--db", db
    )
    assert status == 0, err
    assert "med henvisning til scenariet 'luk P001'." in out

    status, out, err = run_main(
        monkeypatch, capsys, "decisions", str(first), "--format", "json", "--db", db
    )
    assert status == 0, err
    by_area = {row["area_id"]: row for row in json.loads(out)}
    assert by_area["A2"]["decision_scenario"] == "luk P001"
    assert by_area["A1"]["decision_scenario"] is None
    status, out, err = run_main(
        monkeypatch, capsys, "decisions", str(first), "--history", "--format", "json", "--db", db
    )
    assert [row["scenario_name"] for row in json.loads(out)] == ["luk P001"]

    status, out, err = run_main(monkeypatch, capsys, "scenario", "delete", "luk P001", "--db", db)
    assert status == 2
    assert REFUSED_DELETE in err and "(område A2)" in err
    with Store(db) as store:
        assert ScenarioStore(store).get("luk P001").edit_count == 1

    # a scenario of another snapshot, and one that does not exist, are refused; nothing stored
    other = ["decide", str(second), "A2", "--class", "gul", "--reason", "Se scenariet"]
    status, _out, err = run_main(
        monkeypatch, capsys, *other, "--by", "ABC", "--scenario", "luk P001", "--db", db
    )
    assert status == 2
    assert f"bygger på øjebliksbillede {first}, ikke {second}" in err
    status, _out, err = run_main(
        monkeypatch, capsys, *other, "--by", "ABC", "--scenario", "findes ikke", "--db", db
    )
    assert status == 2 and "Der er intet scenarie 'findes ikke'" in err
    with Store(db) as store:
        assert store.decisions(second) == []


def test_decision_form_and_api_cite_a_scenario(tmp_path: Path, tiny_dataset: Dataset) -> None:
    url, first, second = _store_with_scenario(tmp_path, tiny_dataset)
    with Store(url) as store:
        scenario_id = ScenarioStore(store).get("luk P001").id
    with logged_in(url, "planner") as client:
        page = client.get(f"/truede?snapshot={first}").text
        assert f'<option value="{scenario_id}">luk P001</option>' in page
        assert "Henviser til scenarie" in page
        assert "luk P001" not in client.get(f"/truede?snapshot={second}").text

        form = {"snapshot": str(first), "area_id": "A3", "decided_class": "yellow"}
        form |= {"reason": "Se scenariet for P001", "scenario_id": str(scenario_id)}
        response = client.post("/truede/beslutning", data=form, follow_redirects=False)
        assert response.status_code == 303, response.text
        assert "error=" not in response.headers["location"]
        # no scenario chosen: the empty option
        plain = {**form, "area_id": "A1", "scenario_id": ""}
        answer = client.post("/truede/beslutning", data=plain, follow_redirects=False)
        assert answer.status_code == 303 and "error=" not in answer.headers["location"]

        html = client.get(f"/truede?snapshot={first}").text
        history = html.split('class="history-table"')[1]
        cited = f'<a href="/scenarier/{scenario_id}">luk P001</a>'
        assert cited in history
        assert len(re.findall(r'<td class="decision-scenario">–</td>', history)) == 1
        area = client.get(f"/omraade/A3?snapshot={first}").text
        assert f"med henvisning til scenariet {cited}" in area

        api = f"/api/snapshots/{first}/decisions"
        body = {"area_id": "A2", "decided_class": "red", "reason": "Se scenariet"}
        created = client.post(api, json={**body, "scenario_id": scenario_id})
        assert created.status_code == 201, created.text
        assert (created.json()["scenario_id"], created.json()["scenario_name"]) == (
            scenario_id,
            "luk P001",
        )
        listed = client.get(api).json()
        assert [d["scenario_name"] for d in listed] == ["luk P001", None, "luk P001"]
        wrong = client.post(
            f"/api/snapshots/{second}/decisions", json={**body, "scenario_id": scenario_id}
        )
        assert wrong.status_code == 400
        assert "en beslutning kan kun henvise til et scenarie på samme" in wrong.json()["detail"]

        refused = client.delete(f"/api/scenarios/{scenario_id}")
        assert refused.status_code == 409
        assert refused.json()["detail"].startswith(
            "Scenariet 'luk P001' kan ikke slettes: 2 af udvalgets beslutninger"
        )
        assert "(område A2, A3)" in refused.json()["detail"]
        assert client.get(f"/api/scenarios/{scenario_id}").status_code == 200

    with Store(url) as store:
        assert [d.scenario_id for d in store.decisions(first)] == [scenario_id, None, scenario_id]
        assert store.decisions(second) == []


def test_a_scenario_no_decision_cites_is_deleted(tmp_path: Path, tiny_dataset: Dataset) -> None:
    url, first, _second = _store_with_scenario(tmp_path, tiny_dataset)
    with Store(url) as store:
        store.record_decision(first, "A2", "green", "red", "Uden scenarie", "ABC")
        scenarios = ScenarioStore(store)
        scenarios.delete("luk P001")
        assert scenarios.list_scenarios() == []
