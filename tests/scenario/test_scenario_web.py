"""The scenario API and pages over HTTP on a real SQLite store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient

from access_users import logged_in
from praksisplan.core.dataset import Dataset
from praksisplan.engine.indicators import compute_indicators
from praksisplan.scenario.apply import apply_edits
from praksisplan.scenario.edits import parse_edits
from praksisplan.store import ScenarioStore, Store
from praksisplan.threat.assess import assess
from praksisplan.threat.rules import load_rules

CLOSE_P001 = {"table": "practices", "key": "P001", "op": "update", "values": {"status": "closed"}}


@pytest.fixture
def web(tmp_path: Path, tiny_dataset: Dataset) -> Iterator[tuple[TestClient, str, int]]:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with Store(url) as store:
        snapshot = store.load_dataset(tiny_dataset, source="tiny").id
    with logged_in(url, "planner") as client:
        yield client, url, snapshot


def test_create_edit_diff_undo_status_delete(
    web: tuple[TestClient, str, int], tiny_dataset: Dataset, tmp_path: Path
) -> None:
    client, url, snapshot = web
    created = client.post("/api/scenarios", json={"snapshot_id": snapshot, "name": "luk P001"})
    assert created.status_code == 201, created.text
    scenario_id = created.json()["id"]
    assert client.post(f"/api/scenarios/{scenario_id}/edits", json=[CLOSE_P001]).status_code == 200

    diff = client.get(f"/api/scenarios/{scenario_id}/diff").json()
    expected = compute_indicators(
        apply_edits(tiny_dataset, parse_edits([CLOSE_P001])).dataset, "region"
    ).iloc[0]
    assert diff["region"]["persons_2plus_open"]["scenario"] == expected["persons_2plus_open"]
    assert diff["persons_losing_free_choice"] == 830
    classes = assess(tiny_dataset, load_rules(None)).areas["threat_class"].to_dict()
    assert {a["area_id"]: a["class_base"] for a in diff["areas"]} == classes

    refused = client.post(
        f"/api/scenarios/{scenario_id}/edits",
        json=[{"table": "practices", "key": "P004", "op": "update", "values": {"capacities": 0.5}}],
    )
    assert refused.status_code == 422
    detail = refused.json()["detail"]
    assert (detail["edit"], detail["field"], detail["rule"]) == (
        2,
        "vacant_capacities",
        "vacant-exceeds-capacities",
    )
    with Store(url) as store:
        assert ScenarioStore(store).get(scenario_id).edit_count == 1

    xlsx = client.get(f"/api/scenarios/{scenario_id}/diff.xlsx")
    assert xlsx.status_code == 200
    (tmp_path / "d.xlsx").write_bytes(xlsx.content)
    assert openpyxl.load_workbook(tmp_path / "d.xlsx").sheetnames[0] == "Trusselsklasser"

    page = client.get(f"/scenarier/{scenario_id}")
    assert page.status_code == 200 and 'data-provider="P001"' in page.text
    assert "luk P001" in client.get("/scenarier").text

    status = client.put(f"/api/scenarios/{scenario_id}/status", json={"status": "vedtaget"})
    assert status.json()["status"] == "vedtaget"
    assert (
        client.put(f"/api/scenarios/{scenario_id}/status", json={"status": "x"}).status_code == 422
    )
    assert client.post(f"/api/scenarios/{scenario_id}/undo").json()["edits"] == []
    assert client.delete(f"/api/scenarios/{scenario_id}").status_code == 204
    assert client.get(f"/api/scenarios/{scenario_id}").status_code == 404
    assert "/api/scenarios/{scenario_id}/edits" in client.get("/openapi.json").json()["paths"]
