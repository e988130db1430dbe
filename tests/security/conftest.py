"""Fixtures of the access tests: a store with the tiny region, its snapshot and a plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from plan.plan_builders import PLANNER, consulted_plan
from praksisplan.core.dataset import Dataset
from praksisplan.store import PlanStore, Store
from store.conftest import postgres_admin_url, store_url

__all__ = ["postgres_admin_url", "store_url"]


@pytest.fixture
def url(tmp_path: Path, tiny_dataset: Dataset) -> str:
    """A SQLite store holding the tiny dataset (snapshot 1) and the consulted plan."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with Store(url) as store:
        store.load_dataset(tiny_dataset, source="tiny")
        PlanStore(store).add(consulted_plan(), PLANNER)
    return url
