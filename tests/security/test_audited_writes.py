"""Every write of the web app and the CLI commits together with its audit entry, or neither.

On real SQLite and real PostgreSQL: while the database refuses audit rows (a trigger), each
write through its real entry point — the forms and API over HTTP as a logged-in user, the
``praksisplan`` command — fails and stores nothing; without the trigger the same write is
stored with its entry.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from upload_zips import tiny_files, upload, zipped

from access_users import PASSWORD, hidden_csrf, login, username_of
from plan.plan_builders import PLANNER, consulted_plan
from praksisplan.cli.main import main
from praksisplan.core.dataset import Dataset
from praksisplan.store import AccountStore, AuditLog, PlanStore, ScenarioStore, Store
from praksisplan.store.account_tables import sessions
from praksisplan.web.app import create_app
from store.refusing_table import refusing_inserts

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def url(store_url: str, tiny_dataset: Dataset) -> str:
    """A store (SQLite and PostgreSQL) with the tiny dataset as snapshot 1 and a plan."""
    with Store(store_url) as store:
        store.load_dataset(tiny_dataset, source="tiny")
        PlanStore(store).add(consulted_plan(), PLANNER)
    return store_url


def _state(url: str) -> tuple[object, ...]:
    """Everything the writes below could change, read by a new connection."""
    with Store(url) as store:
        return (
            [(d.area_id, d.decided_by) for d in store.decisions(1)],
            [s.id for s in store.list_snapshots()],
            [s.name for s in ScenarioStore(store).list_scenarios()],
            [p.revision for p in PlanStore(store).list_plans()],
            [u.username for u in AccountStore(store).list_users()],
            len(AuditLog(store).entries()),
        )


def _decision_form(client: TestClient) -> int:
    body = "snapshot=1&area_id=A1&decided_class=red&reason=Ingen+ans%C3%B8gere"
    return client.post(
        "/truede/beslutning", content=body, headers=FORM, follow_redirects=False
    ).status_code


def _decision_api(client: TestClient) -> int:
    decision = {"area_id": "A2", "decided_class": "yellow", "reason": "Ny læge"}
    return client.post("/api/snapshots/1/decisions", json=decision).status_code


def _scenario(client: TestClient) -> int:
    return client.post("/api/scenarios", json={"snapshot_id": 1, "name": "luk P001"}).status_code


def _plan_section(client: TestClient) -> int:
    body = "key=ny&title=Nyt+afsnit&markdown=Tekst"
    return client.post(
        "/praksisplan/plan-2026/afsnit", content=body, headers=FORM, follow_redirects=False
    ).status_code


def _upload(client: TestClient) -> int:
    return upload(client, zipped(tiny_files()), "tiny-juli.zip")[0]


WRITES: dict[str, tuple[Callable[[TestClient], int], int]] = {
    "decision form": (_decision_form, 303),
    "decision API": (_decision_api, 201),
    "scenario": (_scenario, 201),
    "plan edit": (_plan_section, 303),
    "dataset upload": (_upload, 201),
}


@pytest.fixture
def planner(url: str) -> Iterator[TestClient]:
    with TestClient(create_app(url), raise_server_exceptions=False) as client:
        login(client, url, "planner")
        yield client


@pytest.mark.parametrize("write", WRITES)
def test_a_web_write_whose_audit_entry_is_refused_stores_nothing(
    planner: TestClient, url: str, write: str
) -> None:
    post, succeeded = WRITES[write]
    before = _state(url)
    with refusing_inserts(url, "audit_events"):
        assert post(planner) == 500
    assert _state(url) == before
    assert post(planner) == succeeded
    after = _state(url)
    assert after != before
    assert after[-1] == before[-1] + 1  # the write and exactly one entry with it


def test_a_login_whose_audit_entry_is_refused_opens_no_session(url: str) -> None:
    login(TestClient(create_app(url)), url, "committee")  # the user exists
    with TestClient(create_app(url), raise_server_exceptions=False) as client:
        form = {
            "username": username_of("committee"),
            "password": PASSWORD,
            "csrf_token": hidden_csrf(client.get("/login").text, "login-form"),
        }
        before = _sessions(url)
        with refusing_inserts(url, "audit_events"):
            assert client.post("/login", data=form, follow_redirects=False).status_code == 500
        assert _sessions(url) == before
        assert client.get("/konto", follow_redirects=False).status_code == 401


def _sessions(url: str) -> int:
    with Store(url) as store, store._reading() as connection:
        return int(connection.scalar(sa.select(sa.func.count()).select_from(sessions)) or 0)


def _cli(monkeypatch: pytest.MonkeyPatch, *args: str) -> int | str | None:
    monkeypatch.setattr(sys, "argv", ["praksisplan", *args])
    with pytest.raises(SystemExit) as done:
        main()
    return done.value.code


CLI_WRITES = {
    "decide": ["decide", "1", "A1", "--class", "red", "--reason", "Ingen", "--by", "Udvalget"],
    "scenario new": ["scenario", "new", "luk P001", "--snapshot", "1", "--by", "Planlægger"],
    "users add": ["users", "add", "jens", "planner", "--password", "hemmelig-kode"],
}


@pytest.mark.parametrize("command", CLI_WRITES)
def test_a_cli_write_whose_audit_entry_is_refused_stores_nothing(
    url: str, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    args = [*CLI_WRITES[command], "--db", url]
    before = _state(url)
    with refusing_inserts(url, "audit_events"):
        assert _cli(monkeypatch, *args) not in (0, None)
    assert _state(url) == before
    assert _cli(monkeypatch, *args) in (0, None)
    after = _state(url)
    assert after != before
    assert after[-1] == before[-1] + 1
