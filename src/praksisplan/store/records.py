"""What the store hands back: snapshot descriptions and committee decisions, and the
conversions of stored values (timestamps, inserted ids) the store modules share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import CursorResult


@dataclass(frozen=True)
class SnapshotInfo:
    """A stored, immutable dataset: one region at one reference date."""

    id: int
    region_code: str
    region_name: str
    name: str
    reference_date: dt.date
    loaded_at: dt.datetime
    synthetic: bool
    source: str


@dataclass(frozen=True)
class DecisionRecord:
    """A committee decision on an area's threat class ("red", "yellow" or "green").

    Decisions are appended, never changed: a newer decision for the same area supersedes the
    older one, and both stay in the history.
    """

    id: int
    snapshot_id: int
    area_id: str
    model_class: str
    decided_class: str
    reason: str
    decided_by: str
    decided_at: dt.datetime
    #: the assessment run whose model class this records, and its rule set's name
    #: (None for decisions recorded before runs were linked)
    assessment_run_id: int | None = None
    rules_name: str | None = None
    #: the what-if scenario the decision cites, and its name (None: it cites none)
    scenario_id: int | None = None
    scenario_name: str | None = None


def _utc(value: dt.datetime) -> dt.datetime:
    """A stored timestamp as an aware UTC datetime (SQLite keeps them naive, in UTC)."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _inserted_id(result: CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None, "an insert of one row has a primary key"
    return int(key[0])
