"""Fixtures of the plan tests: stores on a SQLite file and on a real PostgreSQL server.

The store tests' fixtures are reused, so both suites start PostgreSQL the same way.
"""

from __future__ import annotations

import pytest

from store.conftest import postgres_admin_url, store_url

__all__ = ["postgres_admin_url", "store_url"]


@pytest.fixture
def url(store_url: str) -> str:
    """URL of a new, empty store: a SQLite file, and a fresh PostgreSQL database."""
    return store_url
