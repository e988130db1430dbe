"""*Tal og fakta*: the facts-and-figures report of a snapshot and the snapshots before it.

Built from the datasets themselves (oldest first, the last is the report's snapshot) and the
snapshot's threat assessment; pure. Tables whose data is absent are left out and named in
:attr:`FactsReport.omitted`, never faked.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.engine.key_figures import key_figures
from praksisplan.report import services as svc
from praksisplan.report.figures import (
    GP_AGE_GROUPS,
    ORG_FORM_DA,
    gp_age_by_municipality,
    gp_age_group_counts,
    municipality_figures,
    org_form_counts,
    pension_dependency_ratio,
    share_gps_under,
)
from praksisplan.report.model import Chart, Column, FactsReport, Section, Table, Value
from praksisplan.report.municipality_pages import municipality_pages, region_map
from praksisplan.threat.assess import Assessment

THREAT_CLASS_DA = {"red": "rød", "yellow": "gul", "green": "grøn"}


def date_da(date: object) -> str:
    return pd.Timestamp(str(date)).strftime("%d.%m.%Y")


def _names(dataset: Dataset) -> pd.Series:
    names: pd.Series = dataset.municipalities.set_index("code")["name"].astype(str)
    return names.sort_index()


def _rows(*columns: Sequence[Value]) -> tuple[tuple[Value, ...], ...]:
    return tuple(zip(*columns, strict=True))


def build_facts_report(history: Sequence[Dataset], assessment: Assessment) -> FactsReport:
    """The report of ``history[-1]`` (``assessment`` is its threat assessment)."""
    now, first = history[-1], history[0]
    omitted = ["Befolkningsprognose: datasættet har ingen prognose, så den er udeladt."]
    sections = [
        _key_figures(now),
        _population(first, now),
        _supply_over_time(history),
        _gps(first, now),
        _open_closed(now),
    ]
    if svc.has_services(now):
        sections.append(_services(now))
    else:
        omitted.append("Ydelser: datasættet har ingen ydelsestabel (services), så de er udeladt.")
    sections.append(_threat(now, assessment))
    if len(history) == 1:
        omitted.append("Udvikling over tid: der er kun ét øjebliksbillede.")
    source = "Syntetiske data (demoregion)" if now.manifest.synthetic else now.manifest.name
    return FactsReport(
        title=f"Tal og fakta – {now.manifest.region.name}",
        region_name=now.manifest.region.name,
        reference_date=now.manifest.reference_date,
        synthetic=now.manifest.synthetic,
        source=source,
        sections=tuple(sections),
        municipality_pages=municipality_pages(now, assessment),
        omitted=tuple(omitted),
    )


def _key_figures(now: Dataset) -> Section:
    k = key_figures(now)
    rows: list[tuple[Value, ...]] = [
        ("Borgere", k["population"], ""),
        ("Kommuner", k["municipalities"], ""),
        ("Lægedækningsområder", k["coverage_areas"], ""),
        ("Praksis", k["practices"], ""),
        ("Kapaciteter", k["capacities"], ""),
        ("Besatte kapaciteter", k["filled_capacities"], ""),
        ("Ledige kapaciteter", k["vacant_capacities"], ""),
        ("Praktiserende læger", k["gps"], ""),
        ("Tilmeldte patienter pr. besat kapacitet", k["patients_per_filled_capacity"], ""),
        ("Læger i lukkede praksis", 100 * k["share_gps_closed"], "%"),
        ("Læger på 60 år og derover", 100 * k["share_gps_60plus"], "%"),
    ]
    table = Table(
        "key_figures",
        f"Regionens nøgletal pr. {date_da(now.manifest.reference_date)}",
        (Column("Nøgletal", "text"), Column("Værdi", "decimal"), Column("Enhed", "text")),
        tuple(rows),
        "Nøgletal",
    )
    return Section("key", "Nøgletal", tables=(table,))


def _population(first: Dataset, now: Dataset) -> Section:
    names = _names(now)
    then_pop = municipality_figures(first)["population"].reindex(names.index).astype(int)
    now_figures = municipality_figures(now).reindex(names.index)
    now_pop = now_figures["population"].astype(int)
    change = now_pop - then_pop
    d0, d1 = date_da(first.manifest.reference_date), date_da(now.manifest.reference_date)
    population = Table(
        "population_by_municipality",
        f"Befolkning pr. kommune, {d0} og {d1}",
        (
            Column("Kommune", "text"),
            Column(f"Borgere {d0}"),
            Column(f"Borgere {d1}"),
            Column("Ændring"),
            Column("Ændring i %", "decimal"),
        ),
        _rows(
            list(names),
            [int(v) for v in then_pop],
            [int(v) for v in now_pop],
            [int(v) for v in change],
            [
                100 * float(c) / float(t) if t else None
                for c, t in zip(change, then_pop, strict=True)
            ],
        ),
        "Befolkning",
    )
    pension = pension_dependency_ratio(now).reindex(names.index)
    dependency = Table(
        "dependency_ratio",
        "Forsørgerbrøk pr. kommune",
        (
            Column("Kommune", "text"),
            Column("Forsørgerbrøk (0–14 og 65+ pr. 15–64)", "decimal", 3),
            Column("Pensionsaldersvariant (0–14 og 70+ pr. 15–69)", "decimal", 3),
        ),
        _rows(
            list(names),
            [round(float(v), 3) for v in now_figures["dependency_ratio"]],
            [round(float(v), 3) for v in pension],
        ),
        "Forsørgerbrøk",
        note="Forsørgerbrøk som forholdstal (ikke pr. 100).",
    )
    chart = Chart(
        "population_change",
        f"Befolkningsændring pr. kommune, {d0}–{d1}",
        "Kommune",
        "Ændring i antal borgere",
        tuple(names),
        {"Ændring": tuple(float(v) for v in change)},
        kind="bar",
    )
    return Section("population", "Befolkning", tables=(population, dependency), charts=(chart,))


def _supply_over_time(history: Sequence[Dataset]) -> Section:
    dates = [date_da(d.manifest.reference_date) for d in history]
    figures = [key_figures(d) for d in history]
    under_55 = [100 * share_gps_under(d, 55) for d in history]
    table = Table(
        "supply_over_time",
        "Praksis, kapaciteter og læger over tid",
        (
            Column("Dato", "text"),
            Column("Praksis"),
            Column("Kapaciteter", "decimal"),
            Column("Besatte kapaciteter", "decimal"),
            Column("Læger"),
            Column("Læger under 55 år, %", "decimal"),
        ),
        _rows(
            dates,
            [f["practices"] for f in figures],
            [f["capacities"] for f in figures],
            [f["filled_capacities"] for f in figures],
            [f["gps"] for f in figures],
            under_55,
        ),
        "Udvikling",
    )
    supply = Chart(
        "supply_over_time",
        "Praksis, kapaciteter og læger over tid",
        "Øjebliksbillede",
        "Antal",
        tuple(dates),
        {
            "Praksis": tuple(float(f["practices"]) for f in figures),
            "Kapaciteter": tuple(f["capacities"] for f in figures),
            "Læger": tuple(float(f["gps"]) for f in figures),
        },
    )
    young = Chart(
        "gps_under_55",
        "Andel læger under 55 år",
        "Øjebliksbillede",
        "Andel i %",
        tuple(dates),
        {"Under 55 år": tuple(under_55)},
    )
    return Section("over_time", "Udvikling over tid", tables=(table,), charts=(supply, young))


def _gps(first: Dataset, now: Dataset) -> Section:
    names = _names(now)
    d0, d1 = date_da(first.manifest.reference_date), date_da(now.manifest.reference_date)
    per_municipality = municipality_figures(now).reindex(names.index)
    by_municipality = Table(
        "gps_by_municipality",
        f"Læger og praksis pr. kommune pr. {d1}",
        (
            Column("Kommune", "text"),
            Column("Praksis"),
            Column("Kapaciteter", "decimal"),
            Column("Læger"),
            Column("Tilmeldte pr. besat kapacitet", "decimal"),
        ),
        _rows(
            list(names),
            [int(v) for v in per_municipality["practices"]],
            [float(v) for v in per_municipality["capacities"]],
            [int(v) for v in per_municipality["gps"]],
            [round(float(v), 1) for v in per_municipality["patients_per_filled_capacity"]],
        ),
        "Pr. kommune",
    )
    (p0, g0), (p1, g1) = org_form_counts(first), org_form_counts(now)
    forms = [f for f in ORG_FORM_DA if p0[f] or p1[f]]
    org_forms = Table(
        "org_forms",
        f"Organisationsformer {d0} og {d1}",
        (
            Column("Organisationsform", "text"),
            Column(f"Praksis {d0}"),
            Column(f"Praksis {d1}"),
            Column(f"Læger {d0}"),
            Column(f"Læger {d1}"),
        ),
        _rows(
            [ORG_FORM_DA[f] for f in forms],
            [p0[f] for f in forms],
            [p1[f] for f in forms],
            [g0[f] for f in forms],
            [g1[f] for f in forms],
        ),
        "Organisationsformer",
    )
    a0, a1 = gp_age_group_counts(first), gp_age_group_counts(now)
    labels = [label for _, label in GP_AGE_GROUPS]
    ages = Table(
        "gp_ages",
        f"Læger efter alder {d0} og {d1}",
        (Column("Alder", "text"), Column(f"Læger {d0}"), Column(f"Læger {d1}")),
        _rows(labels, a0, a1),
        "Lægernes alder",
    )
    age_m = gp_age_by_municipality(now).reindex(names.index)
    age_by_municipality = Table(
        "gp_age_by_municipality",
        f"Lægernes alder pr. kommune pr. {d1}",
        (
            Column("Kommune", "text"),
            Column("Gennemsnitsalder", "decimal"),
            Column("Læger 60+ år, %", "decimal"),
            Column("Læger 65+ år, %", "decimal"),
        ),
        _rows(
            list(names),
            [round(float(v), 1) for v in age_m["mean_age"]],
            [100 * float(v) for v in per_municipality["share_gps_60plus"]],
            [100 * float(v) for v in per_municipality["share_gps_65plus"]],
        ),
        "Alder pr. kommune",
    )
    charts = (
        Chart(
            "org_forms",
            "Praksis efter organisationsform",
            "Organisationsform",
            "Antal praksis",
            tuple(ORG_FORM_DA[f] for f in forms),
            {d0: tuple(float(p0[f]) for f in forms), d1: tuple(float(p1[f]) for f in forms)},
            kind="bar",
        ),
        Chart(
            "gp_ages",
            "Læger efter alder",
            "Alder",
            "Antal læger",
            tuple(labels),
            {d0: tuple(map(float, a0)), d1: tuple(map(float, a1))},
            kind="bar",
        ),
    )
    return Section(
        "gps",
        "Praksis og læger",
        tables=(by_municipality, org_forms, ages, age_by_municipality),
        charts=charts,
    )


def _open_closed(now: Dataset) -> Section:
    names = _names(now)
    figures = municipality_figures(now).reindex(names.index)
    table = Table(
        "open_closed",
        "Åben eller lukket for tilgang pr. kommune (andel af lægerne)",
        (
            Column("Kommune", "text"),
            Column("Åben, %", "decimal"),
            Column("Lukket, %", "decimal"),
            Column("Selektivt lukket, %", "decimal"),
        ),
        _rows(
            list(names),
            [100 * float(v) for v in figures["share_gps_open"]],
            [100 * float(v) for v in figures["share_gps_closed"]],
            [100 * float(v) for v in figures["share_gps_selective"]],
        ),
        "Åben-lukket",
    )
    return Section("open_closed", "Åben og lukket for tilgang", tables=(table,))


def _services(now: Dataset) -> Section:
    year = svc.latest_service_year(now)
    by_year = svc.per_person_by_type_and_year(now)
    types = list(svc.SERVICE_TYPE_DA)
    per_type = Table(
        "services_per_person",
        "Dagtidsydelser pr. borger efter type og år",
        (
            Column("År", "text"),
            *(Column(svc.SERVICE_TYPE_DA[t], "decimal", 2) for t in types),
            Column("I alt", "decimal", 2),
        ),
        tuple(
            (
                str(y),
                *(round(float(by_year.loc[y, t]), 3) for t in types),
                round(float(by_year.loc[y, "total"]), 3),
            )
            for y in by_year.index
        ),
        "Ydelser pr. borger",
    )
    by_age = svc.per_person_by_age(now, year)
    age_table = Table(
        "services_by_age",
        f"Dagtidsydelser pr. borger efter alder, {year}",
        (Column("Aldersgruppe", "text"), Column("Ydelser pr. borger", "decimal", 2)),
        _rows(list(by_age.index), [round(float(v), 2) for v in by_age]),
        "Ydelser efter alder",
    )
    names = _names(now)
    capacity = svc.per_capacity_by_municipality(now, year).reindex(names.index)
    per_capacity = Table(
        "services_per_capacity",
        f"Dagtidsydelser pr. kapacitet pr. kommune, {year}",
        (
            Column("Kommune", "text"),
            Column("Ydelser"),
            Column("Kapaciteter", "decimal"),
            Column("Ydelser pr. kapacitet"),
        ),
        _rows(
            list(names),
            [int(v) for v in capacity["services"]],
            [float(v) for v in capacity["capacities"]],
            [round(float(v)) for v in capacity["per_capacity"]],
        ),
        "Ydelser pr. kapacitet",
    )
    charts = (
        Chart(
            "services_per_person",
            "Dagtidsydelser pr. borger efter type",
            "År",
            "Ydelser pr. borger",
            tuple(str(y) for y in by_year.index),
            {svc.SERVICE_TYPE_DA[t]: tuple(float(v) for v in by_year[t]) for t in types},
        ),
        Chart(
            "services_by_age",
            f"Dagtidsydelser pr. borger efter alder, {year}",
            "Aldersgruppe",
            "Ydelser pr. borger",
            tuple(by_age.index),
            {"Ydelser pr. borger": tuple(float(v) for v in by_age)},
            kind="bar",
        ),
        Chart(
            "services_per_capacity",
            f"Dagtidsydelser pr. kapacitet, {year}",
            "Kommune",
            "Ydelser pr. kapacitet",
            tuple(names),
            {"Ydelser pr. kapacitet": tuple(float(v) for v in capacity["per_capacity"])},
            kind="bar",
        ),
    )
    return Section(
        "services",
        "Ydelser",
        tables=(per_type, age_table, per_capacity),
        charts=charts,
    )


def _threat(now: Dataset, assessment: Assessment) -> Section:
    areas = assessment.areas
    names = _names(now)
    counts = areas["threat_class"].astype(str).value_counts()
    gross = Table(
        "gross_list",
        "Bruttoliste over lægedækningstruede områder",
        (
            Column("Område", "text"),
            Column("Kommune", "text"),
            Column("Klasse", "text"),
            Column("Begrundelse", "text"),
        ),
        tuple(
            (
                str(row["name"]),
                str(names.get(str(row["municipality_code"]), row["municipality_code"])),
                THREAT_CLASS_DA.get(str(row["threat_class"]), str(row["threat_class"])),
                str(row["explanation"]),
            )
            for _, row in areas.iterrows()
            if str(row["threat_class"]) != "green"
        ),
        "Bruttoliste",
    )
    text = (
        f"Af {len(areas)} lægedækningsområder er {int(counts.get('red', 0))} røde, "
        f"{int(counts.get('yellow', 0))} gule og {int(counts.get('green', 0))} grønne efter "
        f"regelsættet «{assessment.rules.name}»."
    )
    return Section(
        "threat",
        "Lægedækningstruede områder",
        text=text,
        tables=(gross,),
        maps=(region_map(now, assessment),),
    )
