"""Fast bulk inserts and reads of a snapshot's rows.

Inserting ~400,000 population rows through SQLAlchemy's per-row parameter handling takes
seconds; here each column's values are bound with the column type's own bind processor once
and the rows go to the driver as plain tuples — ``executemany`` for SQLite, ``COPY … FROM
STDIN`` for PostgreSQL (psycopg) — through the same connection and transaction, so a load
stays one transaction.

Reading is the mirror image: SQLAlchemy's :class:`~sqlalchemy.engine.Row` objects and a
Python transpose cost more than the query itself (a 210,000-row population table: about
0.3 s each), so the driver's tuples are fetched from the result's DBAPI cursor, turned into
columns by one NumPy object array, and only columns whose type has a result processor
(dates in SQLite, …) are converted, value by value, as SQLAlchemy would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Dialect


def _insert_sql(table: sa.Table, names: list[str], dialect: Dialect) -> str:
    quote = dialect.identifier_preparer.quote
    placeholder = "?" if dialect.paramstyle in ("qmark", "numeric") else "%s"
    return (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join([placeholder] * len(names))})"
    )


def _bound(values: list[Any], sql_type: sa.types.TypeEngine[Any], dialect: Dialect) -> list[Any]:
    process: Callable[[Any], Any] | None = sql_type.dialect_impl(dialect).bind_processor(dialect)
    return values if process is None else [process(v) for v in values]


def _batches(columns: list[list[Any]], n_rows: int, size: int) -> Iterator[list[tuple[Any, ...]]]:
    for start in range(0, n_rows, size):
        yield list(zip(*(column[start : start + size] for column in columns), strict=True))


def insert_columns(
    connection: Connection,
    table: sa.Table,
    key: dict[str, Any],
    columns: dict[str, list[Any]],
    batch_rows: int,
    on_batch: Callable[[int], None],
) -> None:
    """Insert rows given by columns, each row completed by the constant ``key`` values and
    its position ``row_no``; ``on_batch(rows)`` after each batch."""
    dialect = connection.dialect
    n_rows = len(next(iter(columns.values()))) if columns else 0
    names = [*key, "row_no", *columns]
    bound = [
        *([value] * n_rows for value in key.values()),
        list(range(n_rows)),
        *(_bound(values, table.c[name].type, dialect) for name, values in columns.items()),
    ]
    if dialect.name == "postgresql":
        _copy(connection, table, names, bound, n_rows, batch_rows, on_batch)
        return
    sql = _insert_sql(table, names, dialect)
    for batch in _batches(bound, n_rows, batch_rows):
        connection.exec_driver_sql(sql, batch)
        on_batch(len(batch))


def _copy(
    connection: Connection,
    table: sa.Table,
    names: list[str],
    columns: list[list[Any]],
    n_rows: int,
    batch_rows: int,
    on_batch: Callable[[int], None],
) -> None:
    """PostgreSQL's ``COPY`` on the connection's own psycopg connection (same transaction)."""
    quote = connection.dialect.identifier_preparer.quote
    sql = f"COPY {quote(table.name)} ({', '.join(quote(n) for n in names)}) FROM STDIN"
    driver_connection: Any = connection.connection.driver_connection
    with driver_connection.cursor() as cursor, cursor.copy(sql) as copy:
        for batch in _batches(columns, n_rows, batch_rows):
            for row in batch:
                copy.write_row(row)
            on_batch(len(batch))


def _processed(
    values: np.ndarray[Any, np.dtype[np.object_]],
    sql_type: sa.types.TypeEngine[Any],
    dialect: Dialect,
    driver_type: Any,
) -> np.ndarray[Any, np.dtype[np.object_]]:
    process: Callable[[Any], Any] | None = sql_type.dialect_impl(dialect).result_processor(
        dialect, driver_type
    )
    if process is None:
        return values
    out = np.empty(len(values), dtype=object)
    out[:] = [process(v) for v in values]
    return out


def select_columns(
    connection: Connection, select: sa.Select[Any]
) -> dict[str, np.ndarray[Any, np.dtype[np.object_]]]:
    """The rows of ``select`` as one object array per selected column, by column name."""
    columns = list(select.selected_columns)
    result = connection.execute(select)
    try:
        # the driver's column types (PostgreSQL's type OIDs) pick the result processor
        driver_types = [entry[1] for entry in result.cursor.description]
        rows = result.cursor.fetchall()
    finally:
        result.close()
    table = np.empty((len(rows), len(columns)), dtype=object)
    if rows:
        table[:] = rows
    return {
        column.name: _processed(table[:, k], column.type, connection.dialect, driver_types[k])
        for k, column in enumerate(columns)
    }
