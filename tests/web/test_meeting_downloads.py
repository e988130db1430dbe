"""Downloads and pages for the committee meeting over HTTP, on the tiny dataset.

Each file is opened as a planner's spreadsheet program would (CSV with ``;`` and a BOM,
XLSX with openpyxl) and its headers and Danish words are compared with hand-written text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from fastapi.testclient import TestClient

from praksisplan.store import SnapshotInfo, Store
from praksisplan.threat.assess import assess
from praksisplan.threat.rules import load_rules


def _sheet(content: bytes) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.active
    assert sheet.freeze_panes == "A6"  # header row frozen
    assert sheet.column_dimensions["A"].width >= len("Ydernummer")
    return list(sheet.iter_rows(values_only=True))


def test_practice_xlsx_has_a_heading_and_number_formats(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    sid = tiny_store[1].id
    response = client.get(f"/api/snapshots/{sid}/practices/export.xlsx", params={"status": ""})
    rows = _sheet(response.content)
    assert rows[0][0] == "Praksis – Region Nordjylland"
    assert rows[1][0] == "Opgjort 01.01.2025"
    assert str(rows[2][0]).startswith("Kilde: praksisplan, øjebliksbillede")
    header = rows[4]
    assert header[:4] == ("Ydernummer", "Navn", "Område-id", "Lægedækningsområde")
    assert "Tilmeldte patienter" in header and "Patienter pr. besat kapacitet" in header
    by_number = {r[0]: dict(zip(header, r, strict=True)) for r in rows[5:]}
    assert len(by_number) == 6
    assert by_number["P002"]["Organisationsform"] == "Enkeltmandspraksis"
    assert by_number["P002"]["Status"] == "Lukket"
    assert by_number["P001"]["Tilmeldte patienter"] == 5200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    column = header.index("Tilmeldte patienter") + 1
    assert book.active.cell(row=6, column=column).number_format == "#,##0"


def test_csv_has_decimal_commas(client: TestClient, tiny_store: tuple[Store, SnapshotInfo]) -> None:
    sid = tiny_store[1].id
    response = client.get(f"/api/snapshots/{sid}/practices/export.csv", params={"q": "P003"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    # P003: 2 capacities, 1 vacant, 1,900 listed → 1,900 per filled capacity
    assert rows[0]["Besatte kapaciteter"] == "1,0"
    assert rows[0]["Patienter pr. besat kapacitet"] == "1900,0"
    assert rows[0]["Organisationsform"] == "Kompagniskabspraksis"


def test_final_list_shows_the_decision_beside_the_model_class(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    store, info = tiny_store
    model = assess(store.read_dataset(info.id), load_rules(None)).areas["threat_class"]
    decided = {"red": "yellow", "yellow": "green", "green": "red"}[str(model["A3"])]
    words = {"red": "rød", "yellow": "gul", "green": "grøn"}
    posted = client.post(
        f"/api/snapshots/{info.id}/decisions",
        json={"area_id": "A3", "decided_class": decided, "reason": "Drøftet"},
    )
    assert posted.status_code == 201
    rows = _sheet(client.get(f"/api/snapshots/{info.id}/final-list.xlsx").content)
    assert rows[0][0] == "Indstilling – Region Nordjylland"
    header = rows[4]
    assert header[:6] == (
        "Område-id",
        "Lægedækningsområde",
        "Kommune",
        "Status",
        "Modellens klasse",
        "Udvalgets beslutning",
    )
    by_area = {r[0]: dict(zip(header, r, strict=True)) for r in rows[5:]}
    assert by_area["A3"]["Status"] == words[decided]
    assert by_area["A3"]["Modellens klasse"] == words[str(model["A3"])]
    assert by_area["A3"]["Begrundelse"] == "Drøftet"
    moment = by_area["A3"]["Tidspunkt (dansk tid)"]
    assert isinstance(moment, dt.datetime)
    utc = store.current_decisions(info.id)["A3"].decided_at
    offset = utc.astimezone(ZoneInfo("Europe/Copenhagen")).utcoffset()
    assert offset in (dt.timedelta(hours=1), dt.timedelta(hours=2))  # CET or CEST
    shift = moment - utc.replace(tzinfo=None)
    assert abs(shift - offset) < dt.timedelta(milliseconds=1)  # Excel keeps milliseconds
    others = [a for a in by_area if a != "A3"]
    assert all(by_area[a]["Status"] == words[str(model[a])] for a in others)

    overview = client.get(f"/api/snapshots/{info.id}/overview").json()
    status = model.where(model.index != "A3", decided)
    assert overview["threat_counts"] == {c: int((status == c).sum()) for c in words}
    assert overview["model_threat_counts"] == {c: int((model == c).sum()) for c in words}


def test_gross_list_csv_lists_every_criterion_in_danish(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    store, info = tiny_store
    assessment = assess(store.read_dataset(info.id), load_rules(None))
    response = client.get(f"/api/snapshots/{info.id}/gross-list.csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    reader = csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    header = next(reader)
    assert header[:5] == [
        "Område-id",
        "Lægedækningsområde",
        "Kommune",
        "Modellens klasse",
        "Forklaring",
    ]
    labels = assessment.criteria.drop_duplicates("criterion_id")["label"]
    assert len(header) == 5 + 3 * len(labels)
    assert all(f"{label} (" in " ".join(header) for label in labels)
    assert {row[header.index(header[-1])] for row in reader} <= {"ja", "nej"}


def test_terms_page_defines_the_figures(client: TestClient) -> None:
    html = client.get("/begreber").text
    assert "<h1>Begreber</h1>" in html
    assert "Behovsvægtede indbyggere" in html
    assert "Forsørgerbyrde" in html and "pr. indbygger 15–64 år" in html


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
@pytest.mark.parametrize(
    ("name", "title", "header"),
    [
        ("gross-list", "Bruttoliste – Region Nordjylland", "Modellens klasse"),
        ("final-list", "Indstilling – Region Nordjylland", "Udvalgets beslutning"),
    ],
)
def test_lists_as_pdf_for_the_meeting(
    client: TestClient,
    tiny_store: tuple[Store, SnapshotInfo],
    tmp_path: Path,
    name: str,
    title: str,
    header: str,
) -> None:
    store, info = tiny_store
    response = client.get(f"/api/snapshots/{info.id}/{name}.pdf")
    assert response.headers["content-type"] == "application/pdf"
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(response.content)
    raw = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(raw.split())  # a header may wrap inside its cell
    assert title in text and "Opgjort 01.01.2025" in text and header in text
    assert "Side 1 af 1" in text
    names = store.read_dataset(info.id).coverage_areas["name"]
    assert all(str(n) in text for n in names)
