"""Scenarios in the store: named, ordered edits over a base snapshot, checked before saving.

Every change is one transaction. Edits are checked by applying the scenario's edits and the
new ones to the base dataset with the pure :func:`praksisplan.scenario.apply.apply_edits`;
a refused edit raises its Danish :class:`~praksisplan.scenario.edits.ScenarioEditError` and
nothing is written. The base snapshot is never changed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row
from sqlalchemy.exc import IntegrityError

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.scenario.apply import AppliedScenario, apply_edits
from praksisplan.scenario.edits import Edit, parse_edit
from praksisplan.store.records import _utc
from praksisplan.store.scenario_review import delete_review
from praksisplan.store.scenario_tables import SCENARIO_STATUSES, scenario_edits, scenarios
from praksisplan.store.store import Store
from praksisplan.store.tables import decisions


@dataclass(frozen=True)
class ScenarioInfo:
    id: int
    snapshot_id: int
    name: str
    description: str
    status: str
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    edit_count: int


@dataclass(frozen=True)
class ScenarioEditRecord:
    """One stored edit with who added it and when."""

    seq: int
    edit: Edit
    added_by: str
    added_at: dt.datetime


def _edit_of(row: Row[Any]) -> Edit:
    data: dict[str, Any] = {
        "table": row.table_name,
        "key": json.loads(row.key),
        "op": row.op,
        "values": json.loads(row.values),
    }
    if row.year is not None:
        data["year"] = row.year
    return parse_edit(data, row.seq)


class ScenarioStore:
    """The scenarios of a :class:`~praksisplan.store.Store` (same database, same transactions)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _row(self, connection: Connection, ref: int | str) -> Row[Any]:
        column = scenarios.c.id if isinstance(ref, int) else scenarios.c.name
        row = connection.execute(sa.select(scenarios).where(column == ref)).one_or_none()
        if row is None:
            raise PraksisplanError(f"Der er intet scenarie '{ref}' i databasen")
        return row

    def _info(self, connection: Connection, row: Row[Any]) -> ScenarioInfo:
        count = connection.scalar(
            sa.select(sa.func.count()).where(scenario_edits.c.scenario_id == row.id)
        )
        return ScenarioInfo(
            id=row.id,
            snapshot_id=row.snapshot_id,
            name=row.name,
            description=row.description,
            status=row.status,
            created_by=row.created_by,
            created_at=_utc(row.created_at),
            updated_at=_utc(row.updated_at),
            edit_count=int(count or 0),
        )

    def _records(self, connection: Connection, scenario_id: int) -> list[ScenarioEditRecord]:
        rows = connection.execute(
            sa.select(scenario_edits)
            .where(scenario_edits.c.scenario_id == scenario_id)
            .order_by(scenario_edits.c.seq)
        ).all()
        return [ScenarioEditRecord(r.seq, _edit_of(r), r.added_by, _utc(r.added_at)) for r in rows]

    def _insert_edits(
        self,
        connection: Connection,
        scenario_id: int,
        first_seq: int,
        edits: Sequence[Edit],
        added_by: str,
        now: dt.datetime,
    ) -> None:
        if not edits:
            return
        connection.execute(
            scenario_edits.insert(),
            [
                {
                    "scenario_id": scenario_id,
                    "seq": first_seq + i,
                    "table_name": edit.table,
                    "key": json.dumps(list(edit.key), ensure_ascii=False),
                    "op": edit.op,
                    "values": json.dumps(dict(edit.values), ensure_ascii=False),
                    "year": edit.year,
                    "added_by": added_by,
                    "added_at": now,
                }
                for i, edit in enumerate(edits)
            ],
        )

    def _base(self, snapshot_id: int, base: Dataset | None) -> Dataset:
        return base if base is not None else self._store.read_dataset(snapshot_id)

    def create(
        self,
        snapshot_id: int,
        name: str,
        created_by: str,
        *,
        description: str = "",
        edits: Sequence[Edit] = (),
        status: str = "kladde",
        base: Dataset | None = None,
    ) -> ScenarioInfo:
        """A new scenario on ``snapshot_id`` (``base`` = that snapshot's dataset, if at hand)."""
        if not name.strip() or not created_by.strip():
            raise PraksisplanError("Et scenarie skal have et navn og en opretter")
        self._check_status(status)
        self._store.get_snapshot(snapshot_id)
        apply_edits(self._base(snapshot_id, base), edits)
        now = dt.datetime.now(dt.UTC)
        try:
            with self._store._writing() as connection:
                inserted = connection.execute(
                    scenarios.insert().values(
                        snapshot_id=snapshot_id,
                        name=name,
                        description=description,
                        status=status,
                        created_by=created_by,
                        created_at=now,
                        updated_at=now,
                    )
                )
                scenario_id = int(inserted.inserted_primary_key[0])  # type: ignore[index]
                self._insert_edits(connection, scenario_id, 1, edits, created_by, now)
                return self._info(connection, self._row(connection, scenario_id))
        except IntegrityError:
            raise PraksisplanError(
                f"Der findes allerede et scenarie med navnet '{name}'; vælg et andet navn"
            ) from None

    def list_scenarios(self) -> list[ScenarioInfo]:
        with self._store._reading() as connection:
            rows = connection.execute(sa.select(scenarios).order_by(scenarios.c.id)).all()
            return [self._info(connection, row) for row in rows]

    def get(self, ref: int | str) -> ScenarioInfo:
        with self._store._reading() as connection:
            return self._info(connection, self._row(connection, ref))

    def edits(self, ref: int | str) -> list[ScenarioEditRecord]:
        with self._store._reading() as connection:
            return self._records(connection, self._row(connection, ref).id)

    def add_edits(
        self, ref: int | str, edits: Sequence[Edit], added_by: str, *, base: Dataset | None = None
    ) -> ScenarioInfo:
        """Append ``edits``; all of the scenario's edits are checked together first."""
        now = dt.datetime.now(dt.UTC)
        with self._store._writing() as connection:
            row = self._row(connection, ref)
            existing = [r.edit for r in self._records(connection, row.id)]
            apply_edits(self._base(row.snapshot_id, base), [*existing, *edits])
            self._insert_edits(connection, row.id, len(existing) + 1, edits, added_by, now)
            connection.execute(
                scenarios.update().where(scenarios.c.id == row.id).values(updated_at=now)
            )
            return self._info(connection, row)

    def undo(self, ref: int | str, *, base: Dataset | None = None) -> ScenarioInfo:
        """Remove the last edit (refused when the scenario has none)."""
        now = dt.datetime.now(dt.UTC)
        with self._store._writing() as connection:
            row = self._row(connection, ref)
            records = self._records(connection, row.id)
            if not records:
                raise PraksisplanError(f"Scenariet '{row.name}' har ingen ændringer at fortryde")
            connection.execute(
                scenario_edits.delete().where(
                    scenario_edits.c.scenario_id == row.id,
                    scenario_edits.c.seq == records[-1].seq,
                )
            )
            connection.execute(
                scenarios.update().where(scenarios.c.id == row.id).values(updated_at=now)
            )
            return self._info(connection, row)

    @staticmethod
    def _check_status(status: str) -> None:
        if status not in SCENARIO_STATUSES:
            raise PraksisplanError(
                f"'{status}' er ikke en scenariestatus; brug {', '.join(SCENARIO_STATUSES)}"
            )

    def set_status(self, ref: int | str, status: str) -> ScenarioInfo:
        self._check_status(status)
        with self._store._writing() as connection:
            row = self._row(connection, ref)
            connection.execute(
                scenarios.update()
                .where(scenarios.c.id == row.id)
                .values(status=status, updated_at=dt.datetime.now(dt.UTC))
            )
            return self._info(connection, self._row(connection, row.id))

    def delete(self, ref: int | str) -> None:
        """Delete the scenario, its edits, comments and marks; refused while a committee
        decision cites it."""
        with self._store._writing() as connection:
            row = self._row(connection, ref)
            citing = connection.execute(
                sa.select(decisions.c.snapshot_id, decisions.c.area_id)
                .where(decisions.c.scenario_id == row.id)
                .order_by(decisions.c.id)
            ).all()
            if citing:
                areas = ", ".join(sorted({c.area_id for c in citing}))
                raise PraksisplanError(
                    f"Scenariet '{row.name}' kan ikke slettes: {len(citing)} af udvalgets "
                    f"beslutninger henviser til det (område {areas}); beslutninger ændres "
                    f"aldrig, så scenariet bevares — sæt det evt. til status 'forkastet'"
                )
            connection.execute(
                scenario_edits.delete().where(scenario_edits.c.scenario_id == row.id)
            )
            delete_review(connection, row.id)
            connection.execute(scenarios.delete().where(scenarios.c.id == row.id))

    def applied(self, ref: int | str, *, base: Dataset | None = None) -> AppliedScenario:
        """The scenario's dataset: its base snapshot with its edits applied."""
        info = self.get(ref)
        edits = [r.edit for r in self.edits(info.id)]
        return apply_edits(self._base(info.snapshot_id, base), edits)
