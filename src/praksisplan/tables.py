"""Presenting a result frame: a Rich table on the terminal, or CSV, JSON or XLSX.

Danish number formatting (``1.789``, ``58 %``) is applied only where people read the
numbers (the terminal table); CSV, JSON and XLSX carry plain, machine-readable values.
"""

from __future__ import annotations

import io
import re
from enum import StrEnum
from pathlib import Path
from typing import Any

import pandas as pd
from rich.console import Console
from rich.table import Table

from praksisplan.core import json_text
from praksisplan.core.danish_numbers import format_amount_da
from praksisplan.core.errors import PraksisplanError
from praksisplan.core.json_text import json_value

#: Characters Excel forbids in a sheet name; sheet names hold at most 31 characters.
_SHEET_NAME_FORBIDDEN = re.compile(r"[\\/?*\[\]:]")
_SHEET_NAME_MAX = 31


class TableFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    XLSX = "xlsx"


def frame_to_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts (:func:`praksisplan.core.json_text.json_value`)."""
    flat = frame.reset_index() if frame.index.name is not None else frame
    return [
        {str(k): json_value(v) for k, v in row.items()} for row in flat.to_dict(orient="records")
    ]


def _naive_datetimes(frame: pd.DataFrame) -> pd.DataFrame:
    """Excel has no time zones: express aware timestamps in UTC without a zone."""
    aware = [c for c in frame.columns if isinstance(frame[c].dtype, pd.DatetimeTZDtype)]
    if not aware:
        return frame
    utc = {str(c): frame[c].dt.tz_convert("UTC").dt.tz_localize(None) for c in aware}
    return frame.assign(**utc)


def rich_table(frame: pd.DataFrame, title: str | None = None) -> Table:
    flat = frame.reset_index() if frame.index.name is not None else frame
    table = Table(title=title, show_lines=False)
    for column in flat.columns:
        numeric = pd.api.types.is_numeric_dtype(flat[column])
        table.add_column(str(column), justify="right" if numeric else "left")
    for row in flat.itertuples(index=False):
        table.add_row(*(format_amount_da(v) for v in row))
    return table


def _sheet_name(title: str | None) -> str:
    """``title`` as a valid Excel sheet name (forbidden characters dropped, ≤ 31 long)."""
    name = _SHEET_NAME_FORBIDDEN.sub("", title or "").strip()[:_SHEET_NAME_MAX].strip()
    return name or "data"


def write_table(
    frame: pd.DataFrame,
    fmt: TableFormat,
    out: Path | None,
    *,
    title: str | None = None,
    console: Console | None = None,
) -> None:
    """Write ``frame`` in ``fmt`` to ``out`` (or to the terminal/stdout when ``out`` is None).

    XLSX needs a file (:class:`PraksisplanError` without one); the others print to stdout
    without one.
    """
    console = console or Console()
    if fmt is TableFormat.TABLE:
        if out is None:
            console.print(rich_table(frame, title))
            return
        file_console = Console(file=io.StringIO(), width=200, record=True)
        file_console.print(rich_table(frame, title))
        out.write_text(file_console.export_text(), encoding="utf-8")
        return
    if fmt is TableFormat.CSV:
        text = frame.to_csv(index=frame.index.name is not None)
    elif fmt is TableFormat.JSON:
        text = json_text.dumps(frame_to_records(frame))
    else:
        if out is None:
            raise PraksisplanError("XLSX-output kræver --out FIL")
        flat = _naive_datetimes(frame.reset_index() if frame.index.name is not None else frame)
        with pd.ExcelWriter(out, engine="openpyxl") as writer:
            flat.to_excel(writer, index=False, sheet_name=_sheet_name(title))
        return
    if out is None:
        console.file.write(text + ("" if text.endswith("\n") else "\n"))
    else:
        out.write_text(text, encoding="utf-8")
