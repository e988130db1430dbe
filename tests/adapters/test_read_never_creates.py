"""Reading never creates or writes a store; ``db init|upgrade``, ``load`` and ``serve`` do."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import typer
from alembic import command

from adapters.plan_files import region_measure, write_plan_file
from adapters.stores import TINY_DATASET_DIR, run_main
from praksisplan.cli.main import app
from praksisplan.store import Store
from praksisplan.store.migrate import HEAD_REVISION, alembic_config

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
    assert f"har skemaversion 0008, den nyeste er {HEAD_REVISION}" in run.stderr
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


#: The commands that create (or migrate) a store on an empty path, as docs/cli.md says.
CREATORS = {"load", "serve", "db init", "db upgrade"}

#: A value for each argument, by its name, that gets a command as far as opening the store
#: (``{tmp}``: the test's directory); options a command cannot run without are in EXTRA.
ARGUMENTS = {
    "source": "snapshot:1", "old": "snapshot:1", "new": "snapshot:2", "snapshot": "snapshot:1",
    "snapshot_id": "1", "area_id": "A1", "provider_number": "P001", "name": "luk P001",
    "username": "jens", "role": "planner", "status": "forslag", "key": "plan-2026",
    "new_key": "plan-2030", "path": "{tmp}/plan.json", "out": "{tmp}/out.pdf",
    "edits_file": "{tmp}/edits.json", "text": "Hvad med øerne?", "mark": "foretrukket",
}  # fmt: skip
#: Commands whose arguments differ from :data:`ARGUMENTS` (``validate`` reads a store only
#: for a workbook's ``--base``).
ARGUMENTS_OF = {"validate": ["{tmp}/opdatering.xlsx"]}
EXTRA = {
    "access": ("--out", "{tmp}/access.csv"),
    "allocate": ("--capacities", "1"),
    "decide": ("--class", "red", "--reason", "Ingen", "--by", "Udvalget"),
    "plan copy": ("--title", "Ny plan", "--period", "2030-2033"),
    "report facts": ("--out", "{tmp}/facts.pdf"),
    "report threat-note": ("--out", "{tmp}/note.pdf"),
    "report geopackage": ("--out", "{tmp}/layers.gpkg"),
    "scenario new": ("--snapshot", "1", "--by", "Planlægger"),
    "scenario edit": ("--close", "P001", "--by", "Planlægger"),
    "scenario comment": ("--by", "Udvalget"),
    "scenario mark": ("--by", "Udvalget"),
    "scenario rebase": ("--snapshot", "1", "--as", "ny", "--by", "Planlægger"),
    "users add": ("--password", "hemmelig-kode"),
    "users reset-password": ("--password", "hemmelig-kode"),
    "users passwd": ("--password", "hemmelig-kode"),
    "validate": ("--base", "snapshot:1"),
}


def _commands_with_a_store() -> dict[str, list[str]]:
    """Every leaf command with ``--db`` (bar the creators), with its arguments filled in."""
    found: dict[str, list[str]] = {}

    def walk(command: Any, path: tuple[str, ...]) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, (*path, name))
            return
        name = " ".join(path)
        options = {opt for p in command.params for opt in p.opts}
        if "--db" in options and name not in CREATORS:
            arguments = [
                ARGUMENTS[p.name]
                for p in command.params
                if p.param_type_name == "argument" and p.name
            ]
            found[name] = [*path, *ARGUMENTS_OF.get(name, arguments), *EXTRA.get(name, ())]

    walk(typer.main.get_command(app), ())
    return found


@pytest.mark.parametrize("argv", _commands_with_a_store().values(), ids=" ".join)
def test_every_command_but_the_creators_refuses_a_missing_store(
    tmp_path: Path, argv: list[str]
) -> None:
    write_plan_file(
        tmp_path / "plan.json", region_measure("open", "share_practices_open", 0.5, 0.75)
    )
    (tmp_path / "edits.json").write_text("[]", encoding="utf-8")
    typo = tmp_path / "typo.db"
    run = run_main(*(a.format(tmp=tmp_path) for a in argv), "--db", f"sqlite:///{typo}")
    assert run.status == 2, run.stdout + run.stderr
    assert "findes ikke; opret den med 'praksisplan db init" in run.stderr
    assert not typo.exists()
