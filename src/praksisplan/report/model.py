"""The report's content: tables, charts and maps as plain data, free of any output format.

One definition serves every output (HTML, PDF, XLSX, DOCX): the renderers in
:mod:`praksisplan.report.render` only lay out what is here, so the numbers are the same
everywhere and equal the engine's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import geopandas as gpd
import pandas as pd

#: How a column's values are shown: text, whole number, or number with decimals.
ColumnKind = Literal["text", "int", "decimal"]
Value = str | int | float | None


@dataclass(frozen=True)
class Column:
    heading: str
    kind: ColumnKind = "int"
    #: decimals shown of a ``decimal`` column (at most; trailing zeros are dropped)
    decimals: int = 1


@dataclass(frozen=True)
class Table:
    """A titled table; ``sheet`` is its XLSX sheet name (at most 31 characters)."""

    id: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...]
    sheet: str
    note: str = ""


@dataclass(frozen=True)
class Chart:
    """A line or bar chart: one series per name, one value per category."""

    id: str
    title: str
    x_label: str
    y_label: str
    categories: tuple[str, ...]
    series: dict[str, tuple[float, ...]]
    kind: Literal["line", "bar"] = "line"


@dataclass(frozen=True)
class AreaMap:
    """A map: coverage areas coloured by threat class, municipality outline, practices."""

    title: str
    areas: gpd.GeoDataFrame  # geometry, threat_class
    outline: gpd.GeoDataFrame  # municipality boundary (or all municipalities)
    practices: pd.DataFrame  # x, y, status


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    text: str = ""
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    maps: tuple[AreaMap, ...] = ()


@dataclass(frozen=True)
class FactsReport:
    """*Tal og fakta*: the region's facts and figures at a snapshot (and before it)."""

    title: str
    region_name: str
    reference_date: dt.date
    synthetic: bool
    source: str
    sections: tuple[Section, ...]
    municipality_pages: tuple[Section, ...]
    #: what was left out for lack of data, one sentence each
    omitted: tuple[str, ...] = field(default=())

    def tables(self) -> list[Table]:
        return [t for s in (*self.sections, *self.municipality_pages) for t in s.tables]


def table_rows(*columns: Sequence[Value]) -> tuple[tuple[Value, ...], ...]:
    """A table's rows from its columns."""
    return tuple(zip(*columns, strict=True))


def date_da(date: object) -> str:
    """A date as a report shows it: 01.07.2025."""
    return pd.Timestamp(str(date)).strftime("%d.%m.%Y")
