"""The travel model's optional dataset tables: ferry links, fixed links and care homes.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def _ends() -> list[sa.Column[float]]:
    return [sa.Column(name, sa.Double(), nullable=False) for name in ("a_x", "a_y", "b_x", "b_y")]


def _snapshot_keys(table: str, key: str) -> list[sa.Constraint]:
    return [
        sa.ForeignKeyConstraint(
            ["snapshot_id"], ["snapshots.id"], name=op.f(f"fk_{table}_snapshot_id_snapshots")
        ),
        sa.PrimaryKeyConstraint("snapshot_id", "row_no", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint("snapshot_id", key, name=op.f(f"uq_{table}_snapshot_id_{key}")),
    ]


def _leading() -> list[sa.Column[int]]:
    return [
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("row_no", sa.Integer(), autoincrement=False, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "ferry_links",
        *_leading(),
        sa.Column("link_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        *_ends(),
        sa.Column("crossing_minutes", sa.Double(), nullable=True),
        sa.Column("departures_per_day", sa.Double(), nullable=True),
        sa.Column("km_equivalent", sa.Double(), nullable=True),
        *_snapshot_keys("ferry_links", "link_id"),
    )
    op.create_table(
        "fixed_links",
        *_leading(),
        sa.Column("link_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        *_ends(),
        sa.Column("km_equivalent", sa.Double(), nullable=True),
        *_snapshot_keys("fixed_links", "link_id"),
    )
    op.create_table(
        "care_homes",
        *_leading(),
        sa.Column("care_home_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("x", sa.Double(), nullable=False),
        sa.Column("y", sa.Double(), nullable=False),
        sa.Column("municipality_code", sa.Text(), nullable=False),
        sa.Column("places", sa.BigInteger(), nullable=False),
        sa.Column("fixed_gp", sa.String(length=5), nullable=False),
        sa.Column("provider_number", sa.String(length=64), nullable=True),
        *_snapshot_keys("care_homes", "care_home_id"),
    )


def downgrade() -> None:
    for table in ("care_homes", "fixed_links", "ferry_links"):
        op.drop_table(table)
