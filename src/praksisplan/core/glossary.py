"""The *Begreber* page: the definition of every term a figure is shown under, with where its
figures come from, in reading order; pages link an indicator to its term.

The words themselves (labels, column headers) are :mod:`praksisplan.core.vocabulary`.
"""

from __future__ import annotations

from dataclasses import dataclass

from praksisplan.core.vocabulary import SNAPSHOT_TERM, STATUS_TERM


@dataclass(frozen=True)
class Term:
    """A word of the app with its definition and where its figures come from."""

    term: str
    definition: str
    source: str = ""
    indicator: str | None = None


#: The *Begreber* page: every term a figure is shown under, in reading order.
TERMS: tuple[Term, ...] = (
    Term(
        "Lægedækningsområde",
        "Område, som kapaciteterne hører til; kapaciteter flyttes ikke frit mellem områder.",
        "Regionens områdeinddeling",
    ),
    Term(
        "Kapacitet",
        "Én fuldtids lægestilling i en praksis under overenskomsten (1.600–2.700 tilmeldte).",
        "Regionens ydernummerregister",
        "capacities",
    ),
    Term(
        "Normtal",
        "Tilmeldte patienter pr. kapacitet, hvor praksis må lukke for tilgang (normalt 1.600).",
        "Overenskomst om almen praksis",
        "norm",
    ),
    Term(
        "Behovsvægtede indbyggere",
        "Indbyggere vægtet efter forventet brug af almen praksis efter alder og køn "
        "(standard: konsultationer pr. person og år, SSB 2023). En ældre borger tæller mere "
        "end en yngre.",
        "Danmarks Statistik (befolkning), SSB (vægte)",
        "need_weighted_persons",
    ),
    Term(
        "Udbud i % af behov",
        "Patientpladser (besatte kapaciteter × normtal + ekstra pladser fra "
        "lægedækningshøringen) i procent af de behovsvægtede indbyggere. Under 100 % er der "
        "færre pladser end behov.",
        "Beregnet af praksisplan",
        "supply_pct_of_need",
    ),
    Term(
        "Forsørgerbyrde",
        "Indbyggere 0–14 år og 65 år og derover pr. indbygger 15–64 år. 0,66 betyder 66 "
        "unge og ældre pr. 100 i den erhvervsaktive alder.",
        "Danmarks Statistik",
        "dependency_ratio",
    ),
    Term(
        "Andel indbyggere med færre end 2 åbne praksis",
        "Andel af indbyggerne, der ikke kan vælge mellem mindst to praksis, som er åbne for "
        "tilgang, inden for radius (15 km) af bopælen.",
        "Beregnet af praksisplan",
        "share_persons_lt2_open",
    ),
    Term(
        "Tilgængelighed (E2SFCA)",
        "Kapaciteter inden for rækkevidde i forhold til de behovsvægtede indbyggere, der deler "
        "dem, med afstanden vægtet ned (enhanced two-step floating catchment area, E2SFCA). "
        "Højere er bedre; gennemsnit over områdets indbyggere.",
        "Beregnet af praksisplan",
        "access_e2sfca_mean",
    ),
    Term(
        "Tilmeldte patienter",
        "Sikrede i gruppe 1, der er tilmeldt praksis. Tallet kan overstige områdets "
        "indbyggere, fordi borgere fra nabo-områder kan være tilmeldt her.",
        "Regionens ydernummerregister",
        "listed_patients",
    ),
    Term(
        "Lægedækningstruet område",
        "Rød: mindst ét rødt kriterium er opfyldt. Gul: intet rødt, men mindst ét gult "
        "kriterium er opfyldt. Grøn: intet kriterium er opfyldt. Praksisplanudvalget "
        "beslutter områdets status; modellens klasse er udvalgets grundlag.",
        "Regelsættet (docs/threat-rules.md)",
    ),
    Term(
        STATUS_TERM,
        "Den klasse, praksisplanudvalget har besluttet for området. Hvor der ingen "
        "beslutning er, er status modellens klasse.",
        "Udvalgets beslutninger",
    ),
    Term(
        SNAPSHOT_TERM,
        "Data om befolkning og praksis opgjort på én dato; to øjebliksbilleder kan sammenlignes.",
        "Indlæste data",
    ),
)


def term_of(indicator: str) -> Term | None:
    """The definition of an indicator, if the vocabulary has one."""
    return next((t for t in TERMS if t.indicator == indicator), None)


def term_index(indicator: str) -> int | None:
    """1-based position of an indicator's term on the *Begreber* page (its anchor)."""
    return next((n for n, t in enumerate(TERMS, 1) if t.indicator == indicator), None)
