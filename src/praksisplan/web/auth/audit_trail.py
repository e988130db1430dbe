"""Appending the request's user and address to the audit trail.

A route that writes runs the write and its audit entry through :func:`audited` (or
:func:`audited_async`): both are made in one unit of work of the store, so a write is never
stored without its entry, nor an entry without its write. :func:`record` alone is for
entries that stand for no stored write (a failed login, an allocation run).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from praksisplan.store import AuditLog, Store
from praksisplan.web.auth.principal import Principal, client_address, current_user

T = TypeVar("T")


@dataclass(frozen=True)
class Audit:
    """One audit entry: what was done to which object, with before/after where it applies."""

    action: str
    object_kind: str
    object_id: str
    before: Any = None
    after: Any = None


def record(request: Request, entry: Audit, *, user: Principal | None = None) -> None:
    """Append ``entry`` for the request's user (or ``user``, e.g. at login)."""
    who = user or current_user(request)
    AuditLog(_store(request)).append(
        who.label,
        who.role,
        entry.action,
        entry.object_kind,
        entry.object_id,
        before=entry.before,
        after=entry.after,
        address=client_address(request),
    )


async def record_async(request: Request, entry: Audit, *, user: Principal | None = None) -> None:
    await run_in_threadpool(lambda: record(request, entry, user=user))


def audited(
    request: Request,
    write: Callable[[], T],
    entry: Callable[[T], Audit],
    *,
    user: Principal | None = None,
) -> T:
    """``write()`` and its audit entry ``entry(result)``, committed together or not at all."""
    with _store(request).unit_of_work():
        result = write()
        record(request, entry(result), user=user)
    return result


async def audited_async(
    request: Request,
    write: Callable[[], T],
    entry: Callable[[T], Audit],
    *,
    user: Principal | None = None,
) -> T:
    """:func:`audited` in the thread pool (the write and the entry in the same thread)."""
    return await run_in_threadpool(lambda: audited(request, write, entry, user=user))


def _store(request: Request) -> Store:
    store: Store = request.app.state.praksisplan.store
    return store
