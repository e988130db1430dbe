"""The store: immutable dataset snapshots, committee decisions and assessment runs.

Every method runs in one database transaction, or in the caller's unit of work
(:mod:`praksisplan.store.transaction`). A snapshot is written completely or not at
all; nothing the store writes is ever updated or deleted. Assessment runs and decisions
are in :mod:`praksisplan.store.runs`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from types import TracebackType
from typing import Any, Literal, Self, cast

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row
from sqlalchemy.exc import DatabaseError, IntegrityError

from praksisplan.core.dataset import TABLE_MODELS, Dataset, coded_columns
from praksisplan.core.errors import PraksisplanError
from praksisplan.core.manifest import Manifest
from praksisplan.store import account_tables, plan_tables, scenario_tables
from praksisplan.store.bulk import insert_columns, select_columns
from praksisplan.store.database import create_store_engine
from praksisplan.store.frames import (
    FrameLayout,
    data_columns,
    frame_layout,
    rebuild_frame,
    table_columns,
)
from praksisplan.store.migrate import upgrade
from praksisplan.store.opening import cannot_open, require_current_store
from praksisplan.store.records import SnapshotInfo, _inserted_id, _utc
from praksisplan.store.runs import RunRecords
from praksisplan.store.tables import (
    GEOMETRY_COLUMN,
    dataset_tables,
    snapshots,
)
from praksisplan.store.transaction import Transactions

#: Every module that defines tables, imported so ``tables.metadata`` is the whole schema
#: wherever a Store exists (the migrations' target; tests/store/test_migrations.py compares a
#: migrated database with it): the package no longer imports them all.
SCHEMA_MODULES = (account_tables, plan_tables, scenario_tables)

#: Rows per ``executemany`` while loading (and per step of the progress callback).
INSERT_BATCH_ROWS = 50_000

#: ``progress(rows_stored, rows_total)``, called as a load advances.
LoadProgress = Callable[[int, int], None]


def _snapshot_info(row: Row[Any]) -> SnapshotInfo:
    return SnapshotInfo(
        id=row.id,
        region_code=row.region_code,
        region_name=row.region_name,
        name=row.name,
        reference_date=row.reference_date,
        loaded_at=_utc(row.loaded_at),
        synthetic=row.synthetic,
        source=row.source,
    )


def _duplicate_error(region_code: str, region_name: str, date: dt.date) -> str:
    return (
        f"Der findes allerede et snapshot for region {region_code} ({region_name}) pr. "
        f"{date.isoformat()}; et snapshot kan ikke ændres eller erstattes. "
        f"(A snapshot of region {region_code} dated {date.isoformat()} already exists; "
        f"snapshots are immutable.)"
    )


_SNAPSHOT_COLUMNS = [
    snapshots.c[name]
    for name in (
        "id",
        "region_code",
        "region_name",
        "name",
        "reference_date",
        "loaded_at",
        "synthetic",
        "source",
    )
]


class Store(Transactions, RunRecords):
    """Snapshots, decisions and assessment runs in the database at ``url``.

    Opening a store with ``create=True`` creates the database or migrates it to the newest
    schema; with ``create=False`` a missing, foreign or outdated database is a clear error
    and nothing is written (:mod:`praksisplan.store.opening`).
    """

    def __init__(self, url: str, *, create: bool = True) -> None:
        self._engine = create_store_engine(url)
        self.url = self._engine.url.render_as_string(hide_password=True)
        try:
            if create:
                upgrade(self._engine)
            else:
                require_current_store(self._engine, self.url)
        except DatabaseError as error:
            self._engine.dispose()
            raise cannot_open(self.url, error) from error
        except PraksisplanError:
            self._engine.dispose()
            raise

    def close(self) -> None:
        """Close all connections (SQLite then folds its WAL back into the file)."""
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- snapshots -------------------------------------------------------------------------

    def load_dataset(
        self, dataset: Dataset, *, source: str, progress: LoadProgress | None = None
    ) -> SnapshotInfo:
        """Store ``dataset`` as a new snapshot, in one transaction.

        Refuses a second snapshot of the same region and reference date.
        """
        frames = {attribute: getattr(dataset, attribute) for attribute in dataset_tables}
        layouts = {a: frame_layout(frames[a], dataset_tables[a]) for a in dataset_tables}
        manifest = dataset.manifest
        region, date = manifest.region, manifest.reference_date
        values = {
            "region_code": region.code,
            "region_name": region.name,
            "name": manifest.name,
            "reference_date": date,
            "loaded_at": dt.datetime.now(dt.UTC),
            "synthetic": manifest.synthetic,
            "source": source,
        }
        total = sum(len(frame) for frame in frames.values())
        with self._writing() as connection:
            existing = connection.scalar(
                sa.select(snapshots.c.id).where(
                    snapshots.c.region_code == region.code, snapshots.c.reference_date == date
                )
            )
            if existing is not None:
                raise PraksisplanError(_duplicate_error(region.code, region.name, date))
            try:
                inserted = connection.execute(
                    snapshots.insert().values(
                        **values,
                        manifest=manifest.model_dump(mode="json"),
                        frame_layout=layouts,
                    )
                )
            except IntegrityError as error:  # loaded concurrently by another process
                raise PraksisplanError(_duplicate_error(region.code, region.name, date)) from error
            snapshot_id = _inserted_id(inserted)
            stored = 0

            def advance(rows: int) -> None:
                nonlocal stored
                stored += rows
                if progress is not None:
                    progress(stored, total)

            for attribute, table in dataset_tables.items():
                insert_columns(
                    connection,
                    table,
                    {"snapshot_id": snapshot_id},
                    table_columns(frames[attribute], table, layouts[attribute]),
                    INSERT_BATCH_ROWS,
                    advance,
                )
        return SnapshotInfo(id=snapshot_id, **values)  # type: ignore[arg-type]

    def list_snapshots(self) -> list[SnapshotInfo]:
        """All snapshots by region and reference date."""
        with self._reading() as connection:
            rows = connection.execute(
                sa.select(*_SNAPSHOT_COLUMNS).order_by(
                    snapshots.c.region_code, snapshots.c.reference_date
                )
            )
            return [_snapshot_info(row) for row in rows]

    def _snapshot_row(self, connection: Connection, snapshot_id: int) -> Row[Any]:
        row = connection.execute(
            sa.select(*_SNAPSHOT_COLUMNS, snapshots.c.manifest, snapshots.c.frame_layout).where(
                snapshots.c.id == snapshot_id
            )
        ).one_or_none()
        if row is None:
            raise PraksisplanError(
                f"Der findes intet snapshot med id {snapshot_id} i {self.url} "
                f"(no snapshot {snapshot_id})"
            )
        return cast(Row[Any], row)

    def get_snapshot(self, snapshot_id: int) -> SnapshotInfo:
        with self._reading() as connection:
            return _snapshot_info(self._snapshot_row(connection, snapshot_id))

    def previous_snapshot(self, snapshot_id: int) -> SnapshotInfo | None:
        """The same region's snapshot with the latest reference date before this one's."""
        with self._reading() as connection:
            current = self._snapshot_row(connection, snapshot_id)
            row = connection.execute(
                sa.select(*_SNAPSHOT_COLUMNS)
                .where(
                    snapshots.c.region_code == current.region_code,
                    snapshots.c.reference_date < current.reference_date,
                )
                .order_by(snapshots.c.reference_date.desc())
                .limit(1)
            ).one_or_none()
            return None if row is None else _snapshot_info(row)

    def read_dataset(self, snapshot_id: int, *, tables: Collection[str] | None = None) -> Dataset:
        """The snapshot's dataset, with frames equal to those that were loaded.

        ``tables`` (attribute names of :class:`Dataset`) reads only those tables; the others
        come back empty with their columns and dtypes — for a reader that needs only a part
        of a snapshot (the facts report's earlier snapshots need only their supply).
        """
        unknown = set(tables or ()) - set(dataset_tables)
        if unknown:
            raise ValueError(f"unknown dataset tables: {sorted(unknown)}")
        with self._reading() as connection:
            row = self._snapshot_row(connection, snapshot_id)
            layouts: dict[str, FrameLayout] = row.frame_layout
            # a snapshot stored before an optional table existed has no layout for it; one
            # stored before the coded columns were categoricals has them as text
            frames = {
                attribute: coded_columns(
                    self._read_frame(
                        connection,
                        snapshot_id,
                        attribute,
                        layouts[attribute],
                        rows=tables is None or attribute in tables,
                    ),
                    TABLE_MODELS[attribute],
                )
                for attribute in dataset_tables
                if attribute in layouts
            }
        return Dataset(manifest=Manifest.model_validate(row.manifest), **frames)

    @staticmethod
    def _read_frame(
        connection: Connection,
        snapshot_id: int,
        attribute: str,
        layout: FrameLayout,
        *,
        rows: bool,
    ) -> Any:
        """The stored frame, or (``rows=False``) its empty frame with the same columns."""
        table = dataset_tables[attribute]
        names = data_columns(table)
        if layout["geometry"] is not None:
            names.append(GEOMETRY_COLUMN)
        if not rows:
            return rebuild_frame(dict.fromkeys(names, ()), layout)
        select = (
            sa.select(*(table.c[name] for name in names))
            .where(table.c.snapshot_id == snapshot_id)
            .order_by(table.c.row_no)
        )
        return rebuild_frame(select_columns(connection, select), layout)

    def population_totals(
        self, snapshot_id: int, level: Literal["area", "municipality"]
    ) -> pd.Series:
        """The snapshot's persons per area or municipality (of the population rows' cells),
        summed in the database: int64 by ``area_id`` or ``municipality_code``, in code order
        — for a reader that needs only totals, not the ~200,000 rows of the whole table.
        Summed per cell first, then per unit (the cell of each row looked up: 3× the time)."""
        population, cells = dataset_tables["population"], dataset_tables["cells"]
        per_cell = (
            sa.select(population.c.cell_id, sa.func.sum(population.c.persons).label("persons"))
            .where(population.c.snapshot_id == snapshot_id)
            .group_by(population.c.cell_id)
            .subquery()
        )
        unit = cells.c["area_id" if level == "area" else "municipality_code"]
        select = (
            sa.select(unit, sa.func.sum(per_cell.c.persons))
            .join(
                per_cell,
                (cells.c.snapshot_id == snapshot_id) & (cells.c.cell_id == per_cell.c.cell_id),
            )
            .group_by(unit)
            .order_by(unit)
        )
        with self._reading() as connection:
            self._snapshot_row(connection, snapshot_id)
            rows = connection.execute(select).all()
        return pd.Series(
            [int(persons) for _, persons in rows],
            index=pd.Index([code for code, _ in rows], dtype=object, name=unit.name),
            dtype="int64",
            name="persons",
        )

    def row_counts(self, snapshot_id: int) -> dict[str, int]:
        """Rows per dataset table of a snapshot."""
        with self._reading() as connection:
            self._snapshot_row(connection, snapshot_id)
            return {
                attribute: int(
                    connection.scalar(
                        sa.select(sa.func.count()).where(table.c.snapshot_id == snapshot_id)
                    )
                    or 0
                )
                for attribute, table in dataset_tables.items()
            }
