"""The admin's Brugere page, through its real forms: add, set role, block, new password.

Each change is checked where it matters — the user can (or cannot) log in, a changed user's
session ends — and in the audit trail; each refusal is checked to store nothing.
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from access_users import PASSWORD, ensure_user, hidden_csrf, label_of, logged_in, login
from praksisplan.store import AccountStore, AuditLog, Store
from praksisplan.web.app import create_app

ADMIN = label_of("admin")


def _form(admin: TestClient, form_class: str, username: str | None = None) -> str:
    """The CSRF token of the page's form of ``form_class`` (in ``username``'s row)."""
    page = admin.get("/brugere").text
    start = page.index(f'data-user="{username}"') if username else 0
    return hidden_csrf(page[start:], form_class)


def _post(admin: TestClient, action: str, form_class: str, fields: dict[str, str],
          username: str | None = None) -> tuple[int, str]:  # fmt: skip
    token = _form(admin, form_class, username)
    admin.headers.pop("X-CSRF-Token", None)  # the form's own field, as a browser sends it
    response = admin.post(action, data={**fields, "csrf_token": token})
    admin.headers["X-CSRF-Token"] = token
    return response.status_code, response.text


def _can_log_in(url: str, username: str, password: str) -> bool:
    with TestClient(create_app(url)) as client:
        token = hidden_csrf(client.get("/login").text, "login-form")
        form = {"username": username, "password": password, "csrf_token": token}
        return client.post("/login", data=form, follow_redirects=False).status_code == 303


def _users_and_trail(url: str) -> tuple[list[tuple[str, str, bool]], int]:
    with Store(url) as store:
        users = [(u.username, u.role, u.disabled) for u in AccountStore(store).list_users()]
        return users, len(AuditLog(store).entries())


def _last_entry(url: str) -> tuple[str, str, str, object, object]:
    """The newest entry other than a login (the tests log in to check a change)."""
    with Store(url) as store:
        e = next(e for e in AuditLog(store).entries() if e.action not in ("login", "login_failed"))
    return e.action, e.actor_name, e.object_id, e.before, e.after


def test_the_page_lists_the_users_with_danish_roles(url: str) -> None:
    ensure_user(url, "municipality:849")
    with logged_in(url, "admin") as admin:
        page = admin.get("/brugere")
    assert page.status_code == 200
    assert "<h1>Brugere</h1>" in page.text
    row = page.text[page.text.index('data-user="test-municipality-849"') :]
    assert "Kommune 849 Jammerbugt" in row[: row.index("</tr>")]
    assert '<a href="/brugere">Brugere</a>' in page.text  # in the admin's user menu


def test_the_admin_adds_a_user_who_can_then_log_in(url: str) -> None:
    with logged_in(url, "admin") as admin:
        fields = {"username": "jens", "display_name": "Jens Hansen",
                  "role": "municipality:849", "password": "jens-kodeord-1"}  # fmt: skip
        status, page = _post(admin, "/brugere", "add-user-form", fields)
    assert status == 200 and "Ændringen for jens er gemt." in page
    assert _can_log_in(url, "jens", "jens-kodeord-1")
    with Store(url) as store:
        jens = AccountStore(store).get_user("jens")
        added = next(e for e in AuditLog(store).entries() if e.action == "user_added")
    assert (jens.display_name, jens.role) == ("Jens Hansen", "municipality:849")
    assert not jens.disabled
    assert (added.actor_name, added.object_id, added.after["role"]) == (ADMIN, "jens", jens.role)


def test_a_new_role_is_stored_audited_and_ends_the_users_session(url: str) -> None:
    with logged_in(url, "planner") as planner, logged_in(url, "admin") as admin:
        assert planner.get("/upload").status_code == 200
        status, _ = _post(admin, "/brugere/test-planner/rolle", "role-form",
                          {"role": "committee"}, "test-planner")  # fmt: skip
        assert status == 200
        assert planner.get("/upload").status_code == 401  # the session ended
    assert _last_entry(url)[:3] == ("user_changed", ADMIN, "test-planner")
    assert _last_entry(url)[3]["role"] == "planner"  # type: ignore[index]
    assert _last_entry(url)[4]["role"] == "committee"  # type: ignore[index]
    with TestClient(create_app(url)) as client:
        login(client, url, "planner")  # the same user logs in again, now as committee
        assert client.get("/upload").status_code == 403


def test_a_blocked_user_cannot_log_in_until_unblocked(url: str) -> None:
    username = ensure_user(url, "plo")
    with logged_in(url, "admin") as admin:
        status, page = _post(admin, f"/brugere/{username}/spaerring", "block-form",
                             {"handling": "spaer"}, username)  # fmt: skip
        assert status == 200
        row = page[page.index(f'data-user="{username}"') :]
        assert '<td class="status">spærret</td>' in row[: row.index("</tr>")]
        assert not _can_log_in(url, username, PASSWORD)
        _post(admin, f"/brugere/{username}/spaerring", "block-form", {"handling": "aktiver"},
              username)  # fmt: skip
    assert _can_log_in(url, username, PASSWORD)
    assert _last_entry(url)[4]["change"] == "aktiveret"  # type: ignore[index]


def test_a_new_password_replaces_the_old_one(url: str) -> None:
    username = ensure_user(url, "viewer")
    with logged_in(url, "admin") as admin:
        status, _ = _post(admin, f"/brugere/{username}/adgangskode", "password-reset-form",
                          {"password": "helt-nyt-kodeord"}, username)  # fmt: skip
    assert status == 200
    assert not _can_log_in(url, username, PASSWORD)
    assert _can_log_in(url, username, "helt-nyt-kodeord")
    assert _last_entry(url)[4]["change"] == "adgangskode"  # type: ignore[index]


REFUSED = {
    "short password": ("/brugere", "add-user-form", None,
                       {"username": "kort", "display_name": "K", "role": "viewer",
                        "password": "kort"}, "mindst 10 tegn"),
    "unknown role": ("/brugere/test-viewer/rolle", "role-form", "test-viewer",
                     {"role": "superbruger"}, "Ukendt rolle"),
    "taken user name": ("/brugere", "add-user-form", None,
                        {"username": "test-viewer", "display_name": "X", "role": "viewer",
                         "password": "langt-kodeord-1"}, "findes allerede"),
    "admin blocks self": ("/brugere/test-admin/spaerring", "block-form", None,
                          {"handling": "spaer"}, "Du kan ikke spærre dig selv"),
    "admin drops own role": ("/brugere/test-admin/rolle", "role-form", "test-admin",
                             {"role": "planner"}, "fratage dig selv rollen admin"),
    "unknown user": ("/brugere/ingen/adgangskode", "password-reset-form", "test-viewer",
                     {"password": "langt-kodeord-1"}, "findes ikke"),
}  # fmt: skip


def test_refused_changes_are_shown_in_danish_and_store_nothing(url: str) -> None:
    ensure_user(url, "viewer")
    with logged_in(url, "admin") as admin:
        for case, (action, form_class, row, fields, message) in REFUSED.items():
            before = _users_and_trail(url)
            status, page = _post(admin, action, form_class, fields, row)
            assert (status, message in page) == (400, True), case
            assert 'role="alert"' in page, case
            assert _users_and_trail(url) == before, case


def test_only_the_admin_may_change_users_and_only_with_the_token(url: str) -> None:
    fields = {"username": "jens", "display_name": "Jens", "role": "admin",
              "password": "jens-kodeord-1"}  # fmt: skip
    before = _users_and_trail(url)
    with logged_in(url, "planner") as planner:
        assert planner.post("/brugere", data=fields).status_code == 403
        assert planner.get("/brugere").status_code == 403
    with logged_in(url, "admin") as admin:
        admin.headers.pop("X-CSRF-Token")
        assert admin.post("/brugere", data=fields).status_code == 403  # no CSRF token
    users, entries = _users_and_trail(url)
    assert "jens" not in [u[0] for u in users]
    assert entries == before[1] + 2  # the two logins, nothing else
