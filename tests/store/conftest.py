"""Fixtures of the store's tests: stores on SQLite files and on a real PostgreSQL server."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from praksisplan.core.dataset import Dataset
from store.postgres_server import create_database, running_postgres, unavailable_reason
from store.synthetic_region import build_synthetic_dataset

_database_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """A PostgreSQL server for the session (skips the test if none can be started)."""
    reason = unavailable_reason()
    if reason is not None:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    with running_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of a new, empty store: a SQLite file, and a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    admin_url: str = request.getfixturevalue("postgres_admin_url")
    return create_database(admin_url, f"store_{next(_database_numbers)}")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """URL of a new SQLite store file ``store.db`` in the test's temp dir."""
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture(scope="session")
def synthetic_dataset() -> Dataset:
    """A synthetic region of 3,000 cells (114,000 population rows)."""
    return build_synthetic_dataset(3_000)
