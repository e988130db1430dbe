"""Bringing a database to the newest schema with the packaged Alembic migrations.

Alembic is imported only to migrate: whether a database is at the newest schema is read
from its ``alembic_version`` table and compared with :data:`HEAD_REVISION` (importing
Alembic's script machinery costs ~0.2 s of every command that only reads a store).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import Engine, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
#: The newest migration's revision. tests/store/test_migrations.py checks that it is the head
#: of the scripts under ``migrations/versions``, so a new migration fails until it is updated.
HEAD_REVISION = "0017"
#: The table in which Alembic records a database's revision.
VERSION_TABLE = "alembic_version"
#: Key of the PostgreSQL advisory lock that serialises concurrent first-time migrations.
_PG_MIGRATION_LOCK = 7_462_021


def alembic_config() -> Config:
    """Alembic configuration pointing at the migrations inside the installed package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def known_revisions() -> set[str]:
    """Every revision of the packaged migrations."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    return {script.revision for script in scripts.walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    """The database's revision; None when it has none (no version table or no row)."""
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table(VERSION_TABLE):
            return None
        versions = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))
        # several rows would be branches, which the migrations do not have: no revision of ours
        return ",".join(sorted(versions.scalars())) or None


def upgrade(engine: Engine) -> None:
    """Migrate to the head revision in one transaction; a no-op (and no write) when current."""
    if current_revision(engine) == HEAD_REVISION:
        return
    from alembic import command

    config = alembic_config()
    with engine.connect() as connection:
        connection.execution_options(praksisplan_write=True)
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(text(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})"))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
