"""Reading one table file into a :class:`RawTable` of stripped text values.

CSV: UTF-8 with or without BOM, or Windows-1252 (what Danish Excel's "CSV
(semikolonsepareret)" writes), delimiter ``,`` or ``;`` (whichever the header line has more
of); the encoding read is kept on the table for the validation report. XLSX: the first
sheet, each cell as :func:`cell_text` gives it (as the workbook dataset reads its sheets).
GeoJSON (always WGS84 lon/lat) and GeoPackage (any declared CRS) are read with pyogrio.
Every problem becomes a :class:`ValidationIssue`, never an exception; a file over the
:mod:`~praksisplan.dataset_io.limits` is an issue with rule ``limit``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tomllib
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyproj

from praksisplan.core.errors import ValidationIssue
from praksisplan.dataset_io.limits import DatasetLimitError, ReadLimits, check_rows, check_workbook
from praksisplan.dataset_io.source import TableFile
from praksisplan.validation import RawTable

_WGS84 = pyproj.CRS.from_epsg(4326)


class UnreadableFileError(Exception):
    """A file could not be read; carries the issue that says why."""

    def __init__(self, issue: ValidationIssue) -> None:
        super().__init__(str(issue))
        self.issue = issue


def _unreadable(
    file: str, message: str, rule: str = "unreadable", row: int | None = None
) -> UnreadableFileError:
    return UnreadableFileError(ValidationIssue(file, row, None, rule, message))


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every column as stripped strings; empty cells → missing. Header names stripped too."""
    columns: dict[str, pd.Series] = {}
    for name, values in frame.items():
        if pd.api.types.is_float_dtype(values):
            # whole numbers as integers ("851", not "851.0"); fractions and NaN/inf as they are
            whole = np.isfinite(values) & (np.mod(values.fillna(0), 1) == 0)
            text = values.astype("str")
            text[whole] = values[whole].astype("int64").astype("str")
        else:
            text = values.astype("str")
        text = text.str.strip()
        columns[str(name).strip()] = text.mask(text == "")
    return pd.DataFrame(columns, index=frame.index)


def cell_text(value: Any) -> str | None:
    """A cell's value as the text the validator reads; ``None`` for an empty cell.

    Whole numbers without a decimal part (``851``, not ``851.0``), dates as ``YYYY-MM-DD``,
    Excel's TRUE/FALSE as ``true``/``false``.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None


def read_manifest(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None)
        raise _unreadable(
            path.name, f"filen er ikke gyldig TOML: {error}", "toml-syntax", line
        ) from error
    except UnicodeDecodeError as error:
        raise _unreadable(path.name, f"filen er ikke UTF-8-tekst: {error}", "encoding") from error


#: Encodings a CSV file is read in, in the order tried (names as the report shows them).
UTF8 = "UTF-8"
UTF8_BOM = "UTF-8 med BOM"
WINDOWS_1252 = "Windows-1252"
#: Control characters that never occur in a text CSV (they mean UTF-16, a binary file …).
_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r"}


def decode_csv(file: str, data: bytes) -> tuple[str, str]:
    """The text of the CSV file named ``file`` and the encoding it was read in."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = [("utf-8-sig", UTF8_BOM)]
    else:
        candidates = [("utf-8", UTF8), ("cp1252", WINDOWS_1252)]
    for codec, name in candidates:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _CONTROL.intersection(text):
            return text, name
    raise _unreadable(
        file,
        "filen er hverken UTF-8- eller Windows-1252-tekst (fx UTF-16 eller en binær fil); "
        "gem den som CSV UTF-8 eller CSV (semikolonsepareret)",
        "encoding",
    )


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def _limited(file: str, limits: ReadLimits, rows: int) -> None:
    try:
        check_rows(file, rows, limits)
    except DatasetLimitError as error:
        raise _unreadable(file, str(error), "limit") from error


