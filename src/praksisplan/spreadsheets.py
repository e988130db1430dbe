"""Tables as Danish spreadsheet files: CSV that Danish Excel opens in columns, and XLSX
with a heading (title, reference date, source), column widths, a frozen header row and
number formats.

CSV: UTF-8 with a byte-order mark, ``;`` between fields and a decimal comma — what Excel
with Danish regional settings expects. XLSX cells hold numbers, not text; their format
(``#,##0``, ``0.0%``) is shown with the reader's separators.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from praksisplan.core.danish_dates import format_date_da, local_time

#: Excel number formats by kind of column.
NUMBER_FORMATS: dict[str, str] = {
    "count": "#,##0",
    "amount": "#,##0.##",
    "decimal": "#,##0.00",
    "share": "0%",
    "percent": '0" %"',
    "datetime": "dd.mm.yyyy hh:mm",
}
#: Widest column, in characters.
MAX_WIDTH = 60
#: Rows above the header: title, reference date, source, blank.
HEADING_ROWS = 4


@dataclass(frozen=True)
class SheetHeading:
    """What a spreadsheet says above its table."""

    title: str
    #: None for a result without one date (a CLI table): the sheet says when it was made
    reference_date: dt.date | None
    source: str


def danish_csv(frame: pd.DataFrame) -> bytes:
    """``frame`` (its columns as headers, no index) as CSV for Danish Excel."""
    text = frame.to_csv(sep=";", decimal=",", index=False, date_format="%d.%m.%Y %H:%M")
    return text.encode("utf-8-sig")


def _cell(value: Any) -> Any:
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if value is pd.NaT or (isinstance(value, float) and not math.isfinite(value)):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return local_time(value).replace(tzinfo=None)  # Excel has no time zones
    return value


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: its table, heading and per-column number formats."""

    frame: pd.DataFrame
    heading: SheetHeading
    #: column → kind of :data:`NUMBER_FORMATS`
    formats: Mapping[str, str] = field(default_factory=dict)
    #: the sheet's tab (default: the heading's title), cut to Excel's 31 characters
    name: str | None = None


def _tab_name(name: str) -> str:
    return name.translate(str.maketrans("", "", "\\/?*[]:"))[:31] or "data"


def _write_sheet(sheet: Worksheet, table: Sheet) -> None:
    frame, heading, formats = table.frame, table.heading, table.formats
    sheet.title = _tab_name(table.name or heading.title)
    sheet.append([heading.title])
    sheet["A1"].font = Font(bold=True, size=14)
    when = heading.reference_date
    sheet.append(
        [f"Opgjort {format_date_da(when)}" if when else f"Dannet {format_date_da(dt.date.today())}"]
    )
    sheet.append([f"Kilde: {heading.source}"])
    sheet.append([])
    columns = [str(c) for c in frame.columns]
    sheet.append(columns)
    for cell in sheet[HEADING_ROWS + 1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        sheet.append([_cell(v) for v in row])
    sheet.freeze_panes = sheet.cell(row=HEADING_ROWS + 2, column=1)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        kind = formats.get(column)
        values = frame[column] if column in frame else pd.Series(dtype=object)
        longest = max([len(column), *(len(str(v)) for v in values.head(500))])
        sheet.column_dimensions[letter].width = min(MAX_WIDTH, longest + 2)
        if kind is not None:
            for (cell,) in sheet.iter_rows(min_row=HEADING_ROWS + 2, min_col=index, max_col=index):
                cell.number_format = NUMBER_FORMATS[kind]


def danish_workbook(sheets: Sequence[Sheet]) -> bytes:
    """An XLSX workbook of ``sheets`` in order, each laid out as :func:`danish_xlsx` lays
    out its one sheet."""
    book = Workbook()
    first = book.active
    assert first is not None
    _write_sheet(first, sheets[0])
    for table in sheets[1:]:
        _write_sheet(book.create_sheet(), table)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def danish_xlsx(
    frame: pd.DataFrame, heading: SheetHeading, formats: Mapping[str, str] | None = None
) -> bytes:
    """``frame`` as an XLSX workbook: heading rows, bold frozen header, widths, and the
    number format of :data:`NUMBER_FORMATS` named by ``formats`` per column."""
    return danish_workbook([Sheet(frame, heading, formats or {})])
