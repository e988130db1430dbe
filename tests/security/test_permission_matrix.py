"""The permission matrix: every route of the app for every role, against docs/security.md.

The table printed in ``docs/security.md`` is the statement of who may do what; this test
reads it and checks that (1) it lists exactly the app's routes, (2) it says what the code's
matrix says, and (3) the running app behaves that way for a real logged-in user of every role
— allowed means the request is not refused (no 401/403), refused means 403 (401 or a redirect
to the login page when not logged in); a HEAD of every GET route gets the GET's status
without a body (one rule per route covers both). A route added without a rule fails (1).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from access_users import hidden_csrf, login
from praksisplan.web.app import create_app
from praksisplan.web.auth.matrix import ROLES, ROUTES
from praksisplan.web.auth.route_table import route_templates

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"
#: A value for every path parameter of the app, existing in the fixture store.
PARAMETERS = {
    "snapshot_id": "1", "area_id": "A1", "provider_number": "P001", "fmt": "csv",
    "layer": "areas", "key": "plan-2026", "number": "1", "scenario_id": "1",
    "job_id": "ingen-beregning", "username": "ingen-bruger", "collection_id": "practices",
    "feature_id": "P001", "code": "849", "mark": "foretrukket",
}  # fmt: skip
#: The municipality user (849, Jammerbugt) asks for its own area and practice: another
#: municipality's detail is refused by its scope, not by the route's rule (test_scope.py).
OWN_MUNICIPALITY = {"area_id": "A3", "provider_number": "P005"}
#: Routes walked last per role, because they end the session.
ENDS_SESSION = ("POST /logout",)


def documented_matrix() -> dict[str, dict[str, bool]]:
    rows: dict[str, dict[str, bool]] = {}
    header: list[str] = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[:2] == ["route", "rule"]:
            header = cells[2:]
        elif header and not line.startswith("|"):
            break  # the end of the matrix
        elif header and line.startswith("| `"):
            rows[cells[0].strip("`")] = {
                role: mark == "✓" for role, mark in zip(header, cells[2:], strict=True)
            }
    assert header == list(ROLES), "the documented matrix has a column per role"
    return rows


def _path(template: str, role: str) -> str:
    if template == "/static":
        return "/static/ingen-fil.css"
    values = {**PARAMETERS, **OWN_MUNICIPALITY} if role == "municipality" else PARAMETERS
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], template)


def _role_user(role: str) -> str:
    return "municipality:849" if role == "municipality" else role


def test_the_documented_matrix_lists_exactly_the_apps_routes(url: str) -> None:
    app_routes = {t.key for t in route_templates(create_app(url))}
    documented = documented_matrix()
    assert app_routes - set(ROUTES) == set(), "routes without a rule in web/auth/matrix.py"
    assert set(ROUTES) - app_routes == set(), "rules for routes the app does not have"
    assert set(documented) == app_routes


def test_the_code_matrix_says_what_the_document_says() -> None:
    documented = documented_matrix()
    for key, rule in ROUTES.items():
        assert {r: rule.allows(_role_user(r)) for r in ROLES} == documented[key], key


def _walk(client: TestClient, role: str) -> dict[str, int]:
    statuses = {}
    keys = sorted(ROUTES, key=lambda k: k in ENDS_SESSION)
    for key in keys:
        method, template = key.split(" ", 1)
        body = b""
        if key == "POST /login":  # the login form's own CSRF token, from the form
            body = f"csrf_token={hidden_csrf(client.get('/login').text, 'login-form')}".encode()
        response = client.request(
            method,
            _path(template, role),
            content=body if method == "POST" else None,
            headers={"Content-Type": "application/x-www-form-urlencoded"}
            if method == "POST"
            else {},
            follow_redirects=False,
        )
        statuses[key] = response.status_code
        if method == "GET":  # HEAD meets the GET route's rule: the same answer, no body
            head = client.head(_path(template, role), follow_redirects=False)
            assert head.content == b"", key
            statuses[f"HEAD {template}"] = head.status_code
    return statuses


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_every_role_as_the_matrix_says(url: str, role: str) -> None:
    documented = documented_matrix()
    with TestClient(create_app(url)) as client:
        if role != "anonymous":
            login(client, url, _role_user(role))
        statuses = _walk(client, role)
    for key, status in statuses.items():
        if key.startswith("HEAD "):
            assert status == statuses[f"GET {key[5:]}"], (key, role, status)
            continue
        allowed = documented[key][role]
        if allowed:
            assert status not in (401, 403), (key, role, status)
        elif role == "anonymous":
            assert status == 401, (key, status)
        else:
            assert status == 403, (key, role, status)


def test_an_anonymous_page_visit_is_sent_to_the_login(url: str) -> None:
    with TestClient(create_app(url)) as client:
        page = client.get("/truede", headers={"Accept": "text/html"}, follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=%2Ftruede"
