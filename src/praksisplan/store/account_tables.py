"""Store tables of the access layer: users, sessions, API tokens and the audit trail.

Passwords, session ids and API tokens are stored only as hashes (Argon2 for passwords,
SHA-256 for the random session ids and tokens). ``audit_events`` is append-only: the app
never updates or deletes a row, and migration ``0010`` adds triggers (SQLite and PostgreSQL)
that refuse ``UPDATE`` and ``DELETE`` on it. ``login_failures`` (migration ``0016``) holds the
recent failed logins per account and per address, so every process serving the store shares
the login rate limit.
"""

from __future__ import annotations

import sqlalchemy as sa

from praksisplan.store.tables import metadata

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("display_name", sa.Text, nullable=False),
    sa.Column("role", sa.String(32), nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("user_id", sa.ForeignKey(users.c.id), nullable=False),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("user_id", sa.ForeignKey(users.c.id), nullable=False),
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
)

audit_events = sa.Table(
    "audit_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor_name", sa.Text, nullable=False),
    sa.Column("actor_role", sa.String(32), nullable=False),
    sa.Column("action", sa.String(48), nullable=False),
    sa.Column("object_kind", sa.String(48), nullable=False),
    sa.Column("object_id", sa.Text, nullable=False),
    sa.Column("before", sa.Text, nullable=True),
    sa.Column("after", sa.Text, nullable=True),
    sa.Column("address", sa.String(64), nullable=False),
)

login_failures = sa.Table(
    "login_failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(300), nullable=False, index=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)
