"""Checking one table against its row model, whole columns at a time.

Every check follows a :class:`~praksisplan.validation.column_specs.ColumnSpec` read off the
schema: required columns and values, types, ranges, formats, choices, and uniqueness. The
result is the table with each column in its canonical dtype (see :func:`canonical_dtype`).
"""

from __future__ import annotations

import operator
from collections.abc import Callable

import numpy as np
import pandas as pd

from praksisplan.core.dataset import coded_columns
from praksisplan.core.schema import TableRow
from praksisplan.validation.column_specs import ColumnSpec, column_specs
from praksisplan.validation.issues import IssueCollector
from praksisplan.validation.raw import RawTable

_DECIMAL_COMMA = r"^([+-]?\d*),(\d+)$"


def canonical_dtype(spec: ColumnSpec) -> str:
    """The pandas dtype a column has in a :class:`~praksisplan.core.dataset.Dataset` (a
    ``coded`` text column then becomes a categorical: :func:`conform_frame`)."""
    if spec.kind == "int":
        return "int64" if spec.required else "Int64"
    if spec.kind == "float":
        return "float64"
    if spec.kind == "date":
        return "object"  # datetime.date values, as in the schema
    return "str"


def conform_frame(frame: pd.DataFrame, row_model: type[TableRow]) -> pd.DataFrame:
    """``frame`` with the model's columns, in order, in their canonical dtypes, and its
    ``coded`` columns in the form of :func:`~praksisplan.core.dataset.coded_columns`.

    Absent optional columns are added empty; extra columns (e.g. ``geometry``) are kept last.
    """
    specs = column_specs(row_model)
    names = [spec.name for spec in specs]
    out = frame.copy()
    for spec in specs:
        if spec.name not in out.columns:
            out[spec.name] = pd.Series(np.nan, index=out.index, dtype="float64")
        column = out[spec.name]
        if spec.name in row_model.coded and isinstance(column.dtype, pd.CategoricalDtype):
            continue  # recoded below, without turning the rows back into text
        out[spec.name] = (
            _as_date_objects(column)
            if spec.kind == "date"
            else column.astype(canonical_dtype(spec))  # type: ignore[call-overload]
        )
    return coded_columns(out[names + [c for c in out.columns if c not in names]], row_model)


def _quoted(values: pd.Series) -> pd.Series:
    return "'" + values.astype(str) + "'"


def _numbers(text: pd.Series) -> pd.Series:
    """Parse numbers, accepting a decimal comma (``0,5``) as well as a point."""
    if text.str.contains(",", regex=False).any():
        text = text.str.replace(_DECIMAL_COMMA, r"\1.\2", regex=True)
    return pd.to_numeric(text, errors="coerce").astype("float64")


def _dates(text: pd.Series) -> pd.Series:
    """Parse ISO dates; a midnight time part (as spreadsheets give) is allowed."""
    bare = text.str.replace(r"[ T]00:00:00(\.0+)?$", "", regex=True)
    return pd.to_datetime(bare, format="%Y-%m-%d", errors="coerce")


def _as_date_objects(values: pd.Series) -> pd.Series:
    """Timestamps (or dates) → ``datetime.date`` objects, missing → ``None``."""
    timestamps = pd.to_datetime(values)
    return pd.Series(
        [None if pd.isna(t) else t.date() for t in timestamps], index=values.index, dtype="object"
    )


