"""The ``indicators`` and ``access`` commands on the tiny fixture, from files and from a
stored snapshot (a real SQLite file)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from praksisplan.cli.main import app
from praksisplan.dataset_io import read_dataset
from praksisplan.engine.population import cell_population
from praksisplan.store import Store
from praksisplan.tables import TableFormat, write_table

TINY = Path(__file__).parents[1] / "fixtures" / "tiny"
runner = CliRunner()


def test_indicators_csv_region_level(tmp_path: Path) -> None:
    out = tmp_path / "region.csv"
    result = runner.invoke(
        app,
        ["indicators", str(TINY), "--level", "region", "--format", "csv-codes", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    row = pd.read_csv(out, dtype={"region_code": str}).iloc[0]
    # the fixture's documented totals (tests/conftest.py): 6,600 persons; 10 capacities in
    # practices, 2 of them vacant, plus 1 held by the region; 14,400 listed patients
    assert row["population"] == 6600
    assert (row["capacities"], row["filled_capacities"], row["vacant_capacities"]) == (11, 8, 3)
    assert row["listed_patients"] == 14_400
    assert row["patients_per_filled_capacity"] == pytest.approx(14_400 / 8)


def test_indicators_xlsx_per_municipality(tmp_path: Path) -> None:
    out = tmp_path / "municipalities.xlsx"
    result = runner.invoke(
        app,
        ["indicators", str(TINY), "--level", "municipality", "--format", "xlsx", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    # for people: four heading rows (title, date, source, blank), then Danish headers
    sheet = pd.read_excel(out, header=4, dtype={"Kommunekode": str})
    assert sorted(sheet["Kommunekode"]) == ["849", "851"]
    assert sheet["Indbyggere"].sum() == 6600


def test_access_writes_one_row_per_cell(tmp_path: Path) -> None:
    out = tmp_path / "access.csv"
    result = runner.invoke(
        app, ["access", str(TINY), "--method", "2sfca", "--radius-km", "15", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    cells = pd.read_csv(out, sep=";", decimal=",", encoding="utf-8-sig")  # Danish Excel's CSV
    assert list(cells.columns) == [
        "Celle-id", "Tilgængelighed (score)", "Åbne praksis inden for radius",
        "Afstand til nærmeste åbne praksis (km)",
    ]  # fmt: skip
    assert sorted(cells["Celle-id"]) == [f"C{i:02d}" for i in range(1, 13)]
    # the tiny region spans ~25 km, so every practice has demand within 15 km and 2SFCA
    # hands out all 8 filled capacities: Σ need × score / 1000 = 8
    need = cell_population(read_dataset(TINY))["need_weighted_persons"]
    score = cells.set_index("Celle-id")["Tilgængelighed (score)"].reindex(need.index)
    assert float((need * score).sum()) / 1000 == pytest.approx(8.0)


def test_indicators_from_a_stored_snapshot(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with Store(url) as store:
        snapshot = store.load_dataset(read_dataset(TINY), source="tiny")
    from_files = runner.invoke(app, ["indicators", str(TINY), "--format", "json"])
    from_store = runner.invoke(
        app, ["indicators", f"snapshot:{snapshot.id}", "--db", url, "--format", "json"]
    )
    assert from_store.exit_code == 0, from_store.output
    assert from_store.stdout == from_files.stdout


def test_bad_source_is_one_danish_error() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "praksisplan.cli.main", "access", "no/such/dir", "--out", "x.csv"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "Fejl:" in done.stderr and "Traceback" not in done.stderr


def test_terminal_table_has_danish_headings_and_numbers(tmp_path: Path) -> None:
    out = tmp_path / "table.txt"
    csv = tmp_path / "table.csv"
    args = ["indicators", str(TINY), "--level", "region"]
    assert runner.invoke(app, [*args, "--out", str(out)]).exit_code == 0
    assert runner.invoke(app, [*args, "--format", "csv-codes", "--out", str(csv)]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    row = pd.read_csv(csv).iloc[0]
    assert "Borgere" in text and "Under 2 valg" in text and "population" not in text
    assert "6.600" in text  # the fixture's 6,600 persons, with a Danish thousands separator
    # shares and percentages as whole Danish percent
    assert f"{round(row['share_persons_lt2_open'] * 100)} %" in text
    assert f"{round(row['supply_pct_of_need'])} %" in text


def test_xlsx_without_out_is_one_danish_error() -> None:
    result = runner.invoke(app, ["indicators", str(TINY), "--format", "xlsx"])
    assert result.exit_code != 0
    assert "XLSX-output kræver --out" in str(result.exception)


def test_xlsx_sheet_name_drops_characters_excel_forbids(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    write_table(pd.DataFrame({"a": [1]}), TableFormat.XLSX, out, title="Lægedækning: a/b [x]")
    assert load_workbook(out).sheetnames == ["Lægedækning ab x"]
