"""Validating a dataset built in memory (the demo region, its history) by the rules of ``load``.

A dataset that was never a file is turned into the text tables its written copy reads as
(:func:`~praksisplan.dataset_io.writer.file_frames`: the files' columns and CRSs; each CSV's
text as the writer writes it, read back as text) and checked by
:func:`~praksisplan.validation.check_dataset`, the rules ``praksisplan validate`` and
``load`` apply. Nothing is written to disk.
"""

from __future__ import annotations

from collections.abc import Collection

import geopandas as gpd

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import DatasetInvalidError, ValidationIssue
from praksisplan.core.schema import GEOMETRY_TABLES
from praksisplan.dataset_io.source import MANIFEST_FILE
from praksisplan.dataset_io.table_files import csv_text_table, geometry_table
from praksisplan.dataset_io.writer import CSV_WRITE_OPTIONS, file_frames
from praksisplan.validation import RawDataset, RawTable, check_dataset


def raw_dataset_of(dataset: Dataset, only: Collection[str] | None = None) -> RawDataset:
    """The raw text tables a written copy of ``dataset`` would be read as (of the tables
    named in ``only``, if given)."""
    tables: dict[str, RawTable] = {}
    for model, frame in file_frames(dataset):
        if only is not None and model.table not in only:
            continue
        if model in GEOMETRY_TABLES and isinstance(frame, gpd.GeoDataFrame):
            tables[model.table] = geometry_table(f"{model.table}.geojson", frame)
        else:
            text = frame.to_csv(**CSV_WRITE_OPTIONS)
            tables[model.table] = csv_text_table(f"{model.table}.csv", text)
    manifest = dataset.manifest.model_dump(mode="json")
    return RawDataset(MANIFEST_FILE, manifest, tables)


def dataset_issues(dataset: Dataset) -> list[ValidationIssue]:
    """Every rule ``dataset`` breaks, as ``praksisplan validate`` would list them for its
    written copy; empty when it is valid."""
    _, issues = check_dataset(raw_dataset_of(dataset))
    return issues


def validated(dataset: Dataset, source: str) -> Dataset:
    """``dataset`` as validation returns it (typed, its points located in their areas);
    raises :class:`DatasetInvalidError` naming ``source`` and every issue when it breaks a
    rule, so an invalid dataset never reaches the store."""
    checked, issues = check_dataset(raw_dataset_of(dataset))
    if checked is None:
        raise DatasetInvalidError(source, issues)
    return checked
