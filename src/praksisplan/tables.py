"""Presenting a result frame: a Rich table on the terminal, or CSV, JSON or XLSX.

What people read is Danish: the terminal table, CSV and XLSX have Danish column headers
(:func:`praksisplan.core.vocabulary.column_header`) and classes, statuses and organisation
forms in Danish words; the table formats numbers the Danish way (``1.789``, ``58 %``), CSV is
Danish Excel's (``;``, decimal comma, BOM) and XLSX has a heading, a bold frozen header row
and column widths (:mod:`praksisplan.spreadsheets`). For scripts, ``json`` and
``csv-codes`` keep the column codes and plain values (``,``, decimal point, English codes).
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pandas as pd
from rich.console import Console
from rich.table import Table

from praksisplan.core import json_text
from praksisplan.core.danish_dates import local_time
from praksisplan.core.danish_numbers import format_amount_da
from praksisplan.core.errors import PraksisplanError
from praksisplan.core.json_text import json_value
from praksisplan.core.vocabulary import (
    CLASS_COLUMNS,
    CLASS_WORDS,
    LEVEL_LABELS,
    ORG_FORM_LABELS,
    STATUS_LABELS,
    column_header,
)
from praksisplan.spreadsheets import SheetHeading, danish_csv, danish_xlsx
from praksisplan.table_format import FORMAT_HELP as FORMAT_HELP  # re-exported
from praksisplan.table_format import TableFormat as TableFormat  # re-exported

#: Characters Excel forbids in a sheet name; sheet names hold at most 31 characters.
_SHEET_NAME_FORBIDDEN = re.compile(r"[\\/?*\[\]:]")
_SHEET_NAME_MAX = 31


#: Columns whose codes are written as Danish words for people (when every value is a code).
_WORDED_COLUMNS: dict[str, dict[str, str]] = {
    "status": STATUS_LABELS,
    "org_form": ORG_FORM_LABELS,
    "level": LEVEL_LABELS,
}


def danish_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (its index as a column) for people: Danish headers, and threat classes,
    practice statuses, organisation forms and levels (region, kommune, …) as Danish words."""
    flat = frame.reset_index() if frame.index.name is not None else frame
    words: dict[str, pd.Series] = {}
    for column in flat.columns:
        values = flat[column]
        if column in CLASS_COLUMNS:
            words[column] = values.map(lambda v: CLASS_WORDS.get(v, v))
        labels = _WORDED_COLUMNS.get(str(column))
        if labels is not None and values.dropna().isin(list(labels)).all():
            words[column] = values.map(lambda v, labels=labels: labels.get(v, v))
    shown = flat.assign(**words) if words else flat
    return shown.rename(columns=lambda c: column_header(str(c)))


def frame_to_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts (:func:`praksisplan.core.json_text.json_value`)."""
    flat = frame.reset_index() if frame.index.name is not None else frame
    return [
        {str(k): json_value(v) for k, v in row.items()} for row in flat.to_dict(orient="records")
    ]


def _naive_datetimes(frame: pd.DataFrame) -> pd.DataFrame:
    """Spreadsheets have no time zones: aware timestamps in Danish local time, zone dropped."""
    aware = [c for c in frame.columns if isinstance(frame[c].dtype, pd.DatetimeTZDtype)]
    if not aware:
        return frame
    local = {
        str(c): frame[c].map(lambda t: pd.NaT if pd.isna(t) else local_time(t).replace(tzinfo=None))
        for c in aware
    }
    return frame.assign(**local)


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
        table = rich_table(danish_frame(frame), title)
        if out is None:
            console.print(table)
            return
        file_console = Console(file=io.StringIO(), width=200, record=True)
        file_console.print(table)
        out.write_text(file_console.export_text(), encoding="utf-8")
        return
    if fmt is TableFormat.XLSX:
        if out is None:
            raise PraksisplanError("XLSX-output kræver --out FIL")
        heading = SheetHeading(title or _sheet_name(title), None, "praksisplan")
        out.write_bytes(danish_xlsx(_naive_datetimes(danish_frame(frame)), heading))
        return
    if fmt is TableFormat.CSV:
        body = danish_csv(_naive_datetimes(danish_frame(frame)))
        if out is not None:
            out.write_bytes(body)
            return
        text = body.decode("utf-8-sig")
    elif fmt is TableFormat.CSV_CODES:
        text = frame.to_csv(index=frame.index.name is not None)
    else:
        text = json_text.dumps(frame_to_records(frame))
    if out is None:
        console.file.write(text + ("" if text.endswith("\n") else "\n"))
    else:
        out.write_text(text, encoding="utf-8")
