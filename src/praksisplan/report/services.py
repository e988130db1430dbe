"""Indicators of daytime GP services (*ydelser*): per person by type and age, per capacity.

Services per person = services ÷ the snapshot's persons of the same group (municipality, age
band, sex); services per capacity = a municipality's services in a year ÷ its capacities at
the snapshot (the engine's, region-held vacant capacities included). Ratios at a higher level
are ratios of sums.
"""

from __future__ import annotations

import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.core.schema import ServiceType
from praksisplan.report.figures import municipality_names
from praksisplan.report.model import Chart, Column, Section, Table, table_rows

SERVICE_TYPE_DA: dict[str, str] = {
    ServiceType.CONSULTATION: "Konsultation",
    ServiceType.E_CONSULTATION: "E-konsultation",
    ServiceType.PHONE: "Telefonkonsultation",
    ServiceType.HOME_VISIT: "Sygebesøg",
}


def has_services(dataset: Dataset) -> bool:
    return len(dataset.services) > 0


def latest_service_year(dataset: Dataset) -> int:
    return int(dataset.services["year"].max())


def _services(dataset: Dataset) -> pd.DataFrame:
    services = dataset.services
    return services.assign(
        year=services["year"].astype(int),
        services=services["services"].astype(int),
        service_type=services["service_type"].astype(str),
        age_band=services["age_band"].astype(str),
    )


def per_person_by_type_and_year(dataset: Dataset) -> pd.DataFrame:
    """Rows: years; columns: service types (in :data:`SERVICE_TYPE_DA` order) and ``total``."""
    persons = int(dataset.population["persons"].sum())
    table = (
        _services(dataset)
        .pivot_table(index="year", columns="service_type", values="services", aggfunc="sum")
        .reindex(columns=list(SERVICE_TYPE_DA), fill_value=0)
        .fillna(0)
    )
    table["total"] = table.sum(axis=1)
    return table / persons


def per_person_by_age(dataset: Dataset, year: int) -> pd.Series:
    """Services per person by age band in ``year`` (all types), in the manifest's band order."""
    bands = list(dataset.manifest.rules.age_bands)
    services = _services(dataset)
    given = services[services["year"] == year].groupby("age_band")["services"].sum()
    persons = dataset.population.assign(age_band=dataset.population["age_band"].astype(str))
    people = persons.groupby("age_band")["persons"].sum()
    present = [band for band in bands if people.get(band, 0) > 0]
    return (given.reindex(present, fill_value=0) / people.reindex(present)).astype(float)


def per_capacity_by_municipality(
    dataset: Dataset, year: int, capacities: pd.Series
) -> pd.DataFrame:
    """Per municipality: services in ``year``, ``capacities`` (the engine's, by municipality
    code), services per capacity."""
    services = _services(dataset)
    given = services[services["year"] == year].groupby("municipality_code")["services"].sum()
    codes = sorted(dataset.municipalities["code"].astype(str))
    frame = pd.DataFrame(
        {
            "services": given.reindex(codes, fill_value=0).astype(int),
            "capacities": capacities.reindex(codes, fill_value=0.0).astype(float),
        }
    )
    frame["per_capacity"] = frame["services"] / frame["capacities"].where(frame["capacities"] > 0)
    return frame


def services_section(now: Dataset, capacities: pd.Series) -> Section:
    """Services per person by type and year, by age, and per capacity per municipality
    (``capacities``: the engine's capacities of ``now`` per municipality)."""
    year = latest_service_year(now)
    by_year = per_person_by_type_and_year(now)
    types = list(SERVICE_TYPE_DA)
    per_type = Table(
        "services_per_person",
        "Dagtidsydelser pr. borger efter type og år",
        (
            Column("År", "text"),
            *(Column(SERVICE_TYPE_DA[t], "decimal", 2) for t in types),
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
    by_age = per_person_by_age(now, year)
    age_table = Table(
        "services_by_age",
        f"Dagtidsydelser pr. borger efter alder, {year}",
        (Column("Aldersgruppe", "text"), Column("Ydelser pr. borger", "decimal", 2)),
        table_rows(list(by_age.index), [round(float(v), 2) for v in by_age]),
        "Ydelser efter alder",
    )
    names = municipality_names(now)
    capacity = per_capacity_by_municipality(now, year, capacities).reindex(names.index)
    per_capacity = Table(
        "services_per_capacity",
        f"Dagtidsydelser pr. kapacitet pr. kommune, {year}",
        (
            Column("Kommune", "text"),
            Column("Ydelser"),
            Column("Kapaciteter", "decimal"),
            Column("Ydelser pr. kapacitet"),
        ),
        table_rows(
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
            {SERVICE_TYPE_DA[t]: tuple(float(v) for v in by_year[t]) for t in types},
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
