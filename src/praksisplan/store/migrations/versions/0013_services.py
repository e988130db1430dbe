"""Services (ydelser): the optional dataset table of daytime GP services.

Revision ID: 0013
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "services",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("row_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("municipality_code", sa.Text(), nullable=False),
        sa.Column("year", sa.BigInteger(), nullable=False),
        sa.Column("age_band", sa.Text(), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("service_type", sa.String(length=14), nullable=False),
        sa.Column("services", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_id"], ["snapshots.id"], name=op.f("fk_services_snapshot_id_snapshots")
        ),
        sa.PrimaryKeyConstraint("snapshot_id", "row_no", name=op.f("pk_services")),
        sa.UniqueConstraint(
            "snapshot_id",
            "municipality_code",
            "year",
            "age_band",
            "sex",
            "service_type",
            name=op.f("uq_services_snapshot_id_municipality_code_year_age_band_sex_service_type"),
        ),
    )


def downgrade() -> None:
    op.drop_table("services")
