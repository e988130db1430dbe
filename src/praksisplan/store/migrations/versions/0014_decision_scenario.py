"""A committee decision may cite a what-if scenario (``decisions.scenario_id``).

Existing decisions cite none. A cited scenario cannot be deleted (the foreign key, and
``ScenarioStore.delete`` refuses it with a Danish message first).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("decisions") as batch:
        batch.add_column(sa.Column("scenario_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_decisions_scenario_id_scenarios"), "scenarios", ["scenario_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("decisions") as batch:
        batch.drop_constraint(op.f("fk_decisions_scenario_id_scenarios"), type_="foreignkey")
        batch.drop_column("scenario_id")
