"""Population projection and history: the optional tables the forecast reads.

Revision ID: 0012
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

TABLES = ("population_projection", "population_history")


def upgrade() -> None:
    for table in TABLES:
        op.create_table(
            table,
            sa.Column("snapshot_id", sa.Integer(), nullable=False),
            sa.Column("row_no", sa.Integer(), autoincrement=False, nullable=False),
            sa.Column("municipality_code", sa.Text(), nullable=False),
            sa.Column("year", sa.BigInteger(), nullable=False),
            sa.Column("age_band", sa.Text(), nullable=False),
            sa.Column("sex", sa.String(length=1), nullable=True),
            sa.Column("persons", sa.BigInteger(), nullable=False),
            sa.ForeignKeyConstraint(
                ["snapshot_id"], ["snapshots.id"], name=op.f(f"fk_{table}_snapshot_id_snapshots")
            ),
            sa.PrimaryKeyConstraint("snapshot_id", "row_no", name=op.f(f"pk_{table}")),
            sa.UniqueConstraint(
                "snapshot_id",
                "municipality_code",
                "year",
                "age_band",
                "sex",
                name=op.f(f"uq_{table}_snapshot_id_municipality_code_year_age_band_sex"),
            ),
        )


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
