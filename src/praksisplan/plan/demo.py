"""The demo region's practice plan, written for praksisplan (all text invented for the demo).

Four goals, eight initiatives with computed and reported measures, municipal wishes grouped
into themes, a consultation with answered responses (closed), adoption, and two rounds of
status entries. It is built through the same edits a user makes, so it obeys every rule.
The computed measures' baselines are the demo snapshot's own values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from praksisplan.core.dataset import Dataset
from praksisplan.plan.apply import apply_edit, new_plan
from praksisplan.plan.demo_content import GOALS, SECTIONS
from praksisplan.plan.demo_content import initiatives as demo_initiatives
from praksisplan.plan.edits import (
    Actor,
    AddStatusEntry,
    AnswerResponse,
    Edit,
    MarkMilestone,
    OpenConsultation,
    PutGoal,
    PutInitiative,
    PutPosition,
    PutSection,
    PutWishTheme,
    ReportFigure,
    SetStatus,
    SubmitResponse,
    SubmitWish,
)
from praksisplan.plan.measures import measure_values
from praksisplan.plan.model import (
    ComputedMeasure,
    Initiative,
    Plan,
    Position,
    ReportedMeasure,
    Target,
)
from praksisplan.threat.rules import RuleSet

DEMO_PLAN_KEY = "demo-2026"
SECRETARIAT = Actor(name="sekretariatet", role="planner")
PLO_USER = Actor(name="plo-demo", role="plo")


def _municipality(code: str) -> Actor:
    return Actor(name=f"kommune-{code}", role=f"municipality:{code}")


def _with_baselines(
    initiatives: dict[str, list[Initiative]],
    dataset: Dataset,
    snapshot_id: int,
    rules: RuleSet,
) -> dict[str, list[Initiative]]:
    computed = [
        m for items in initiatives.values() for i in items for m in i.measures
        if isinstance(m, ComputedMeasure)
    ]  # fmt: skip
    values = measure_values(dataset, computed, rules)

    def filled(measure: ComputedMeasure | ReportedMeasure) -> ComputedMeasure | ReportedMeasure:
        if not isinstance(measure, ComputedMeasure):
            return measure
        return measure.model_copy(
            update={"baseline_snapshot_id": snapshot_id, "baseline_value": values[measure.id]}
        )

    return {
        goal: [i.model_copy(update={"measures": [filled(m) for m in i.measures]}) for i in items]
        for goal, items in initiatives.items()
    }


def at(day: dt.date) -> dt.datetime:
    """10 o'clock UTC on ``day``: when the demo's edits are made."""
    return dt.datetime(day.year, day.month, day.day, 10, tzinfo=dt.UTC)


def _steps(initiatives: dict[str, list[Initiative]]) -> Iterator[tuple[dt.datetime, Actor, Edit]]:
    """Every edit of the demo plan's history, in order, with its time and actor."""

    wishes = [
        ("901", "Akutpladser", "Vi ønsker en fast læge til alle kommunale akutpladser."),
        ("907", "Lægemangel", "Fjordholm Vest mangler læger; vi stiller gerne lokaler."),
        ("911", "Øerne", "Borgerne på Sandø skal kunne se en læge uden at tage færgen."),
        ("904", "Psykisk sundhed", "Unge venter for længe på hjælp ved angst og depression."),
        ("908", "Lægemangel", "Flere læger i Lyngmark går snart på pension."),
    ]  # fmt: skip
    for n, (code, theme, text) in enumerate(wishes):
        yield (
            at(dt.date(2025, 9, 15 + n)),
            _municipality(code),
            SubmitWish(municipality_code=code, theme=theme, text=text),
        )
    for section in SECTIONS:
        yield at(dt.date(2025, 11, 3)), SECRETARIAT, PutSection(section=section)
    for goal in GOALS:
        yield at(dt.date(2025, 11, 10)), SECRETARIAT, PutGoal(goal=goal)
        for initiative in initiatives[goal.id]:
            yield (
                at(dt.date(2025, 11, 17)),
                SECRETARIAT,
                PutInitiative(goal_id=goal.id, initiative=initiative),
            )
    themes = [
        ("T1", "Lægemangel i yderområderne", [2, 3, 5], ["G1", "G2"]),
        ("T2", "Det nære sundhedsvæsen", [1], ["G4"]),
        ("T3", "Psykisk sundhed", [4], ["G3"]),
    ]
    for theme_id, title, wish_ids, goal_ids in themes:
        yield (
            at(dt.date(2025, 11, 24)),
            SECRETARIAT,
            PutWishTheme(id=theme_id, title=title, wish_ids=wish_ids, goal_ids=goal_ids),
        )
    yield at(dt.date(2025, 12, 1)), SECRETARIAT, PutPosition(
        position=Position(target=Target(kind="goal", id="G1"), party="region",
                          text="Nærklinikker er nødvendige, hvor ingen læge søger ydernummeret.")
    )  # fmt: skip
    yield at(dt.date(2025, 12, 1)), SECRETARIAT, PutPosition(
        position=Position(target=Target(kind="goal", id="G1"), party="plo",
                          text="Nærklinikker må ikke trække læger fra de omkringliggende praksis.")
    )  # fmt: skip
    yield at(dt.date(2026, 1, 12)), SECRETARIAT, OpenConsultation(deadline=dt.date(2026, 2, 27))
    responses = [
        (_municipality("907"), "municipality:907", [Target(kind="goal", id="G1")],
         "Fjordholm Kommune støtter nærklinikkerne og tilbyder lokaler i Fjordholm Vest."),
        (PLO_USER, "plo", [Target(kind="section", id="laegedaekning")],
         "PLO ønsker, at nye læger får nedsat normtal de første år."),
        (_municipality("901"), "municipality:901", [Target(kind="goal", id="G4")],
         "Havnestad Kommune ønsker en tidsplan for lægedækningen af akutpladserne."),
        (SECRETARIAT, "other:Patientforeningen i Region Demo", [],
         "Foreningen savner fokus på transport til lægen for ældre i yderområderne."),
    ]  # fmt: skip
    for n, (actor, party, targets, text) in enumerate(responses):
        yield (
            at(dt.date(2026, 2, 2 + 5 * n)),
            actor,
            SubmitResponse(consultation_id=1, party=party, text=text, targets=targets),
        )
    answers = [
        ("Tilbuddet indgår i arbejdet med indsats I2.", False, ""),
        ("Nedsat normtal nævnes nu som virkemiddel i de røde områder.", True,
         "Afsnittet om lægedækning nævner nedsat normtal."),
        ("Indsats I7 har fået en milepæl for aftalemodellen.", True,
         "Milepæl 'Aftalemodel vedtaget' i indsats I7."),
        ("Transport tages op i indsats I8 om læger tæt på borgerne.", False, ""),
    ]  # fmt: skip
    for n, (text, changed, change) in enumerate(answers, start=1):
        yield (
            at(dt.date(2026, 3, 9)),
            SECRETARIAT,
            AnswerResponse(
                consultation_id=1, response_id=n, text=text, changed=changed, change=change
            ),
        )
    revised = SECTIONS[1].model_copy(
        update={"markdown": SECTIONS[1].markdown + "\n- I de røde områder kan en ny læge få "
                "nedsat normtal de første år."}
    )  # fmt: skip
    yield at(dt.date(2026, 3, 10)), SECRETARIAT, PutSection(section=revised)
    yield at(dt.date(2026, 3, 26)), SECRETARIAT, SetStatus(status="vedtaget")
    yield from _follow_up()


