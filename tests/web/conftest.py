"""Fixtures of the web app's tests: real SQLite stores in tmp_path, the app over them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from access_users import logged_in
from praksisplan.core.dataset import Dataset
from praksisplan.store import SnapshotInfo, Store


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def tiny_store(store_url: str, tiny_dataset: Dataset) -> Iterator[tuple[Store, SnapshotInfo]]:
    """A store holding the tiny dataset as its only snapshot."""
    with Store(store_url) as store:
        yield store, store.load_dataset(tiny_dataset, source="tiny")


@pytest.fixture
def client(tiny_store: tuple[Store, SnapshotInfo], store_url: str) -> Iterator[TestClient]:
    with logged_in(store_url) as test_client:
        yield test_client
