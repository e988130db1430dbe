"""The packaged Alembic migrations build exactly the schema of ``store.tables``."""

from __future__ import annotations

import hashlib
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from praksisplan.core.dataset import Dataset
from praksisplan.store import Store
from praksisplan.store.migrate import HEAD_REVISION, alembic_config, current_revision
from praksisplan.store.tables import metadata


def test_migrated_database_matches_the_metadata(store_url: str) -> None:
    Store(store_url).close()
    engine = sa.create_engine(store_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []
        assert context.get_current_revision() == HEAD_REVISION == "0017"
    assert current_revision(engine) == HEAD_REVISION  # read without Alembic
    engine.dispose()


def test_head_revision_constant_is_the_head_of_the_migration_scripts() -> None:
    # a new migration fails here until HEAD_REVISION names it
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD_REVISION


def test_a_database_without_a_version_table_has_no_revision(sqlite_url: str) -> None:
    engine = sa.create_engine(sqlite_url)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE other (x INTEGER)"))
    assert current_revision(engine) is None
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE alembic_version (version_num VARCHAR(32))"))
    assert current_revision(engine) is None  # a version table without a row
    engine.dispose()


def test_sqlite_store_runs_in_wal_mode_with_foreign_keys(sqlite_url: str) -> None:
    with Store(sqlite_url) as store, store._reading() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_reopening_and_reading_leaves_the_file_untouched(
    sqlite_url: str, tmp_path: Path, tiny_dataset: Dataset
) -> None:
    with Store(sqlite_url) as store:
        snapshot = store.load_dataset(tiny_dataset, source="tiny").id
    path = tmp_path / "store.db"
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with Store(sqlite_url) as reopened:
        reopened.read_dataset(snapshot)
        reopened.list_snapshots()
        reopened.decisions(snapshot)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_0017_downgrades_to_0016_and_upgrades_again(store_url: str) -> None:
    """The scenario review tables (0017) go with a downgrade and come back with an upgrade."""
    Store(store_url).close()
    engine = sa.create_engine(store_url)
    config = alembic_config()
    review_tables = {"scenario_comments", "scenario_marks"}
    for target, present in (("0016", False), ("head", True)):
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            if target == "head":
                command.upgrade(config, target)
            else:
                command.downgrade(config, target)
        tables = set(sa.inspect(engine).get_table_names())
        assert (review_tables <= tables) is present and "scenarios" in tables, target
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []
    engine.dispose()
