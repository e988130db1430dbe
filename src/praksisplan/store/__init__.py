"""The store: immutable dataset snapshots, committee decisions and assessment runs.

SQLite by default, PostgreSQL by URL; the schema is migrated with Alembic on open. See
``docs/store.md``.
"""

from praksisplan.store.accounts import AccountStore, UserRecord
from praksisplan.store.audit import AuditLog, AuditRecord
from praksisplan.store.database import DEFAULT_DB_URL
from praksisplan.store.plans import PlanEditRecord, PlanFollowUp, PlanInfo, PlanStore
from praksisplan.store.records import DecisionRecord, SnapshotInfo
from praksisplan.store.scenario_review import ScenarioComment, ScenarioMark, ScenarioReview
from praksisplan.store.scenarios import ScenarioEditRecord, ScenarioInfo, ScenarioStore
from praksisplan.store.store import Store

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