def read_csv_table(path: Path, limits: ReadLimits) -> RawTable:
    data = path.read_bytes()
    _limited(path.name, limits, data.count(b"\n") - 1)
    text, encoding = decode_csv(path.name, data)
    if not text.strip():
        raise _unreadable(
            path.name, "filen er tom; der skal være en overskriftsrække", "empty-file"
        )
    return csv_text_table(path.name, text, encoding)


def csv_text_table(file: str, text: str, encoding: str | None = None) -> RawTable:
    """The table in the CSV ``text`` (delimiter ``,`` or ``;``) of the file named ``file``."""
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=_delimiter(text),
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=True,
        )
    except pd.errors.ParserError as error:
        match = re.search(r"line (\d+)", str(error))
        row = int(match.group(1)) if match else None
        raise _unreadable(file, f"CSV-filen kan ikke læses: {error}", row=row) from error
    return RawTable(file, _as_text(frame), encoding=encoding)


def geometry_table(label: str, frame: gpd.GeoDataFrame) -> RawTable:
    """A boundary layer as read: properties as text, the geometry with its CRS."""
    attributes = _as_text(pd.DataFrame(frame.drop(columns=frame.geometry.name)))
    return RawTable(label, attributes, first_row=1, geometry=frame.geometry)


def read_xlsx_table(path: Path, limits: ReadLimits) -> RawTable:
    try:
        check_workbook(path, limits)
    except DatasetLimitError as error:
        raise _unreadable(path.name, str(error), "limit") from error
    try:
        frame = pd.read_excel(path, sheet_name=0, dtype=object, engine="openpyxl")
    except Exception as error:  # openpyxl raises many kinds for a broken workbook
        raise _unreadable(path.name, f"regnearket kan ikke læses: {error}") from error
    _limited(path.name, limits, len(frame))
    # the cells as they are typed (a TRUE cell is a bool, not the text "True"), as text
    cells = frame.map(lambda value: None if _is_empty(value) else cell_text(value))
    return RawTable(path.name, _as_text(cells.astype(object)))


def _is_empty(value: Any) -> bool:
    """Whether pandas read the cell as empty (NaN, NaT or None)."""
    return value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value))


def read_attribute_table(table_file: TableFile, limits: ReadLimits) -> RawTable:
    if table_file.path.suffix.lower() == ".xlsx":
        return read_xlsx_table(table_file.path, limits)
    return read_csv_table(table_file.path, limits)


def read_geometry_table(table_file: TableFile, limits: ReadLimits) -> RawTable:
    """A GeoJSON file or GeoPackage layer; properties as text, geometry with its CRS."""
    label = table_file.label
    try:
        layer: Any = table_file.layer
        if layer is None and table_file.path.suffix.lower() == ".gpkg":
            layer = 0
        if layer is not None and table_file.path.suffix.lower() == ".gpkg":
            names = [str(n) for n in pyogrio.list_layers(table_file.path)[:, 0]]
            if isinstance(layer, str) and layer not in names:
                raise _unreadable(
                    label,
                    f"GeoPackage-filen har intet lag '{layer}' (lag: {', '.join(names)})",
                    "missing-layer",
                )
        frame = gpd.read_file(table_file.path, layer=layer, engine="pyogrio")
    except UnreadableFileError:
        raise
    except Exception as error:  # GDAL reports broken files with various error types
        raise _unreadable(label, f"filen kan ikke læses: {error}") from error
    geojson = table_file.path.suffix.lower() == ".geojson"
    if frame.crs is None:
        if not geojson:
            raise _unreadable(label, "laget angiver intet koordinatsystem", "crs")
        frame = frame.set_crs(_WGS84)
    elif geojson and not pyproj.CRS(frame.crs).equals(_WGS84, ignore_axis_order=True):
        raise _unreadable(
            label,
            f"GeoJSON skal være i WGS84 (længde/bredde), men filen angiver {frame.crs}",
            "crs",
        )
    _limited(label, limits, len(frame))
    return geometry_table(label, frame)
