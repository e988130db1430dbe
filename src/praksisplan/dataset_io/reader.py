"""Reading and validating a dataset directory or zip. Reading never writes anything."""

from __future__ import annotations

from pathlib import Path

from rich.progress import Progress

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import DatasetInvalidError, ValidationIssue
from praksisplan.core.schema import GEOMETRY_TABLES
from praksisplan.dataset_io.source import MANIFEST_FILE, dataset_root, locate_tables
from praksisplan.dataset_io.table_files import (
    UnreadableFileError,
    read_attribute_table,
    read_geometry_table,
    read_manifest,
)
from praksisplan.validation import RawDataset, RawTable, check_dataset

_GEOMETRY_TABLE_NAMES = {model.table for model in GEOMETRY_TABLES}


def read_raw(root: Path, progress: Progress | None = None) -> RawDataset:
    """Every file of the dataset at ``root`` as text tables, plus the problems met reading."""
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
                read_geometry_table(table_file)
                if table in _GEOMETRY_TABLE_NAMES
                else read_attribute_table(table_file)
            )
        except UnreadableFileError as error:
            issues.append(error.issue)
    if progress is not None and task is not None:
        progress.update(task, advance=1, description="Filer læst")
    return RawDataset(MANIFEST_FILE, manifest, tables, issues)


def _check(path: Path, progress: Progress | None) -> tuple[Dataset | None, list[ValidationIssue]]:
    with dataset_root(path) as root:
        raw = read_raw(root, progress)
    task = progress.add_task("Validerer", total=None) if progress else None
    result = check_dataset(raw)
    if progress is not None and task is not None:
        progress.update(task, total=1, completed=1)
    return result


def validate_path(path: Path, progress: Progress | None = None) -> list[ValidationIssue]:
    """Every rule the dataset at ``path`` (directory or zip) breaks; empty when it is valid."""
    issues = _check(path, progress)[1]
    return sorted(issues, key=lambda i: (i.file, i.row or 0, i.column or "", i.rule, i.message))


def read_dataset(path: Path, progress: Progress | None = None) -> Dataset:
    """The dataset at ``path`` (directory or zip), validated.

    Raises :class:`DatasetInvalidError` listing every issue when any rule is broken.
    """
    dataset, issues = _check(path, progress)
    if dataset is None:
        raise DatasetInvalidError(str(path), issues)
    return dataset
