"""A small plan for the plan tests, built through the same edits a user makes."""

from __future__ import annotations

import base64
import datetime as dt

import sqlalchemy as sa

from praksisplan.plan.apply import apply_edit, new_plan
from praksisplan.plan.edits import (
    Actor,
    AnswerResponse,
    Edit,
    OpenConsultation,
    PutGoal,
    PutInitiative,
    PutSection,
    SubmitResponse,
)
from praksisplan.plan.model import (
    Attachment,
    Goal,
    Initiative,
    Milestone,
    Plan,
    ReportedMeasure,
    Section,
    Target,
)

PLANNER = Actor(name="sekretariatet", role="planner")
AALBORG = Actor(name="aalborg-bruger", role="municipality:851")
JAMMERBUGT = Actor(name="jammerbugt-bruger", role="municipality:849")
PLO = Actor(name="plo-bruger", role="plo")
COMMITTEE = Actor(name="udvalgsmedlem", role="committee")
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def at(days: int) -> dt.datetime:
    """``days`` after :data:`NOW`."""
    return NOW + dt.timedelta(days=days)


def initiative(initiative_id: str, owners: list[str], **changes: object) -> Initiative:
    values: dict[str, object] = {
        "id": initiative_id,
        "title": f"Indsats {initiative_id}",
        "owners": owners,
        "start": dt.date(2026, 1, 1),
        "end": dt.date(2027, 12, 31),
        "milestones": [
            Milestone(id=f"{initiative_id}-m1", title="Første møde", due=dt.date(2026, 6, 1))
        ],
        "measures": [],
    }
    values.update(changes)
    return Initiative.model_validate(values)


def small_plan() -> Plan:
    """Two sections, two goals; I1 (owned by Aalborg, with a reported measure), I2 (PLO)."""
    plan = new_plan(
        "plan-2026",
        "1081",
        "Region Nordjylland",
        "Praksisplan 2026–2029",
        (2026, 2029),
        PLANNER,
        NOW,
    )
    edits: list[Edit] = [
        PutSection(section=Section(key="intro", title="Indledning", markdown="Planen *samler*.")),
        PutSection(section=Section(key="daekning", title="Lægedækning", markdown="Tekst.")),
        PutGoal(goal=Goal(id="G1", title="Lige adgang")),
        PutGoal(goal=Goal(id="G2", title="Stabile praksis")),
        PutInitiative(
            goal_id="G1",
            initiative=initiative(
                "I1",
                ["region", "municipality:851"],
                measures=[
                    ReportedMeasure(
                        id="M-uddannelse",
                        title="Besatte uddannelsesforløb",
                        target=20,
                        direction="increase",
                        deadline=dt.date(2028, 1, 1),
                    )
                ],
            ),
        ),
        PutInitiative(goal_id="G2", initiative=initiative("I2", ["plo"])),
    ]
    for edit in edits:
        plan = apply_edit(plan, PLANNER, edit, NOW)
    return plan


PDF = base64.b64encode(b"%PDF-1.4\n%%EOF\n").decode()
DEADLINE = dt.date(2026, 4, 1)


def consulted_plan() -> Plan:
    """The small plan after a consultation with three answered responses."""
    plan = apply_edit(small_plan(), PLANNER, OpenConsultation(deadline=DEADLINE), NOW)
    responses = [
        (
            AALBORG,
            SubmitResponse(
                consultation_id=1,
                party="municipality:851",
                text="Mere om øerne.",
                targets=[Target(kind="section", id="daekning")],
                attachments=[Attachment(filename="svar.pdf", content_base64=PDF)],
            ),
        ),
        (
            PLO,
            SubmitResponse(
                consultation_id=1,
                party="plo",
                text="Mål 2 er for ambitiøst.",
                targets=[Target(kind="goal", id="G2")],
            ),
        ),
        (
            JAMMERBUGT,
            SubmitResponse(consultation_id=1, party="municipality:849", text="Vi støtter planen."),
        ),
    ]
    for day, (actor, edit) in enumerate(responses, start=1):
        plan = apply_edit(plan, actor, edit, at(day))
    plan = apply_edit(
        plan,
        PLANNER,
        AnswerResponse(
            consultation_id=1,
            response_id=1,
            text="Afsnittet er udvidet.",
            changed=True,
            change="Nyt afsnit om småøer",
        ),
        at(31),
    )
    plan = apply_edit(
        plan,
        PLANNER,
        AnswerResponse(consultation_id=1, response_id=2, text="Målet fastholdes.", changed=False),
        at(31),
    )
    return apply_edit(
        plan,
        PLANNER,
        AnswerResponse(consultation_id=1, response_id=3, text="Tak.", changed=False),
        at(31),
    )


def store_rows(url: str) -> tuple[list[tuple[object, ...]], int]:
    """The plans table's rows and the journal's row count, read past the store."""
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        rows = [tuple(r) for r in connection.execute(sa.text("SELECT * FROM plans")).all()]
        edits = connection.execute(sa.text("SELECT count(*) FROM plan_edits")).scalar_one()
    engine.dispose()
    return rows, int(edits)
