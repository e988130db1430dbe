"""The facts report as XLSX (openpyxl): one sheet per table, numbers stored as numbers.

Each numeric cell carries an Excel number format (``#,##0`` or ``#,##0.0`` …), which Excel
shows with the reader's separators: 1.789 and 58,3 in a Danish Excel.
"""

from __future__ import annotations

import io
import math

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from praksisplan.report.model import Column, FactsReport


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


def facts_xlsx(report: FactsReport) -> bytes:
    workbook = Workbook()
    first = workbook.active
    assert first is not None, "a new workbook has a sheet"
    workbook.remove(first)
    tables = report.tables()
    bold = Font(bold=True)
    for table, name in zip(tables, _unique_sheet_names([t.sheet for t in tables]), strict=True):
        sheet = workbook.create_sheet(name)
        sheet.append([table.title])
        sheet["A1"].font = bold
        source = "syntetiske data" if report.synthetic else report.source
        sheet.append(
            [f"{report.region_name}, pr. {report.reference_date:%d.%m.%Y}; kilde: {source}"]
        )
        sheet.append([column.heading for column in table.columns])
        for cell in sheet[3]:
            cell.font = bold
        for row in table.rows:
            # an undefined ratio (NaN) is an empty cell: XLSX has no NaN
            sheet.append([None if isinstance(v, float) and math.isnan(v) else v for v in row])
            for cell, column in zip(sheet[sheet.max_row], table.columns, strict=True):
                if column.kind != "text" and isinstance(cell.value, int | float):
                    cell.number_format = _number_format(column)
        for k, column in enumerate(table.columns, start=1):
            width = max([len(column.heading), *(len(str(r[k - 1])) for r in table.rows)])
            sheet.column_dimensions[get_column_letter(k)].width = min(max(width + 2, 10), 60)
        if table.note:
            sheet.append([])
            sheet.append([table.note])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
