"""Reading a workbook dataset: one ``.xlsx`` file, one sheet per attribute table, on a base.

The planners' half-yearly update: they export practices and GPs from their systems into
Excel. A workbook holds a sheet ``dataset`` with the manifest (``dataset.toml``'s settings as
``key``/``value`` rows, nested keys dotted: ``region.code``, ``rules.norm``) and one sheet per
attribute table, named by the table, row 1 the header. Boundaries cannot live in a sheet, so
the boundary layers — and every other table the workbook has no sheet for — are taken from a
**base**: a stored snapshot of the same region. The result is the same text tables the
directory reader gives (:class:`~praksisplan.validation.RawDataset`), so validation is
identical; each sheet is named ``<book>.xlsx:<sheet>`` in the issues, each base table
``snapshot:<id>:<table>``.

The workbook is checked against the :mod:`~praksisplan.dataset_io.limits` before it is
opened (as a per-table XLSX is), every sheet is streamed row by row and stopped past
:attr:`~praksisplan.dataset_io.limits.ReadLimits.max_rows`, and a formula in any cell is an
issue (``formula``) at its row and column: praksisplan reads values somebody typed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pyproj
from rich.progress import Progress

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError, ValidationIssue
from praksisplan.core.schema import ALL_TABLES, ATTRIBUTE_TABLES, GEOMETRY_TABLES, columns_of
from praksisplan.dataset_io.in_memory import raw_dataset_of
from praksisplan.dataset_io.limits import DatasetLimitError, ReadLimits, check_rows, check_workbook
from praksisplan.dataset_io.reader import DatasetReading, ordered_issues
from praksisplan.dataset_io.table_files import cell_text, geometry_table
from praksisplan.validation import RawDataset, RawTable, check_dataset

WORKBOOK_SUFFIX = ".xlsx"
#: The sheet holding the manifest, and its two columns.
MANIFEST_SHEET = "dataset"
KEY_COLUMN, VALUE_COLUMN = "key", "value"
#: Manifest settings whose value is a list, written space-separated in one cell.
LIST_KEYS = {"rules.age_bands"}

_ATTRIBUTE_NAMES = {model.table for model in ATTRIBUTE_TABLES}
_GEOMETRY_NAMES = {model.table for model in GEOMETRY_TABLES}


@dataclass(frozen=True)
class WorkbookBase:
    """The snapshot a workbook builds on: how issues name it, and its dataset."""

    label: str
    dataset: Dataset


@dataclass
class _Sheet:
    """One sheet as read: header, rows of text (Excel row numbers from 2), read issues."""

    label: str
    header: list[str]
    rows: list[list[str | None]]
    issues: list[ValidationIssue]


def _header(cells: tuple[Any, ...]) -> list[str]:
    names: list[str] = []
    for index, cell in enumerate(cells):
        name = cell_text(cell.value) or f"Unnamed: {index}"
        copies = sum(1 for n in names if n == name or n.startswith(f"{name}."))
        names.append(name if copies == 0 else f"{name}.{copies}")
    return names


def _read_sheet(sheet: Any, label: str, limits: ReadLimits) -> _Sheet:
    """Stream ``sheet``: formulas become issues at their cell, rows stop past the limit."""
    issues: list[ValidationIssue] = []
    sheet.reset_dimensions()  # a sheet's stated size may be wrong: read the rows it holds
    rows_iter: Iterator[tuple[Any, ...]] = sheet.iter_rows()
    first = next(rows_iter, None)
    header = _header(first) if first is not None else []
    rows: list[list[str | None]] = []
    for number, cells in enumerate(rows_iter, start=2):
        values: list[str | None] = []
        for index, cell in enumerate(cells):
            if cell.data_type == "f":
                column = header[index] if index < len(header) else f"Unnamed: {index}"
                issues.append(
                    ValidationIssue(
                        label,
                        number,
                        column,
                        "formula",
                        f"cellen indeholder en formel ({cell.value}); gem arket med værdier i "
                        "stedet for formler",
                    )
                )
                values.append(None)
            else:
                values.append(cell_text(cell.value))
        rows.append(values)
        if len(rows) > limits.max_rows:
            try:
                check_rows(label, len(rows), limits)
            except DatasetLimitError as error:
                issues.append(ValidationIssue(label, None, None, "limit", str(error)))
            break
    while rows and all(v is None for v in rows[-1]):
        rows.pop()  # trailing empty rows; empty rows between data keep their row number
    width = max((len(r) for r in rows), default=0)
    header.extend(f"Unnamed: {index}" for index in range(len(header), width))
    return _Sheet(label, header, rows, issues)


def _table(sheet: _Sheet) -> RawTable:
    """The sheet's columns by position; a column without header and values is left out
    (formatting), one with values but no header is kept as ``Unnamed: <n>`` (an unknown
    column, as pandas names it in a per-table XLSX)."""
    columns: dict[str, pd.Series] = {}
    for index, name in enumerate(sheet.header):
        values = [row[index] if index < len(row) else None for row in sheet.rows]
        if name.startswith("Unnamed: ") and all(v is None for v in values):
            continue
        columns[name] = pd.Series(values, dtype=object)
    return RawTable(sheet.label, pd.DataFrame(columns, index=pd.RangeIndex(len(sheet.rows))))


def _manifest(sheet: _Sheet) -> tuple[dict[str, Any], dict[str, int], list[ValidationIssue]]:
    """The manifest settings in ``sheet``, the row of each key, and the sheet's problems."""
    issues: list[ValidationIssue] = []
    if sheet.header[:2] != [KEY_COLUMN, VALUE_COLUMN]:
        issues.append(
            ValidationIssue(
                sheet.label,
                1,
                None,
                "missing-column",
                f"arket '{MANIFEST_SHEET}' skal have overskrifterne '{KEY_COLUMN}' og "
                f"'{VALUE_COLUMN}' i række 1",
            )
        )
        return {}, {}, issues
    data: dict[str, Any] = {}
    key_rows: dict[str, int] = {}
    for number, row in enumerate(sheet.rows, start=2):
        key = row[0] if row else None
        value = row[1] if len(row) > 1 else None
        if key is None:
            if value is not None:
                issues.append(
                    ValidationIssue(
                        sheet.label, number, KEY_COLUMN, "required", "værdien har ingen nøgle"
                    )
                )
            continue
        if key in key_rows:
            issues.append(
                ValidationIssue(
                    sheet.label,
                    number,
                    KEY_COLUMN,
                    "unique",
                    f"nøglen '{key}' står også i række {key_rows[key]}",
                )
            )
            continue
        key_rows[key] = number
        if value is None:
            continue  # an empty value is an absent setting (its default, or 'required')
        *parents, leaf = key.split(".")
        target = data
        for part in parents:
            nested = target.setdefault(part, {})
            target = nested if isinstance(nested, dict) else {}
        target[leaf] = value.replace(",", " ").split() if key in LIST_KEYS else value
    return data, key_rows, issues


