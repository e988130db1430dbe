"""Store tables of the practice plan: one row per plan, and the journal of every edit.

A plan is kept as its exchange document (``plans.document``, the JSON of
:mod:`praksisplan.plan.exchange`), so what the store holds is exactly what an export writes;
``revision`` counts the edits applied, and each edit is appended to ``plan_edits`` with who
made it, when, and the edit itself. Migration ``0008``.
"""

from __future__ import annotations

import sqlalchemy as sa

from praksisplan.store.tables import metadata

plans = sa.Table(
    "plans",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(64), nullable=False, unique=True),
    sa.Column("region_code", sa.String(8), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("document", sa.Text, nullable=False),
)

plan_edits = sa.Table(
    "plan_edits",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("plan_id", sa.ForeignKey(plans.c.id), nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("edited_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor_name", sa.Text, nullable=False),
    sa.Column("actor_role", sa.String(32), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("edit", sa.Text, nullable=False),
    sa.UniqueConstraint("plan_id", "revision"),
)
