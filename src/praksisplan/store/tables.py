"""The database schema: snapshots, one table per dataset table, decisions, assessment runs.

The dataset tables are derived from the row models of :mod:`praksisplan.core.schema` (via
their column specifications), so the store follows the data format. Each dataset table has

* ``snapshot_id`` — the snapshot the row belongs to;
* ``row_no`` — the row's position in the frame (snapshots are read back in the same order);
* the table's columns under their dataset names, geometries as WKB in ``geometry_wkb``;
* a unique constraint on ``snapshot_id`` + the table's natural key (``provider_number``,
  ``area_id``, ``cell_id`` …), the stable handle by which scenarios will address rows.

The migration scripts under ``migrations/versions`` are the frozen history of this schema; a
test compares a migrated database with this metadata, so a change of the data format fails
until a migration is written for it.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from praksisplan.core.dataset import TABLE_MODELS
from praksisplan.core.schema import GEOMETRY_TABLES, TableRow
from praksisplan.validation.column_specs import ColumnSpec, column_specs

#: Threat classes a committee decision may carry.
THREAT_CLASSES: tuple[str, ...] = ("red", "yellow", "green")
#: Column holding a geometry table's geometry as well-known binary (EPSG:25832).
GEOMETRY_COLUMN = "geometry_wkb"

metadata = sa.MetaData(
    naming_convention={
        "pk": "pk_%(table_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    }
)

snapshots = sa.Table(
    "snapshots",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("region_code", sa.String(8), nullable=False),
    sa.Column("region_name", sa.Text, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("reference_date", sa.Date, nullable=False),
    sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("synthetic", sa.Boolean, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("manifest", sa.JSON, nullable=False),
    sa.Column("frame_layout", sa.JSON, nullable=False),
    sa.UniqueConstraint("region_code", "reference_date"),
)


def _sql_type(spec: ColumnSpec) -> sa.types.TypeEngine[Any]:
    if spec.kind == "int":
        return sa.BigInteger()
    if spec.kind == "float":
        return sa.Double()
    if spec.kind == "date":
        return sa.Date()
    if spec.kind == "choice":
        return sa.String(max(len(choice) for choice in spec.choices))
    return sa.String(spec.max_length) if spec.max_length is not None else sa.Text()


def _dataset_table(row_model: type[TableRow]) -> sa.Table:
    columns = [
        sa.Column(spec.name, _sql_type(spec), nullable=not spec.required)
        for spec in column_specs(row_model)
    ]
    if row_model in GEOMETRY_TABLES:
        columns.append(sa.Column(GEOMETRY_COLUMN, sa.LargeBinary, nullable=False))
    constraints = [sa.UniqueConstraint("snapshot_id", *key) for key in row_model.unique]
    return sa.Table(
        row_model.table,
        metadata,
        sa.Column("snapshot_id", sa.ForeignKey(snapshots.c.id), primary_key=True),
        sa.Column("row_no", sa.Integer, primary_key=True, autoincrement=False),
        *columns,
        *constraints,
    )


#: The table of each attribute of :class:`~praksisplan.core.dataset.Dataset`, in load order.
dataset_tables: dict[str, sa.Table] = {
    attribute: _dataset_table(row_model) for attribute, row_model in TABLE_MODELS.items()
}

_classes = ", ".join(f"'{name}'" for name in THREAT_CLASSES)

decisions = sa.Table(
    "decisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("snapshot_id", sa.Integer, nullable=False),
    sa.Column("area_id", sa.String(64), nullable=False),
    sa.Column("model_class", sa.String(6), nullable=False),
    sa.Column("decided_class", sa.String(6), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("decided_by", sa.Text, nullable=False),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
    # the run whose model class the decision records (None: decided before runs were linked)
    sa.Column("assessment_run_id", sa.ForeignKey("assessment_runs.id"), nullable=True),
    # the what-if scenario the decision cites (store.scenario_tables; None: cites none)
    sa.Column("scenario_id", sa.ForeignKey("scenarios.id"), nullable=True),
    sa.ForeignKeyConstraint(
        ["snapshot_id", "area_id"],
        [
            dataset_tables["coverage_areas"].c.snapshot_id,
            dataset_tables["coverage_areas"].c.area_id,
        ],
    ),
    sa.CheckConstraint(f"model_class IN ({_classes})", name="model_class"),
    sa.CheckConstraint(f"decided_class IN ({_classes})", name="decided_class"),
    sa.Index(None, "snapshot_id", "area_id"),
)

assessment_runs = sa.Table(
    "assessment_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("snapshot_id", sa.ForeignKey(snapshots.c.id), nullable=False, index=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("rules_toml", sa.Text, nullable=False),
    sa.Column("result_json", sa.Text, nullable=False),
    # the run's identity and format (praksisplan.threat.runs)
    sa.Column("rules_sha256", sa.String(64), nullable=False),
    sa.Column("rules_name", sa.Text, nullable=False),
    sa.Column("format_version", sa.Integer, nullable=False),
)
