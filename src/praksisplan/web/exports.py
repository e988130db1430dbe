"""The practice list as a downloadable CSV or XLSX file (written by :mod:`praksisplan.tables`)."""

from __future__ import annotations

import tempfile
from enum import StrEnum
from pathlib import Path

import pandas as pd
from fastapi import Response

from praksisplan.store import SnapshotInfo
from praksisplan.tables import TableFormat, write_table


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


MEDIA_TYPES: dict[ExportFormat, str] = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_practices(table: pd.DataFrame, fmt: ExportFormat, info: SnapshotInfo) -> Response:
    """The rows of ``table`` as a file named after the snapshot."""
    filename = f"praksis_{info.region_code}_{info.reference_date.isoformat()}.{fmt.value}"
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / filename
        write_table(table.reset_index(drop=True), TableFormat(fmt.value), path, title="praksis")
        body = path.read_bytes()
    return Response(
        body,
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
