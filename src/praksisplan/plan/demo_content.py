"""The demo plan's text: sections, goals and initiatives with their measures (invented).

Written for praksisplan's demo region (region 1099, municipalities 901–911); see
:mod:`praksisplan.plan.demo` for the plan's history.
"""

from __future__ import annotations

import datetime as dt

from praksisplan.plan.model import (
    ComputedMeasure,
    Goal,
    Initiative,
    Milestone,
    ReportedMeasure,
    Section,
)

DEADLINE = dt.date(2029, 12, 31)


def _computed(
    measure_id: str,
    title: str,
    indicator: str,
    level: str,
    unit: str,
    target: float,
    direction: str,
) -> ComputedMeasure:
    # the baseline value is filled in from the demo snapshot by build_demo_plan
    return ComputedMeasure.model_validate(
        {
            "id": measure_id, "title": title, "indicator": indicator, "level": level,
            "unit": unit, "baseline_snapshot_id": 0, "baseline_value": 0.0, "target": target,
            "direction": direction, "deadline": DEADLINE,
        }
    )  # fmt: skip


SECTIONS = [
    Section(
        key="indledning",
        title="Indledning",
        markdown=(
            "Praksisplanen er regionens, kommunernes og PLO's fælles aftale om almen praksis "
            "i Region Demo i perioden 2026–2029.\n\nPlanen bygger på kommunernes ønsker, på "
            "regionens tal for lægedækningen og på de svar, der kom i høringen."
        ),
    ),
    Section(
        key="laegedaekning",
        title="Lægedækning og tilgængelighed",
        markdown=(
            "Lægedækningen er god i de større byer, men **otte områder** i yderkommunerne er "
            "vurderet som røde. Her er der for få læger til borgernes behov, og flere læger "
            "nærmer sig pensionsalderen.\n\n- Vi følger andelen af praksis, der er åbne for "
            "nye patienter.\n- Vi følger, hvor mange borgere der ikke kan vælge mellem to "
            "åbne praksis inden for 15 km."
        ),
    ),
    Section(
        key="sammenhaeng",
        title="Sammenhæng på tværs af sektorer",
        markdown=(
            "Almen praksis er borgerens faste indgang til sundhedsvæsenet. Planen understøtter "
            "sundhedsaftalens målgrupper: ældre, borgere med kronisk eller psykisk sygdom og "
            "børn og unge."
        ),
    ),
    Section(
        key="opfoelgning",
        title="Opfølgning",
        markdown=(
            "Praksisplanudvalget følger planen to gange om året med et statusnotat. Målepunkter, "
            "som praksisplan beregner, opdateres ved hvert nyt øjebliksbillede."
        ),
    ),
]


