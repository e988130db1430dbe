"""The gross list and the final list (indstilling) as flat frames for export.

* :func:`wide_gross_list` — one row per area with every criterion's measured value,
  threshold and whether it fired (``<criterion>_value``, ``_threshold``, ``_fired``);
* :func:`final_list` — the model's class next to the committee's decision in force;
* :func:`decision_history` — every decision ever recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Protocol

import pandas as pd

from praksisplan.threat.assess import Assessment

#: Columns of :func:`final_list` (index ``area_id``), in order.
FINAL_LIST_COLUMNS = [
    "name",
    "municipality_code",
    "model_class",
    "decided_class",
    "final_class",
    "reason",
    "decided_by",
    "decided_at",
    "decision_rules",
    "decision_scenario",
    "explanation",
    "years_until_red",
]


class Decision(Protocol):
    """What the final list needs of a committee decision (the store's ``DecisionRecord``)."""

    @property
    def area_id(self) -> str: ...
    @property
    def decided_class(self) -> str: ...
    @property
    def reason(self) -> str: ...
    @property
    def decided_by(self) -> str: ...
    @property
    def decided_at(self) -> dt.datetime: ...
    @property
    def rules_name(self) -> str | None: ...
    @property
    def scenario_name(self) -> str | None: ...


def _utc_naive(moment: dt.datetime) -> pd.Timestamp:
    """A timestamp in UTC without zone (spreadsheets cannot hold zoned datetimes)."""
    stamp = pd.Timestamp(moment)
    return stamp.tz_convert("UTC").tz_localize(None) if stamp.tzinfo else stamp


def wide_gross_list(assessment: Assessment) -> pd.DataFrame:
    """The gross list with three columns per criterion, in list order."""
    criteria = assessment.criteria
    order = list(dict.fromkeys(criteria["criterion_id"]))
    parts = [assessment.areas]
    for part in ("value", "threshold", "fired"):
        wide = criteria.pivot(index="area_id", columns="criterion_id", values=part)[order]
        wide.columns = pd.Index([f"{c}_{part}" for c in order])
        parts.append(wide)
    joined = pd.concat(parts, axis=1).loc[assessment.areas.index]
    columns = list(assessment.areas.columns) + [
        f"{c}_{p}" for c in order for p in ("value", "threshold", "fired")
    ]
    return joined[columns]


def final_list(assessment: Assessment, in_force: Mapping[str, Decision]) -> pd.DataFrame:
    """The committee's final list in gross-list order: per area the model class, the
    decision in force (``in_force``: area id → newest decision; empty where none) and the
    resulting final class. ``decided_at`` is in UTC; ``decision_rules`` names the rule set
    whose model class the decision recorded, ``decision_scenario`` the what-if scenario it
    cites (empty where none)."""
    areas = assessment.areas
    decided = pd.DataFrame(
        [
            {
                "area_id": d.area_id,
                "decided_class": d.decided_class,
                "reason": d.reason,
                "decided_by": d.decided_by,
                "decided_at": _utc_naive(d.decided_at),
                "decision_rules": d.rules_name,
                "decision_scenario": d.scenario_name,
            }
            for d in in_force.values()
        ],
        columns=[
            "area_id",
            "decided_class",
            "reason",
            "decided_by",
            "decided_at",
            "decision_rules",
            "decision_scenario",
        ],
    ).set_index("area_id")
    result = areas.rename(columns={"threat_class": "model_class"}).join(decided, how="left")
    result["final_class"] = result["decided_class"].fillna(result["model_class"])
    return result[FINAL_LIST_COLUMNS]


#: Columns of :func:`decision_history` (index ``id``), in order.
HISTORY_COLUMNS = [
    "area_id",
    "model_class",
    "rules_name",
    "decided_class",
    "reason",
    "decided_by",
    "decided_at",
    "scenario_name",
]


class RecordedDecision(Decision, Protocol):
    @property
    def id(self) -> int: ...
    @property
    def model_class(self) -> str: ...


def decision_history(records: Iterable[RecordedDecision]) -> pd.DataFrame:
    """Every decision as a row (in the given order), ``decided_at`` in UTC."""
    frame = pd.DataFrame(
        [
            {
                "id": r.id,
                "area_id": r.area_id,
                "model_class": r.model_class,
                "rules_name": r.rules_name,
                "decided_class": r.decided_class,
                "reason": r.reason,
                "decided_by": r.decided_by,
                "decided_at": _utc_naive(r.decided_at),
                "scenario_name": r.scenario_name,
            }
            for r in records
        ],
        columns=["id", *HISTORY_COLUMNS],
    )
    return frame.set_index("id")
