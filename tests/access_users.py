"""Logging test clients in: users of every role and a login through the real login form.

Shared by the web, plan, optimise and access tests, so every app test runs with the login
required (the default) and acts as a real user of a given role.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi.testclient import TestClient
from playwright.sync_api import Page

from praksisplan.store import AccountStore, Store
from praksisplan.web.app import create_app
from praksisplan.web.auth.passwords import digest, hash_password, new_secret

PASSWORD = "korrekt-hest-batteri"
_HIDDEN_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def username_of(role: str) -> str:
    return "test-" + role.replace(":", "-")


def ensure_user(store_url: str, role: str, password: str = PASSWORD) -> str:
    """A user of ``role`` in the store (created once); their user name."""
    username = username_of(role)
    with Store(store_url) as store:
        accounts = AccountStore(store)
        if accounts.credentials(username) is None:
            accounts.add_user(username, f"Test {role}", role, hash_password(password))
    return username


def hidden_csrf(html: str, form_class: str | None = None) -> str:
    """The CSRF token of the page's first form (of the form with class ``form_class``)."""
    start = html.index(f'class="{form_class}"') if form_class else 0
    found = _HIDDEN_CSRF.search(html, start)
    assert found, "the page has no CSRF field"
    return found.group(1)


def login(client: TestClient, store_url: str, role: str) -> str:
    """Log ``client`` in as a user of ``role`` through the login form; the CSRF token.

    The token is also set as the client's ``X-CSRF-Token`` header, so the test's own
    form and JSON posts pass the CSRF check as the app's pages do.
    """
    client.headers.pop("X-CSRF-Token", None)
    username = ensure_user(store_url, role)
    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "username": username,
            "password": PASSWORD,
            "csrf_token": hidden_csrf(page.text, "login-form"),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    token = hidden_csrf(client.get("/konto").text)
    client.headers["X-CSRF-Token"] = token
    return token


@contextmanager
def logged_in(store_url: str, role: str = "planner") -> Iterator[TestClient]:
    """A test client of the app over ``store_url``, logged in as a user of ``role``."""
    with TestClient(create_app(store_url)) as client:
        login(client, store_url, role)
        yield client


def api_token(store_url: str, role: str) -> str:
    """A new API token of a user of ``role`` (for schemathesis and scripts)."""
    username = ensure_user(store_url, role)
    secret = new_secret()
    with Store(store_url) as store:
        AccountStore(store).add_token(username, digest(secret), "test")
    return secret


def browser_login(page: Page, base_url: str, store_url: str, role: str) -> None:
    """Log the browser page in through the login form as a user of ``role``."""
    username = ensure_user(store_url, role)
    page.goto(f"{base_url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click(".login-form button[type=submit]")
    page.wait_for_selector(".user-menu .user-name")


def label_of(role: str) -> str:
    """How the app names the test user of ``role`` in decisions, plan edits and the trail."""
    return f"Test {role} ({username_of(role)})"
