"""The plan's role rules: a municipality writes only for itself, readers never write."""

from __future__ import annotations

import datetime as dt

import pytest
from plan_builders import AALBORG, COMMITTEE, JAMMERBUGT, NOW, PLANNER, PLO, small_plan

from praksisplan.plan.apply import apply_edit
from praksisplan.plan.edits import (
    Actor,
    AddStatusEntry,
    AnswerResponse,
    OpenConsultation,
    PutGoal,
    SubmitResponse,
    SubmitWish,
)
from praksisplan.plan.errors import PlanForbiddenError
from praksisplan.plan.model import Goal
from praksisplan.plan.permissions import refusal


def _wish(code: str) -> SubmitWish:
    return SubmitWish(municipality_code=code, theme="Rekruttering", text="Flere unge læger.")


def _status(initiative_id: str) -> AddStatusEntry:
    return AddStatusEntry(
        initiative_id=initiative_id,
        date=dt.date(2026, 5, 1),
        state="i gang",
        bullets=["Arbejdet er i gang"],
    )


def _response(party: str) -> SubmitResponse:
    return SubmitResponse(consultation_id=1, party=party, text="Vi har bemærkninger.")


# role × edit → allowed; I1 is owned by region and municipality 851, I2 by PLO
MATRIX: list[tuple[Actor, object, bool]] = [
    (AALBORG, _wish("851"), True),
    (AALBORG, _wish("849"), False),
    (JAMMERBUGT, _wish("851"), False),
    (PLO, _wish("851"), False),
    (COMMITTEE, _wish("851"), False),
    (PLANNER, _wish("849"), True),
    (AALBORG, _response("municipality:851"), True),
    (AALBORG, _response("municipality:849"), False),
    (AALBORG, _response("plo"), False),
    (PLO, _response("plo"), True),
    (PLO, _response("municipality:851"), False),
    (AALBORG, _status("I1"), True),
    (JAMMERBUGT, _status("I1"), False),
    (AALBORG, _status("I2"), False),
    (PLO, _status("I2"), True),
    (COMMITTEE, _status("I1"), False),
    (AALBORG, PutGoal(goal=Goal(id="G3", title="Nyt mål")), False),
    (PLO, PutGoal(goal=Goal(id="G3", title="Nyt mål")), False),
    (PLANNER, PutGoal(goal=Goal(id="G3", title="Nyt mål")), True),
    (AALBORG, OpenConsultation(deadline=dt.date(2026, 4, 1)), False),
    (AALBORG, AnswerResponse(consultation_id=1, response_id=1, text="Tak", changed=False), False),
    (Actor(name="læser", role="viewer"), _wish("851"), False),
    (Actor(name="chef", role="admin"), PutGoal(goal=Goal(id="G3", title="Nyt mål")), True),
]


@pytest.mark.parametrize(("actor", "edit", "allowed"), MATRIX)
def test_permission_matrix(actor: Actor, edit: object, allowed: bool) -> None:
    reason = refusal(actor, edit, small_plan())  # type: ignore[arg-type]
    assert (reason is None) == allowed, reason


def test_a_municipality_cannot_write_for_another_municipality() -> None:
    plan = small_plan()
    with pytest.raises(PlanForbiddenError) as refused:
        apply_edit(plan, JAMMERBUGT, _wish("851"), NOW)
    assert str(refused.value) == (
        "jammerbugt-bruger (rolle municipality:849) må ikke indsende ønsker for kommune 851"
    )
    own = apply_edit(plan, JAMMERBUGT, _wish("849"), NOW)
    assert [(w.municipality_code, w.submitted_by) for w in own.wishes] == [
        ("849", "jammerbugt-bruger")
    ]
    assert plan.wishes == []
