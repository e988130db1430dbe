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
from praksisplan.forecast.run import Forecast
from praksisplan.report import services as svc
from praksisplan.report.figures import (
    municipality_figures,
    municipality_names,
    pension_dependency_ratio,
)
from praksisplan.report.model import (
    Chart,
    Column,
    FactsReport,
    Section,
    Table,
    Value,
    date_da,
    table_rows,
)
from praksisplan.report.municipality_pages import municipality_pages, region_map
from praksisplan.report.outlook_sections import forecast_section, free_choice_section
from praksisplan.report.supply_sections import (
    gps_section,
    open_closed_section,
    supply_over_time,
)
from praksisplan.threat.assess import Assessment

THREAT_CLASS_DA = {"red": "rød", "yellow": "gul", "green": "grøn"}


def build_facts_report(
    history: Sequence[Dataset],
    assessment: Assessment,
    forecast: Forecast | None = None,
    *,
    first_population: pd.Series | None = None,
) -> FactsReport:
    """The report of ``history[-1]`` (``assessment`` is its threat assessment, ``forecast``
    its forecast; without one the forecast section is left out and named).

    Of the snapshots before ``history[-1]`` only the supply tables are used
    (:data:`~praksisplan.report.supply_sections.SUPPLY_TABLES`), and of ``history[0]`` also
    its persons per municipality code: ``first_population`` when the caller read them as
    totals (:meth:`praksisplan.store.Store.population_totals`), else summed from its
    population table."""
    now, first = history[-1], history[0]
    per_municipality = municipality_figures(now)
    if first_population is None:
        first_population = municipality_figures(first)["population"]
    omitted = []
    sections = [
        _key_figures(now),
        _population(first, first_population, now, per_municipality),
        supply_over_time(history),
        gps_section(first, now, per_municipality),
        open_closed_section(now, per_municipality),
    ]
    if svc.has_services(now):
        sections.append(svc.services_section(now, per_municipality["capacities"]))
    else:
        omitted.append("Ydelser: datasættet har ingen ydelsestabel (services), så de er udeladt.")
    sections.append(free_choice_section(now))
    sections.append(_threat(now, assessment))
    if forecast is not None:
        sections.append(forecast_section(now, forecast))
    else:
        omitted.append("Prognose: ikke beregnet til denne rapport, så den er udeladt.")
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
        municipality_pages=municipality_pages(now, assessment, per_municipality),
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


def _population(
    first: Dataset, first_population: pd.Series, now: Dataset, per_municipality: pd.DataFrame
) -> Section:
    names = municipality_names(now)
    # a municipality without persons then has none in the totals read from the database
    then_pop = first_population.reindex(names.index, fill_value=0).astype(int)
    now_figures = per_municipality.reindex(names.index)
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
        table_rows(
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
        table_rows(
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


def _threat(now: Dataset, assessment: Assessment) -> Section:
    areas = assessment.areas
    names = municipality_names(now)
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
