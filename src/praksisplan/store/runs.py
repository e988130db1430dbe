"""The store's assessment runs and committee decisions (mixed into :class:`Store`).

A run is written by :mod:`praksisplan.threat.run_service`, which defines its format; a
decision records the model class of the run in force and links to that run, and may cite
a what-if scenario of the same snapshot (which then cannot be deleted). Both are appended,
never changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from praksisplan.core.errors import PraksisplanError
from praksisplan.store.records import DecisionRecord, _inserted_id, _utc
from praksisplan.store.scenario_tables import scenarios
from praksisplan.store.tables import THREAT_CLASSES, assessment_runs, dataset_tables, decisions
from praksisplan.threat.runs import StoredRun


def _decision_record(row: Row[Any]) -> DecisionRecord:
    return DecisionRecord(
        id=row.id,
        snapshot_id=row.snapshot_id,
        area_id=row.area_id,
        model_class=row.model_class,
        decided_class=row.decided_class,
        reason=row.reason,
        decided_by=row.decided_by,
        decided_at=_utc(row.decided_at),
        assessment_run_id=row.assessment_run_id,
        rules_name=row.rules_name,
        scenario_id=row.scenario_id,
        scenario_name=row.scenario_name,
    )


def _scenario_name(connection: Connection, scenario_id: int, snapshot_id: int) -> str:
    """The cited scenario's name; refused unless it is a scenario on ``snapshot_id``."""
    row = connection.execute(
        sa.select(scenarios.c.name, scenarios.c.snapshot_id).where(scenarios.c.id == scenario_id)
    ).one_or_none()
    if row is None:
        raise PraksisplanError(f"Der er intet scenarie {scenario_id} at henvise til")
    if row.snapshot_id != snapshot_id:
        raise PraksisplanError(
            f"Scenariet '{row.name}' bygger på øjebliksbillede {row.snapshot_id}, ikke "
            f"{snapshot_id}; en beslutning kan kun henvise til et scenarie på samme "
            f"øjebliksbillede (flyt det med 'praksisplan scenario rebase')"
        )
    return str(row.name)


