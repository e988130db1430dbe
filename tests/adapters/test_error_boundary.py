"""No traceback without --debug: OS, database and unexpected errors are one Danish line.

These run the real ``praksisplan`` command in a subprocess, as a shell would.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from adapters.stores import TINY_DATASET_DIR, run_main
from cli_process import run_cli
from praksisplan.store import Store


def _one_line_error(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("Fejl: ")
    return lines[0]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'store.db'}"
    assert run_main("load", str(TINY_DATASET_DIR), "--db", url).status == 0
    return url


def test_output_to_a_missing_folder(store: str) -> None:
    run = run_cli("indicators", "snapshot:1", "--format", "csv", "--out", "/nonexistent/x.csv",
                  "--db", store)  # fmt: skip
    assert run.returncode == 2
    assert "findes ikke (/nonexistent/x.csv)" in _one_line_error(run.stderr)


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_text("indkøbsliste: mælk, brød\n" * 100, encoding="utf-8")
    before = junk.read_bytes()
    run = run_cli("snapshots", "list", "--db", f"sqlite:///{junk}")
    assert run.returncode == 2
    assert "kan ikke åbnes — er det en praksisplan-database?" in _one_line_error(run.stderr)
    assert junk.read_bytes() == before
    loaded = run_main("load", str(TINY_DATASET_DIR), "--db", f"sqlite:///{junk}")
    assert loaded.status == 2 and "kan ikke åbnes" in loaded.stderr  # not even load writes it
    assert junk.read_bytes() == before


@pytest.mark.parametrize("snapshot", ["99999999999999999999", "0", "-3"])
def test_snapshot_ids_are_range_checked(store: str, snapshot: str) -> None:
    run = run_main("snapshots", "show", "--db", store, "--", snapshot)
    assert run.status == 2, run.stderr
    assert "er ikke et gyldigt snapshot-id" in run.stderr
    source = run_main("summary", f"snapshot:{snapshot}", "--db", store)
    assert source.status == 2


def test_the_huge_id_in_a_subprocess(store: str) -> None:
    run = run_cli("snapshots", "show", "99999999999999999999", "--db", store)
    assert run.returncode == 2
    assert "ikke et gyldigt snapshot-id" in _one_line_error(run.stderr)


def test_an_unexpected_error_is_an_internal_error(
    store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(Store, "list_snapshots", broken)
    run = run_main("snapshots", "list", "--db", store)
    assert run.status == 3
    assert "intern fejl — kør igen med --debug" in _one_line_error(run.stderr)
    with pytest.raises(RuntimeError, match="a bug"):
        run_main("--debug", "snapshots", "list", "--db", store)


def test_a_database_error_is_one_line(store: str, tmp_path: Path) -> None:
    path = Path(store.removeprefix("sqlite:///"))
    copy = tmp_path / "copy.db"
    copy.write_bytes(path.read_bytes())
    with sqlite3.connect(copy) as connection:
        connection.execute("DROP TABLE decisions")  # a damaged store
    run = run_main("snapshots", "show", "1", "--db", f"sqlite:///{copy}")
    assert run.status == 2
    assert "databasen svarede med en fejl" in _one_line_error(run.stderr)
