"""The Prognose page and its XLSX download over HTTP, on the tiny dataset's snapshot."""

from __future__ import annotations

import io

import openpyxl
from fastapi.testclient import TestClient


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
