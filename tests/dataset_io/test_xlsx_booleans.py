"""Excel's TRUE/FALSE cells in a per-table XLSX read as the dataset's booleans.

``care_homes.fixed_gp`` is the schema's one boolean column. Written as real Excel booleans
in ``care_homes.xlsx`` beside the tiny dataset, it validates and loads through the CLI, and
the stored values are exactly what the same table read from ``care_homes.csv`` gives
(``true``/``false``); a value that is no boolean is still an error at its row and column.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
from pandas.testing import assert_frame_equal

from cli_process import run_cli
from fixture_paths import TINY_DATASET_DIR
from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import ValidationIssue
from praksisplan.core.schema import CareHomeRow, columns_of
from praksisplan.dataset_io import read_dataset, validate_path

#: Two care homes: one served by a fixed GP of P001, one without (fixed_gp as Excel booleans).
_HOMES: list[list[Any]] = [
    ["H1", "Solhjem", 9.9, 57.05, "851", 40, True, "P001"],
    ["H2", "Engly", 9.95, 56.99, "849", 30, False, None],
]


def _tiny_with_care_homes(root: Path, rows: list[list[Any]]) -> Path:
    """The tiny dataset with ``rows`` as ``care_homes.xlsx``, cells typed as given."""
    shutil.copytree(TINY_DATASET_DIR, root)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(columns_of(CareHomeRow))
    for row in rows:
        sheet.append(row)
    book.save(root / "care_homes.xlsx")
    return root


def _stored(db: str, snapshot_id: int) -> Dataset:
    from praksisplan.store import Store

    with Store(db, create=False) as store:
        return store.read_dataset(snapshot_id)


def test_excel_booleans_load_as_the_csv_booleans(tmp_path: Path) -> None:
    root = _tiny_with_care_homes(tmp_path / "xlsx", _HOMES)
    book = openpyxl.load_workbook(root / "care_homes.xlsx")
    assert [c.data_type for c in book.active["G"][1:]] == ["b", "b"]  # real boolean cells

    checked = run_cli("validate", str(root))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    db = f"sqlite:///{tmp_path / 'store.db'}"
    loaded = run_cli("load", str(root), "--db", db)
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr

    homes = _stored(db, 1).care_homes
    assert list(homes["fixed_gp"]) == ["true", "false"]
    assert list(homes["provider_number"].fillna("")) == ["P001", ""]
    # the same table as a CSV file reads to the identical frame
    csv_root = tmp_path / "csv"
    shutil.copytree(TINY_DATASET_DIR, csv_root)
    (csv_root / "care_homes.csv").write_text(
        "care_home_id,name,x,y,municipality_code,places,fixed_gp,provider_number\n"
        "H1,Solhjem,9.9,57.05,851,40,true,P001\n"
        "H2,Engly,9.95,56.99,849,30,false,\n",
        encoding="utf-8",
    )
    assert_frame_equal(read_dataset(root).care_homes, read_dataset(csv_root).care_homes)


def test_a_value_that_is_no_boolean_names_file_row_and_column(tmp_path: Path) -> None:
    rows = [[*_HOMES[0][:6], "ja", None], [*_HOMES[1][:6], 1, None]]
    root = _tiny_with_care_homes(tmp_path / "bad", rows)

    issues = validate_path(root)

    assert [(i.file, i.row, i.column, i.rule) for i in issues] == [
        ("care_homes.xlsx", 2, "fixed_gp", "choice"),
        ("care_homes.xlsx", 3, "fixed_gp", "choice"),
    ]
    assert isinstance(issues[0], ValidationIssue)
    assert issues[0].message.startswith("'ja' er ikke en tilladt værdi; forventet")
    assert issues[1].message.startswith("'1' er ikke en tilladt værdi; forventet")
    result = run_cli("validate", str(root))
    assert result.returncode == 1
    assert "Datasættet er ugyldigt: 2 problemer" in result.stdout
    assert "care_homes.xlsx" in result.stdout and "fixed_gp" in result.stdout


def test_a_snapshot_with_care_homes_exported_as_workbook_round_trips(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'store.db'}"
    root = _tiny_with_care_homes(tmp_path / "xlsx", _HOMES)
    assert run_cli("load", str(root), "--db", db).returncode == 0
    book = tmp_path / "export.xlsx"
    exported = run_cli("snapshots", "export", "1", str(book), "--db", db)
    assert exported.returncode == 0, exported.stderr
    workbook = openpyxl.load_workbook(book)
    homes = workbook["care_homes"]
    fixed = homes.cell(1, columns_of(CareHomeRow).index("fixed_gp") + 1)
    assert fixed.value == "fixed_gp"
    cells = [homes.cell(row, fixed.column) for row in (2, 3)]
    assert [(c.value, c.data_type) for c in cells] == [(True, "b"), (False, "b")]
    manifest = {row[0].value: row[1] for row in workbook["dataset"].iter_rows(min_row=2)}
    manifest["reference_date"].value = "2025-07-01"  # the update half a year on
    workbook.save(book)

    loaded = run_cli("load", str(book), "--base", "snapshot:1", "--db", db)
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    first, second = _stored(db, 1).care_homes, _stored(db, 2).care_homes
    assert_frame_equal(first, second)
    assert list(second["fixed_gp"]) == ["true", "false"]
    # and as a dataset directory: the CSV holds the same two words
    folder = tmp_path / "export"
    assert run_cli("snapshots", "export", "1", str(folder), "--db", db).returncode == 0
    written = pd.read_csv(folder / "care_homes.csv", dtype=str)
    assert list(written["fixed_gp"]) == ["true", "false"]
