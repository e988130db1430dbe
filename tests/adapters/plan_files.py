"""A one-measure plan as an exchange file, for ``praksisplan plan import`` in adapter tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from praksisplan.plan.apply import apply_edit, new_plan
from praksisplan.plan.edits import Actor, OpenConsultation, PutGoal, PutInitiative, PutMeasure
from praksisplan.plan.exchange import export_plan
from praksisplan.plan.model import ComputedMeasure, Goal, Initiative

PLANNER = Actor(name="sekretariatet", role="planner")
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def region_measure(
    measure_id: str, indicator: str, baseline: float, target: float
) -> ComputedMeasure:
    """A computed measure of the tiny region (1081) from snapshot 1."""
    return ComputedMeasure(
        id=measure_id, title="Målepunkt " + measure_id, indicator=indicator, level="region",
        unit="1081", baseline_snapshot_id=1, baseline_value=baseline, target=target,
        direction="increase", deadline=dt.date(2027, 1, 1),
    )  # fmt: skip


def write_plan_file(path: Path, measure: ComputedMeasure) -> Path:
    """``plan-2026`` with goal G1, initiative I1 holding ``measure``, put in consultation."""
    plan = new_plan("plan-2026", "1081", "Region Nordjylland", "Praksisplan 2026–2029",
                    (2026, 2029), PLANNER, NOW)  # fmt: skip
    initiative = Initiative.model_validate(
        {"id": "I1", "title": "Flere åbne praksis", "owners": ["region"],
         "start": "2026-01-01", "end": "2029-12-31"}
    )  # fmt: skip
    for edit in (
        PutGoal(goal=Goal(id="G1", title="Lige adgang")),
        PutInitiative(goal_id="G1", initiative=initiative),
        PutMeasure(initiative_id="I1", measure=measure),
        OpenConsultation(deadline=dt.date(2026, 4, 1)),
    ):
        plan = apply_edit(plan, PLANNER, edit, NOW)
    path.write_text(export_plan(plan), encoding="utf-8")
    return path
