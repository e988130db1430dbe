"""Fixtures of the scenario tests: the store tests' SQLite and PostgreSQL stores."""

from __future__ import annotations

from store.conftest import postgres_admin_url, store_url

__all__ = ["postgres_admin_url", "store_url"]
