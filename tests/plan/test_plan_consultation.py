"""Wishes and consultation: responses tied to sections or goals, answers, and the hvidbog."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from plan_builders import (
    AALBORG,
    DEADLINE,
    JAMMERBUGT,
    NOW,
    PDF,
    PLANNER,
    PLO,
    at,
    consulted_plan,
    small_plan,
)
from pydantic import ValidationError

from praksisplan.plan.apply import apply_edit
from praksisplan.plan.edits import (
    AnswerResponse,
    PutWishTheme,
    SubmitResponse,
    SubmitWish,
)
from praksisplan.plan.errors import PlanConflictError
from praksisplan.plan.hvidbog import build_hvidbog
from praksisplan.plan.model import Attachment, Target


def test_the_hvidbog_lists_every_response_with_its_answer() -> None:
    plan = consulted_plan()
    hvidbog = build_hvidbog(plan, 1, DEADLINE + dt.timedelta(days=1), {"851": "Aalborg"})
    rows = [
        (e.party, e.targets, e.text, e.attachments, e.answer, e.changed, e.change)
        for e in hvidbog.entries
    ]
    assert rows == [
        (
            "Aalborg Kommune",
            ("Afsnit: Lægedækning",),
            "Mere om øerne.",
            ("svar.pdf",),
            "Afsnittet er udvidet.",
            True,
            "Nyt afsnit om småøer",
        ),
        (
            "PLO",
            ("Målsætning: Stabile praksis",),
            "Mål 2 er for ambitiøst.",
            (),
            "Målet fastholdes.",
            False,
            "",
        ),
        ("Kommune 849", (), "Vi støtter planen.", (), "Tak.", False, ""),
    ]
    assert (hvidbog.answered, hvidbog.changes, hvidbog.version_number) == (3, 1, 7)
    responder = plan.consultations[0].responses[0]
    assert (responder.submitted_by, responder.answer and responder.answer.answered_by) == (
        "aalborg-bruger",
        "sekretariatet",
    )


def test_no_hvidbog_and_no_responses_at_the_wrong_time() -> None:
    plan = consulted_plan()
    with pytest.raises(PlanConflictError, match=r"efter høringsfristen 01\.04\.2026"):
        build_hvidbog(plan, 1, DEADLINE)
    late = dt.datetime(2026, 4, 2, 8, 0, tzinfo=dt.UTC)
    with pytest.raises(PlanConflictError, match=r"Høringsfristen 01\.04\.2026 er overskredet"):
        apply_edit(
            plan, PLO, SubmitResponse(consultation_id=1, party="plo", text="For sent."), late
        )
    with pytest.raises(PlanConflictError, match="intet afsnit 'nyt'"):
        apply_edit(
            plan,
            PLO,
            SubmitResponse(
                consultation_id=1, party="plo", text="x", targets=[Target(kind="section", id="nyt")]
            ),
            at(2),
        )
    with pytest.raises(PlanConflictError, match=r"intet svar nr\. 9"):
        apply_edit(
            plan,
            PLANNER,
            AnswerResponse(consultation_id=1, response_id=9, text="x", changed=False),
            at(2),
        )


def test_attachments_must_be_pdf() -> None:
    with pytest.raises(ValidationError, match="vedhæftningen er ikke en PDF"):
        Attachment(filename="svar.pdf", content_base64=base64.b64encode(b"PK\x03\x04").decode())
    with pytest.raises(ValidationError):
        Attachment(filename="svar.docx", content_base64=PDF)


def test_wishes_are_grouped_into_themes_linked_to_goals() -> None:
    plan = small_plan()
    plan = apply_edit(
        plan, AALBORG, SubmitWish(municipality_code="851", theme="Rekruttering", text="A"), NOW
    )
    plan = apply_edit(
        plan, JAMMERBUGT, SubmitWish(municipality_code="849", theme="Unge læger", text="B"), NOW
    )
    plan = apply_edit(
        plan,
        PLANNER,
        PutWishTheme(id="T1", title="Rekruttering af læger", wish_ids=[1, 2], goal_ids=["G2"]),
        NOW,
    )
    assert [(t.title, t.wish_ids, t.goal_ids) for t in plan.wish_themes] == [
        ("Rekruttering af læger", [1, 2], ["G2"])
    ]
    with pytest.raises(PlanConflictError, match=r"intet ønske nr\. 3"):
        apply_edit(plan, PLANNER, PutWishTheme(id="T2", title="x", wish_ids=[3]), NOW)


def test_a_preliminary_hvidbog_before_the_deadline() -> None:
    hvidbog = build_hvidbog(consulted_plan(), 1, DEADLINE, preliminary=True)
    assert hvidbog.preliminary and len(hvidbog.entries) == 3
    assert not build_hvidbog(consulted_plan(), 1, DEADLINE + dt.timedelta(days=1)).preliminary
