"""Fixtures of the scenario tests: the store tests' SQLite and PostgreSQL stores, and the
web tests' store of the tiny dataset with one scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

from praksisplan.core.dataset import Dataset
from praksisplan.store import ScenarioStore, Store
from store.conftest import postgres_admin_url, store_url

__all__ = ["postgres_admin_url", "store_url", "url"]


@pytest.fixture
def url(tmp_path: Path, tiny_dataset: Dataset) -> str:
    """A store with the tiny dataset (snapshot 1) and the scenario 'luk P001' (id 1), which
    has no edits yet."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with Store(url) as store:
        snapshot = store.load_dataset(tiny_dataset, source="tiny").id
        ScenarioStore(store).create(snapshot, "luk P001", "Planlægger")
    return url
