"""The input of validation: tables as read from files, every value still text.

The file readers (:mod:`praksisplan.dataset_io`) produce these; validation turns them into
typed frames, or into issues. Values are stripped strings, and an empty cell is missing (NaN).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import pandas as pd

from praksisplan.core.errors import ValidationIssue


@dataclass(frozen=True)
class RawTable:
    """One table as read from one file.

    ``first_row`` is the number shown for the frame's first row: 2 for spreadsheets and CSV
    (the header is row 1), 1 for geometry layers (rows are feature numbers).
    """

    file: str
    frame: pd.DataFrame
    first_row: int = 2
    geometry: gpd.GeoSeries | None = None
    #: the text encoding a CSV file was read in (None for spreadsheets and geometry files)
    encoding: str | None = None


@dataclass(frozen=True)
class RawDataset:
    """Everything read from a dataset directory, plus the problems met while reading it."""

    manifest_file: str
    manifest: dict[str, Any] | None
    tables: dict[str, RawTable]
    read_issues: list[ValidationIssue] = field(default_factory=list)
