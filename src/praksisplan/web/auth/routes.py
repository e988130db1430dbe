"""Login, logout, the user's own account, and the admin's *Revision* page (the audit trail)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from openpyxl import Workbook
from starlette.concurrency import run_in_threadpool

from praksisplan.core.errors import PraksisplanError
from praksisplan.store import AccountStore, AuditLog
from praksisplan.store.audit import AUDIT_ACTIONS, AuditFilter, AuditRecord
from praksisplan.web.auth.audit_trail import Audit, audited_async, record_async
from praksisplan.web.auth.passwords import digest, hash_password, new_secret, verify_password
from praksisplan.web.auth.principal import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    Principal,
    client_address,
    current_user,
)
from praksisplan.web.auth.ratelimit import LoginLimiter
from praksisplan.web.routers.pages import templates
from praksisplan.web.state import AppState, app_state

router = APIRouter(include_in_schema=False)
State = Annotated[AppState, Depends(app_state)]
User = Annotated[Principal, Depends(current_user)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def form_fields(request: Request) -> dict[str, str]:
    """A URL-encoded form's fields (the last value of each)."""
    body = (await request.body()).decode("utf-8", errors="replace")
    return {k: v[-1] for k, v in parse_qs(body, keep_blank_values=True).items()}


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/overblik"


def _login_page(request: Request, next_: str, error: str | None, status: int = 200) -> Response:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or new_secret()
    response = templates.TemplateResponse(
        request, "login.html",
        {"request": request, "page": "login", "next": _safe_next(next_), "error": error,
         "login_csrf": token},
        status_code=status,
    )  # fmt: skip
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
        secure=request.url.scheme == "https",
    )  # fmt: skip
    return response


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: Annotated[str, Query(max_length=500)] = "/") -> Response:
    return _login_page(request, next, None)


def _limiter(request: Request) -> LoginLimiter:
    limiter: LoginLimiter = request.app.state.login_limiter
    return limiter


@router.post("/login")
async def login(request: Request, state: State) -> Response:
    form = await form_fields(request)
    username, password = form.get("username", "").strip().lower(), form.get("password", "")
    address = client_address(request)
    limiter = _limiter(request)
    accounts = AccountStore(state.store)
    if await run_in_threadpool(limiter.blocked, username, address):
        refused = Principal(username, username, "anonymous")
        await record_async(
            request, Audit("login_failed", "user", username, after="spærret"), user=refused
        )
        message = "For mange mislykkede forsøg. Vent et kvarter, og prøv igen."
        return _login_page(request, form.get("next", "/"), message, 429)
    found = await run_in_threadpool(accounts.credentials, username)
    user, password_hash = found if found else (None, None)
    ok = await run_in_threadpool(verify_password, password_hash, password)
    if user is None or not ok or user.disabled:
        refused = Principal(username, username, "anonymous")
        await audited_async(
            request,
            lambda: limiter.failed(username, address),
            lambda _: Audit("login_failed", "user", username),
            user=refused,
        )
        message = "Forkert brugernavn eller adgangskode (eller brugeren er spærret)."
        return _login_page(request, form.get("next", "/"), message, 400)
    session_id, csrf = new_secret(), new_secret()
    principal = Principal(user.username, user.display_name, user.role, csrf)

    def open_session() -> None:
        limiter.succeeded(username)
        accounts.open_session(user.id, digest(session_id), csrf)

    await audited_async(
        request,
        open_session,
        lambda _: Audit("login", "user", username),
        user=principal,
    )
    response = RedirectResponse(_safe_next(form.get("next", "/")), status_code=303)
    response.set_cookie(
        SESSION_COOKIE, session_id, httponly=True, samesite="lax",
        secure=request.url.scheme == "https",
    )  # fmt: skip
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout")
async def logout(request: Request, state: State, user: User) -> Response:
    session_id = request.cookies.get(SESSION_COOKIE, "")
    await audited_async(
        request,
        lambda: AccountStore(state.store).close_session(digest(session_id)),
        lambda _: Audit("logout", "user", user.username),
    )
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/konto", response_class=HTMLResponse)
def account_page(request: Request, user: User, changed: bool = False) -> Response:
    return templates.TemplateResponse(
        request, "account.html", {"request": request, "page": "konto", "changed": changed}
    )


@router.post("/konto/adgangskode")
async def change_password(request: Request, state: State, user: User) -> Response:
    form = await form_fields(request)
    accounts = AccountStore(state.store)
    found = await run_in_threadpool(accounts.credentials, user.username)
    current_hash = found[1] if found else None
    error = None
    if not await run_in_threadpool(verify_password, current_hash, form.get("current", "")):
        error = "Den nuværende adgangskode er forkert."
    elif form.get("new", "") != form.get("repeat", ""):
        error = "De to nye adgangskoder er ikke ens."
    else:
        try:
            new_hash = await run_in_threadpool(hash_password, form.get("new", ""))
        except PraksisplanError as invalid:
            error = str(invalid)
    if error is not None:
        return templates.TemplateResponse(
            request, "account.html", {"request": request, "page": "konto", "error": error}, 400
        )
    await audited_async(
        request,
        lambda: accounts.set_password(user.username, new_hash),
        lambda _: Audit("user_changed", "user", user.username, after="adgangskode skiftet"),
    )
    response = RedirectResponse("/login?next=/konto", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def _audit_filter(
    actor: Annotated[str | None, Query(max_length=200)] = None,
    action: Annotated[str | None, Query(max_length=48)] = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> AuditFilter:
    def moment(day: dt.date | None) -> dt.datetime | None:
        return None if day is None else dt.datetime.combine(day, dt.time(), dt.UTC)

    return AuditFilter(
        actor_name=actor or None,
        action=action or None,
        since=moment(since),
        until=moment(until + dt.timedelta(days=1)) if until else None,
    )


AuditQuery = Annotated[AuditFilter, Depends(_audit_filter)]


@router.get("/revision", response_class=HTMLResponse)
def audit_page(request: Request, state: State, where: AuditQuery) -> Response:
    entries = AuditLog(state.store).entries(where, limit=1000)
    context: dict[str, Any] = {
        "request": request, "page": "revision", "entries": entries, "where": where,
        "actions": AUDIT_ACTIONS, "query": request.url.query,
    }  # fmt: skip
    return templates.TemplateResponse(request, "revision.html", context)


def _cell(value: object) -> object:
    """A value for the sheet; text that a spreadsheet would run as a formula is quoted."""
    text = "" if value is None else value
    if isinstance(text, str) and text[:1] in ("=", "+", "-", "@"):
        return "'" + text
    return text


def audit_workbook(entries: list[AuditRecord]) -> bytes:
    """The audit entries as an XLSX sheet (one row per entry, newest first)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Revision"
    sheet.append(["id", "tidspunkt (UTC)", "bruger", "rolle", "handling", "objekttype",
                  "objekt", "før", "efter", "adresse"])  # fmt: skip
    for e in entries:
        texts = [e.actor_name, e.actor_role, e.action, e.object_kind, e.object_id,
                 None if e.before is None else str(e.before),
                 None if e.after is None else str(e.after), e.address]  # fmt: skip
        sheet.append([e.id, e.at.replace(tzinfo=None), *(_cell(t) for t in texts)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@router.get("/revision/eksport.xlsx")
def audit_export(state: State, where: AuditQuery) -> Response:
    entries = AuditLog(state.store).entries(where, limit=1_000_000)
    return Response(
        audit_workbook(entries),
        media_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="revision.xlsx"'},
    )
