"""Fixtures of the plan tests: stores on a SQLite file and on a real PostgreSQL server."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.postgres_server import create_database, running_postgres, unavailable_reason

_database_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def plan_postgres_admin_url() -> Iterator[str]:
    reason = unavailable_reason()
    if reason is not None:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    with running_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of a new, empty store: a SQLite file, and a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    admin_url: str = request.getfixturevalue("plan_postgres_admin_url")
    return create_database(admin_url, f"plan_{next(_database_numbers)}")
