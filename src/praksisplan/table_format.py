"""The ``--format`` choices of every command that writes a result table.

Apart from :mod:`praksisplan.tables` (which writes them, with pandas and openpyxl), so the
CLI can declare its options without importing either at start-up.
"""

from __future__ import annotations

from enum import StrEnum


class TableFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    XLSX = "xlsx"
    #: machine-readable CSV: column codes, ``,`` between fields, decimal point, no BOM
    CSV_CODES = "csv-codes"


#: The ``--format`` help of every command that writes a result table.
FORMAT_HELP = (
    "table, csv or xlsx: for people (Danish headers and words; CSV with ';', decimal comma "
    "and BOM); json or csv-codes: for scripts (column codes, plain values)."
)
