"""The XLSX of Tal og fakta read back with openpyxl equals hand-derived figures of the tiny
dataset and, table by table, the report's definition and the engine's indicators."""

from __future__ import annotations

import io
import math
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from report_builders import tiny_report, with_services

from praksisplan.core.dataset import Dataset
from praksisplan.engine.indicators import basic_indicators
from praksisplan.report.model import FactsReport
from praksisplan.report.render import render_facts


def _is_nan(value: object) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _sheets(report: FactsReport) -> dict[str, list[tuple[Any, ...]]]:
    workbook = load_workbook(io.BytesIO(render_facts(report, "xlsx")))
    return {name: _data_rows(workbook[name]) for name in workbook.sheetnames}


def _data_rows(sheet: Worksheet) -> list[tuple[Any, ...]]:
    """Rows below the title, source line and header row."""
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    return [row for row in rows if any(v is not None for v in row)]


@pytest.fixture(scope="module")
def tiny_with_services(tiny_dataset: Dataset) -> Dataset:
    return with_services(tiny_dataset)


@pytest.fixture(scope="module")
def sheets(tiny_with_services: Dataset) -> dict[str, list[tuple[Any, ...]]]:
    return _sheets(tiny_report(tiny_with_services))


def test_key_figures_are_the_hand_counted_ones(sheets: dict[str, list[tuple[Any, ...]]]) -> None:
    figures = {row[0]: row[1] for row in sheets["Nøgletal"]}
    # 12 cells of 80k + 30 persons (k = 1 … 12); 6 practices; 10 practice capacities plus 1
    # held by the region in A3; 2 vacant in practices + 1 region-held; 9 GPs
    assert figures["Borgere"] == 6_600
    assert figures["Praksis"] == 6
    assert figures["Kapaciteter"] == 11
    assert figures["Besatte kapaciteter"] == 8
    assert figures["Ledige kapaciteter"] == 3
    assert figures["Praktiserende læger"] == 9
    # GPs aged 60+ at 2025: G01 65, G04 67, G07 62, G08 70 → 4 of 9
    assert figures["Læger på 60 år og derover"] == pytest.approx(100 * 4 / 9)


def test_org_forms_and_gp_ages(sheets: dict[str, list[tuple[Any, ...]]]) -> None:
    forms = {row[0]: row[1:] for row in sheets["Organisationsformer"]}
    # (practices then, practices now, GPs then, GPs now): one snapshot, so then = now
    assert forms == {
        "Solopraksis": (2, 2, 2, 2),
        "Kompagniskab": (2, 2, 4, 4),
        "Delepraksis": (1, 1, 2, 2),
        "Regionsklinik": (1, 1, 1, 1),
    }
    # ages in 2025: 65 53 40 67 59 35 62 70 45
    ages = {row[0]: row[1] for row in sheets["Lægernes alder"]}
    assert ages == {"under 45": 2, "45–54": 2, "55–59": 1, "60–64": 1, "65 og derover": 3}
    over_time = sheets["Udvikling"]
    assert over_time == [("01.01.2025", 6, 11, 8, 9, pytest.approx(100 * 4 / 9))]


def test_per_municipality_tables(sheets: dict[str, list[tuple[Any, ...]]]) -> None:
    # Jammerbugt (849): P005, P006 and A3's region-held capacity; Aalborg (851): P001–P004
    by_municipality = {row[0]: row[1:4] for row in sheets["Pr. kommune"]}
    assert by_municipality == {"Aalborg": (4, 8, 6), "Jammerbugt": (2, 3, 3)}
    population = {row[0]: row[2] for row in sheets["Befolkning"]}
    assert population == {"Aalborg": 3_120, "Jammerbugt": 3_480}


