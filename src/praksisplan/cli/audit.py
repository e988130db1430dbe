"""The audit trail of writes made from the terminal, as ``cli:<login name>``.

A command makes its write and :func:`audit_cli` in one ``store.unit_of_work()``, so the
two commit together or not at all.
"""

from __future__ import annotations

import getpass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from praksisplan.store import Store


def cli_actor() -> str:
    """The person at the terminal (who can already write to the database)."""
    return f"cli:{getpass.getuser()}"


def audit_cli(
    store: Store, action: str, object_kind: str, object_id: str, *, before: Any = None,
    after: Any = None,
) -> None:  # fmt: skip
    from praksisplan.store import AuditLog

    AuditLog(store).append(cli_actor(), "admin", action, object_kind, object_id,
                           before=before, after=after)  # fmt: skip