def _base_tables(base: WorkbookBase, crs: str, wanted: set[str]) -> dict[str, RawTable]:
    """The base's tables in ``wanted`` as text: boundaries as stored (no reprojection),
    attribute tables as their files hold them with points in the workbook's ``crs``."""
    manifest = base.dataset.manifest.model_copy(update={"crs": crs})
    on_crs = dataclasses.replace(base.dataset, manifest=manifest)
    attributes = wanted - _GEOMETRY_NAMES
    tables = {
        name: dataclasses.replace(table, file=f"{base.label}:{name}")
        for name, table in raw_dataset_of(on_crs, only=attributes).tables.items()
    }
    for model in GEOMETRY_TABLES:
        if model.table in wanted:
            frame = getattr(base.dataset, model.table)
            layer = frame[[*columns_of(model), frame.geometry.name]]
            tables[model.table] = geometry_table(f"{base.label}:{model.table}", layer)
    return tables


def _crs_of(manifest: dict[str, Any], fallback: str) -> str:
    crs = manifest.get("crs", "EPSG:4326")
    try:
        pyproj.CRS.from_user_input(crs)
    except pyproj.exceptions.CRSError:
        return fallback  # the manifest check reports the unknown CRS
    return str(crs)


def _open(path: Path, limits: ReadLimits) -> Any:
    if not path.is_file():
        raise PraksisplanError(f"{path} findes ikke")
    check_workbook(path, limits)
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a broken workbook
        raise PraksisplanError(
            f"{path.name} er ikke en XLSX-projektmappe, der kan læses: {error}"
        ) from error


@dataclass(frozen=True)
class WorkbookRead:
    """The raw dataset of a workbook on its base, the base's tables used, and the rows of
    the manifest keys (for issues about settings)."""

    raw: RawDataset
    from_base: tuple[str, ...]
    key_rows: dict[str, int]


