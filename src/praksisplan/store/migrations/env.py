"""Alembic environment: migrate the connection :func:`praksisplan.store.migrate.upgrade` passes.

The store never runs Alembic from an ini file; it builds the configuration in code and hands
over an open connection inside its own transaction, so a migration is all or nothing.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from praksisplan.store.tables import metadata

connection = context.config.attributes["connection"]
assert isinstance(connection, Connection), "run migrations through praksisplan.store.migrate"
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
