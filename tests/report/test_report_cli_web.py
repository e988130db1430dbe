"""`praksisplan report facts` as a user runs it, and the Rapporter page and downloads over
HTTP; the files they give are read back and compared with the tiny dataset's figures."""

from __future__ import annotations

import io
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from report_builders import half_a_year_later_all_aalborg_closed

from access_users import logged_in
from cli_process import run_cli
from praksisplan.core.dataset import Dataset
from praksisplan.dataset_io import write_dataset
from praksisplan.store import AuditLog, Store


def test_facts_xlsx_from_a_dataset_folder(tiny_dataset_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "tal.xlsx"
    result = run_cli("report", "facts", str(tiny_dataset_dir), "--format", "xlsx", "--out",
                     str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "1 øjebliksbilleder" in result.stdout
    sheet = load_workbook(out)["Nøgletal"]
    figures = {row[0]: row[1] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert figures["Borgere"] == 6_600 and figures["Praktiserende læger"] == 9


def test_facts_from_a_folder_of_dated_datasets(tiny_dataset: Dataset, tmp_path: Path) -> None:
    history = tmp_path / "historik"
    write_dataset(tiny_dataset, history / "2025-01-01")
    write_dataset(half_a_year_later_all_aalborg_closed(tiny_dataset), history / "2025-07-01")
    out = tmp_path / "tal.html"
    result = run_cli("report", "facts", str(history), "--format", "html", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "2 øjebliksbilleder" in result.stdout
    html = out.read_text(encoding="utf-8")
    assert "Tal og fakta – Region Nordjylland" in html
    # the open/closed table: every Aalborg GP in a closed practice on 1 July 2025
    assert '<td>Aalborg</td><td class="num">0</td><td class="num">100</td>' in html


@pytest.mark.slow
def test_the_demo_pdf_from_the_folder_demo_data_history_writes(tmp_path: Path) -> None:
    """The full demo report as issue 11 times it: every snapshot of the written history read
    (and validated) from its folder, one page per municipality, named as the files name it."""
    history = tmp_path / "historik"
    assert run_cli("demo-data", str(history), "--history").returncode == 0
    out = tmp_path / "tal.pdf"
    result = run_cli("report", "facts", str(history), "--format", "pdf", "--out", str(out),
                     "--no-forecast")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "11 øjebliksbilleder" in result.stdout
    boundaries = json.loads((history / "2026-01-01" / "municipalities.geojson").read_text())
    names = [feature["properties"]["name"] for feature in boundaries["features"]]
    assert len(names) == 11
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    maps = [page for page in text.split("\f") if "Kommunekort: " in page]
    assert len(maps) == 11  # one page per municipality, each with its map
    for name in names:
        assert sum(f"Kommunekort: {name}\n" in page for page in maps) == 1, name
    assert "Side 1 af" in text and "01.01.2021" in text


def test_an_unknown_snapshot_is_refused_in_danish(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'empty.db'}"
    Store(db).close()  # an empty store: reading one never creates it
    result = run_cli("report", "facts", "snapshot:7", "--out", str(tmp_path / "x.pdf"), "--db", db)
    assert result.returncode == 2
    assert "Der findes intet snapshot med id 7" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


@pytest.fixture
def client(tmp_path: Path, tiny_dataset: Dataset) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with Store(url) as store:
        store.load_dataset(tiny_dataset, source="tiny")
        store.load_dataset(half_a_year_later_all_aalborg_closed(tiny_dataset), source="tiny")
    with logged_in(url, "planner") as test_client:
        yield test_client


def test_reports_page_links_every_download(client: TestClient) -> None:
    page = client.get("/rapporter")
    assert page.status_code == 200
    assert "Rapporter" in page.text and "Tal og fakta" in page.text
    assert "Bygger på 2 øjebliksbilleder fra 01.01.2025 til 01.07.2025" in page.text
    for link in ("tal-og-fakta.html", "tal-og-fakta.pdf", "tal-og-fakta.xlsx", "notat.docx",
                 "notat.pdf"):  # fmt: skip
        assert f'href="/rapporter/2/{link}"' in page.text
    assert '<a href="/rapporter?snapshot=2" aria-current="page">Rapporter</a>' in page.text


def test_downloads_over_http(client: TestClient, tmp_path: Path) -> None:
    xlsx = client.get("/rapporter/2/tal-og-fakta.xlsx")
    assert xlsx.status_code == 200
    assert xlsx.headers["content-disposition"] == 'attachment; filename="tal-og-fakta-2.xlsx"'
    sheet = load_workbook(io.BytesIO(xlsx.content))["Udvikling"]
    dates = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]]
    assert dates == ["01.01.2025", "01.07.2025"]
    docx = client.get("/rapporter/2/notat.docx")
    assert docx.status_code == 200
    rows = [[c.text for c in r.cells] for t in Document(io.BytesIO(docx.content)).tables
            for r in t.rows]  # fmt: skip
    assert ["Aalborg Syd", "Aalborg", "grøn", "rød", "forværret"] in [row[:5] for row in rows]
    pdf = client.get("/rapporter/1/tal-og-fakta.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get("/rapporter/9/notat.pdf").status_code == 404
    assert client.get("/rapporter/2/notat.exe").status_code == 422
    # each report generated is in the audit trail with the planner; the refused ones are not
    with Store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        entries = [e for e in AuditLog(store).entries() if e.action == "report_generated"]
    assert sorted(
        (e.actor_role, e.object_id, e.after["report"], e.after["format"]) for e in entries
    ) == [
        ("planner", "1", "tal-og-fakta", "pdf"),
        ("planner", "2", "notat", "docx"),
        ("planner", "2", "tal-og-fakta", "xlsx"),
    ]


def test_reports_page_on_an_empty_store(tmp_path: Path) -> None:
    with logged_in(f"sqlite:///{tmp_path / 'empty.db'}", "planner") as empty:
        assert empty.get("/rapporter").status_code == 200
