"""Content edits: sections, goals, initiatives, measures and positions of a version.

Each function takes the latest :class:`PlanContent` and returns the new content with a
Danish description of the change; unknown or clashing ids raise a
:class:`~praksisplan.plan.errors.PlanConflictError`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from praksisplan.plan import edits as e
from praksisplan.plan.errors import PlanConflictError
from praksisplan.plan.model import Goal, PlanContent, Target


def replace_by_key(items: list[Any], key: Callable[[Any], object], item: Any) -> list[Any]:
    """``items`` with the element of ``item``'s key replaced, or ``item`` appended."""
    found = False
    out = []
    for old in items:
        if key(old) == key(item):
            out.append(item)
            found = True
        else:
            out.append(old)
    return out if found else [*out, item]


def targets_exist(content: PlanContent, targets: list[Target]) -> None:
    sections = {s.key for s in content.sections}
    goals = {g.id for g in content.goals}
    for target in targets:
        known = sections if target.kind == "section" else goals
        if target.id not in known:
            label = "afsnit" if target.kind == "section" else "målsætning"
            raise PlanConflictError(f"Planen har intet {label} '{target.id}'")


def plan_ids(content: PlanContent) -> tuple[set[str], set[str], set[str]]:
    initiatives = {i.id for g in content.goals for i in g.initiatives}
    measures = {m.id for g in content.goals for i in g.initiatives for m in i.measures}
    milestones = {m.id for g in content.goals for i in g.initiatives for m in i.milestones}
    return initiatives, measures, milestones


def edit_content(content: PlanContent, edit: e.ContentEdit) -> tuple[PlanContent, str]:
    """The new content and a Danish description of the change."""
    goals = content.goals
    if isinstance(edit, e.PutSection):
        sections = replace_by_key(content.sections, lambda s: s.key, edit.section)
        return content.model_copy(update={"sections": sections}), f"afsnit '{edit.section.title}'"
    if isinstance(edit, e.RemoveSection):
        if edit.key not in {s.key for s in content.sections}:
            raise PlanConflictError(f"Planen har intet afsnit '{edit.key}'")
        return content.model_copy(
            update={
                "sections": [s for s in content.sections if s.key != edit.key],
                "positions": [
                    p for p in content.positions if p.target != Target(kind="section", id=edit.key)
                ],
            }
        ), f"afsnit '{edit.key}' fjernet"
    if isinstance(edit, e.PutGoal):
        old = next((g for g in goals if g.id == edit.goal.id), None)
        goal = (
            edit.goal
            if old is None
            else edit.goal.model_copy(update={"initiatives": old.initiatives})
        )
        return content.model_copy(
            update={"goals": replace_by_key(goals, lambda g: g.id, goal)}
        ), f"målsætning '{goal.title}'"
    if isinstance(edit, e.RemoveGoal):
        if edit.goal_id not in {g.id for g in goals}:
            raise PlanConflictError(f"Planen har ingen målsætning '{edit.goal_id}'")
        return content.model_copy(
            update={
                "goals": [g for g in goals if g.id != edit.goal_id],
                "positions": [
                    p for p in content.positions if p.target != Target(kind="goal", id=edit.goal_id)
                ],
            }
        ), f"målsætning '{edit.goal_id}' fjernet"
    if isinstance(edit, e.PutInitiative):
        return _put_initiative(content, edit)
    if isinstance(edit, e.RemoveInitiative):
        if edit.initiative_id not in plan_ids(content)[0]:
            raise PlanConflictError(f"Planen har ingen indsats '{edit.initiative_id}'")
        return content.model_copy(
            update={
                "goals": [
                    g.model_copy(
                        update={
                            "initiatives": [i for i in g.initiatives if i.id != edit.initiative_id]
                        }
                    )
                    for g in goals
                ]
            }
        ), f"indsats '{edit.initiative_id}' fjernet"
    if isinstance(edit, e.PutMeasure | e.RemoveMeasure):
        return _edit_measure(content, edit)
    targets_exist(content, [edit.position.target])
    positions = replace_by_key(content.positions, lambda p: (p.target, p.party), edit.position)
    return content.model_copy(update={"positions": positions}), (
        f"{edit.position.party}s holdning til {edit.position.target.id}"
    )


def _put_initiative(content: PlanContent, edit: e.PutInitiative) -> tuple[PlanContent, str]:
    if edit.goal_id not in {g.id for g in content.goals}:
        raise PlanConflictError(f"Planen har ingen målsætning '{edit.goal_id}'")
    initiative = edit.initiative
    for goal in content.goals:
        if goal.id != edit.goal_id and any(i.id == initiative.id for i in goal.initiatives):
            raise PlanConflictError(
                f"Indsatsen '{initiative.id}' hører til målsætningen '{goal.id}', "
                f"ikke '{edit.goal_id}'"
            )
    others = [i for g in content.goals for i in g.initiatives if i.id != initiative.id]
    taken = {m.id for i in others for m in i.measures}
    clash = sorted(taken & {m.id for m in initiative.measures})
    if clash:
        raise PlanConflictError(f"Målepunktet '{clash[0]}' findes allerede i en anden indsats")
    goals: list[Goal] = [
        g.model_copy(
            update={"initiatives": replace_by_key(g.initiatives, lambda i: i.id, initiative)}
        )
        if g.id == edit.goal_id
        else g
        for g in content.goals
    ]
    return content.model_copy(update={"goals": goals}), f"indsats '{initiative.title}'"


def _edit_measure(
    content: PlanContent, edit: e.PutMeasure | e.RemoveMeasure
) -> tuple[PlanContent, str]:
    initiatives, measures, _ = plan_ids(content)
    if isinstance(edit, e.PutMeasure):
        if edit.initiative_id not in initiatives:
            raise PlanConflictError(f"Planen har ingen indsats '{edit.initiative_id}'")
        owner = next(
            (
                i.id
                for g in content.goals
                for i in g.initiatives
                if any(m.id == edit.measure.id for m in i.measures)
            ),
            edit.initiative_id,
        )
        if owner != edit.initiative_id:
            raise PlanConflictError(
                f"Målepunktet '{edit.measure.id}' hører til indsatsen '{owner}'"
            )
    elif edit.measure_id not in measures:
        raise PlanConflictError(f"Planen har intet målepunkt '{edit.measure_id}'")

    def changed(initiative: Any) -> Any:
        if isinstance(edit, e.PutMeasure):
            if initiative.id != edit.initiative_id:
                return initiative
            new = replace_by_key(initiative.measures, lambda m: m.id, edit.measure)
        else:
            new = [m for m in initiative.measures if m.id != edit.measure_id]
        return initiative.model_copy(update={"measures": new})

    goals = [
        g.model_copy(update={"initiatives": [changed(i) for i in g.initiatives]})
        for g in content.goals
    ]
    label = (
        f"målepunkt '{edit.measure.title}'"
        if isinstance(edit, e.PutMeasure)
        else f"målepunkt '{edit.measure_id}' fjernet"
    )
    return content.model_copy(update={"goals": goals}), label
