"""The Prognose pages and their Danish XLSX and CSV downloads over HTTP, as a logged-in
planner, on the tiny dataset's snapshot; the files are compared with the forecast computed
here directly and with the fixture's hand-known figures."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from fastapi.testclient import TestClient
from openpyxl.worksheet.worksheet import Worksheet

from cli_process import run_cli
from praksisplan.core.dataset import Dataset
from praksisplan.forecast.parameters import load_parameters
from praksisplan.forecast.run import Forecast, run_forecast
from praksisplan.scenario.edits import parse_edits
from praksisplan.store import ScenarioStore, SnapshotInfo, Store
from praksisplan.threat.rules import load_rules
from retirement_rules import rules_retiring_at_63


def test_page_shows_the_region_per_year(client: TestClient) -> None:
    response = client.get("/prognose")
    assert response.status_code == 200
    text = response.text
    assert "Prognose 2025–2040" in text
    assert 'id="fan-chart"' in text
    # the tiny dataset has 6,600 persons at its reference date (tests/conftest.py)
    assert "<td>2025</td><td>6.600</td>" in text
    # the region's chart reads off: years 2025–2040 every 2 years, values from 0
    chart = text[text.index('id="fan-chart"') : text.index("</svg>", text.index('id="fan-chart"'))]
    years = re.findall(r'class="x-tick"[^>]*>(\d+)<', chart)
    assert years == [str(y) for y in range(2026, 2041, 2)]
    assert re.findall(r'class="y-tick"[^>]*>([\d.]+)<', chart)[0] == "0"


#: The web forecasts to 2040 with the packaged parameters under the rules in force (the
#: tiny snapshot has no stored run: the default rules); computed here directly.
def _direct_forecast(dataset: Dataset) -> Forecast:
    return run_forecast(dataset, load_rules(None), load_parameters(), 2040)


#: The header row of a Danish sheet: under title, date, source and a blank row.
HEADER_ROW = 5


def _sheet_records(sheet: Worksheet) -> list[dict[str, object]]:
    rows = sheet.iter_rows(min_row=HEADER_ROW, values_only=True)
    header = next(rows)
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_xlsx_download_is_danish_and_equals_the_forecast(
    client: TestClient, tiny_dataset: Dataset
) -> None:
    page = client.get("/prognose").text
    assert 'href="/prognose.xlsx?snapshot=1"' in page and 'href="/prognose.csv?snapshot=1"' in page
    response = client.get("/prognose.xlsx?snapshot=1")
    assert response.status_code == 200
    assert "prognose_1081_2025-01-01.xlsx" in response.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Prognose", "Områder", "Befolkningspyramide"]
    sheet = book["Prognose"]
    assert sheet["A1"].value == "Prognose 2025–2040 pr. enhed og år – Region Nordjylland"
    assert sheet["A2"].value == "Opgjort 01.01.2025"
    assert "syntetiske demodata" in sheet["A3"].value and "1.000 træk" in sheet["A3"].value
    records = _sheet_records(sheet)
    # region + 2 municipalities + 3 areas, 16 years 2025–2040
    assert len(records) == 6 * 16
    direct = _direct_forecast(tiny_dataset).rows
    levels = {"region": "region", "municipality": "kommune", "area": "lægedækningsområde"}
    for record, (_, row) in zip(records, direct.iterrows(), strict=True):
        assert (record["Niveau"], record["Id"], record["År"]) == (
            levels[row["level"]],
            row["id"],
            row["year"],
        )
        assert record["Indbyggere"] == pytest.approx(row["population"])
        assert record["Udbud (patientpladser), median"] == pytest.approx(row["supply_p50"])
        assert record["Udbud i % af behov, median"] == pytest.approx(row["supply_pct_of_need_p50"])
        assert record["Sandsynlighed for rød"] == pytest.approx(row["prob_red"])
    region_now = records[0]
    # the fixture's 6,600 persons and 11 capacities at the reference date
    assert (region_now["Indbyggere"], region_now["Kapaciteter"]) == (6600, 11)
    header = [c.value for c in sheet[HEADER_ROW]]
    first = sheet.cell(HEADER_ROW + 1, header.index("Indbyggere") + 1)
    assert first.number_format == "#,##0"  # a number shown 6.600 in a Danish Excel
    share = sheet.cell(HEADER_ROW + 1, header.index("Sandsynlighed for rød") + 1)
    assert share.number_format == "0%"
    areas = _sheet_records(book["Områder"])
    assert [a["Område-id"] for a in areas] == ["A1", "A2", "A3"]
    assert {"Sandsynlighed for rød 2040", "Kommende lægedækningstruet"} <= set(areas[0])
    pyramid = _sheet_records(book["Befolkningspyramide"])
    assert sum(r["Kvinder 2025"] + r["Mænd 2025"] for r in pyramid) == pytest.approx(6600)


def test_csv_download_is_danish_excels(client: TestClient, tiny_dataset: Dataset) -> None:
    response = client.get("/prognose.csv")
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())  # the BOM Danish Excel needs
    text = response.content.decode("utf-8-sig")
    assert text.startswith("Niveau;Id;Navn;År;Indbyggere;")
    assert "\nregion;1081;Region Nordjylland;2025;6600,0;" in text  # decimal comma
    frame = pd.read_csv(io.StringIO(text), sep=";", decimal=",", dtype={"Id": str})
    direct = _direct_forecast(tiny_dataset).rows
    assert len(frame) == len(direct)
    assert frame["Udbud (patientpladser), median"].to_numpy() == pytest.approx(
        direct["supply_p50"].to_numpy()
    )
    assert client.get("/prognose.pdf").status_code in (404, 422)


def test_scenario_downloads(tiny_store: tuple[Store, SnapshotInfo], client: TestClient) -> None:
    # P001 (no vacancy) from 3 to 5 capacities: 13 capacities and 2 × 1,600 more patients
    store, snapshot = tiny_store
    edit = {"table": "practices", "key": "P001", "op": "update", "values": {"capacities": 5}}
    info = ScenarioStore(store).create(snapshot.id, "Udvid P001", "test", edits=parse_edits([edit]))
    page = client.get(f"/scenarier/{info.id}/prognose").text
    assert f'href="/scenarier/{info.id}/prognose.xlsx"' in page
    response = client.get(f"/scenarier/{info.id}/prognose.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Prognose"]
    assert "scenariet Udvid P001" in sheet["A3"].value
    with_scenario = _sheet_records(sheet)[0]
    base = _sheet_records(
        openpyxl.load_workbook(io.BytesIO(client.get("/prognose.xlsx").content))["Prognose"]
    )[0]
    assert with_scenario["Kapaciteter"] == base["Kapaciteter"] + 2 == 13
    supply = "Udbud (patientpladser), median"
    assert with_scenario[supply] == base[supply] + 2 * 1_600
    csv = client.get(f"/scenarier/{info.id}/prognose.csv")
    assert csv.status_code == 200 and csv.content.decode("utf-8-sig").startswith("Niveau;")
    assert client.get("/scenarier/999/prognose.xlsx").status_code == 404


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


def _html_table(html: str, table_id: str) -> list[list[str]]:
    """The header and body cells of the page's table ``table_id``."""
    table = html.split(f'<table id="{table_id}">')[1].split("</table>")[0]
    return [re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row) for row in table.split("</tr>")[:-1]]