def initiatives() -> dict[str, list[Initiative]]:
    start, end = dt.date(2026, 4, 1), dt.date(2029, 12, 31)

    def initiative(
        initiative_id: str,
        title: str,
        description: str,
        owners: list[str],
        measures: list[ComputedMeasure | ReportedMeasure],
        tags: list[str] | None = None,
        focus: bool = False,
        milestones: list[tuple[str, dt.date]] | None = None,
    ) -> Initiative:
        return Initiative.model_validate(
            {
                "id": initiative_id, "title": title, "description": description,
                "owners": owners, "start": start, "end": end, "focus": focus,
                "tags": tags or [], "measures": measures,
                "milestones": [
                    Milestone(id=f"{initiative_id}-m{n}", title=t, due=due)
                    for n, (t, due) in enumerate(milestones or [], start=1)
                ],
            }
        )  # fmt: skip

    return {
        "G1": [
            initiative(
                "I1",
                "Flere praksis åbne for nye patienter",
                "Regionen og PLO aftaler, hvordan praksis med plads kan åbne for tilgang, og "
                "puljekapaciteter gives først til de røde områder.",
                ["region", "plo"],
                [
                    _computed(
                        "M1",
                        "Andel praksis åbne for tilgang",
                        "share_practices_open",
                        "region",
                        "1099",
                        0.35,
                        "increase",
                    ),
                    _computed(
                        "M2",
                        "Borgere uden to åbne praksis inden for 15 km",
                        "persons_lt2_open",
                        "region",
                        "1099",
                        30_000,
                        "decrease",
                    ),
                ],
                focus=True,
                milestones=[
                    ("Aftale om puljekapaciteter", dt.date(2026, 6, 30)),
                    ("Første opfølgning i udvalget", dt.date(2026, 11, 30)),
                ],
            ),
            initiative(
                "I2",
                "Nærklinikker i de røde områder",
                "Regionen åbner nærklinikker, hvor ingen læge søger ledige ydernumre, i tæt "
                "samarbejde med kommunerne om lokaler.",
                ["region", "municipality:907", "municipality:911"],
                [
                    _computed(
                        "M3",
                        "Røde lægedækningsområder",
                        "red_areas",
                        "region",
                        "1099",
                        4,
                        "decrease",
                    )
                ],
                focus=True,
                milestones=[
                    ("Lokaler i Fjordholm aftalt", dt.date(2026, 9, 1)),
                    ("Nærklinik på Sandø åbnet", dt.date(2027, 3, 1)),
                ],
            ),
        ],
        "G2": [
            initiative(
                "I3",
                "Uddannelsesforløb i almen medicin i yderområderne",
                "Flere hoveduddannelsesforløb placeres i praksis uden for de store byer.",
                ["region", "plo"],
                [
                    ReportedMeasure(
                        id="M4",
                        title="Besatte hoveduddannelsesforløb i yderområder",
                        unit_label="forløb",
                        baseline_value=12,
                        target=20,
                        direction="increase",
                        deadline=DEADLINE,
                    )
                ],
                milestones=[("Nye uddannelsespraksis godkendt", dt.date(2026, 10, 1))],
            ),
            initiative(
                "I4",
                "Glidende generationsskifte",
                "Ældre læger kan dele praksis med en yngre kollega i en periode, så patienterne "
                "beholder en fast læge.",
                ["plo", "region"],
                [
                    _computed(
                        "M5",
                        "Andel læger på 60 år og derover",
                        "share_gps_60plus",
                        "region",
                        "1099",
                        0.28,
                        "decrease",
                    ),
                    _computed(
                        "M10",
                        "Andel læger under 55 år",
                        "share_gps_under_55",
                        "region",
                        "1099",
                        0.55,
                        "increase",
                    ),
                ],
            ),
        ],
        "G3": [
            initiative(
                "I5",
                "Fælles forløb for borgere med kronisk sygdom",
                "Praksis, kommune og hospital bruger én fælles plan for borgere med flere "
                "kroniske sygdomme.",
                ["region", "municipality:901", "plo"],
                [
                    ReportedMeasure(
                        id="M6",
                        title="Praksis der bruger den fælles forløbsplan",
                        unit_label="praksis",
                        baseline_value=10,
                        target=60,
                        direction="increase",
                        deadline=DEADLINE,
                    )
                ],
                tags=["chronic_illness", "older_people"],
            ),
            initiative(
                "I6",
                "Hurtigere hjælp ved psykisk sygdom",
                "Praksis kan henvise direkte til et fælles rådgivningstilbud, også for børn "
                "og unge.",
                ["region", "municipality:904"],
                [
                    ReportedMeasure(
                        id="M7",
                        title="Ventetid til rådgivning (uger)",
                        unit_label="uger",
                        baseline_value=8,
                        target=3,
                        direction="decrease",
                        deadline=DEADLINE,
                    )
                ],
                tags=["mental_illness", "children_young"],
            ),
        ],
        "G4": [
            initiative(
                "I7",
                "Fast lægedækning af kommunale akutpladser",
                "Hver kommunal akut- og midlertidig plads får en fast tilknyttet læge.",
                ["municipality:901", "municipality:903", "plo"],
                [
                    ReportedMeasure(
                        id="M8",
                        title="Andel akutpladser med fast læge (%)",
                        unit_label="%",
                        baseline_value=40,
                        target=100,
                        direction="increase",
                        deadline=DEADLINE,
                    )
                ],
                tags=["older_people"],
                milestones=[("Aftalemodel vedtaget", dt.date(2026, 8, 1))],
            ),
            initiative(
                "I8",
                "Læge tæt på borgerne i tyndt befolkede områder",
                "Video- og telefonkonsultationer og faste sygebesøgsdage i områder langt fra "
                "nærmeste praksis.",
                ["region", "municipality:908"],
                [
                    _computed(
                        "M9",
                        "Truede områder i Lyngmark (røde og gule)",
                        "threatened_areas",
                        "municipality",
                        "908",
                        2,
                        "decrease",
                    )
                ],
                tags=["older_people"],
            ),
        ],
    }


GOALS = [
    Goal(id="G1", title="Lige adgang til almen praksis i hele regionen",
         text="Alle borgere skal kunne vælge mellem mindst to praksis inden for 15 km."),
    Goal(id="G2", title="Flere læger vil arbejde i almen praksis",
         text="Rekruttering og fastholdelse, særligt i yderområderne."),
    Goal(id="G3", title="Sammenhængende forløb for borgere med kronisk og psykisk sygdom",
         text="Borgeren oplever ét samlet forløb på tværs af praksis, kommune og hospital."),
    Goal(id="G4", title="Almen praksis i det nære sundhedsvæsen",
         text="Praksis og kommuner løser flere opgaver tæt på borgeren."),
]  # fmt: skip
