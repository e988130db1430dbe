"""The store's commands (``load``, ``snapshots list|show|export``) and ``open_dataset``.

A rejected load — any case of the broken-dataset corpus, or a duplicate snapshot — exits
non-zero and leaves the store's file byte-for-byte as it was.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner, Result

from corpus.broken import BROKEN_CASES, BrokenCase
from praksisplan.cli.main import app
from praksisplan.cli.sources import open_dataset
from praksisplan.core.dataset import TABLE_MODELS, Dataset
from praksisplan.core.errors import DatasetInvalidError, PraksisplanError
from praksisplan.core.schema import GEOMETRY_TABLES
from praksisplan.dataset_io import read_dataset
from praksisplan.store import Store
from store.test_snapshots import assert_datasets_equal

TINY = Path(__file__).parent.parent / "fixtures" / "tiny"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store holding one snapshot (the tiny dataset), closed."""
    path = tmp_path_factory.mktemp("template") / "store.db"
    result = invoke("load", str(TINY), "--db", f"sqlite:///{path}")
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def store_file(store_template: Path, tmp_path: Path) -> Path:
    """A private copy of the one-snapshot store."""
    path = tmp_path / "store" / "store.db"
    path.parent.mkdir()
    shutil.copyfile(store_template, path)
    return path


def assert_rejected_and_untouched(store_file: Path, dataset_dir: Path) -> Result:
    before = digest(store_file)
    result = invoke("load", str(dataset_dir), "--db", f"sqlite:///{store_file}")
    assert result.exit_code != 0
    assert isinstance(result.exception, PraksisplanError)
    assert digest(store_file) == before
    assert sorted(p.name for p in store_file.parent.iterdir()) == ["store.db"]  # no WAL left
    return result


@pytest.mark.parametrize("case", BROKEN_CASES, ids=lambda case: case.name)
def test_rejected_dataset_leaves_the_store_unchanged(
    case: BrokenCase, store_file: Path, tmp_path: Path
) -> None:
    case.make(tmp_path / "broken")
    result = assert_rejected_and_untouched(store_file, tmp_path / "broken")
    assert isinstance(result.exception, DatasetInvalidError)
    assert any(issue.rule == case.rule for issue in result.exception.issues)


def test_duplicate_snapshot_leaves_the_store_unchanged(store_file: Path) -> None:
    result = assert_rejected_and_untouched(store_file, TINY)
    assert "1081" in str(result.exception) and "2025-01-01" in str(result.exception)


def test_rejected_load_exits_with_status_2_and_one_danish_message(
    store_file: Path, tmp_path: Path
) -> None:
    BROKEN_CASES[0].make(tmp_path / "broken")
    before = digest(store_file)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "praksisplan.cli.main",
            "load",
            str(tmp_path / "broken"),
            "--db",
            f"sqlite:///{store_file}",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("Fejl:") and "Traceback" not in done.stderr
    assert digest(store_file) == before


def test_load_list_show_and_export(tmp_path: Path, tiny_dataset: Dataset) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    loaded = invoke("load", str(TINY), "--db", db)
    assert loaded.exit_code == 0, loaded.output
    assert "Gemt som snapshot 1: Tiny test region" in loaded.output

    listed = invoke("snapshots", "list", "--db", db)
    assert listed.exit_code == 0, listed.output
    assert "Snapshots (1)" in listed.output and "2025-01-01" in listed.output

    shown = invoke("snapshots", "show", "1", "--db", db)
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    assert any("Befolkningsrækker" in line and line.rstrip(" │").endswith(" 96") for line in lines)
    assert any("Praksis " in line and line.rstrip(" │").endswith(" 6") for line in lines)
    assert "Forrige snapshot: intet" in shown.output

    exported = invoke("snapshots", "export", "1", str(tmp_path / "export"), "--db", db)
    assert exported.exit_code == 0, exported.output
    again = read_dataset(tmp_path / "export")
    assert again.manifest == tiny_dataset.manifest
    for attribute, model in TABLE_MODELS.items():
        actual, expected = getattr(again, attribute), getattr(tiny_dataset, attribute)
        if model in GEOMETRY_TABLES:  # written as WGS84 and projected back: equal to ~1e-6 m
            assert actual.geometry.geom_equals_exact(expected.geometry, tolerance=1e-6).all()
            actual, expected = actual.drop(columns="geometry"), expected.drop(columns="geometry")
        pd.testing.assert_frame_equal(actual, expected, check_exact=False, rtol=1e-12)


def test_unknown_snapshot_is_reported(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    Store(url).close()
    result = invoke("snapshots", "show", "5", "--db", url)
    assert result.exit_code != 0
    assert "intet snapshot med id 5" in str(result.exception)


@pytest.mark.parametrize(
    ("url", "scheme"),
    [("nonsense://x", "nonsense"), ("postgres://u:secret@h/db", "postgres"), ("foo", "foo")],
)
def test_unsupported_database_url_is_one_clear_message(url: str, scheme: str) -> None:
    result = invoke("snapshots", "list", "--db", url)
    assert result.exit_code != 0
    assert isinstance(result.exception, PraksisplanError)
    message = str(result.exception)
    assert f"Ugyldig database-URL (scheme '{scheme}')" in message and "secret" not in message


def test_bare_postgresql_url_uses_psycopg_3() -> None:
    # port 1 refuses at once: the error comes from psycopg 3 connecting, not a missing driver
    result = invoke("snapshots", "list", "--db", "postgresql://u:secret@127.0.0.1:1/db")
    assert isinstance(result.exception, PraksisplanError)
    message = str(result.exception)
    assert "postgresql+psycopg://u:***@127.0.0.1:1/db kan ikke åbnes" in message
    assert "secret" not in message


def test_open_dataset_reads_paths_and_snapshots(tmp_path: Path, tiny_dataset: Dataset) -> None:
    url = f"sqlite:///{tmp_path / 'sources.db'}"
    with Store(url) as store:
        snapshot = store.load_dataset(tiny_dataset, source="tiny").id
    assert_datasets_equal(open_dataset(f"snapshot:{snapshot}", url), tiny_dataset)
    assert_datasets_equal(open_dataset(str(TINY), None), tiny_dataset)
    with pytest.raises(PraksisplanError, match="snapshot:<id>"):
        open_dataset("snapshot:latest", url)
