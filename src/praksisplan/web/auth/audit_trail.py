"""Appending the request's user and address to the audit trail."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from praksisplan.store import AuditLog
from praksisplan.web.auth.principal import Principal, client_address, current_user


def record(
    request: Request,
    action: str,
    object_kind: str,
    object_id: str,
    *,
    before: Any = None,
    after: Any = None,
    user: Principal | None = None,
) -> None:
    """Append one audit entry for the request's user (or ``user``, e.g. at login)."""
    who = user or current_user(request)
    AuditLog(request.app.state.praksisplan.store).append(
        who.label,
        who.role,
        action,
        object_kind,
        object_id,
        before=before,
        after=after,
        address=client_address(request),
    )


async def record_async(request: Request, action: str, object_kind: str, object_id: str,
                       **values: Any) -> None:  # fmt: skip
    await run_in_threadpool(lambda: record(request, action, object_kind, object_id, **values))
