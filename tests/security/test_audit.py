"""The audit trail: every kind of write appended with the right user; it cannot be changed.

Writes go through the user's entry points — the web forms and API over HTTP as logged-in
users, the ``praksisplan`` command via ``cli.main()`` — and the trail is read back from the
store and through the admin's Revision page and its XLSX export.
"""

from __future__ import annotations

import getpass
import io
import sys

import openpyxl
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from access_users import PASSWORD, hidden_csrf, label_of, login, username_of
from praksisplan.cli.main import main
from praksisplan.core.dataset import Dataset
from praksisplan.store import AuditLog, Store
from praksisplan.web.app import create_app

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
TINY = "tests/fixtures/tiny"


def _cli(monkeypatch: pytest.MonkeyPatch, *args: str) -> None:
    monkeypatch.setattr(sys, "argv", ["praksisplan", *args])
    with pytest.raises(SystemExit) as done:
        main()
    assert done.value.code in (0, None)


def _trail(url: str) -> list[tuple[str, str, str, str]]:
    """(action, actor, role, object) of every entry, oldest first."""
    with Store(url) as store:
        entries = AuditLog(store).entries()
    return [(e.action, e.actor_name, e.actor_role, e.object_id) for e in reversed(entries)]


def test_every_web_write_is_audited_with_the_logged_in_user(url: str) -> None:
    planner, kommune = label_of("planner"), label_of("municipality:849")
    with TestClient(create_app(url)) as client:
        login(client, url, "planner")  # creates the user, then logs in
        token = hidden_csrf(client.get("/login").text, "login-form")
        wrong = {"username": username_of("planner"), "password": "forkert", "csrf_token": token}
        assert client.post("/login", data=wrong).status_code == 400
        login(client, url, "planner")
        decision = "snapshot=1&area_id=A1&decided_class=red&reason=Ingen+ans%C3%B8gere"
        assert client.post("/truede/beslutning", content=decision, headers=FORM).status_code == 200
        api = {"area_id": "A2", "decided_class": "yellow", "reason": "Ny læge"}
        assert client.post("/api/snapshots/1/decisions", json=api).status_code == 201
        assert (
            client.get("/fordeling?snapshot=1&capacities=1&existing=true&towns=true").status_code
            == 200
        )
        scenario = client.post("/api/scenarios", json={"snapshot_id": 1, "name": "luk P001"})
        assert scenario.status_code == 201
        close = {
            "table": "practices",
            "key": "P001",
            "op": "update",
            "values": {"status": "closed"},
        }
        assert client.post("/api/scenarios/1/edits", json=[close]).status_code == 200
        assert client.put("/api/scenarios/1/status", json={"status": "forslag"}).status_code == 200
        assert client.post("/api/scenarios/1/undo").status_code == 200
        assert client.delete("/api/scenarios/1").status_code == 204
        login(client, url, "municipality:849")
        wish = "municipality_code=849&theme=%C3%98er&text=Mere"
        assert client.post("/praksisplan/plan-2026/oenske", content=wish, headers=FORM).is_success
        change = f"current={PASSWORD}&new=nyt-kodeord-123&repeat=nyt-kodeord-123"
        assert client.post("/konto/adgangskode", content=change, headers=FORM).is_success
    trail = _trail(url)
    assert [t for t in trail if t[0] != "login"] == [
        ("login_failed", "anonym (test-planner)", "anonymous", "test-planner"),
        ("decision_recorded", planner, "planner", "1/A1"),
        ("decision_recorded", planner, "planner", "1/A2"),
        ("allocation_run", planner, "planner", "1"),
        ("scenario_created", planner, "planner", "1"),
        ("scenario_edited", planner, "planner", "1"),
        ("scenario_status", planner, "planner", "1"),
        ("scenario_edit_undone", planner, "planner", "1"),
        ("scenario_deleted", planner, "planner", "1"),
        ("plan_edit", kommune, "municipality:849", "plan-2026"),
        ("user_changed", kommune, "municipality:849", "test-municipality-849"),
    ]
    logins = [t for t in trail if t[0] == "login"]
    assert [t[1] for t in logins] == [planner, planner, kommune]
    with Store(url) as store:
        recorded = store.decisions(1)
    assert {d.decided_by for d in recorded} == {planner}


def test_logout_is_audited(url: str) -> None:
    with TestClient(create_app(url)) as client:
        login(client, url, "committee")
        assert client.post("/logout", follow_redirects=False).status_code == 303
        assert client.get("/api/snapshots").status_code == 401
    assert _trail(url)[-1] == ("logout", label_of("committee"), "committee", "test-committee")