def _cli_table(text: str, first_cell: str) -> list[list[str]]:
    """The body rows of the CLI's Rich table whose rows start with ``first_cell`` (a regex)."""
    rows = [line for line in text.splitlines() if re.match(rf"│ {first_cell} ", line)]
    return [[cell.strip() for cell in row.strip("│").split("│")] for row in rows]


def test_region_table_and_coming_areas_are_the_clis(
    client: TestClient, store_url: str, tmp_path: Path
) -> None:
    """The same store through both entry points: the Prognose page's region table, its growth
    in services and its coming threatened areas are the CLI ``forecast`` table's, figure for
    figure. Retiring at 63 (tests/retirement_rules.py) the supply follows by hand: 2025
    7 filled × 1,600 + P005's 1,400 + 400 survey extras = 13,000; 2026 G01, G04, G07 and G08
    gone: A1 3,400 (P001's 2 of 3 GPs: 2/3 × 5,100), A2 3,200, A3 800 (P006's G09) = 7,400;
    2029 G05 gone too: 5,800."""
    rules = rules_retiring_at_63(tmp_path / "at63.toml")
    saved = run_cli("assess", "snapshot:1", "--rules", str(rules), "--db", store_url)
    assert saved.returncode == 0, saved.stderr  # the snapshot's rule set in force
    cli = run_cli("forecast", "snapshot:1", "--rules", str(rules), "--db", store_url)
    assert cli.returncode == 0, cli.stderr
    page = client.get("/prognose?snapshot=1").text

    header, *web_rows = _html_table(page, "forecast-region")
    assert "Ydelser" in header and "Sandsynlighed for rød" in header
    cli_rows = _cli_table(cli.stdout, r"20\d\d")
    assert web_rows == cli_rows and len(web_rows) == 16  # 2025–2040
    by_year = {row[0]: dict(zip(header, row, strict=True)) for row in web_rows}
    assert [by_year[y]["P50"] for y in ("2025", "2026", "2028", "2029")] == [
        "13.000", "7.400", "7.400", "5.800",
    ]  # fmt: skip
    assert by_year["2025"]["Forsyning P10"] == by_year["2025"]["P90"] == "13.000"
    assert by_year["2025"]["Befolkning"] == "6.600"

    growth = page.split('<p id="services-growth">')[1].split("</p>")[0]
    assert growth.startswith("Forventede ydelser i regionen: ")
    assert growth in " ".join(cli.stdout.split())

    coming_header, *coming = _html_table(page, "forecast-coming")
    assert coming_header[:4] == ["Id", "Område", "Ventes rød fra år",
                                 "Sandsynlighed for rød inden for 5 år"]  # fmt: skip
    assert coming == _cli_table(cli.stdout, r"A\d") == [["A2", "Aalborg Syd", "2029", "100 %", "4"]]


def test_forecast_api_is_the_clis_json(client: TestClient, store_url: str, tmp_path: Path) -> None:
    """``GET /api/snapshots/1/forecast`` is ``praksisplan forecast snapshot:1 --format json``
    on the same store, under the rule set in force (retiring at 63, saved by ``assess``), and
    its region's supply P50 is the hand-worked 13,000 / 7,400 / 5,800 (2025 / 2026 / 2029)."""
    rules = rules_retiring_at_63(tmp_path / "at63.toml")
    saved = run_cli("assess", "snapshot:1", "--rules", str(rules), "--db", store_url)
    assert saved.returncode == 0, saved.stderr
    cli = run_cli(
        "forecast", "snapshot:1", "--rules", str(rules), "--format", "json", "--db", store_url
    )
    assert cli.returncode == 0, cli.stderr
    response = client.get("/api/snapshots/1/forecast")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    api = response.json()
    assert api == json.loads(cli.stdout)
    region = {r["year"]: r for r in api["rows"] if r["level"] == "region"}
    assert [region[y]["supply_p50"] for y in (2025, 2026, 2029)] == [13_000, 7_400, 5_800]
    assert client.get("/api/snapshots/99/forecast").status_code == 404
