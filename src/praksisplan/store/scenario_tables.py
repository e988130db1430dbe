"""Store tables of what-if scenarios: one row per scenario, its edits in order.

A scenario is laid over a base snapshot and never copies it: ``scenario_edits`` holds the
edits (``table``, natural ``key`` as JSON, ``op``, ``values`` as JSON, optional ``year``) in
``seq`` order, each with who added it and when. Migration ``0009``.
"""

from __future__ import annotations

import sqlalchemy as sa

from praksisplan.store.tables import metadata, snapshots

#: The statuses of a scenario (draft, proposal, rejected, adopted).
SCENARIO_STATUSES: tuple[str, ...] = ("kladde", "forslag", "forkastet", "vedtaget")

scenarios = sa.Table(
    "scenarios",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("snapshot_id", sa.ForeignKey(snapshots.c.id), nullable=False),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("created_by", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(
        "status IN ('kladde', 'forslag', 'forkastet', 'vedtaget')", name="scenario_status"
    ),
)

scenario_edits = sa.Table(
    "scenario_edits",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("scenario_id", sa.ForeignKey(scenarios.c.id), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("table_name", sa.String(32), nullable=False),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("op", sa.String(8), nullable=False),
    sa.Column("values", sa.Text, nullable=False),
    sa.Column("year", sa.Integer, nullable=True),
    sa.Column("added_by", sa.Text, nullable=False),
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("scenario_id", "seq"),
    sa.CheckConstraint("op IN ('insert', 'update', 'delete')", name="edit_op"),
)
