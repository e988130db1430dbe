"""Users, their roles, sessions and API tokens in the store (the access layer's tables).

The store keeps only hashes: the caller (``praksisplan.web.auth``) hashes passwords with
Argon2 and passes SHA-256 digests of the random session ids and tokens. A role is one of
``admin``, ``planner``, ``committee``, ``plo``, ``viewer`` or ``municipality:<code>``.
Disabling a user or changing their password ends their sessions. Failed logins are kept
for the login rate limit (:mod:`praksisplan.web.auth.ratelimit`), shared by every process.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from praksisplan.core.errors import PraksisplanError
from praksisplan.plan.edits import ROLE_PATTERN
from praksisplan.store.account_tables import api_tokens, login_failures, sessions, users
from praksisplan.store.records import _utc
from praksisplan.store.store import Store

USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{1,63}$"


@dataclass(frozen=True)
class UserRecord:
    id: int
    username: str
    display_name: str
    role: str
    disabled: bool
    created_at: dt.datetime

    def summary(self) -> dict[str, object]:
        """What the audit trail records of a user (before/after a change)."""
        return {"role": self.role, "disabled": self.disabled, "display_name": self.display_name}


@dataclass(frozen=True)
class SessionRecord:
    user: UserRecord
    csrf_token: str
    last_seen_at: dt.datetime


def _user(row: Any) -> UserRecord:
    return UserRecord(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        role=row.role,
        disabled=row.disabled,
        created_at=_utc(row.created_at),
    )


def check_role(role: str) -> str:
    """``role`` if it is a role of the access layer, else a Danish error."""
    if not re.fullmatch(ROLE_PATTERN, role):
        raise PraksisplanError(
            f"Ukendt rolle '{role}'; brug admin, planner, committee, plo, viewer eller "
            "municipality:<kommunekode> (unknown role)"
        )
    return role


_USER_COLUMNS = [users.c[n] for n in ("id", "username", "display_name", "role", "disabled")]


class AccountStore:
    """The users of a :class:`~praksisplan.store.Store` (same database)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _user_row(self, connection: Connection, username: str) -> Row[Any]:
        row = connection.execute(sa.select(users).where(users.c.username == username)).first()
        if row is None:
            raise PraksisplanError(f"Brugeren '{username}' findes ikke (no such user)")
        return row

    # -- users -----------------------------------------------------------------------------

    def add_user(
        self, username: str, display_name: str, role: str, password_hash: str
    ) -> UserRecord:
        if not re.fullmatch(USERNAME_PATTERN, username):
            raise PraksisplanError(
                f"Brugernavnet '{username}' er ugyldigt: 2-64 tegn a-z, 0-9, punktum, "
                "bindestreg eller understreg (invalid user name)"
            )
        if not display_name.strip():
            raise PraksisplanError("En bruger skal have et navn (display name is required)")
        values = {
            "username": username,
            "display_name": display_name.strip(),
            "role": check_role(role),
            "password_hash": password_hash,
            "disabled": False,
            "created_at": dt.datetime.now(dt.UTC),
        }
        with self._store._writing() as connection:
            if connection.scalar(sa.select(users.c.id).where(users.c.username == username)):
                raise PraksisplanError(f"Brugeren '{username}' findes allerede (user exists)")
            inserted = connection.execute(users.insert().values(**values))
            key = inserted.inserted_primary_key
            assert key is not None
            return _user(self._user_row(connection, username))

    def list_users(self) -> list[UserRecord]:
        with self._store._reading() as connection:
            rows = connection.execute(sa.select(users).order_by(users.c.username))
            return [_user(row) for row in rows]

    def count_users(self) -> int:
        with self._store._reading() as connection:
            return int(connection.scalar(sa.select(sa.func.count()).select_from(users)) or 0)

    def credentials(self, username: str) -> tuple[UserRecord, str] | None:
        """The user and their password hash, or None if there is no such user."""
        with self._store._reading() as connection:
            row = connection.execute(sa.select(users).where(users.c.username == username)).first()
            return None if row is None else (_user(row), row.password_hash)

    def get_user(self, username: str) -> UserRecord:
        with self._store._reading() as connection:
            return _user(self._user_row(connection, username))

    def _update(self, username: str, **values: Any) -> tuple[UserRecord, UserRecord]:
        """Change a user's row; (before, after). Ends the user's sessions."""
        with self._store._writing() as connection:
            before = _user(self._user_row(connection, username))
            connection.execute(users.update().where(users.c.id == before.id).values(**values))
            connection.execute(sessions.delete().where(sessions.c.user_id == before.id))
            return before, _user(self._user_row(connection, username))

    def set_role(self, username: str, role: str) -> tuple[UserRecord, UserRecord]:
        return self._update(username, role=check_role(role))

    def set_password(self, username: str, password_hash: str) -> tuple[UserRecord, UserRecord]:
        return self._update(username, password_hash=password_hash)

    def set_disabled(self, username: str, disabled: bool) -> tuple[UserRecord, UserRecord]:
        return self._update(username, disabled=disabled)

    # -- sessions --------------------------------------------------------------------------

    def open_session(self, user_id: int, token_hash: str, csrf_token: str) -> None:
        now = dt.datetime.now(dt.UTC)
        with self._store._writing() as connection:
            connection.execute(
                sessions.insert().values(
                    token_hash=token_hash,
                    user_id=user_id,
                    csrf_token=csrf_token,
                    created_at=now,
                    last_seen_at=now,
                )
            )

    def session(self, token_hash: str, idle: dt.timedelta) -> SessionRecord | None:
        """The live session with this id hash; an idle or disabled user's session is ended."""
        now = dt.datetime.now(dt.UTC)
        with self._store._reading() as connection:
            row = connection.execute(
                sa.select(*_USER_COLUMNS, users.c.created_at, sessions.c.csrf_token,
                          sessions.c.last_seen_at)
                .join(users, users.c.id == sessions.c.user_id)
                .where(sessions.c.token_hash == token_hash)
            ).first()  # fmt: skip
        if row is None:
            return None
        last_seen = _utc(row.last_seen_at)
        if row.disabled or now - last_seen > idle:
            self.close_session(token_hash)
            return None
        if now - last_seen > idle / 20:  # refresh rarely: most requests only read
            with self._store._writing() as connection:
                connection.execute(
                    sessions.update()
                    .where(sessions.c.token_hash == token_hash)
                    .values(last_seen_at=now)
                )
        return SessionRecord(_user(row), row.csrf_token, last_seen)

    def close_session(self, token_hash: str) -> None:
        with self._store._writing() as connection:
            connection.execute(sessions.delete().where(sessions.c.token_hash == token_hash))

    # -- failed logins (the login rate limit) ---------------------------------------------

    def login_failure_counts(self, keys: list[str], since: dt.datetime) -> dict[str, int]:
        """Failed logins per key (``user:<name>``, ``addr:<address>``) since ``since``."""
        with self._store._reading() as connection:
            rows = connection.execute(
                sa.select(login_failures.c.key, sa.func.count())
                .where(login_failures.c.key.in_(keys), login_failures.c.at >= since)
                .group_by(login_failures.c.key)
            ).all()
        counts = dict.fromkeys(keys, 0)
        counts.update({row[0]: int(row[1]) for row in rows})
        return counts

    def add_login_failure(
        self, keys: list[str], at: dt.datetime, forget_before: dt.datetime
    ) -> None:
        """Count a failed login under every key; failures before ``forget_before`` go."""
        with self._store._writing() as connection:
            connection.execute(login_failures.delete().where(login_failures.c.at < forget_before))
            connection.execute(login_failures.insert(), [{"key": k, "at": at} for k in keys])

    def clear_login_failures(self, key: str) -> None:
        with self._store._writing() as connection:
            connection.execute(login_failures.delete().where(login_failures.c.key == key))

    # -- API tokens ------------------------------------------------------------------------

    def add_token(self, username: str, token_hash: str, label: str) -> int:
        with self._store._writing() as connection:
            user = _user(self._user_row(connection, username))
            inserted = connection.execute(
                api_tokens.insert().values(
                    token_hash=token_hash,
                    user_id=user.id,
                    label=label,
                    created_at=dt.datetime.now(dt.UTC),
                    revoked_at=None,
                )
            )
            key = inserted.inserted_primary_key
            assert key is not None
            return int(key[0])

    def token_user(self, token_hash: str) -> UserRecord | None:
        with self._store._reading() as connection:
            row = connection.execute(
                sa.select(*_USER_COLUMNS, users.c.created_at)
                .join(users, users.c.id == api_tokens.c.user_id)
                .where(api_tokens.c.token_hash == token_hash, api_tokens.c.revoked_at.is_(None))
            ).first()
        return None if row is None or row.disabled else _user(row)

    def revoke_token(self, token_id: int, username: str | None = None) -> None:
        """Revoke the active token ``token_id`` (with ``username``: only if it is theirs)."""
        with self._store._writing() as connection:
            whose = []
            if username is not None:
                whose.append(api_tokens.c.user_id == _user(self._user_row(connection, username)).id)
            done = connection.execute(
                api_tokens.update()
                .where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None), *whose)
                .values(revoked_at=dt.datetime.now(dt.UTC))
            )
            if not done.rowcount:
                of = "" if username is None else f" for brugeren '{username}'"
                raise PraksisplanError(
                    f"Intet aktivt API-token med id {token_id}{of} (no such token)"
                )
