"""The audit trail: every write appended with who, when, what, the object, before/after.

Rows are only ever inserted; migration ``0010`` makes the database refuse ``UPDATE`` and
``DELETE`` on ``audit_events`` (a trigger on SQLite and on PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from praksisplan.store.account_tables import audit_events
from praksisplan.store.records import _utc
from praksisplan.store.store import Store

#: The kinds of write the trail records (``action`` column).
AUDIT_ACTIONS = (
    "login",
    "login_failed",
    "logout",
    "snapshot_loaded",
    "assessment_run",
    "decision_recorded",
    "plan_added",
    "plan_edit",
    "allocation_run",
    "allocation_cancelled",
    "report_generated",
    "scenario_created",
    "scenario_edited",
    "scenario_edit_undone",
    "scenario_status",
    "scenario_deleted",
    "scenario_commented",
    "scenario_marked",
    "scenario_unmarked",
    "user_added",
    "user_changed",
    "token_added",
    "token_revoked",
)


@dataclass(frozen=True)
class AuditRecord:
    id: int
    at: dt.datetime
    actor_name: str
    actor_role: str
    action: str
    object_kind: str
    object_id: str
    before: Any
    after: Any
    address: str


@dataclass(frozen=True)
class AuditFilter:
    actor_name: str | None = None
    action: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None


def _encoded(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


class AuditLog:
    """The audit trail of a :class:`~praksisplan.store.Store`."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def append(
        self,
        actor_name: str,
        actor_role: str,
        action: str,
        object_kind: str,
        object_id: str,
        *,
        before: Any = None,
        after: Any = None,
        address: str = "",
    ) -> None:
        assert action in AUDIT_ACTIONS, action
        with self._store._writing() as connection:
            connection.execute(
                audit_events.insert().values(
                    at=dt.datetime.now(dt.UTC),
                    actor_name=actor_name,
                    actor_role=actor_role,
                    action=action,
                    object_kind=object_kind,
                    object_id=object_id,
                    before=_encoded(before),
                    after=_encoded(after),
                    address=address[:64],
                )
            )

    def entries(self, where: AuditFilter | None = None, limit: int = 10_000) -> list[AuditRecord]:
        """Matching entries, newest first."""
        where = where or AuditFilter()
        query = sa.select(audit_events)
        if where.actor_name:
            query = query.where(audit_events.c.actor_name == where.actor_name)
        if where.action:
            query = query.where(audit_events.c.action == where.action)
        if where.since:
            query = query.where(audit_events.c.at >= where.since)
        if where.until:
            query = query.where(audit_events.c.at < where.until)
        with self._store._reading() as connection:
            rows = connection.execute(query.order_by(audit_events.c.id.desc()).limit(limit))
            return [
                AuditRecord(
                    id=row.id,
                    at=_utc(row.at),
                    actor_name=row.actor_name,
                    actor_role=row.actor_role,
                    action=row.action,
                    object_kind=row.object_kind,
                    object_id=row.object_id,
                    before=None if row.before is None else json.loads(row.before),
                    after=None if row.after is None else json.loads(row.after),
                    address=row.address,
                )
                for row in rows
            ]
