"""Initial schema: snapshots, dataset tables, committee decisions, assessment runs.

Revision ID: 0001
Revises:
Create Date: 2025-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(length=8), nullable=False),
        sa.Column("region_name", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("reference_date", sa.Date(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("manifest", sa.JSON(), nullable=False),
        sa.Column("frame_layout", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_snapshots")),
        sa.UniqueConstraint(
            "region_code", "reference_date", name=op.f("uq_snapshots_region_code_reference_date")
        ),
    )
    op.create_table(
        "assessment_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rules_toml", sa.Text(), nullable=False),
        sa.Column("result_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_id"], ["snapshots.id"], name=op.f("fk_assessment_runs_snapshot_id_snapshots")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_runs")),
    )
    op.create_index(
        op.f("ix_assessment_runs_snapshot_id"), "assessment_runs", ["snapshot_id"], unique=False
    )
    op.create_table(
        "coverage_areas",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("row_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("area_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("municipality_code", sa.Text(), nullable=False),
        sa.Column("geometry_wkb", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_id"], ["snapshots.id"], name=op.f("fk_coverage_areas_snapshot_id_snapshots")
        ),
        sa.PrimaryKeyConstraint("snapshot_id", "row_no", name=op.f("pk_coverage_areas")),
        sa.UniqueConstraint(
            "snapshot_id", "area_id", name=op.f("uq_coverage_areas_snapshot_id_area_id")
        ),
    )
    op.create_table(
        "coverage_survey",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("row_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("provider_number", sa.String(length=64), nullable=False),
        sa.Column("extra_patients", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_id"], ["snapshots.id"], name=op.f("fk_coverage_survey_snapshot_id_snapshots")
        ),
        sa.PrimaryKeyConstraint("snapshot_id", "row_no", name=op.f("pk_coverage_survey")),
        sa.UniqueConstraint(
            "snapshot_id",
            "provider_number",
            name=op.f("uq_coverage_survey_snapshot_id_provider_number"),
        ),
    )
    op.create_table(
        "demand_weights",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("row_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("age_band", sa.Text(), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("weight", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_id"], ["snapshots.id"], name=op.f("fk_demand_weights_snapshot_id_snapshots")
        ),
        sa.PrimaryKeyConstraint("snapshot_id", "row_no", name=op.f("pk_demand_weights")),
        sa.UniqueConstraint(
            "snapshot_id",
            "age_band",
            "sex",
            name=op.f("uq_demand_weights_snapshot_id_age_band_sex"),
        ),
    )
    op.create_table(
        "gps",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("row_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("gp_id", sa.String(length=64), nullable=False),
        sa.Column("provider_number", sa.String(length=64), nullable=False),
        sa.Column("birth_year", sa.BigInteger(), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("fte", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_id"], ["snapshots.id"], name=op.f("fk_gps_snapshot_id_snapshots")
        ),
        sa.PrimaryKeyConstraint("snapshot_id", "row_no", name=op.f("pk_gps")),
        sa.UniqueConstraint("snapshot_id", "gp_id", name=op.f("uq_gps_snapshot_id_gp_id")),
    )
    op.create_table(
        "municipalities",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("row_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("geometry_wkb", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_id"], ["snapshots.id"], name=op.f("fk_municipalities_snapshot_id_snapshots")
        ),
        sa.PrimaryKeyConstraint("snapshot_id", "row_no", name=op.f("pk_municipalities")),
        sa.UniqueConstraint("snapshot_id", "code", name=op.f("uq_municipalities_snapshot_id_code")),
    )
    op.create_table(
        "population",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("row_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("cell_id", sa.String(length=64), nullable=False),
        sa.Column("age_band", sa.Text(), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("persons", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_id"], ["snapshots.id"], name=op.f("fk_population_snapshot_id_snapshots")
        ),
        sa.PrimaryKeyConstraint("snapshot_id", "row_no", name=op.f("pk_population")),
        sa.UniqueConstraint(
            "snapshot_id",
            "cell_id",
            "age_band",
            "sex",
            name=op.f("uq_population_snapshot_id_cell_id_age_band_sex"),
        ),
    )
    op.create_table(
        "population_cells",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("row_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("cell_id", sa.String(length=64), nullable=False),
        sa.Column("x", sa.Double(), nullable=False),
        sa.Column("y", sa.Double(), nullable=False),
        sa.Column("postcode", sa.Text(), nullable=False),
        sa.Column("area_id", sa.String(length=64), nullable=True),
        sa.Column("municipality_code", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["snapshots.id"],
            name=op.f("fk_population_cells_snapshot_id_snapshots"),
        ),
        sa.PrimaryKeyConstraint("snapshot_id", "row_no", name=op.f("pk_population_cells")),
        sa.UniqueConstraint(
            "snapshot_id", "cell_id", name=op.f("uq_population_cells_snapshot_id_cell_id")
        ),
    )
    op.create_table(
        "practices",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("row_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("provider_number", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("x", sa.Double(), nullable=False),
        sa.Column("y", sa.Double(), nullable=False),
        sa.Column("postcode", sa.Text(), nullable=False),
        sa.Column("org_form", sa.String(length=11), nullable=False),
        sa.Column("capacities", sa.Double(), nullable=False),
        sa.Column("vacant_capacities", sa.Double(), nullable=False),
        sa.Column("listed_patients", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=9), nullable=False),
        sa.Column("open_postcodes", sa.Text(), nullable=True),
        sa.Column("norm_override", sa.BigInteger(), nullable=True),
        sa.Column("area_id", sa.String(length=64), nullable=True),
        sa.Column("municipality_code", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["snapshot_id"], ["snapshots.id"], name=op.f("fk_practices_snapshot_id_snapshots")
        ),
        sa.PrimaryKeyConstraint("snapshot_id", "row_no", name=op.f("pk_practices")),
        sa.UniqueConstraint(
            "snapshot_id", "provider_number", name=op.f("uq_practices_snapshot_id_provider_number")
        ),
    )
    op.create_table(
        "region_vacancies",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("row_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("area_id", sa.String(length=64), nullable=False),
        sa.Column("vacant_capacities", sa.Double(), nullable=False),
        sa.Column("advertised_since", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["snapshots.id"],
            name=op.f("fk_region_vacancies_snapshot_id_snapshots"),
        ),
        sa.PrimaryKeyConstraint("snapshot_id", "row_no", name=op.f("pk_region_vacancies")),
        sa.UniqueConstraint(
            "snapshot_id", "area_id", name=op.f("uq_region_vacancies_snapshot_id_area_id")
        ),
    )
    op.create_table(
        "temporary_beds",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("row_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("bed_id", sa.String(length=64), nullable=False),
        sa.Column("x", sa.Double(), nullable=False),
        sa.Column("y", sa.Double(), nullable=False),
        sa.Column("beds", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_id"], ["snapshots.id"], name=op.f("fk_temporary_beds_snapshot_id_snapshots")
        ),
        sa.PrimaryKeyConstraint("snapshot_id", "row_no", name=op.f("pk_temporary_beds")),
        sa.UniqueConstraint(
            "snapshot_id", "bed_id", name=op.f("uq_temporary_beds_snapshot_id_bed_id")
        ),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.String(length=64), nullable=False),
        sa.Column("model_class", sa.String(length=6), nullable=False),
        sa.Column("decided_class", sa.String(length=6), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "decided_class IN ('red', 'yellow', 'green')", name=op.f("ck_decisions_decided_class")
        ),
        sa.CheckConstraint(
            "model_class IN ('red', 'yellow', 'green')", name=op.f("ck_decisions_model_class")
        ),
        sa.ForeignKeyConstraint(
            ["snapshot_id", "area_id"],
            ["coverage_areas.snapshot_id", "coverage_areas.area_id"],
            name=op.f("fk_decisions_snapshot_id_area_id_coverage_areas"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    op.create_index(
        op.f("ix_decisions_snapshot_id_area_id"),
        "decisions",
        ["snapshot_id", "area_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_table("decisions")
    op.drop_table("temporary_beds")
    op.drop_table("region_vacancies")
    op.drop_table("practices")
    op.drop_table("population_cells")
    op.drop_table("population")
    op.drop_table("municipalities")
    op.drop_table("gps")
    op.drop_table("demand_weights")
    op.drop_table("coverage_survey")
    op.drop_table("coverage_areas")
    op.drop_table("assessment_runs")
    op.drop_table("snapshots")
