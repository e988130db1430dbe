"""Reading never creates or writes a store; ``db init|upgrade``, ``load`` and ``serve`` do."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from adapters.stores import TINY_DATASET_DIR, run_main
from praksisplan.store import Store
from praksisplan.store.migrate import alembic_config, head_revision

READ_COMMANDS = [
    ("snapshots", "list"),
    ("snapshots", "show", "1"),
    ("decisions", "1"),
    ("decisions", "1", "--history"),
    ("summary", "snapshot:1"),
    ("indicators", "snapshot:1"),
    ("plan", "list"),
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("argv", READ_COMMANDS, ids=lambda a: " ".join(a))
def test_a_mistyped_store_is_an_error_and_not_created(tmp_path: Path, argv: tuple[str]) -> None:
    typo = tmp_path / "typo.db"
    run = run_main(*argv, "--db", f"sqlite:///{typo}")
    assert run.status == 2
    assert "findes ikke; opret den med 'praksisplan db init" in run.stderr
    assert not typo.exists()


def test_reading_leaves_the_store_unchanged(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    assert run_main("load", str(TINY_DATASET_DIR), "--db", url).status == 0
    Store(url).close()  # fold the WAL back into the file
    before = _digest(tmp_path / "store.db")
    for argv in READ_COMMANDS:
        assert run_main(*argv, "--db", url).status == 0, argv
    assert _digest(tmp_path / "store.db") == before  # no assessment run stored by reading
    with Store(url) as store:
        assert store.latest_assessment_run_id(1) is None


def test_a_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    run = run_main("snapshots", "list", "--db", f"sqlite:///{path}")
    assert run.status == 2
    assert "er ikke en praksisplan-database (den har ingen skemaversion)" in run.stderr


def test_an_outdated_store_needs_db_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    url = f"sqlite:///{path}"
    engine = sa.create_engine(url)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0008")
    engine.dispose()
    run = run_main("snapshots", "list", "--db", url)
    assert run.status == 2
    assert f"har skemaversion 0008, den nyeste er {head_revision()}" in run.stderr
    assert "praksisplan db upgrade" in run.stderr
    upgraded = run_main("db", "upgrade", "--db", url)
    assert upgraded.status == 0, upgraded.stderr
    assert run_main("snapshots", "list", "--db", url).status == 0


def test_db_init_creates_and_upgrade_refuses_a_missing_store(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    missing = run_main("db", "upgrade", "--db", f"sqlite:///{path}")
    assert missing.status == 2 and not path.exists()
    created = run_main("db", "init", "--db", f"sqlite:///{path}")
    assert created.status == 0 and path.is_file()
    listed = run_main("snapshots", "list", "--db", f"sqlite:///{path}")
    assert "ingen snapshots endnu" in listed.stdout


def test_load_on_an_empty_path_creates_the_store(tmp_path: Path) -> None:
    path = tmp_path / "fresh" / "store.db"
    path.parent.mkdir()
    assert run_main("load", str(TINY_DATASET_DIR), "--db", f"sqlite:///{path}").status == 0
    assert path.is_file()
