"""The store's transactions: one per store method, or one unit of work around several.

Every store method reads or writes in a transaction of its own — unless it runs inside
:meth:`Transactions.unit_of_work`. Then all of the block's store calls share the unit's
connection and transaction: each write method runs in a savepoint of it (its own failure
undoes only its part, as before), and nothing is committed until the block ends without
an exception. A write and its audit entry are made in one unit of work, so they commit or
roll back together.

The unit of work belongs to the calling thread or asyncio task (a context variable): a
web request's unit is never seen by another request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from praksisplan.store.database import WRITE_OPTION

#: The open unit of work: the engine it belongs to and its connection.
_UNIT: ContextVar[tuple[Engine, Connection] | None] = ContextVar(
    "praksisplan_unit_of_work", default=None
)


class Transactions:
    """The connections of a store on ``_engine``."""

    _engine: Engine

    def _unit_connection(self) -> Connection | None:
        unit = _UNIT.get()
        return unit[1] if unit is not None and unit[0] is self._engine else None

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """A connection to read on (the unit of work's, which sees its own writes)."""
        unit = self._unit_connection()
        if unit is not None:
            yield unit
            return
        with self._engine.connect() as connection, connection.begin():
            yield connection

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """A write transaction, or a savepoint of the unit of work."""
        unit = self._unit_connection()
        if unit is not None:
            with unit.begin_nested():
                yield unit
            return
        with self._engine.connect() as connection:
            connection.execution_options(**{WRITE_OPTION: True})
            with connection.begin():
                yield connection

    @contextmanager
    def unit_of_work(self) -> Iterator[None]:
        """Make every store write in the block commit together, or none if it raises.

        On SQLite the unit takes the write lock when it begins, so keep slow work that
        does not touch the store (parsing, analysis) outside the block. A unit inside a
        unit of the same store is part of the outer one.
        """
        if self._unit_connection() is not None:
            with self._writing():
                yield
            return
        with self._writing() as connection:
            token = _UNIT.set((self._engine, connection))
            try:
                yield
            finally:
                _UNIT.reset(token)
