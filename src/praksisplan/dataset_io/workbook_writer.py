"""Writing a dataset's attribute tables as a workbook dataset (the planners' template).

The workbook :mod:`~praksisplan.dataset_io.workbook` reads: a sheet ``dataset`` with every
manifest setting as a ``key``/``value`` row, then one sheet per attribute table (the
schema's columns, points in the manifest's ``crs``, dates as dates, yes/no columns as Excel
booleans, which the reader reads back as ``true``/``false``); empty optional tables
are left out, as :func:`~praksisplan.dataset_io.write_dataset` leaves out their files. The
boundaries are not written — a workbook takes them from its base. A
table longer than a sheet can hold (Excel: 1,048,576 rows) is left out and named in the
result; loaded on the same base it comes from the base unchanged. The file is written
beside ``out`` and renamed into place.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd

from praksisplan.core.dataset import TABLE_MODELS, Dataset
from praksisplan.core.schema import GEOMETRY_TABLES, columns_of
from praksisplan.dataset_io.workbook import KEY_COLUMN, LIST_KEYS, MANIFEST_SHEET, VALUE_COLUMN
from praksisplan.dataset_io.writer import file_frames, replace_atomically
from praksisplan.validation.column_specs import column_specs

#: Most data rows a sheet holds (Excel's 1,048,576 rows less the header).
MAX_SHEET_ROWS = 1_048_575


def manifest_rows(dataset: Dataset) -> list[tuple[str, Any]]:
    """The manifest as ``(dotted key, value)`` rows, lists space-separated."""
    rows: list[tuple[str, Any]] = []

    def flatten(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                flatten(f"{prefix}{key}.", item)
            return
        key = prefix.removesuffix(".")
        rows.append((key, " ".join(value) if key in LIST_KEYS else value))

    flatten("", dataset.manifest.model_dump(mode="json"))
    return rows


#: How a yes/no column's words are written: as the booleans a spreadsheet shows as TRUE/FALSE.
_BOOLEAN_CELLS = {"true": True, "false": False}


def _cell(value: Any, boolean: bool) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if boolean and isinstance(value, str):
        return _BOOLEAN_CELLS.get(value.lower(), value)
    return value


def write_workbook(dataset: Dataset, out: Path, *, overwrite: bool = False) -> tuple[str, ...]:
    """Write ``dataset``'s manifest and attribute tables to the workbook ``out``; the tables
    left out because a sheet cannot hold them."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook(write_only=True)
    manifest = book.create_sheet(MANIFEST_SHEET)
    manifest.append([KEY_COLUMN, VALUE_COLUMN])
    for row in manifest_rows(dataset):
        manifest.append(list(row))
    frames = dict(file_frames(dataset))
    left_out: list[str] = []
    for model in TABLE_MODELS.values():
        if model in GEOMETRY_TABLES:
            continue
        columns = columns_of(model)
        frame = frames.get(model)
        if frame is None:
            continue  # an empty optional table
        if len(frame) > MAX_SHEET_ROWS:
            left_out.append(model.table)
            continue
        booleans = {s.name for s in column_specs(model) if s.choices == ("true", "false")}
        boolean = [c in booleans for c in columns]
        sheet = book.create_sheet(model.table)
        sheet.append(columns)
        for values in frame[columns].itertuples(index=False, name=None):
            sheet.append([_cell(v, b) for v, b in zip(values, boolean, strict=True)])
    with tempfile.TemporaryDirectory(prefix=f".{out.name}.", dir=out.parent) as tmp:
        staged = Path(tmp) / out.name
        book.save(staged)
        replace_atomically(staged, out, overwrite)
    return tuple(left_out)