def test_every_cli_write_is_audited_as_the_terminal_user(
    url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    me = f"cli:{getpass.getuser()}"
    db = ["--db", url]
    _cli(monkeypatch, "users", "add", "jens", "planner", "--password", "hemmelig-kode", *db)
    _cli(monkeypatch, "users", "set-role", "jens", "committee", *db)
    _cli(monkeypatch, "users", "reset-password", "jens", "--password", "ny-hemmelig-kode", *db)
    _cli(monkeypatch, "users", "disable", "jens", *db)
    _cli(monkeypatch, "users", "token", "jens", *db)
    _cli(monkeypatch, "users", "token", "jens", "--revoke", "1", *db)
    _cli(monkeypatch, "assess", "snapshot:1", *db)
    _cli(monkeypatch, "decide", "1", "A1", "--class", "red", "--reason", "Ingen ansøgere",
         "--by", "Udvalget", *db)  # fmt: skip
    scenario = ["scenario"]
    _cli(monkeypatch, *scenario, "new", "luk P001", "--snapshot", "1", "--by", "Planlægger", *db)
    _cli(monkeypatch, *scenario, "edit", "luk P001", "--close", "P001", "--by", "Planlægger", *db)
    _cli(monkeypatch, *scenario, "status", "luk P001", "forslag", *db)
    _cli(monkeypatch, *scenario, "undo", "luk P001", *db)
    _cli(monkeypatch, *scenario, "comment", "luk P001", "Øerne?", "--by", "Udvalget", *db)
    _cli(monkeypatch, *scenario, "mark", "luk P001", "forbehold", "--by", "Udvalget", *db)
    _cli(monkeypatch, *scenario, "unmark", "luk P001", "forbehold", *db)
    _cli(monkeypatch, *scenario, "rebase", "luk P001", "--snapshot", "1", "--as", "kopi",
         "--by", "Planlægger", *db)  # fmt: skip
    _cli(monkeypatch, *scenario, "delete", "kopi", *db)
    _cli(monkeypatch, "plan", "copy", "plan-2026", "plan-2030", "--title", "Ny plan",
         "--period", "2030-2033", *db)  # fmt: skip
    assert _trail(url) == [
        ("user_added", me, "admin", "jens"),
        ("user_changed", me, "admin", "jens"),
        ("user_changed", me, "admin", "jens"),
        ("user_changed", me, "admin", "jens"),
        ("token_added", me, "admin", "1"),
        ("token_revoked", me, "admin", "1"),
        ("assessment_run", me, "admin", "1"),
        ("decision_recorded", me, "admin", "1/A1"),
        ("scenario_created", me, "admin", "1"),
        ("scenario_edited", me, "admin", "1"),
        ("scenario_status", me, "admin", "1"),
        ("scenario_edit_undone", me, "admin", "1"),
        ("scenario_commented", me, "admin", "1"),
        ("scenario_marked", me, "admin", "1"),
        ("scenario_unmarked", me, "admin", "1"),
        ("scenario_created", me, "admin", "2"),
        ("scenario_deleted", me, "admin", "kopi"),
        ("plan_added", me, "admin", "plan-2030"),
    ]
    with Store(url) as store:
        role_change = [e for e in AuditLog(store).entries() if e.action == "user_changed"][-1]
    assert role_change.before["role"] == "planner" and role_change.after["role"] == "committee"


def test_loading_from_the_cli_is_audited(
    store_url: str, monkeypatch: pytest.MonkeyPatch, tiny_dataset: Dataset
) -> None:
    _cli(monkeypatch, "load", TINY, "--db", store_url)
    assert _trail(store_url) == [("snapshot_loaded", f"cli:{getpass.getuser()}", "admin", "1")]


def test_the_trail_refuses_update_and_delete_in_the_database(store_url: str) -> None:
    with Store(store_url) as store:
        AuditLog(store).append("a", "admin", "login", "user", "a")
    engine = sa.create_engine(store_url.replace("postgresql://", "postgresql+psycopg://"))
    for statement in ("UPDATE audit_events SET actor_name = 'b'", "DELETE FROM audit_events"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"), engine.begin() as c:
            c.execute(sa.text(statement))
    engine.dispose()
    assert _trail(store_url) == [("login", "a", "admin", "a")]


def test_the_revision_page_filters_and_exports(url: str) -> None:
    with TestClient(create_app(url)) as client:
        login(client, url, "planner")
        client.post("/api/snapshots/1/decisions",
                    json={"area_id": "A1", "decided_class": "red", "reason": "Ingen"})  # fmt: skip
        assert client.get("/revision").status_code == 403
        login(client, url, "admin")
        page = client.get("/revision?action=decision_recorded")
        assert page.status_code == 200
        assert page.text.count("data-audit=") == 1 and label_of("planner") in page.text
        sheet = client.get("/revision/eksport.xlsx?action=login")
    rows = list(openpyxl.load_workbook(io.BytesIO(sheet.content)).active.values)
    assert rows[0][:5] == ("id", "tidspunkt (UTC)", "bruger", "rolle", "handling")
    assert [(r[2], r[4]) for r in rows[1:]] == [
        (label_of("admin"), "login"), (label_of("planner"), "login"),
    ]  # fmt: skip
