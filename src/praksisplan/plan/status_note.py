"""The status note: goal → initiative → status bullets → measures with their trend.

Pure: :func:`build_status_note` gathers, as of a date, each initiative's latest status entry,
its milestones and its measures' evaluations; the renderers in
:mod:`praksisplan.plan_documents` lay it out (with a small trend chart per measure).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from praksisplan.plan.hvidbog import party_label
from praksisplan.plan.measures import MEASURE_INDICATORS, MeasureEvaluation, evaluate_reported
from praksisplan.plan.model import TARGET_GROUP_LABELS, ComputedMeasure, Plan, ReportedMeasure
from praksisplan.threat.vocabulary import Unit


@dataclass(frozen=True)
class MeasureLine:
    id: str
    title: str
    kind: str
    unit: Unit
    target: float | None
    direction: str
    deadline: dt.date | None
    evaluation: MeasureEvaluation


@dataclass(frozen=True)
class InitiativeNote:
    id: str
    title: str
    owners: tuple[str, ...]
    focus: bool
    tags: tuple[str, ...]
    state: str | None
    status_date: dt.date | None
    bullets: tuple[str, ...]
    milestones: tuple[tuple[str, dt.date, bool], ...]
    measures: tuple[MeasureLine, ...]


@dataclass(frozen=True)
class GoalNote:
    id: str
    title: str
    initiatives: tuple[InitiativeNote, ...]


@dataclass(frozen=True)
class StatusNote:
    plan_title: str
    region_name: str
    plan_status: str
    as_of: dt.date
    goals: tuple[GoalNote, ...]

    def initiatives(self) -> list[InitiativeNote]:
        return [i for g in self.goals for i in g.initiatives]


def _unit(measure: ComputedMeasure | ReportedMeasure) -> Unit:
    if isinstance(measure, ComputedMeasure):
        return MEASURE_INDICATORS[measure.indicator].unit
    return Unit.NUMBER


def build_status_note(
    plan: Plan,
    computed: Mapping[str, MeasureEvaluation],
    as_of: dt.date,
    municipality_names: Mapping[str, str] | None = None,
) -> StatusNote:
    """The status note as of ``as_of``; ``computed`` holds each computed measure's evaluation."""
    goals = []
    for goal in plan.content.goals:
        notes = []
        for initiative in goal.initiatives:
            entries = [
                e
                for e in plan.status_entries
                if e.initiative_id == initiative.id and e.date <= as_of
            ]
            latest = max(entries, key=lambda e: (e.date, e.id)) if entries else None
            measures = tuple(
                MeasureLine(
                    id=m.id,
                    title=m.title,
                    kind=m.kind,
                    unit=_unit(m),
                    target=m.target,
                    direction=m.direction,
                    deadline=m.deadline,
                    evaluation=computed[m.id]
                    if isinstance(m, ComputedMeasure)
                    else evaluate_reported(plan, m),
                )
                for m in initiative.measures
            )
            notes.append(
                InitiativeNote(
                    id=initiative.id,
                    title=initiative.title,
                    owners=tuple(party_label(o, municipality_names) for o in initiative.owners),
                    focus=initiative.focus,
                    tags=tuple(TARGET_GROUP_LABELS[t] for t in initiative.tags),
                    state=latest.state if latest else None,
                    status_date=latest.date if latest else None,
                    bullets=tuple(latest.bullets) if latest else (),
                    milestones=tuple(
                        (m.title, m.due, plan.milestone_done(m.id)) for m in initiative.milestones
                    ),
                    measures=measures,
                )
            )
        goals.append(GoalNote(id=goal.id, title=goal.title, initiatives=tuple(notes)))
    return StatusNote(
        plan_title=plan.title,
        region_name=plan.region_name,
        plan_status=plan.status,
        as_of=as_of,
        goals=tuple(goals),
    )
