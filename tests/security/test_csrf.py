"""CSRF, cross-origin writes, API tokens, sessions, rate limit and headers, over HTTP.

Every refused write is checked to have stored nothing: no decision, no audit entry.
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from access_users import PASSWORD, api_token, ensure_user, hidden_csrf, login
from praksisplan.store import AccountStore, AuditLog, Store
from praksisplan.web.app import create_app
from praksisplan.web.auth import AuthSettings

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DECISION_FORM = "snapshot=1&area_id=A1&decided_class=red&reason=Ingen+ans%C3%B8gere"
DECISION_JSON = {"area_id": "A1", "decided_class": "red", "reason": "Ingen ansøgere"}


def _stored(url: str) -> tuple[int, int]:
    """(decisions, audit entries) in the store."""
    with Store(url) as store:
        return len(store.decisions(1)), len(AuditLog(store).entries())


def test_a_cross_origin_form_post_without_a_token_is_refused(url: str) -> None:
    with TestClient(create_app(url)) as client:
        login(client, url, "planner")
        client.headers.pop("X-CSRF-Token")  # what a foreign page's form sends: the cookie only
        before = _stored(url)
        refused = client.post("/truede/beslutning", content=DECISION_FORM, headers=FORM)
        assert refused.status_code == 403
        assert "CSRF" in refused.json()["detail"]
        assert _stored(url) == before


def test_a_foreign_origin_is_refused_even_with_the_token(url: str) -> None:
    with TestClient(create_app(url)) as client:
        token = login(client, url, "planner")
        before = _stored(url)
        refused = client.post(
            "/truede/beslutning",
            content=f"{DECISION_FORM}&csrf_token={token}",
            headers={**FORM, "Origin": "https://ond.example"},
        )
        assert refused.status_code == 403
        assert _stored(url) == before
        accepted = client.post(
            "/truede/beslutning", content=f"{DECISION_FORM}&csrf_token={token}",
            headers={**FORM, "Origin": "http://testserver"}, follow_redirects=False,
        )  # fmt: skip
        assert accepted.status_code == 303
        assert _stored(url)[0] == before[0] + 1


def test_a_json_post_without_the_token_is_refused(url: str) -> None:
    with TestClient(create_app(url)) as client:
        token = login(client, url, "planner")
        client.headers.pop("X-CSRF-Token")
        before = _stored(url)
        assert client.post("/api/snapshots/1/decisions", json=DECISION_JSON).status_code == 403
        wrong = client.post(
            "/api/snapshots/1/decisions", json=DECISION_JSON, headers={"X-CSRF-Token": "x" * 43}
        )
        assert wrong.status_code == 403
        assert _stored(url) == before
        ok = client.post(
            "/api/snapshots/1/decisions", json=DECISION_JSON, headers={"X-CSRF-Token": token}
        )
        assert ok.status_code == 201
        assert ok.json()["decided_by"] == "Test planner (test-planner)"


def test_a_typed_decision_maker_is_refused(url: str) -> None:
    with TestClient(create_app(url)) as client:
        login(client, url, "planner")
        typed = client.post(
            "/api/snapshots/1/decisions", json={**DECISION_JSON, "decided_by": "Formanden"}
        )
        assert typed.status_code == 422


def test_the_login_form_needs_its_own_token(url: str) -> None:
    username = ensure_user(url, "planner")
    with TestClient(create_app(url)) as client:
        client.get("/login")
        forged = client.post(
            "/login", data={"username": username, "password": PASSWORD}, follow_redirects=False
        )
        assert forged.status_code == 403
        assert "praksisplan_session" not in client.cookies


def test_an_api_token_writes_without_csrf_and_stops_when_revoked(url: str) -> None:
    token = api_token(url, "planner")
    with TestClient(create_app(url)) as client:
        auth = {"Authorization": f"Bearer {token}"}
        created = client.post("/api/snapshots/1/decisions", json=DECISION_JSON, headers=auth)
        assert created.status_code == 201
        with Store(url) as store:
            AccountStore(store).revoke_token(1)
        assert client.get("/api/snapshots", headers=auth).status_code == 401


def test_a_viewer_token_may_not_write(url: str) -> None:
    token = api_token(url, "viewer")
    with TestClient(create_app(url)) as client:
        auth = {"Authorization": f"Bearer {token}"}
        assert client.get("/api/snapshots", headers=auth).status_code == 200
        refused = client.post("/api/snapshots/1/decisions", json=DECISION_JSON, headers=auth)
        assert refused.status_code == 403


def test_an_idle_session_ends(url: str) -> None:
    with TestClient(create_app(url, AuthSettings(idle_minutes=0))) as client:
        login_page = client.get("/login")
        username = ensure_user(url, "planner")
        client.post(
            "/login",
            data={"username": username, "password": PASSWORD,
                  "csrf_token": hidden_csrf(login_page.text, "login-form")},
            follow_redirects=False,
        )  # fmt: skip
        assert client.get("/api/snapshots").status_code == 401


def test_failed_logins_are_rate_limited_per_account(url: str) -> None:
    username = ensure_user(url, "planner")
    with TestClient(create_app(url)) as client:
        token = hidden_csrf(client.get("/login").text, "login-form")
        for _ in range(5):
            wrong = {"username": username, "password": "forkert-kode", "csrf_token": token}
            assert client.post("/login", data=wrong).status_code == 400
        right = {"username": username, "password": PASSWORD, "csrf_token": token}
        blocked = client.post("/login", data=right, follow_redirects=False)
        assert blocked.status_code == 429
        assert "For mange mislykkede forsøg" in blocked.text


def test_the_public_view_opens_only_the_aggregated_figures(url: str) -> None:
    with TestClient(create_app(url, AuthSettings(public_view=True))) as client:
        assert client.get("/api/snapshots/1/overview").status_code == 200
        assert client.get("/api/snapshots/1/practices").status_code == 401
        assert client.post("/api/snapshots/1/decisions", json=DECISION_JSON).status_code == 401
    with TestClient(create_app(url)) as closed:
        assert closed.get("/api/snapshots/1/overview").status_code == 401


def test_security_headers_size_limit_and_danish_error_pages(url: str) -> None:
    with TestClient(create_app(url)) as client:
        login(client, url, "planner")
        page = client.get("/overblik")
        csp = page.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert page.headers["x-content-type-options"] == "nosniff"
        assert page.headers["referrer-policy"] == "same-origin"
        assert page.headers["x-frame-options"] == "DENY"
        before = _stored(url)
        huge = client.post(
            "/truede/beslutning", content=DECISION_FORM + "&x=" + "a" * 1_000_001, headers=FORM
        )
        assert huge.status_code == 413
        assert _stored(url) == before
        missing = client.get("/omraade/NOPE", headers={"Accept": "text/html"})
        assert missing.status_code == 404
        assert "Siden findes ikke" in missing.text and "Traceback" not in missing.text
