"""Reading and validating a dataset directory or zip. Reading never writes anything."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.progress import Progress

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import DatasetInvalidError, ValidationIssue
from praksisplan.core.schema import GEOMETRY_TABLES
from praksisplan.dataset_io.limits import ReadLimits
from praksisplan.dataset_io.source import MANIFEST_FILE, dataset_root, locate_tables
from praksisplan.dataset_io.table_files import (
    UnreadableFileError,
    read_attribute_table,
    read_geometry_table,
    read_manifest,
)
from praksisplan.validation import RawDataset, RawTable, check_dataset

_GEOMETRY_TABLE_NAMES = {model.table for model in GEOMETRY_TABLES}


def read_raw(
    root: Path, progress: Progress | None = None, limits: ReadLimits | None = None
) -> RawDataset:
    """Every file of the dataset at ``root`` as text tables, plus the problems met reading."""
    limits = limits or ReadLimits.from_env()
    located, issues = locate_tables(root)
    task = progress.add_task("Læser filer", total=len(located) + 1) if progress else None
    manifest = None
    if (root / MANIFEST_FILE).is_file():
        try:
            manifest = read_manifest(root / MANIFEST_FILE)
        except UnreadableFileError as error:
            issues.append(error.issue)
    tables: dict[str, RawTable] = {}
    for table, table_file in located.items():
        if progress is not None and task is not None:
            progress.update(task, advance=1, description=f"Læser {table_file.label}")
        try:
            tables[table] = (
                read_geometry_table(table_file, limits)
                if table in _GEOMETRY_TABLE_NAMES
                else read_attribute_table(table_file, limits)
            )
        except UnreadableFileError as error:
            issues.append(error.issue)
    if progress is not None and task is not None:
        progress.update(task, advance=1, description="Filer læst")
    return RawDataset(MANIFEST_FILE, manifest, tables, issues)


@dataclass(frozen=True)
class DatasetReading:
    """What reading a dataset found: the dataset (None if invalid), every issue, the
    text encoding each CSV file was read in (file name → encoding) and, for a workbook, the
    tables taken from its base snapshot."""

    dataset: Dataset | None
    issues: list[ValidationIssue]
    encodings: dict[str, str]
    from_base: tuple[str, ...] = ()


def ordered_issues(issues: list[ValidationIssue]) -> list[ValidationIssue]:
    """``issues`` in report order: by file, row, column, rule and message."""
    return sorted(issues, key=lambda i: (i.file, i.row or 0, i.column or "", i.rule, i.message))


def inspect_dataset(
    path: Path, progress: Progress | None = None, limits: ReadLimits | None = None
) -> DatasetReading:
    """Read and validate the dataset at ``path`` (directory or zip); never raises for a
    broken dataset, only for one exceeding the ``limits`` or missing altogether."""
    limits = limits or ReadLimits.from_env()
    with dataset_root(path, limits) as root:
        raw = read_raw(root, progress, limits)
    task = progress.add_task("Validerer", total=None) if progress else None
    dataset, issues = check_dataset(raw)
    if progress is not None and task is not None:
        progress.update(task, total=1, completed=1)
    encodings = {t.file: t.encoding for t in raw.tables.values() if t.encoding is not None}
    return DatasetReading(dataset, ordered_issues(issues), encodings)


def validate_path(path: Path, progress: Progress | None = None) -> list[ValidationIssue]:
    """Every rule the dataset at ``path`` (directory or zip) breaks; empty when it is valid."""
    return inspect_dataset(path, progress).issues


def read_dataset(path: Path, progress: Progress | None = None) -> Dataset:
    """The dataset at ``path`` (directory or zip), validated.

    Raises :class:`DatasetInvalidError` listing every issue when any rule is broken.
    """
    reading = inspect_dataset(path, progress)
    if reading.dataset is None:
        raise DatasetInvalidError(str(path), reading.issues)
    return reading.dataset
