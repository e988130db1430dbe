"""Creating the SQLAlchemy engine for a store URL, with SQLite set up for safe writing.

SQLite (the default) runs in WAL mode with ``synchronous=FULL`` and foreign keys on:

* every transaction is explicit (the driver's implicit transaction handling is switched
  off), so a load, a decision or a migration — DDL included — commits as a whole or not at
  all; a process killed mid-transaction leaves only uncommitted WAL frames, which SQLite
  ignores when the file is next opened;
* readers never block the writer nor the writer the readers (the web app keeps serving
  while ``praksisplan load`` runs);
* write transactions start with ``BEGIN IMMEDIATE``: they take the write lock up front and
  wait for it (``timeout``) instead of failing half-way when another process writes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError

from praksisplan.core.errors import PraksisplanError

#: Execution option marking a connection whose transactions write.
WRITE_OPTION = "praksisplan_write"
#: Seconds a writer waits for another process's write lock on a SQLite file.
SQLITE_LOCK_TIMEOUT_S = 60.0


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun explicitly below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        writes = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def create_store_engine(url: str) -> Engine:
    """An engine for ``url`` (``sqlite:///file.db`` or ``postgresql+psycopg://…``).

    A bare ``postgresql://`` URL uses psycopg 3 (the driver installed with praksisplan).
    """
    try:
        parsed = make_url(url)
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(parsed, connect_args={"timeout": SQLITE_LOCK_TIMEOUT_S})
            _configure_sqlite(engine)
            return engine
        return create_engine(parsed, pool_pre_ping=True)
    except (ArgumentError, ImportError) as error:
        scheme = url.split("://", 1)[0] if "://" in url else url[:20]
        raise PraksisplanError(
            f"Ugyldig database-URL (scheme '{scheme}'); brug sqlite:///fil.db eller "
            f"postgresql+psycopg://bruger:adgangskode@vært:5432/database "
            f"(unsupported database URL)"
        ) from error