class RunRecords:
    """Assessment runs and decisions; :class:`praksisplan.store.Store` gives the connections."""

    _reading: Callable[[], AbstractContextManager[Connection]]
    _writing: Callable[[], AbstractContextManager[Connection]]
    _snapshot_row: Callable[[Connection, int], Row[Any]]

    def record_decision(
        self,
        snapshot_id: int,
        area_id: str,
        model_class: str,
        decided_class: str,
        reason: str,
        decided_by: str,
        *,
        assessment_run_id: int | None = None,
        scenario_id: int | None = None,
    ) -> DecisionRecord:
        """Append the committee's decision on an area; earlier decisions stay in the history.

        ``assessment_run_id`` is the run whose model class the decision records
        (:func:`praksisplan.threat.run_service.record_decision` fills it in);
        ``scenario_id`` a scenario on the same snapshot that the decision cites.
        """
        for label, value in (
            ("modellens klasse", model_class),
            ("besluttet klasse", decided_class),
        ):
            if value not in THREAT_CLASSES:
                raise PraksisplanError(
                    f"Ukendt {label} '{value}'; brug {', '.join(THREAT_CLASSES)} "
                    f"(unknown threat class)"
                )
        for label, value in (("begrundelse", reason), ("beslutningstager", decided_by)):
            if not value.strip():
                raise PraksisplanError(f"En beslutning skal have en {label} (is required)")
        areas = dataset_tables["coverage_areas"]
        with self._writing() as connection:
            self._snapshot_row(connection, snapshot_id)
            known = connection.scalar(
                sa.select(sa.func.count()).where(
                    areas.c.snapshot_id == snapshot_id, areas.c.area_id == area_id
                )
            )
            if not known:
                raise PraksisplanError(
                    f"Snapshot {snapshot_id} har intet lægedækningsområde '{area_id}' "
                    f"(snapshot {snapshot_id} has no coverage area '{area_id}')"
                )
            values = {
                "snapshot_id": snapshot_id,
                "area_id": area_id,
                "model_class": model_class,
                "decided_class": decided_class,
                "reason": reason,
                "decided_by": decided_by,
                "decided_at": dt.datetime.now(dt.UTC),
                "assessment_run_id": assessment_run_id,
                "scenario_id": scenario_id,
            }
            scenario_name = None
            if scenario_id is not None:
                scenario_name = _scenario_name(connection, scenario_id, snapshot_id)
            rules_name = None
            if assessment_run_id is not None:
                rules_name = connection.scalar(
                    sa.select(assessment_runs.c.rules_name).where(
                        assessment_runs.c.id == assessment_run_id,
                        assessment_runs.c.snapshot_id == snapshot_id,
                    )
                )
                if rules_name is None:
                    raise PraksisplanError(
                        f"Snapshot {snapshot_id} har ingen vurderingskørsel {assessment_run_id}"
                    )
            inserted = connection.execute(decisions.insert().values(**values))
            return DecisionRecord(
                id=_inserted_id(inserted),
                rules_name=rules_name,
                scenario_name=scenario_name,
                **values,  # type: ignore[arg-type]
            )

    def decisions(self, snapshot_id: int, area_id: str | None = None) -> list[DecisionRecord]:
        """The full decision history of a snapshot (or one area), newest first."""
        query = (
            sa.select(
                decisions, assessment_runs.c.rules_name, scenarios.c.name.label("scenario_name")
            )
            .outerjoin(assessment_runs, decisions.c.assessment_run_id == assessment_runs.c.id)
            .outerjoin(scenarios, decisions.c.scenario_id == scenarios.c.id)
            .where(decisions.c.snapshot_id == snapshot_id)
        )
        if area_id is not None:
            query = query.where(decisions.c.area_id == area_id)
        with self._reading() as connection:
            self._snapshot_row(connection, snapshot_id)
            rows = connection.execute(query.order_by(decisions.c.id.desc()))
            return [_decision_record(row) for row in rows]

    def current_decisions(self, snapshot_id: int) -> dict[str, DecisionRecord]:
        """The latest decision per area (the ones in force)."""
        current: dict[str, DecisionRecord] = {}
        for record in self.decisions(snapshot_id):
            current.setdefault(record.area_id, record)
        return current

    # -- assessment runs -------------------------------------------------------------------

    def save_assessment_run(
        self,
        snapshot_id: int,
        *,
        rules_toml: str,
        rules_sha256: str,
        rules_name: str,
        format_version: int,
        result_json: str,
    ) -> int:
        """Store an assessment run (:mod:`praksisplan.threat.runs` defines it); its id."""
        with self._writing() as connection:
            self._snapshot_row(connection, snapshot_id)
            inserted = connection.execute(
                assessment_runs.insert().values(
                    snapshot_id=snapshot_id,
                    created_at=dt.datetime.now(dt.UTC),
                    rules_toml=rules_toml,
                    rules_sha256=rules_sha256,
                    rules_name=rules_name,
                    format_version=format_version,
                    result_json=result_json,
                )
            )
            return _inserted_id(inserted)

    def latest_assessment_run(self, snapshot_id: int) -> StoredRun | None:
        """The snapshot's newest assessment run (its rules are the ones in force), if any."""
        with self._reading() as connection:
            self._snapshot_row(connection, snapshot_id)
            row = connection.execute(
                sa.select(assessment_runs)
                .where(assessment_runs.c.snapshot_id == snapshot_id)
                .order_by(assessment_runs.c.id.desc())
                .limit(1)
            ).one_or_none()
        if row is None:
            return None
        return StoredRun(
            id=row.id,
            snapshot_id=row.snapshot_id,
            created_at=_utc(row.created_at),
            rules_toml=row.rules_toml,
            rules_sha256=row.rules_sha256,
            rules_name=row.rules_name,
            format_version=row.format_version,
            result_json=row.result_json,
        )

    def latest_assessment_run_id(self, snapshot_id: int) -> int | None:
        """The id of the snapshot's newest run (cheap: tells whether the rules changed)."""
        with self._reading() as connection:
            latest = connection.scalar(
                sa.select(sa.func.max(assessment_runs.c.id)).where(
                    assessment_runs.c.snapshot_id == snapshot_id
                )
            )
        return None if latest is None else int(latest)
