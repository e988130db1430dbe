"""Plans in the store: every edit one transaction, checked by the pure plan package.

:meth:`PlanStore.edit` reads the plan, applies the edit with
:func:`praksisplan.plan.apply.apply_edit` (roles, frozen versions, state rules) and writes
the new document together with its journal row — or, when the edit is refused, raises the
Danish error and writes nothing. A concurrent edit of the same plan is detected by the
revision number and refused rather than lost.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row
from sqlalchemy.exc import IntegrityError

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.plan.apply import apply_edit
from praksisplan.plan.edits import Actor, Edit
from praksisplan.plan.errors import PlanConflictError
from praksisplan.plan.exchange import export_plan, import_plan
from praksisplan.plan.measures import (
    MEASURE_INDICATORS,
    MeasureEvaluation,
    evaluate_computed,
    measure_values,
)
from praksisplan.plan.model import ComputedMeasure, Plan
from praksisplan.store.plan_tables import plan_edits, plans
from praksisplan.store.records import _utc
from praksisplan.store.store import Store
from praksisplan.store.tables import dataset_tables, snapshots
from praksisplan.threat.rules import RuleSet, load_rules
from praksisplan.threat.run_service import run_in_force


@dataclass(frozen=True)
class PlanInfo:
    key: str
    region_code: str
    title: str
    status: str
    revision: int
    updated_at: dt.datetime


@dataclass(frozen=True)
class PlanEditRecord:
    """One journal row: who changed the plan, when, and how (the edit as JSON)."""

    revision: int
    edited_at: dt.datetime
    actor_name: str
    actor_role: str
    kind: str
    edit: str


@dataclass(frozen=True)
class PlanFollowUp:
    """A plan's computed measures over the stored snapshots, and the region's municipalities."""

    evaluations: dict[str, MeasureEvaluation]
    #: Municipality code → name, from the newest snapshot of the plan's region.
    municipality_names: dict[str, str]


def _info(row: Row[Any]) -> PlanInfo:
    return PlanInfo(
        key=row.key,
        region_code=row.region_code,
        title=row.title,
        status=row.status,
        revision=row.revision,
        updated_at=_utc(row.updated_at),
    )


class PlanStore:
    """The plans of a :class:`~praksisplan.store.Store` (same database, same transactions)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _row(self, connection: Connection, key: str) -> Row[Any]:
        row = connection.execute(sa.select(plans).where(plans.c.key == key)).one_or_none()
        if row is None:
            raise PraksisplanError(f"Der er ingen praksisplan '{key}' i databasen")
        return row

    def _journal(
        self,
        connection: Connection,
        plan_id: int,
        revision: int,
        actor: Actor,
        kind: str,
        edit: str,
        now: dt.datetime,
    ) -> None:
        connection.execute(
            plan_edits.insert().values(
                plan_id=plan_id,
                revision=revision,
                edited_at=now,
                actor_name=actor.name,
                actor_role=actor.role,
                kind=kind,
                edit=edit,
            )
        )

    def add(self, plan: Plan, actor: Actor, *, kind: str = "create") -> PlanInfo:
        """Store a new plan (created, copied or imported); its key must be free."""
        if not actor.is_secretariat:
            raise PraksisplanError(
                f"{actor.name} (rolle {actor.role}) må ikke oprette eller importere en praksisplan"
            )
        now = dt.datetime.now(dt.UTC)
        try:
            with self._store._writing() as connection:
                inserted = connection.execute(
                    plans.insert().values(
                        key=plan.key,
                        region_code=plan.region_code,
                        title=plan.title,
                        status=plan.status,
                        revision=1,
                        updated_at=now,
                        document=export_plan(plan),
                    )
                )
                plan_id = int(inserted.inserted_primary_key[0])  # type: ignore[index]
                detail = json.dumps({"copied_from": plan.copied_from}, ensure_ascii=False)
                self._journal(connection, plan_id, 1, actor, kind, detail, now)
                return _info(self._row(connection, plan.key))
        except IntegrityError:
            raise PraksisplanError(
                f"Der findes allerede en praksisplan med nøglen '{plan.key}'; vælg en anden nøgle"
            ) from None

    def list_plans(self) -> list[PlanInfo]:
        with self._store._reading() as connection:
            rows = connection.execute(sa.select(plans).order_by(plans.c.id)).all()
        return [_info(row) for row in rows]

    def get(self, key: str) -> Plan:
        with self._store._reading() as connection:
            row = self._row(connection, key)
        return import_plan(row.document, f"praksisplanen '{key}' i databasen")

    def edit(self, key: str, actor: Actor, edit: Edit, now: dt.datetime | None = None) -> Plan:
        """Apply ``edit`` as ``actor`` in one transaction; nothing is stored if it is refused."""
        now = now or dt.datetime.now(dt.UTC)
        with self._store._writing() as connection:
            row = self._row(connection, key)
            plan = apply_edit(import_plan(row.document, key), actor, edit, now)
            updated = connection.execute(
                plans.update()
                .where(plans.c.id == row.id, plans.c.revision == row.revision)
                .values(
                    status=plan.status,
                    title=plan.title,
                    revision=row.revision + 1,
                    updated_at=now,
                    document=export_plan(plan),
                )
            )
            if updated.rowcount != 1:
                raise PlanConflictError(
                    f"Praksisplanen '{key}' blev ændret af en anden imens; prøv igen"
                )
            self._journal(
                connection, row.id, row.revision + 1, actor, edit.kind, edit.model_dump_json(), now
            )
            return plan

    def journal(self, key: str) -> list[PlanEditRecord]:
        """Every change of the plan, oldest first."""
        with self._store._reading() as connection:
            plan_id = self._row(connection, key).id
            rows = connection.execute(
                sa.select(plan_edits)
                .where(plan_edits.c.plan_id == plan_id)
                .order_by(plan_edits.c.revision)
            ).all()
        return [
            PlanEditRecord(
                revision=r.revision,
                edited_at=_utc(r.edited_at),
                actor_name=r.actor_name,
                actor_role=r.actor_role,
                kind=r.kind,
                edit=r.edit,
            )
            for r in rows
        ]

    def follow_up(
        self,
        plan: Plan,
        rules: RuleSet | None = None,
        snapshot_ids: Sequence[int] | None = None,
        dataset_of: Callable[[int], Dataset] | None = None,
    ) -> PlanFollowUp:
        """Each computed measure evaluated on every snapshot of the plan's region.

        Threat measures count each snapshot's assessment under ``rules``, by default its
        rule set in force (:func:`praksisplan.threat.run_service.run_in_force`; nothing is
        stored). Each snapshot is read once (with ``dataset_of`` if given, e.g. a cache of
        datasets); the municipality names are the newest snapshot's.
        """
        read = dataset_of or self._store.read_dataset
        snapshots = sorted(
            (
                s
                for s in self._store.list_snapshots()
                if s.region_code == plan.region_code
                and (snapshot_ids is None or s.id in snapshot_ids)
            ),
            key=lambda s: s.reference_date,
        )
        measures = [m for m in plan.measures() if isinstance(m, ComputedMeasure)]
        counts_threat = any(MEASURE_INDICATORS[m.indicator].source == "threat" for m in measures)
        values: dict[str, list[tuple[int, dt.date, float]]] = {m.id: [] for m in measures}
        for snapshot in snapshots:
            dataset = read(snapshot.id)
            if rules is None and counts_threat:
                in_force = run_in_force(self._store, snapshot.id, save=False, dataset=dataset)
                found = measure_values(dataset, measures, in_force.assessment)
            else:  # no threat measure: the rules are not used
                found = measure_values(dataset, measures, rules or load_rules(None))
            for measure in measures:
                values[measure.id].append((snapshot.id, snapshot.reference_date, found[measure.id]))
        return PlanFollowUp(
            evaluations={m.id: evaluate_computed(m, values[m.id]) for m in measures},
            municipality_names=self.municipality_names(plan.region_code),
        )

    def municipality_names(self, region_code: str) -> dict[str, str]:
        """Municipality code → name in the newest snapshot of the region (empty if none)."""
        municipalities = dataset_tables["municipalities"]
        with self._store._reading() as connection:
            newest = connection.scalar(
                sa.select(snapshots.c.id)
                .where(snapshots.c.region_code == region_code)
                .order_by(snapshots.c.reference_date.desc())
                .limit(1)
            )
            rows = connection.execute(
                sa.select(municipalities.c.code, municipalities.c.name).where(
                    municipalities.c.snapshot_id == newest
                )
            ).all()
        return {str(code): str(name) for code, name in rows}
