"""The committee's comments and marks on a scenario are audited with the logged-in user, in
the same transaction as the write (real SQLite and PostgreSQL, over HTTP)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from access_users import label_of, login
from praksisplan.core.dataset import Dataset
from praksisplan.store import AuditLog, ScenarioReview, ScenarioStore, Store
from praksisplan.web.app import create_app
from store.refusing_table import refusing_inserts

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def url(store_url: str, tiny_dataset: Dataset) -> str:
    """A store with the tiny dataset (snapshot 1) and the scenario 'luk P001' (id 1)."""
    with Store(store_url) as store:
        store.load_dataset(tiny_dataset, source="tiny")
        ScenarioStore(store).create(1, "luk P001", "Planlægger")
    return store_url


def _form(client: TestClient, path: str, body: str) -> int:
    return client.post(path, content=body, headers=FORM, follow_redirects=False).status_code


def test_comments_and_marks_are_audited_with_the_logged_in_user(url: str) -> None:
    committee, planner = label_of("committee"), label_of("planner")
    with TestClient(create_app(url)) as client:
        login(client, url, "committee")
        assert _form(client, "/scenarier/1/kommentar", "text=For+dyrt&area_id=A1") == 303
        assert _form(client, "/scenarier/1/markering", "mark=forbehold") == 303
        assert _form(client, "/scenarier/1/markering/fjern", "mark=forbehold") == 303
        login(client, url, "planner")
        assert client.post("/api/scenarios/1/comments", json={"text": "Svar"}).status_code == 201
        assert client.post("/api/scenarios/1/marks", json={"mark": "droeftelse"}).status_code == 201
        assert client.delete("/api/scenarios/1/marks/droeftelse").status_code == 204
    with Store(url) as store:
        entries = [e for e in reversed(AuditLog(store).entries()) if e.action != "login"]
    trail = [(e.action, e.actor_name, e.actor_role, e.object_kind, e.object_id) for e in entries]
    assert trail == [
        ("scenario_commented", committee, "committee", "scenario", "1"),
        ("scenario_marked", committee, "committee", "scenario", "1"),
        ("scenario_unmarked", committee, "committee", "scenario", "1"),
        ("scenario_commented", planner, "planner", "scenario", "1"),
        ("scenario_marked", planner, "planner", "scenario", "1"),
        ("scenario_unmarked", planner, "planner", "scenario", "1"),
    ]  # fmt: skip
    assert entries[0].after == {"comment": 1, "text": "For dyrt", "area_id": "A1"}
    assert entries[1].after == {"mark": "forbehold"}
    assert entries[2].before["mark"] == "forbehold"


def _stored(url: str) -> tuple[int, int, int]:
    with Store(url) as store:
        review = ScenarioReview(store)
        return len(review.comments(1)), len(review.marks(1)), len(AuditLog(store).entries())


def test_a_comment_or_mark_whose_audit_entry_is_refused_stores_nothing(url: str) -> None:
    with TestClient(create_app(url), raise_server_exceptions=False) as client:
        login(client, url, "committee")
        writes = [
            lambda: _form(client, "/scenarier/1/kommentar", "text=Hej"),
            lambda: _form(client, "/scenarier/1/markering", "mark=foretrukket"),
            lambda: client.post("/api/scenarios/1/comments", json={"text": "Hej"}).status_code,
            lambda: client.post("/api/scenarios/1/marks", json={"mark": "forbehold"}).status_code,
        ]
        for write in writes:
            before = _stored(url)
            with refusing_inserts(url, "audit_events"):
                assert write() == 500
            assert _stored(url) == before
        assert client.post("/api/scenarios/1/marks", json={"mark": "droeftelse"}).status_code == 201
        before = _stored(url)
        with refusing_inserts(url, "audit_events"):
            assert client.delete("/api/scenarios/1/marks/droeftelse").status_code == 500
        assert _stored(url) == before