def test_services_per_capacity_and_per_person(
    sheets: dict[str, list[tuple[Any, ...]]],
) -> None:
    per_capacity = {row[0]: row[1:] for row in sheets["Ydelser pr. kapacitet"]}
    assert per_capacity == {"Aalborg": (3_200, 8, 400), "Jammerbugt": (900, 3, 300)}
    per_person = sheets["Ydelser pr. borger"]
    # consultation 2,400; e-consultation 800; phone 600; visits 300; over 6,600 citizens
    assert per_person == [
        (
            "2024",
            round(2_400 / 6_600, 3),
            round(800 / 6_600, 3),
            round(600 / 6_600, 3),
            round(300 / 6_600, 3),
            round(4_100 / 6_600, 3),
        )
    ]


def test_every_sheet_equals_its_table_and_numbers_are_numbers(
    tiny_with_services: Dataset,
) -> None:
    report = tiny_report(tiny_with_services)
    workbook = load_workbook(io.BytesIO(render_facts(report, "xlsx")))
    assert len(workbook.sheetnames) == len(report.tables())
    for table, name in zip(report.tables(), workbook.sheetnames, strict=True):
        sheet = workbook[name]
        assert sheet["A1"].value == table.title
        header = next(sheet.iter_rows(min_row=3, max_row=3, values_only=True))
        assert list(header) == [c.heading for c in table.columns]
        rows = list(sheet.iter_rows(min_row=4, max_row=3 + len(table.rows)))
        for cells, expected in zip(rows, table.rows, strict=True):
            for cell, column, value in zip(cells, table.columns, expected, strict=True):
                expected_value = None if value == "" or _is_nan(value) else value
                if isinstance(expected_value, float):  # XLSX keeps 15 significant digits
                    assert cell.value == pytest.approx(expected_value, rel=1e-13)
                else:
                    assert cell.value == expected_value
                if column.kind != "text" and value is not None:
                    assert isinstance(cell.value, int | float)
                    assert cell.number_format.startswith("#,##0")


def test_municipality_sheets_equal_the_engine(tiny_with_services: Dataset) -> None:
    engine = basic_indicators(tiny_with_services, "municipality")
    sheets = _sheets(tiny_report(tiny_with_services))
    for code, name in (("851", "Aalborg"), ("849", "Jammerbugt")):
        figures = {row[0]: row[1] for row in sheets[f"{code} {name}"]}
        row = engine.loc[code]
        assert figures["Borgere"] == row["population"]
        assert figures["Kapaciteter"] == row["capacities"]
        assert figures["Læger"] == row["gps"]
        assert figures["Læger 60+ år, %"] == pytest.approx(100 * row["share_gps_60plus"])


def test_absent_services_are_left_out_with_a_note(tiny_dataset: Dataset) -> None:
    report = tiny_report(tiny_dataset)
    assert "Ydelser pr. kapacitet" not in [t.sheet for t in report.tables()]
    assert any(line.startswith("Ydelser:") for line in report.omitted)


def test_dependency_ratios_equal_a_row_by_row_count(
    tiny_with_services: Dataset, sheets: dict[str, list[tuple[Any, ...]]]
) -> None:
    # every population row counted by hand: its band's first age decides where it goes
    cells, municipalities = tiny_with_services.cells, tiny_with_services.municipalities
    municipality = dict(zip(cells["cell_id"], cells["municipality_code"], strict=True))
    names = dict(zip(municipalities["code"], municipalities["name"], strict=True))
    counts: dict[str, list[int]] = {}
    for row in tiny_with_services.population.itertuples():
        first_age = int(str(row.age_band).rstrip("+").split("-")[0])
        young_old = counts.setdefault(names[municipality[row.cell_id]], [0, 0, 0, 0])
        young_old[0] += row.persons if first_age < 15 or first_age >= 65 else 0
        young_old[1] += row.persons if 15 <= first_age < 65 else 0
        young_old[2] += row.persons if first_age < 15 or first_age >= 70 else 0
        young_old[3] += row.persons if 15 <= first_age < 70 else 0
    expected = {name: (round(a / b, 3), round(c / d, 3)) for name, (a, b, c, d) in counts.items()}
    rows = sheets["Forsørgerbrøk"]  # the municipalities, then the table's note
    assert {row[0]: row[1:] for row in rows[: len(expected)]} == expected
