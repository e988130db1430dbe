"""Workbook datasets built by hand with openpyxl for the workbook tests (CLI and web)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import openpyxl

from fixture_paths import TINY_DATASET_DIR

#: The tiny dataset's manifest as the ``dataset`` sheet's rows (an update half a year on).
TINY_MANIFEST: list[tuple[str, Any]] = [
    ("name", "Tiny test region juli"),
    ("region.code", "1081"),
    ("region.name", "Region Nordjylland"),
    ("reference_date", "2025-07-01"),
    ("crs", "EPSG:4326"),
    ("synthetic", True),
]


def tiny_sheet(table: str) -> list[list[str]]:
    """The rows (header first) of the tiny dataset's CSV table, as text."""
    text = (TINY_DATASET_DIR / f"{table}.csv").read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text)))


def workbook_bytes(sheets: dict[str, list[list[Any]]]) -> bytes:
    """A workbook with one sheet per entry, rows as given (cells typed as given)."""
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def tiny_update(**changes: list[list[Any]]) -> dict[str, list[list[Any]]]:
    """The half-yearly update of the tiny region: manifest, practices and GPs, with
    ``changes`` replacing or adding sheets."""
    sheets: dict[str, list[list[Any]]] = {
        "dataset": [["key", "value"], *[list(row) for row in TINY_MANIFEST]],
        "practices": [list(row) for row in tiny_sheet("practices")],
        "gps": [list(row) for row in tiny_sheet("gps")],
    }
    sheets.update(changes)
    return sheets


def write_workbook_file(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    path.write_bytes(workbook_bytes(sheets))
    return path
