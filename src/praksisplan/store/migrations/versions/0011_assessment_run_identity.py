"""Assessment runs carry their rule set's identity and format version; decisions their run.

Existing runs get the SHA-256 and name of their stored rules and format version 1 (the
format before; the run service assesses such runs again under their rules). Existing
decisions keep ``assessment_run_id`` empty.

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

import hashlib
import tomllib

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_runs = sa.table(
    "assessment_runs",
    sa.column("id", sa.Integer),
    sa.column("rules_toml", sa.Text),
    sa.column("rules_sha256", sa.String),
    sa.column("rules_name", sa.Text),
)


def _rules_name(rules_toml: str) -> str:
    try:
        return str(tomllib.loads(rules_toml).get("name", "ukendt"))
    except tomllib.TOMLDecodeError:
        return "ukendt"


def upgrade() -> None:
    with op.batch_alter_table("assessment_runs") as batch:
        batch.add_column(sa.Column("rules_sha256", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("rules_name", sa.Text(), nullable=True))
        batch.add_column(
            sa.Column("format_version", sa.Integer(), nullable=False, server_default="1")
        )
    connection = op.get_bind()
    for run_id, rules_toml in connection.execute(sa.select(_runs.c.id, _runs.c.rules_toml)):
        connection.execute(
            _runs.update()
            .where(_runs.c.id == run_id)
            .values(
                rules_sha256=hashlib.sha256(rules_toml.encode("utf-8")).hexdigest(),
                rules_name=_rules_name(rules_toml),
            )
        )
    with op.batch_alter_table("assessment_runs") as batch:
        batch.alter_column("rules_sha256", existing_type=sa.String(length=64), nullable=False)
        batch.alter_column("rules_name", existing_type=sa.Text(), nullable=False)
        batch.alter_column("format_version", existing_type=sa.Integer(), server_default=None)
    with op.batch_alter_table("decisions") as batch:
        batch.add_column(sa.Column("assessment_run_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_decisions_assessment_run_id_assessment_runs"),
            "assessment_runs",
            ["assessment_run_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("decisions") as batch:
        batch.drop_constraint(
            op.f("fk_decisions_assessment_run_id_assessment_runs"), type_="foreignkey"
        )
        batch.drop_column("assessment_run_id")
    with op.batch_alter_table("assessment_runs") as batch:
        batch.drop_column("format_version")
        batch.drop_column("rules_name")
        batch.drop_column("rules_sha256")