def _follow_up() -> Iterator[tuple[dt.datetime, Actor, Edit]]:
    """Two rounds of status entries (June and November 2026), figures and milestones."""
    rounds = {
        dt.date(2026, 6, 15): {
            "I1": ("i gang", ["Aftale om puljekapaciteter er indgået med PLO."]),
            "I2": ("i gang", ["Lokaler i Fjordholm Vest er fundet.",
                              "Sandø: dialog med færgeselskabet om lægebesøg."]),
            "I3": ("i gang", ["Tre nye uddannelsespraksis er under godkendelse."]),
            "I4": ("ikke startet", ["Model for delepraksis drøftes i samarbejdsudvalget."]),
            "I5": ("i gang", ["Forløbsplanen afprøves i ti praksis i Havnestad."]),
            "I6": ("forsinket", ["Rådgivningstilbuddet mangler en psykolog."]),
            "I7": ("i gang", ["Aftalemodel sendt til kommunerne."]),
            "I8": ("ikke startet", ["Afventer it-løsning til videokonsultation."]),
        },
        dt.date(2026, 11, 16): {
            "I1": ("i gang", ["Fire praksis er åbnet for tilgang.",
                              "Puljekapaciteter slået op i to røde områder."]),
            "I2": ("i gang", ["Nærklinikken i Fjordholm Vest åbner i januar."]),
            "I3": ("i gang", ["Tre nye uddannelsespraksis er godkendt."]),
            "I4": ("i gang", ["To delepraksis er etableret."]),
            "I5": ("i gang", ["Forløbsplanen bruges nu i 24 praksis."]),
            "I6": ("i gang", ["Psykolog ansat; ventetiden er faldet."]),
            "I7": ("afsluttet", ["Alle akutpladser i Havnestad og Nørrehede har en fast læge."]),
            "I8": ("i gang", ["Faste sygebesøgsdage i Lyngmark Vest."]),
        },
    }  # fmt: skip
    for day, entries in rounds.items():
        for initiative_id, (state, bullets) in entries.items():
            yield (
                at(day),
                SECRETARIAT,
                AddStatusEntry.model_validate(
                    {
                        "initiative_id": initiative_id,
                        "date": day,
                        "state": state,
                        "bullets": bullets,
                    }
                ),
            )
    figures = [
        ("M4", dt.date(2026, 6, 15), 13, "Videreuddannelsessekretariatet"),
        ("M4", dt.date(2026, 11, 16), 16, "Videreuddannelsessekretariatet"),
        ("M6", dt.date(2026, 6, 15), 10, "Sekretariatets opgørelse"),
        ("M6", dt.date(2026, 11, 16), 24, "Sekretariatets opgørelse"),
        ("M7", dt.date(2026, 6, 15), 9, "Rådgivningstilbuddets ventelister"),
        ("M7", dt.date(2026, 11, 16), 5, "Rådgivningstilbuddets ventelister"),
        ("M8", dt.date(2026, 6, 15), 55, "Kommunernes indberetning"),
        ("M8", dt.date(2026, 11, 16), 100, "Kommunernes indberetning"),
    ]
    for measure_id, day, value, source in figures:
        yield (
            at(day),
            SECRETARIAT,
            ReportFigure(measure_id=measure_id, date=day, value=value, source=source),
        )
    for milestone_id, day in (("I1-m1", dt.date(2026, 6, 12)), ("I7-m1", dt.date(2026, 7, 28)),
                              ("I1-m2", dt.date(2026, 11, 16))):  # fmt: skip
        yield at(day), SECRETARIAT, MarkMilestone(milestone_id=milestone_id, done=True, date=day)


def build_demo_plan(dataset: Dataset, snapshot_id: int, rules: RuleSet) -> Plan:
    """The demo region's plan; computed baselines from ``dataset`` (snapshot ``snapshot_id``)."""
    region = dataset.manifest.region
    plan = new_plan(
        DEMO_PLAN_KEY,
        region.code,
        region.name,
        "Praksisplan for almen praksis i Region Demo 2026–2029",
        (2026, 2029),
        SECRETARIAT,
        dt.datetime(2025, 9, 1, 9, tzinfo=dt.UTC),
    )
    initiatives = _with_baselines(demo_initiatives(), dataset, snapshot_id, rules)
    for now, actor, edit in _steps(initiatives):
        plan = apply_edit(plan, actor, edit, now)
    return plan
