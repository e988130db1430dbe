"""Store tables of what-if scenarios: one row per scenario, its edits in order.

A scenario is laid over a base snapshot and never copies it: ``scenario_edits`` holds the
edits (``table``, natural ``key`` as JSON, ``op``, ``values`` as JSON, optional ``year``) in
``seq`` order, each with who added it and when. Migration ``0009``.

The committee's review of a scenario (migration ``0017``): ``scenario_comments`` holds plain
Danish comments (who wrote it, when, optionally the coverage area it is about) and
``scenario_marks`` the marks users set on it (one row per user and kind of mark; a user
removes only their own). Users are named by user name (the key) and by the label shown.
"""

from __future__ import annotations

import sqlalchemy as sa

from praksisplan.store.scenario_vocabulary import MAX_COMMENT_CHARS as MAX_COMMENT_CHARS
from praksisplan.store.scenario_vocabulary import SCENARIO_MARKS as SCENARIO_MARKS
from praksisplan.store.scenario_vocabulary import SCENARIO_STATUSES as SCENARIO_STATUSES
from praksisplan.store.tables import metadata, snapshots

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

scenario_comments = sa.Table(
    "scenario_comments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("scenario_id", sa.ForeignKey(scenarios.c.id), nullable=False, index=True),
    sa.Column("author_username", sa.String(64), nullable=False),
    sa.Column("author_name", sa.Text, nullable=False),
    sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("area_id", sa.String(64), nullable=True),
)

scenario_marks = sa.Table(
    "scenario_marks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("scenario_id", sa.ForeignKey(scenarios.c.id), nullable=False),
    sa.Column("mark", sa.String(16), nullable=False),
    sa.Column("marked_by_username", sa.String(64), nullable=False),
    sa.Column("marked_by_name", sa.Text, nullable=False),
    sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("scenario_id", "marked_by_username", "mark"),
    sa.CheckConstraint("mark IN ('droeftelse', 'foretrukket', 'forbehold')", name="scenario_mark"),
)
