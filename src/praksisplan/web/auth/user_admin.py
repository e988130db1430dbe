"""The admin's *Brugere* page: list the users, add one, set a role, block or unblock, and
set a new password — what ``praksisplan users`` does, in the browser.

Every change is a POST with the CSRF token (the access middleware checks it), is made with
its audit entry in one unit of work (``user_added`` / ``user_changed``, before and after as
the CLI records them) and ends the user's sessions. An admin cannot block themselves or take
away their own admin role (the region would be left without one at the next login). A
refused change is shown on the page in Danish and stores nothing.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from praksisplan.core.errors import PraksisplanError
from praksisplan.core.vocabulary import ROLE_LABELS, role_label
from praksisplan.store import AccountStore, PlanStore, Store, UserRecord
from praksisplan.web.auth.audit_trail import Audit, audited
from praksisplan.web.auth.passwords import hash_password
from praksisplan.web.auth.principal import Principal, current_user
from praksisplan.web.auth.routes import form_fields
from praksisplan.web.routers.pages import templates
from praksisplan.web.state import AppState, app_state

router = APIRouter(include_in_schema=False)
State = Annotated[AppState, Depends(app_state)]
User = Annotated[Principal, Depends(current_user)]

#: The block/unblock form's ``handling`` values.
BLOCK, UNBLOCK = "spaer", "aktiver"


def _municipality_names(store: Store) -> dict[str, str]:
    """Code → name of every municipality in the stored regions' newest snapshots."""
    plans = PlanStore(store)
    names: dict[str, str] = {}
    for region in sorted({s.region_code for s in store.list_snapshots()}):
        names.update(plans.municipality_names(region))
    return names


def _role_options(names: dict[str, str], users: list[UserRecord]) -> list[tuple[str, str]]:
    """(role, Danish label) for the role menus: the fixed roles, then every municipality."""
    roles = [*ROLE_LABELS, *(f"municipality:{code}" for code in sorted(names))]
    roles += sorted({u.role for u in users} - set(roles))  # a municipality not stored (yet)
    return [(role, role_label(role, names)) for role in roles]


def _page(request: Request, state: AppState, status: int = 200, **context: Any) -> HTMLResponse:
    users = AccountStore(state.store).list_users()
    names = _municipality_names(state.store)
    return templates.TemplateResponse(
        request, "users.html",
        {"request": request, "page": "brugere", "users": users, "names": names,
         "roles": _role_options(names, users), "role_label": role_label, **context},
        status_code=status,
    )  # fmt: skip


@router.get("/brugere", response_class=HTMLResponse)
def users_page(
    request: Request, state: State, gemt: Annotated[str, Query(max_length=64)] = ""
) -> Response:
    return _page(request, state, saved=gemt)


async def _refused(request: Request, state: AppState, message: str) -> HTMLResponse:
    return await run_in_threadpool(lambda: _page(request, state, 400, error=message))


async def _changed(
    request: Request, state: AppState, username: str, change: str, **values: Any
) -> Response:
    """Apply one change to ``username`` with its audit entry; the page again, or the refusal."""
    accounts = AccountStore(state.store)

    def write() -> tuple[UserRecord, UserRecord]:
        if "role" in values:
            return accounts.set_role(username, values["role"])
        if "password_hash" in values:
            return accounts.set_password(username, values["password_hash"])
        return accounts.set_disabled(username, values["disabled"])

    def entry(change_made: tuple[UserRecord, UserRecord]) -> Audit:
        before, after = change_made
        return Audit("user_changed", "user", username, before=before.summary(),
                     after=after.summary() | {"change": change})  # fmt: skip

    try:
        await run_in_threadpool(audited, request, write, entry)
    except PraksisplanError as refused:
        return await _refused(request, state, str(refused))
    return RedirectResponse(f"/brugere?gemt={quote(username)}#bruger-{quote(username)}", 303)


@router.post("/brugere")
async def add_user(request: Request, state: State) -> Response:
    form = await form_fields(request)
    username = form.get("username", "").strip().lower()
    display_name, role = form.get("display_name", "").strip(), form.get("role", "")
    accounts = AccountStore(state.store)
    try:
        password_hash = await run_in_threadpool(hash_password, form.get("password", ""))
        await run_in_threadpool(
            audited,
            request,
            lambda: accounts.add_user(username, display_name or username, role, password_hash),
            lambda user: Audit("user_added", "user", user.username, after=user.summary()),
        )
    except PraksisplanError as refused:
        return await _refused(request, state, str(refused))
    return RedirectResponse(f"/brugere?gemt={quote(username)}#bruger-{quote(username)}", 303)


@router.post("/brugere/{username}/rolle")
async def set_role(request: Request, state: State, username: str, user: User) -> Response:
    role = (await form_fields(request)).get("role", "")
    if username == user.username and role != "admin":
        return await _refused(request, state, "Du kan ikke fratage dig selv rollen admin.")
    return await _changed(request, state, username, "rolle", role=role)


@router.post("/brugere/{username}/spaerring")
async def block_user(request: Request, state: State, username: str, user: User) -> Response:
    action = (await form_fields(request)).get("handling", "")
    if action not in (BLOCK, UNBLOCK):
        return await _refused(request, state, "Vælg at spærre eller aktivere brugeren.")
    if username == user.username and action == BLOCK:
        return await _refused(request, state, "Du kan ikke spærre dig selv.")
    change = "spærret" if action == BLOCK else "aktiveret"
    return await _changed(request, state, username, change, disabled=action == BLOCK)


@router.post("/brugere/{username}/adgangskode")
async def reset_password(request: Request, state: State, username: str) -> Response:
    try:
        password_hash = await run_in_threadpool(
            hash_password, (await form_fields(request)).get("password", "")
        )
    except PraksisplanError as refused:
        return await _refused(request, state, str(refused))
    return await _changed(request, state, username, "adgangskode", password_hash=password_hash)
