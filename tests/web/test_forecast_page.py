"""The Prognose page and its XLSX download over HTTP, on the tiny dataset's snapshot."""

from __future__ import annotations

import io

import openpyxl
from fastapi.testclient import TestClient

from praksisplan.scenario.edits import parse_edits
from praksisplan.store import ScenarioStore, SnapshotInfo, Store


def test_page_shows_the_region_per_year(client: TestClient) -> None:
    response = client.get("/prognose")
    assert response.status_code == 200
    text = response.text
    assert "Prognose 2025–2040" in text
    assert 'id="fan-chart"' in text
    # the tiny dataset has 6,600 persons at its reference date (tests/conftest.py)
    assert "<td>2025</td><td>6.600</td>" in text


def test_xlsx_download_has_every_row(client: TestClient) -> None:
    response = client.get("/prognose.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["prognose", "omraader", "befolkningspyramide"]
    # region + 2 municipalities + 3 areas, 16 years 2025–2040, plus the header
    assert book["prognose"].max_row == 6 * 16 + 1


def test_scenario_page_compares_the_forecast_with_the_snapshots(
    tiny_store: tuple[Store, SnapshotInfo], client: TestClient
) -> None:
    # P001 (no vacancy) from 3 to 5 capacities: 2 more filled capacities, 2 × 1,600 patients
    store, snapshot = tiny_store
    edit = {"table": "practices", "key": "P001", "op": "update", "values": {"capacities": 5}}
    info = ScenarioStore(store).create(snapshot.id, "Udvid P001", "test", edits=parse_edits([edit]))
    response = client.get(f"/scenarier/{info.id}/prognose")
    assert response.status_code == 200
    text = response.text
    assert "Prognose 2025–2040 – scenariet Udvid P001" in text
    first_row = text.split('<table id="forecast-comparison">')[1].split("</tr>")[1]
    assert "<td>2025</td>" in first_row and "<td>3.200</td>" in first_row
    assert client.get("/scenarier/999/prognose").status_code == 404
