"""The CLI's result tables: Danish for people (table, CSV, XLSX), codes for scripts (JSON,
csv-codes). Expected headers and words are written out by hand."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import openpyxl
import pandas as pd
from rich.console import Console

from praksisplan.core.dataset import Dataset
from praksisplan.core.vocabulary import column_header
from praksisplan.engine.indicators import compute_indicators
from praksisplan.tables import TableFormat, write_table
from praksisplan.threat.assess import assess
from praksisplan.threat.gross_list import final_list
from praksisplan.threat.rules import load_rules

FRAME = pd.DataFrame(
    {
        "area_id": ["A1", "A2"],
        "threat_class": ["red", "green"],
        "status": ["open", "selective"],
        "capacities": [1.5, 4.0],
    }
)
CODE = re.compile(r"^[a-z0-9_]+$")


def test_csv_is_danish_excel_csv(tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    write_table(FRAME, TableFormat.CSV, out)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # BOM
    assert data.decode("utf-8-sig").splitlines() == [
        "Område-id;Modellens klasse;Status;Kapaciteter",
        "A1;rød;Åben;1,5",
        "A2;grøn;Selektivt lukket;4,0",
    ]


def test_codes_for_scripts(tmp_path: Path) -> None:
    codes, as_json = tmp_path / "c.csv", tmp_path / "c.json"
    write_table(FRAME, TableFormat.CSV_CODES, codes)
    write_table(FRAME, TableFormat.JSON, as_json)
    assert codes.read_text().splitlines()[:2] == [
        "area_id,threat_class,status,capacities",
        "A1,red,open,1.5",
    ]
    assert json.loads(as_json.read_text())[0] == {
        "area_id": "A1", "threat_class": "red", "status": "open", "capacities": 1.5,
    }  # fmt: skip


def test_xlsx_has_a_heading_and_danish_headers(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    write_table(FRAME, TableFormat.XLSX, out, title="Bruttoliste")
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    assert sheet["A1"].value == "Bruttoliste"
    assert str(sheet["A2"].value).startswith("Dannet ")
    assert sheet["A3"].value == "Kilde: praksisplan"
    assert [c.value for c in sheet[5]] == ["Område-id", "Modellens klasse", "Status", "Kapaciteter"]
    assert [c.value for c in sheet[6]] == ["A1", "rød", "Åben", 1.5]
    assert sheet.freeze_panes == "A6"


def test_terminal_table_has_danish_headers() -> None:
    console = Console(file=io.StringIO(), width=200)
    write_table(FRAME, TableFormat.TABLE, None, console=console)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "Modellens klasse" in text and "rød" in text and "threat_class" not in text


def test_every_result_column_has_a_danish_header(tiny_dataset: Dataset) -> None:
    """No column of the indicator, gross-list or final-list frames falls through as a code."""
    frames = [compute_indicators(tiny_dataset, level) for level in ("area", "municipality")]
    frames.append(compute_indicators(tiny_dataset, "region"))
    assessment = assess(tiny_dataset, load_rules(None), frames[0])
    frames += [assessment.areas, final_list(assessment, {})]
    columns = {str(c) for f in frames for c in f.reset_index().columns}
    assert [c for c in sorted(columns) if CODE.match(column_header(c))] == []
