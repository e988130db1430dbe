"""The web pages and API over a store the CLI wrote show the tiny fixture's known figures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from access_users import logged_in
from adapters.stores import (
    CAPACITIES,
    CLASSES,
    DEFAULT_RULES_NAME,
    LISTED,
    PER_FILLED,
    POPULATION,
    cli_written_store,
)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = cli_written_store(Path(tmp_path_factory.mktemp("cli")))
    with logged_in(url, "planner") as test_client:
        yield test_client


def test_area_list_has_the_known_classes_and_figures(client: TestClient) -> None:
    page = client.get("/api/snapshots/1/areas").json()
    items = {item["area_id"]: item for item in page["items"]}
    assert [item["area_id"] for item in page["items"]] == ["A3", "A1", "A2"]  # most severe first
    assert {a: i["threat_class"] for a, i in items.items()} == CLASSES
    assert {a: i["population"] for a, i in items.items()} == POPULATION
    assert {a: i["capacities"] for a, i in items.items()} == CAPACITIES
    assert {a: i["decided_class"] for a, i in items.items()} == {
        "A1": None,
        "A2": None,
        "A3": "yellow",
    }


def test_overview_counts_one_area_of_each_class(client: TestClient) -> None:
    overview = client.get("/api/snapshots/1/overview").json()
    # the model's classes, and the published status with the CLI's decision (A3 → yellow)
    assert overview["model_threat_counts"] == {"red": 1, "yellow": 1, "green": 1}
    assert overview["threat_counts"] == {"red": 0, "yellow": 2, "green": 1}
    figures = {f["key"]: f["value"] for f in overview["figures"]}
    assert figures["population"] == 6600


@pytest.mark.parametrize("area_id", sorted(POPULATION))
def test_area_detail_has_the_hand_computed_indicators(client: TestClient, area_id: str) -> None:
    detail = client.get(f"/api/snapshots/1/areas/{area_id}").json()
    values = {i["key"]: i["value"] for i in detail["indicators"]}
    assert values["population"] == POPULATION[area_id]
    assert values["listed_patients"] == LISTED[area_id]
    assert values["patients_per_filled_capacity"] == PER_FILLED[area_id]
    assert detail["threat_class"] == CLASSES[area_id]


def test_the_cli_decision_shows_with_its_rule_set(client: TestClient) -> None:
    (decision,) = client.get("/api/snapshots/1/decisions").json()
    assert (decision["area_id"], decision["model_class"], decision["decided_class"]) == (
        "A3",
        "red",
        "yellow",
    )
    assert decision["rules_name"] == DEFAULT_RULES_NAME
    assert decision["assessment_run_id"] == 1
    html = client.get("/truede?snapshot=1").text
    assert "Ny læge tiltræder 1. marts" in html and "Jammerbugt" in html
