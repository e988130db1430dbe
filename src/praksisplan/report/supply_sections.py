"""The supply sections of Tal og fakta: supply over time, GPs and practices, open/closed.

The snapshots between the first and the last are read for their supply alone
(:data:`SUPPLY_TABLES`), so a report over many stored snapshots reads two whole snapshots
and the small supply tables of the others.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.engine.indicators import supply_indicators
from praksisplan.report.figures import (
    GP_AGE_GROUPS,
    ORG_FORM_DA,
    gp_age_by_municipality,
    gp_age_group_counts,
    municipality_names,
    org_form_counts,
    share_gps_under,
)
from praksisplan.report.model import Chart, Column, Section, Table, date_da, table_rows

#: The dataset tables the report reads of the snapshots between the first and the last.
SUPPLY_TABLES: tuple[str, ...] = (
    "coverage_areas",
    "practices",
    "gps",
    "region_vacancies",
    "coverage_survey",
)


def supply_over_time(history: Sequence[Dataset]) -> Section:
    """Practices, capacities, GPs and the share of GPs under 55 of each snapshot, from its
    supply tables alone (:data:`SUPPLY_TABLES`)."""
    dates = [date_da(d.manifest.reference_date) for d in history]
    figures = [supply_indicators(d, "region").iloc[0] for d in history]
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
        table_rows(
            dates,
            [int(f["practices"]) for f in figures],
            [float(f["capacities"]) for f in figures],
            [float(f["filled_capacities"]) for f in figures],
            [int(f["gps"]) for f in figures],
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
            "Kapaciteter": tuple(float(f["capacities"]) for f in figures),
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


def gps_section(first: Dataset, now: Dataset, per_municipality: pd.DataFrame) -> Section:
    """GPs and practices per municipality, organisation forms and GP ages then and now
    (``per_municipality``: the engine's municipality indicators of ``now``)."""
    names = municipality_names(now)
    d0, d1 = date_da(first.manifest.reference_date), date_da(now.manifest.reference_date)
    per_municipality = per_municipality.reindex(names.index)
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
        table_rows(
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
        table_rows(
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
        table_rows(labels, a0, a1),
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
        table_rows(
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


def open_closed_section(now: Dataset, per_municipality: pd.DataFrame) -> Section:
    names = municipality_names(now)
    figures = per_municipality.reindex(names.index)
    table = Table(
        "open_closed",
        "Åben eller lukket for tilgang pr. kommune (andel af lægerne)",
        (
            Column("Kommune", "text"),
            Column("Åben, %", "decimal"),
            Column("Lukket, %", "decimal"),
            Column("Selektivt lukket, %", "decimal"),
        ),
        table_rows(
            list(names),
            [100 * float(v) for v in figures["share_gps_open"]],
            [100 * float(v) for v in figures["share_gps_closed"]],
            [100 * float(v) for v in figures["share_gps_selective"]],
        ),
        "Åben-lukket",
    )
    return Section("open_closed", "Åben og lukket for tilgang", tables=(table,))
