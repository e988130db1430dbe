"""Demo users for a store that just received the demo region: one per role.

Their passwords are fixed and printed in the README's demo section and in the terminal, so
a new user can log in at once; they are for the synthetic demo only — a real region creates
its users with ``praksisplan users add``.
"""

from __future__ import annotations

from dataclasses import dataclass

from praksisplan.store import AccountStore, AuditLog, Store
from praksisplan.web.auth.passwords import hash_password
from praksisplan.web.demo_bootstrap import DEMO_ACTOR

#: The demo region's municipality that gets a demo user (it has wishes in the demo plan).
DEMO_MUNICIPALITY = "907"


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    role: str
    password: str


DEMO_USERS = tuple(
    DemoUser(name, title, role, f"demo-{name}-2026")
    for name, title, role in (
        ("admin", "Demo administrator", "admin"),
        ("planner", "Demo planlægger", "planner"),
        ("udvalg", "Demo udvalgsmedlem", "committee"),
        ("kommune", "Demo kommune", f"municipality:{DEMO_MUNICIPALITY}"),
        ("plo", "Demo PLO", "plo"),
        ("gaest", "Demo gæst", "viewer"),
    )
)


def create_demo_users(store: Store) -> list[DemoUser]:
    """Add the demo users if the store has no user at all; those added."""
    accounts = AccountStore(store)
    if accounts.count_users():
        return []
    audit = AuditLog(store)
    hashes = [hash_password(user.password) for user in DEMO_USERS]
    with store.unit_of_work():
        for user, password_hash in zip(DEMO_USERS, hashes, strict=True):
            accounts.add_user(user.username, user.display_name, user.role, password_hash)
            audit.append(DEMO_ACTOR, "admin", "user_added", "user", user.username,
                         after={"role": user.role})  # fmt: skip
    return list(DEMO_USERS)
