"""Plan edits: every change a version, adoption freezes, follow-up after adoption, copies."""

from __future__ import annotations

import datetime as dt

import pytest
from plan_builders import NOW, PLANNER, at, initiative, small_plan

from praksisplan.plan.apply import apply_edit, copy_plan
from praksisplan.plan.edits import (
    AddStatusEntry,
    MarkMilestone,
    OpenConsultation,
    PutGoal,
    PutInitiative,
    PutSection,
    RemoveGoal,
    ReportFigure,
    SetStatus,
)
from praksisplan.plan.errors import PlanConflictError, PlanFrozenError
from praksisplan.plan.model import Goal, Section


def test_every_content_change_is_a_new_version_and_old_versions_stay() -> None:
    plan = small_plan()
    # version 1 (created) + 2 sections + 2 goals + 2 initiatives
    assert [v.number for v in plan.versions] == [1, 2, 3, 4, 5, 6, 7]
    assert plan.version(1).content.goals == []
    assert plan.version(4).content.goals[0].title == "Lige adgang"
    assert plan.versions[-1].change == "indsats skrevet: indsats 'Indsats I2'"
    renamed = apply_edit(
        plan, PLANNER, PutGoal(goal=Goal(id="G1", title="Lige og nær adgang")), NOW
    )
    assert renamed.content.goals[0].title == "Lige og nær adgang"
    # the goal keeps its initiatives; the previous version still has the old title
    assert [i.id for i in renamed.content.goals[0].initiatives] == ["I1"]
    assert renamed.version(7).content.goals[0].title == "Lige adgang"


def test_adopting_freezes_the_latest_version_and_refuses_content_edits() -> None:
    adopted = apply_edit(small_plan(), PLANNER, SetStatus(status="vedtaget"), NOW)
    assert adopted.status == "vedtaget"
    assert adopted.latest.frozen and not any(v.frozen for v in adopted.versions[:-1])
    for edit in (
        PutSection(section=Section(key="intro", title="Ny indledning")),
        RemoveGoal(goal_id="G2"),
        PutInitiative(goal_id="G1", initiative=initiative("I9", ["region"])),
    ):
        with pytest.raises(PlanFrozenError, match=r"Version 7 af planen .* er vedtaget og låst"):
            apply_edit(adopted, PLANNER, edit, NOW)


def test_follow_up_is_recorded_on_an_adopted_plan() -> None:
    adopted = apply_edit(small_plan(), PLANNER, SetStatus(status="vedtaget"), NOW)
    plan = apply_edit(
        adopted,
        PLANNER,
        AddStatusEntry(
            initiative_id="I1",
            date=dt.date(2026, 9, 1),
            state="i gang",
            bullets=["Første møde holdt"],
        ),
        at(1),
    )
    plan = apply_edit(
        plan,
        PLANNER,
        MarkMilestone(milestone_id="I1-m1", done=True, date=dt.date(2026, 9, 1)),
        at(1),
    )
    plan = apply_edit(
        plan,
        PLANNER,
        ReportFigure(
            measure_id="M-uddannelse", date=dt.date(2026, 9, 1), value=14, source="Uddannelsesrådet"
        ),
        at(2),
    )
    assert plan.versions == adopted.versions
    assert plan.status_entries[0].author == "sekretariatet"
    assert plan.milestone_done("I1-m1")
    assert plan.reported_figures[0].entered_by == "sekretariatet"
    assert plan.reported_figures[0].value == 14


def test_status_transitions_and_extension() -> None:
    plan = small_plan()
    with pytest.raises(PlanConflictError, match="sendes i høring med en høringsfrist"):
        apply_edit(plan, PLANNER, SetStatus(status="i høring"), NOW)
    heard = apply_edit(plan, PLANNER, OpenConsultation(deadline=dt.date(2026, 4, 1)), NOW)
    assert heard.status == "i høring" and heard.consultations[0].version_number == 7
    adopted = apply_edit(heard, PLANNER, SetStatus(status="vedtaget"), at(40))
    with pytest.raises(PlanConflictError, match="nyt slutår efter 2029"):
        apply_edit(adopted, PLANNER, SetStatus(status="forlænget", period_end=2029), NOW)
    extended = apply_edit(adopted, PLANNER, SetStatus(status="forlænget", period_end=2031), NOW)
    assert (extended.status, extended.period_end) == ("forlænget", 2031)
    superseded = apply_edit(extended, PLANNER, SetStatus(status="afløst"), NOW)
    with pytest.raises(PlanFrozenError, match="afløst"):
        apply_edit(
            superseded,
            PLANNER,
            AddStatusEntry(
                initiative_id="I1", date=dt.date(2032, 1, 1), state="afsluttet", bullets=["Slut"]
            ),
            NOW,
        )


def test_a_new_plan_starts_as_a_copy_of_the_last() -> None:
    adopted = apply_edit(small_plan(), PLANNER, SetStatus(status="vedtaget"), NOW)
    copy = copy_plan(adopted, "plan-2030", "Praksisplan 2030–2033", (2030, 2033), PLANNER, at(9))
    assert copy.copied_from == "plan-2026" and copy.status == "udkast"
    assert [v.number for v in copy.versions] == [1] and not copy.latest.frozen
    assert copy.content == adopted.content
    edited = apply_edit(copy, PLANNER, RemoveGoal(goal_id="G2"), at(9))
    assert [g.id for g in edited.content.goals] == ["G1"]
    assert [g.id for g in adopted.content.goals] == ["G1", "G2"]


def test_unknown_ids_and_clashes_are_refused_in_danish() -> None:
    plan = small_plan()
    with pytest.raises(PlanConflictError, match="ingen målsætning 'G9'"):
        apply_edit(
            plan, PLANNER, PutInitiative(goal_id="G9", initiative=initiative("I5", ["region"])), NOW
        )
    with pytest.raises(PlanConflictError, match="hører til målsætningen 'G1', ikke 'G2'"):
        apply_edit(
            plan, PLANNER, PutInitiative(goal_id="G2", initiative=initiative("I1", ["region"])), NOW
        )
    with pytest.raises(PlanConflictError, match="intet indberettet målepunkt 'nope'"):
        apply_edit(
            plan,
            PLANNER,
            ReportFigure(measure_id="nope", date=dt.date(2026, 1, 1), value=1, source="x"),
            NOW,
        )
