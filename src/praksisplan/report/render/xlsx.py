"""The facts report as XLSX (openpyxl): one sheet per table, numbers stored as numbers.

Each numeric cell carries an Excel number format (``#,##0`` or ``#,##0.0`` …), which Excel
shows with the reader's separators: 1.789 and 58,3 in a Danish Excel.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from praksisplan.report.model import Column, FactsReport, Table, Value

BOLD = Font(bold=True)


def _number_format(column: Column) -> str:
    if column.kind == "int":
        return "#,##0"
    return "#,##0." + "0" * column.decimals if column.decimals else "#,##0"


def _unique_sheet_names(names: list[str]) -> list[str]:
    seen: set[str] = set()
    unique = []
    for name in names:
        clean = "".join("-" if ch in "[]:*?/\\" else ch for ch in name)[:31]
        candidate, k = clean, 2
        while candidate.lower() in seen:
            suffix = f" {k}"
            candidate, k = clean[: 31 - len(suffix)] + suffix, k + 1
        seen.add(candidate.lower())
        unique.append(candidate)
    return unique


def _cell_writers(sheet: WriteOnlyWorksheet, table: Table) -> list[Callable[[Value], object]]:
    """Per column, how a value becomes a cell: numbers of a numeric column are cells with the
    column's number format, everything else is written as it is (NaN as an empty cell)."""

    def plain(value: Value) -> object:
        return None if isinstance(value, float) and math.isnan(value) else value

    def formatted(number_format: str) -> Callable[[Value], object]:
        def cell(value: Value) -> object:
            if not isinstance(value, int | float) or math.isnan(value):
                return plain(value)
            written = WriteOnlyCell(sheet, value=value)
            written.number_format = number_format
            return written

        return cell

    return [
        plain if column.kind == "text" else formatted(_number_format(column))
        for column in table.columns
    ]


def _bold(sheet: WriteOnlyWorksheet, values: list[str]) -> list[WriteOnlyCell]:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = BOLD
        cells.append(cell)
    return cells


def facts_xlsx(report: FactsReport) -> bytes:
    """The report's tables as a workbook, written in openpyxl's write-only (streaming)
    mode: rows go straight to the file, and only the title, the header and numeric cells
    carry a style."""
    workbook = Workbook(write_only=True)
    tables = report.tables()
    source = "syntetiske data" if report.synthetic else report.source
    heading = f"{report.region_name}, pr. {report.reference_date:%d.%m.%Y}; kilde: {source}"
    for table, name in zip(tables, _unique_sheet_names([t.sheet for t in tables]), strict=True):
        sheet = workbook.create_sheet(name)
        for k, column in enumerate(table.columns, start=1):
            width = max([len(column.heading), *(len(str(r[k - 1])) for r in table.rows)])
            sheet.column_dimensions[get_column_letter(k)].width = min(max(width + 2, 10), 60)
        sheet.append(_bold(sheet, [table.title]))
        sheet.append([heading])
        sheet.append(_bold(sheet, [column.heading for column in table.columns]))
        cells = _cell_writers(sheet, table)
        for row in table.rows:
            sheet.append([cell(value) for cell, value in zip(cells, row, strict=True)])
        if table.note:
            sheet.append([])
            sheet.append([table.note])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
