"""A dataset table being edited: the base frame plus the changes, materialised once at the end.

Edits never copy the base frame: updates, deletions and insertions are recorded by row and
:meth:`EditedTable.frame` builds the new frame once (base rows in order, then inserted rows),
with the table's canonical dtypes. Rows are found by natural key through a dictionary built
on first use.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from praksisplan.core.schema import TableRow, columns_of
from praksisplan.scenario.rows import plain
from praksisplan.validation.columns import conform_frame

#: A row's handle: ``("base", position)`` or ``("new", insertion number)``.
RowRef = tuple[str, int]


class EditedTable:
    def __init__(self, frame: pd.DataFrame, model: type[TableRow]) -> None:
        self.base = frame
        self.model = model
        self.key = model.unique[0]
        self._refs: dict[tuple[str, ...], RowRef] | None = None
        self._groups: set[str] = set()
        self._first: npt.NDArray[np.object_] | None = None
        self.updated: dict[int, dict[str, Any]] = {}
        self.deleted: set[int] = set()
        self.inserted: list[dict[str, Any] | None] = []

    @property
    def changed(self) -> bool:
        return bool(self.updated or self.deleted or self.inserted)

    def _index(self) -> dict[tuple[str, ...], RowRef]:
        """Key → row; for a composite key only the groups (first key value) looked up."""
        if self._refs is None:
            self._refs = {}
            if len(self.key) == 1:
                column = self.base[self.key[0]].astype(str).tolist()
                self._refs = {(key,): ("base", i) for i, key in enumerate(column)}
        return self._refs

    def _load_group(self, first: str) -> None:
        if len(self.key) == 1 or first in self._groups:
            return
        refs = self._index()
        rows = self._rows_of(first)
        others = [self.base[c].iloc[rows].to_numpy(dtype=object) for c in self.key[1:]]
        for j, i in enumerate(rows):
            refs[(first, *(str(o[j]) for o in others))] = ("base", int(i))
        self._groups.add(first)

    def _rows_of(self, first: str) -> npt.NDArray[np.intp]:
        """The base rows whose first key column is ``first`` (a categorical column is
        compared by its codes, not turned into text)."""
        column = self.base[self.key[0]]
        if isinstance(column.dtype, pd.CategoricalDtype):
            categories = column.cat.categories
            if first not in categories:
                return np.zeros(0, dtype=np.intp)
            codes = column.cat.codes.to_numpy()
            return np.flatnonzero(codes == categories.get_loc(first))
        if self._first is None:
            self._first = column.to_numpy(dtype=object)
        return np.flatnonzero(self._first == first)

    def find(self, key: tuple[str, ...]) -> RowRef | None:
        self._load_group(key[0])
        return self._index().get(key)

    def row(self, ref: RowRef) -> dict[str, Any]:
        kind, i = ref
        if kind == "new":
            row = self.inserted[i]
            assert row is not None, "a deleted insertion has no handle"
            return dict(row)
        if i in self.updated:
            return dict(self.updated[i])
        values = self.base.iloc[i]
        return {c: plain(values[c]) for c in columns_of(self.model)}

    def refs_where(self, column: str, value: str) -> list[RowRef]:
        """The current rows whose ``column`` equals ``value``."""
        refs: list[RowRef] = [
            ("base", int(i))
            for i in (self.base[column].astype(str) == value).to_numpy().nonzero()[0]
            if int(i) not in self.deleted
        ]
        refs = [r for r in refs if str(self.row(r)[column]) == value]
        refs += [
            ("new", i)
            for i, r in enumerate(self.inserted)
            if r is not None and str(r[column]) == value
        ]
        return refs

    def current(self, columns: list[str]) -> pd.DataFrame:
        """The ``columns`` of the rows as they stand, as plain values: the base rows left
        (with their updates), then the insertions."""
        frame = self.base[columns].astype(object)
        for i, row in self.updated.items():
            frame.iloc[i] = [row[c] for c in columns]
        kept = np.ones(len(frame), dtype=bool)
        kept[sorted(self.deleted)] = False
        new_rows = pd.DataFrame([r for r in self.inserted if r is not None], columns=columns)
        return pd.concat([frame[kept], new_rows.astype(object)], ignore_index=True)

    def put(self, ref: RowRef, row: dict[str, Any]) -> None:
        kind, i = ref
        if kind == "new":
            self.inserted[i] = row
        else:
            self.updated[i] = row

    def insert(self, row: dict[str, Any]) -> None:
        self._load_group(str(row[self.key[0]]))
        self.inserted.append(row)
        self._index()[tuple(str(row[c]) for c in self.key)] = ("new", len(self.inserted) - 1)

    def delete(self, ref: RowRef) -> None:
        kind, i = ref
        key = tuple(str(self.row(ref)[c]) for c in self.key)
        self._load_group(key[0])
        del self._index()[key]
        if kind == "new":
            self.inserted[i] = None
        else:
            self.deleted.add(i)
            self.updated.pop(i, None)

    def frame(self) -> pd.DataFrame:
        """The edited table (the base frame itself when nothing changed)."""
        if not self.changed:
            return self.base
        new_rows = [r for r in self.inserted if r is not None]
        out = _with_categories(self.base, self.model.coded, [*self.updated.values(), *new_rows])
        columns = columns_of(self.model)
        positions = {column: list(out.columns).index(column) for column in columns}
        for i, row in self.updated.items():
            for column, j in positions.items():
                if plain(out.iat[i, j]) != row[column]:
                    out.iat[i, j] = row[column]
        if self.deleted:
            out = out.drop(out.index[sorted(self.deleted)])
        if new_rows:
            added = pd.DataFrame(new_rows, columns=columns)
            for column in self.model.coded:
                if isinstance(out[column].dtype, pd.CategoricalDtype):
                    added[column] = added[column].astype(out[column].dtype)
            out = pd.concat([out, added], ignore_index=True)
        return conform_frame(out.reset_index(drop=True), self.model)


def _with_categories(
    frame: pd.DataFrame, columns: tuple[str, ...], rows: list[dict[str, Any]]
) -> pd.DataFrame:
    """A copy of ``frame`` whose categorical ``columns`` also have the values of ``rows``
    among their categories, so edited and inserted rows keep them categorical (the rows are
    not recoded; :func:`conform_frame` then sorts the categories)."""
    out = frame.copy()
    for column in columns:
        if not isinstance(out[column].dtype, pd.CategoricalDtype):
            continue
        values = pd.Index(sorted({str(r[column]) for r in rows}), dtype=object)
        new = values[~values.isin(out[column].cat.categories)]
        if len(new):
            out[column] = out[column].cat.add_categories(new.tolist())
    return out
