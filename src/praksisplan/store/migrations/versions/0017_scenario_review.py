"""The committee's review of scenarios: comments and marks (``store.scenario_tables``).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scenario_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("author_username", sa.String(length=64), nullable=False),
        sa.Column("author_name", sa.Text(), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("area_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["scenarios.id"],
            name=op.f("fk_scenario_comments_scenario_id_scenarios"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scenario_comments")),
    )
    op.create_index(op.f("ix_scenario_comments_scenario_id"), "scenario_comments", ["scenario_id"])
    op.create_table(
        "scenario_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("mark", sa.String(length=16), nullable=False),
        sa.Column("marked_by_username", sa.String(length=64), nullable=False),
        sa.Column("marked_by_name", sa.Text(), nullable=False),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "mark IN ('droeftelse', 'foretrukket', 'forbehold')",
            name=op.f("ck_scenario_marks_scenario_mark"),
        ),
        sa.ForeignKeyConstraint(
            ["scenario_id"], ["scenarios.id"], name=op.f("fk_scenario_marks_scenario_id_scenarios")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scenario_marks")),
        sa.UniqueConstraint(
            "scenario_id",
            "marked_by_username",
            "mark",
            name=op.f("uq_scenario_marks_scenario_id_marked_by_username_mark"),
        ),
    )


def downgrade() -> None:
    op.drop_table("scenario_marks")
    op.drop_index(op.f("ix_scenario_comments_scenario_id"), table_name="scenario_comments")
    op.drop_table("scenario_comments")
