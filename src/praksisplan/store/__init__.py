"""The store: immutable dataset snapshots, committee decisions and assessment runs.

SQLite by default, PostgreSQL by URL; the schema is migrated with Alembic on open. See
``docs/store.md``.

The names below are imported on first use (PEP 562), so ``from praksisplan.store import
DEFAULT_DB_URL`` — as every CLI command's ``--db`` default does — does not pay for
SQLAlchemy, pandas and the assessment code (the CLI's start-up, docs/performance.md).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from praksisplan.store.default_url import DEFAULT_DB_URL

if TYPE_CHECKING:
    from praksisplan.store.accounts import AccountStore, UserRecord
    from praksisplan.store.audit import AuditLog, AuditRecord
    from praksisplan.store.plans import PlanEditRecord, PlanFollowUp, PlanInfo, PlanStore
    from praksisplan.store.records import DecisionRecord, SnapshotInfo
    from praksisplan.store.scenario_review import ScenarioComment, ScenarioMark, ScenarioReview
    from praksisplan.store.scenarios import ScenarioEditRecord, ScenarioInfo, ScenarioStore
    from praksisplan.store.store import Store

#: Where each lazily imported name is defined.
_MODULES: dict[str, str] = {
    "AccountStore": "accounts",
    "UserRecord": "accounts",
    "AuditLog": "audit",
    "AuditRecord": "audit",
    "PlanEditRecord": "plans",
    "PlanFollowUp": "plans",
    "PlanInfo": "plans",
    "PlanStore": "plans",
    "DecisionRecord": "records",
    "SnapshotInfo": "records",
    "ScenarioComment": "scenario_review",
    "ScenarioMark": "scenario_review",
    "ScenarioReview": "scenario_review",
    "ScenarioEditRecord": "scenarios",
    "ScenarioInfo": "scenarios",
    "ScenarioStore": "scenarios",
    "Store": "store",
}


if not TYPE_CHECKING:  # mypy sees the imports above, so a misspelt name stays an error

    def __getattr__(name: str) -> Any:
        module = _MODULES.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        return getattr(import_module(f"{__name__}.{module}"), name)


__all__ = [
    "DEFAULT_DB_URL",
    "AccountStore",
    "AuditLog",
    "AuditRecord",
    "DecisionRecord",
    "PlanEditRecord",
    "PlanFollowUp",
    "PlanInfo",
    "PlanStore",
    "ScenarioComment",
    "ScenarioEditRecord",
    "ScenarioInfo",
    "ScenarioMark",
    "ScenarioReview",
    "ScenarioStore",
    "SnapshotInfo",
    "Store",
    "UserRecord",
]
