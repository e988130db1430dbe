"""The login rate limit is counted in the store: two app instances, and two processes, share it.

On real SQLite and real PostgreSQL. Five failed logins of an account — spread over two app
instances, or made partly by another process — block the account on every instance, even
with the right password; failures older than the window are forgotten. Five failures from
one address block every account from that address (not from another), and the session
cookie is HttpOnly and SameSite=Lax, and Secure over HTTPS.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from fastapi.testclient import TestClient

from access_users import PASSWORD, ensure_user, hidden_csrf
from praksisplan.store import AccountStore, Store
from praksisplan.web.app import create_app
from praksisplan.web.auth.ratelimit import MAX_FAILURES, WINDOW_S


def _log_in(client: TestClient, username: str, password: str) -> int:
    token = hidden_csrf(client.get("/login").text, "login-form")
    form = {"username": username, "password": password, "csrf_token": token}
    return client.post("/login", data=form, follow_redirects=False).status_code


def test_two_app_instances_share_the_failed_logins(store_url: str) -> None:
    username = ensure_user(store_url, "planner")
    with TestClient(create_app(store_url)) as one, TestClient(create_app(store_url)) as two:
        for client in (one, two, one, two, two):  # 2 + 3: neither instance saw 5 by itself
            assert _log_in(client, username, "forkert-kode") == 400
        assert _log_in(one, username, PASSWORD) == 429
        assert _log_in(two, username, PASSWORD) == 429


_OTHER_PROCESS = textwrap.dedent(
    """
    import sys
    from fastapi.testclient import TestClient
    from access_users import hidden_csrf
    from praksisplan.web.app import create_app

    url, username, failures = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with TestClient(create_app(url)) as client:
        for _ in range(failures):
            token = hidden_csrf(client.get("/login").text, "login-form")
            form = {"username": username, "password": "forkert-kode", "csrf_token": token}
            assert client.post("/login", data=form).status_code == 400
    """
)


def test_failed_logins_in_another_process_count_here(store_url: str) -> None:
    username = ensure_user(store_url, "committee")
    tests_dir = str(Path(__file__).resolve().parents[1])
    with TestClient(create_app(store_url)) as here:
        assert _log_in(here, username, "forkert-kode") == 400
        subprocess.run(
            [sys.executable, "-c", _OTHER_PROCESS, store_url, username, str(MAX_FAILURES - 1)],
            check=True,
            timeout=300,
            env={**os.environ, "PYTHONPATH": tests_dir},
        )
        assert _log_in(here, username, PASSWORD) == 429


def test_failures_older_than_the_window_are_forgotten(store_url: str) -> None:
    window = dt.timedelta(seconds=WINDOW_S)
    now = dt.datetime.now(dt.UTC)
    keys = ["user:jens", "addr:10.0.0.1"]
    with Store(store_url) as store:
        accounts = AccountStore(store)
        for minutes in (20, 16):  # outside the window
            at = now - dt.timedelta(minutes=minutes)
            accounts.add_login_failure(keys, at, at - window)
        assert accounts.login_failure_counts(keys, now - window) == dict.fromkeys(keys, 0)
        accounts.add_login_failure(keys, now, now - window)  # also drops the old rows
        assert accounts.login_failure_counts(keys, now - 2 * window) == dict.fromkeys(keys, 1)
        accounts.clear_login_failures("user:jens")
        counts = accounts.login_failure_counts(keys, now - window)
        assert counts == {"user:jens": 0, "addr:10.0.0.1": 1}


def test_failed_logins_from_one_address_block_every_account_from_it(store_url: str) -> None:
    """Five failures spread over five accounts block the address: a sixth account, with its
    right password, is refused from it; the same account from another address is not."""
    victim = ensure_user(store_url, "planner")
    with TestClient(create_app(store_url)) as client:
        for n in range(MAX_FAILURES):
            assert _log_in(client, f"ukendt-{n}", "forkert-kode") == 400
        assert _log_in(client, victim, PASSWORD) == 429
    with TestClient(create_app(store_url), client=("192.0.2.7", 50000)) as elsewhere:
        assert _log_in(elsewhere, victim, PASSWORD) == 303


def test_the_session_cookie_is_secure_only_over_https(store_url: str) -> None:
    """HttpOnly and SameSite=Lax always; Secure when the request came over HTTPS."""
    username = ensure_user(store_url, "planner")
    for base, secure in (("http://testserver", False), ("https://testserver", True)):
        with TestClient(create_app(store_url), base_url=base) as client:
            token = hidden_csrf(client.get("/login").text, "login-form")
            form = {"username": username, "password": PASSWORD, "csrf_token": token}
            answer = client.post("/login", data=form, follow_redirects=False)
        assert answer.status_code == 303
        (cookie,) = [c for c in answer.headers.get_list("set-cookie")
                     if c.startswith("praksisplan_session=")]  # fmt: skip
        flags = {part.strip().lower() for part in cookie.split(";")[1:]}
        assert {"httponly", "samesite=lax"} <= flags
        assert ("secure" in flags) is secure, base
