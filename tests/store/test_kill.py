"""A ``praksisplan load`` killed with SIGKILL mid-load leaves the store exactly as it was."""

from __future__ import annotations

import datetime as dt
import hashlib
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from praksisplan.core.dataset import Dataset
from praksisplan.dataset_io import write_dataset
from praksisplan.store import Store
from store.synthetic_region import build_synthetic_dataset, dated
from store.test_snapshots import assert_datasets_equal

#: WAL size that shows the load is inserting rows: well past the migration check (which
#: writes nothing) and far below the ~35 MB the whole load writes before it commits.
_INSERTING_WAL_BYTES = 2_000_000


@pytest.fixture(scope="module")
def large_dataset_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """12,000 cells and 456,000 population rows, dated after the tiny dataset."""
    out = tmp_path_factory.mktemp("large") / "region"
    write_dataset(dated(build_synthetic_dataset(12_000), dt.date(2025, 7, 1)), out)
    return out


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_sigkill_mid_load_leaves_the_store_as_it_was(
    large_dataset_dir: Path, tmp_path: Path, tiny_dataset: Dataset
) -> None:
    path = tmp_path / "store.db"
    url = f"sqlite:///{path}"
    with Store(url) as store:
        kept = store.load_dataset(tiny_dataset, source="tiny")
    before = _digest(path)
    wal = path.with_name("store.db-wal")

    load = subprocess.Popen(
        [sys.executable, "-m", "praksisplan.cli.main", "load", str(large_dataset_dir), "--db", url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    try:
        while not (wal.exists() and wal.stat().st_size > _INSERTING_WAL_BYTES):
            assert load.poll() is None, f"the load ended before it was killed: {load.stderr}"
            assert time.monotonic() < deadline, "the load never started inserting"
            time.sleep(0.005)
        load.send_signal(signal.SIGKILL)
    finally:
        load.kill()
        load.wait()
    assert load.returncode == -signal.SIGKILL
    assert wal.stat().st_size > _INSERTING_WAL_BYTES  # the uncommitted rows are left behind

    with Store(url) as store:
        assert store.list_snapshots() == [kept]
        assert_datasets_equal(store.read_dataset(kept.id), tiny_dataset)
        with store._reading() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    assert _digest(path) == before
    assert not wal.exists()