def parse_column(
    raw: pd.Series, spec: ColumnSpec, table: RawTable, issues: IssueCollector
) -> pd.Series:
    """Check one column and return it in its canonical dtype (broken values become missing)."""
    text = raw.astype("str")
    missing = text.isna().to_numpy()
    shown = _quoted(text)
    expected = spec.describe()

    def report(mask: np.ndarray, rule: str, problem: str) -> None:
        issues.add_rows(
            table,
            mask,
            spec.name,
            rule,
            lambda i: f"{shown.iloc[i]} {problem}; forventet {expected}",
        )

    if spec.required:
        issues.add_rows(
            table,
            missing,
            spec.name,
            "required",
            lambda _: f"værdien mangler; forventet {expected}",
        )
    present = ~missing
    if spec.kind in ("int", "float"):
        values = _numbers(text)
        finite = np.isfinite(values.to_numpy())
        bad = present & ~finite
        report(bad, "type", "er ikke et tal")
        if spec.kind == "int":
            fractional = finite & (np.mod(values.to_numpy(), 1) != 0)
            report(fractional, "type", "er ikke et helt tal")
            bad |= fractional
        values = values.mask(bad)
        checked = values.to_numpy()
        out_of_range = np.zeros(len(values), dtype=bool)
        with np.errstate(invalid="ignore"):
            for bound, outside in (
                (spec.ge, operator.lt),
                (spec.gt, operator.le),
                (spec.le, operator.gt),
                (spec.lt, operator.ge),
            ):
                if bound is not None:
                    out_of_range |= np.asarray(outside(checked, bound), dtype=bool)
        report(out_of_range, "range", "ligger uden for det tilladte")
        if spec.kind == "int" and spec.required:
            return values.fillna(0).astype("int64")
        return values if spec.kind == "float" else values.astype("Int64")
    if spec.kind == "date":
        dates = _dates(text)
        report(present & dates.isna().to_numpy(), "type", "er ikke en dato")
        return _as_date_objects(dates)
    if spec.kind == "choice":
        report(present & ~text.isin(spec.choices).to_numpy(), "choice", "er ikke en tilladt værdi")
        return text
    if spec.pattern is not None:
        report(
            present & ~text.str.fullmatch(spec.pattern).fillna(False).to_numpy(),
            "format",
            "har et forkert format",
        )
    lengths = text.str.len().to_numpy()
    with np.errstate(invalid="ignore"):
        too_short = present & (lengths < (spec.min_length or 0))
        too_long = present & (lengths > (spec.max_length or np.inf))
    report(too_short | too_long, "length", "har en forkert længde")
    return text


def parse_table(
    raw: RawTable, row_model: type[TableRow], issues: IssueCollector
) -> pd.DataFrame | None:
    """The table in canonical dtypes, or ``None`` if required columns are missing."""
    specs = column_specs(row_model)
    known = {spec.name for spec in specs}
    for column in raw.frame.columns:
        if column not in known:
            issues.add(
                raw.file,
                None,
                str(column),
                "unknown-column",
                f"kolonnen '{column}' hører ikke til tabellen {row_model.table}; "
                f"kolonnerne er: {', '.join(spec.name for spec in specs)}",
            )
    absent = [spec.name for spec in specs if spec.required and spec.name not in raw.frame]
    for name in absent:
        issues.add(
            raw.file, None, name, "missing-column", f"den påkrævede kolonne '{name}' mangler"
        )
    if absent:
        return None
    empty = pd.Series(np.nan, index=raw.frame.index, dtype="str")
    parsed = pd.DataFrame(
        {
            spec.name: parse_column(raw.frame.get(spec.name, empty), spec, raw, issues)
            for spec in specs
        },
        index=raw.frame.index,
    )
    check_unique(parsed, raw, row_model, issues)
    return parsed


def check_unique(
    frame: pd.DataFrame, raw: RawTable, row_model: type[TableRow], issues: IssueCollector
) -> None:
    """Rows whose key (e.g. ``provider_number``) repeats an earlier row's key."""
    for key in row_model.unique:
        columns = list(key)
        complete = frame[columns].notna().all(axis=1).to_numpy()
        duplicated = complete & frame.duplicated(subset=columns, keep="first").to_numpy()
        if not duplicated.any():
            continue
        group = frame.groupby(columns, sort=False, dropna=False).ngroup().to_numpy()
        issues.add_rows(
            raw, duplicated, columns[0], "unique", _duplicate_message(frame, columns, group, raw)
        )


def _duplicate_message(
    frame: pd.DataFrame, columns: list[str], group: np.ndarray, raw: RawTable
) -> Callable[[int], str]:
    groups, first_positions = np.unique(group, return_index=True)
    first_of_group = dict(zip(groups.tolist(), first_positions.tolist(), strict=True))
    label = " + ".join(columns)

    def message(i: int) -> str:
        value = " / ".join(str(frame[c].iloc[i]) for c in columns)
        first = raw.first_row + first_of_group[int(group[i])]
        return (
            f"{label} '{value}' forekommer mere end én gang (første gang i række {first}); "
            "værdien skal være entydig"
        )

    return message