def read_workbook_raw(
    path: Path,
    base_for: Callable[[str | None], WorkbookBase],
    limits: ReadLimits,
    progress: Progress | None = None,
) -> WorkbookRead:
    """The workbook at ``path`` as text tables, completed by the base that ``base_for``
    picks for the workbook's region code (``None`` when the sheet names none)."""
    book = _open(path, limits)
    label = path.name
    issues: list[ValidationIssue] = []
    sheets: dict[str, _Sheet] = {}
    task = progress.add_task("Læser ark", total=len(book.sheetnames)) if progress else None
    try:
        for name in book.sheetnames:
            if progress is not None and task is not None:
                progress.update(task, advance=1, description=f"Læser {label}:{name}")
            if name in _ATTRIBUTE_NAMES or name == MANIFEST_SHEET:
                sheets[name] = _read_sheet(book[name], f"{label}:{name}", limits)
                issues.extend(sheets[name].issues)
            else:
                issues.append(_unknown_sheet(label, name))
    finally:
        book.close()
    manifest_label = f"{label}:{MANIFEST_SHEET}"
    manifest: dict[str, Any] | None = None
    key_rows: dict[str, int] = {}
    if MANIFEST_SHEET in sheets:
        manifest, key_rows, manifest_issues = _manifest(sheets.pop(MANIFEST_SHEET))
        issues.extend(manifest_issues)
    else:
        issues.append(
            ValidationIssue(
                manifest_label,
                None,
                None,
                "missing-file",
                f"arket '{MANIFEST_SHEET}' med datasættets oplysninger mangler",
            )
        )
    region = (manifest or {}).get("region", {})
    code = region.get("code") if isinstance(region, dict) else None
    base = base_for(code)
    base_region = base.dataset.manifest.region
    if code is not None and code != base_region.code:
        issues.append(
            ValidationIssue(
                manifest_label,
                key_rows.get("region.code"),
                "region.code",
                "base-region",
                f"regionen '{code}' er ikke basissnapshottets ({base_region.code} "
                f"{base_region.name}); en projektmappe bygger på et snapshot af samme region",
            )
        )
    tables = {name: _table(sheet) for name, sheet in sheets.items()}
    missing = {model.table for model in ALL_TABLES} - set(tables)
    crs = _crs_of(manifest or {}, base.dataset.manifest.crs)
    tables.update(_base_tables(base, crs, missing))
    from_base = tuple(m.table for m in ALL_TABLES if m.table in missing and m.table in tables)
    return WorkbookRead(RawDataset(manifest_label, manifest, tables, issues), from_base, key_rows)


def _unknown_sheet(label: str, name: str) -> ValidationIssue:
    if name in _GEOMETRY_NAMES:
        why = "grænser kan ikke stå i et ark; de tages fra basissnapshottet"
    else:
        why = "tabellerne er: " + ", ".join(sorted(_ATTRIBUTE_NAMES))
    return ValidationIssue(
        f"{label}:{name}",
        None,
        None,
        "unknown-file",
        f"arket '{name}' er ikke en tabel i en projektmappe; {why}",
    )


def _with_key_rows(issue: ValidationIssue, file: str, key_rows: dict[str, int]) -> ValidationIssue:
    if issue.file != file or issue.row is not None or issue.column not in key_rows:
        return issue
    return dataclasses.replace(issue, row=key_rows[issue.column])


def inspect_workbook(
    path: Path,
    base_for: Callable[[str | None], WorkbookBase],
    progress: Progress | None = None,
    limits: ReadLimits | None = None,
) -> DatasetReading:
    """Read and validate the workbook at ``path`` on its base; never raises for a broken
    dataset, only for a workbook over the ``limits``, unreadable or missing."""
    read = read_workbook_raw(path, base_for, limits or ReadLimits.from_env(), progress)
    task = progress.add_task("Validerer", total=None) if progress else None
    dataset, issues = check_dataset(read.raw)
    if progress is not None and task is not None:
        progress.update(task, total=1, completed=1)
    formulas = {(i.file, i.row, i.column) for i in issues if i.rule == "formula"}
    located = [
        _with_key_rows(i, read.raw.manifest_file, read.key_rows)
        for i in issues
        if i.rule == "formula" or (i.file, i.row, i.column) not in formulas
    ]  # a formula's cell is read as empty: its one issue is the formula
    return DatasetReading(dataset, ordered_issues(located), {}, read.from_base)
