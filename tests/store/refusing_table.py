"""A database trigger that refuses every insert into a table, for transaction tests.

The database itself refuses the row (SQLite ``RAISE(ABORT)``, PostgreSQL ``RAISE
EXCEPTION``), so a write fails exactly as it would on a full disk or a broken constraint,
with no stand-in code in the app.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

#: The message of the refusal (the test's ``pytest.raises(match=...)``).
REFUSAL = "refused by the test trigger"


def _statements(dialect: str, table: str) -> tuple[list[str], list[str]]:
    name = f"refuse_{table}"
    if dialect == "sqlite":
        create = [
            f"CREATE TRIGGER {name} BEFORE INSERT ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
        ]
        return create, [f"DROP TRIGGER {name}"]
    create = [
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$",
        f"CREATE TRIGGER {name} BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()",
    ]
    return create, [f"DROP TRIGGER {name} ON {table}", f"DROP FUNCTION {name}()"]


@contextmanager
def refusing_inserts(url: str, table: str) -> Iterator[None]:
    """While the block runs, the database at ``url`` refuses every new row of ``table``."""
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    create, drop = _statements(engine.dialect.name, table)
    try:
        with engine.begin() as connection:
            for statement in create:
                connection.exec_driver_sql(statement)
        yield
    finally:
        with engine.begin() as connection:
            for statement in drop:
                connection.exec_driver_sql(statement)
        engine.dispose()
