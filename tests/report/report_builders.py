"""Shared builders of the report tests: the tiny dataset with a hand-made services table."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.forecast.parameters import load_parameters
from praksisplan.forecast.run import run_forecast
from praksisplan.report.facts import build_facts_report
from praksisplan.report.model import FactsReport
from praksisplan.threat.assess import assess
from praksisplan.threat.rules import load_rules

#: services in 2024 (year, municipality, age band, sex, type, count), chosen by hand
SERVICES_2024 = (
    ("851", "0-4", "M", "consultation", 400),
    ("851", "0-4", "F", "consultation", 400),
    ("851", "65-69", "M", "consultation", 1_600),
    ("851", "65-69", "F", "e_consultation", 800),
    ("849", "80-84", "F", "home_visit", 300),
    ("849", "30-34", "M", "phone", 600),
)


def with_services(dataset: Dataset) -> Dataset:
    rows = [
        {
            "municipality_code": code,
            "year": 2024,
            "age_band": band,
            "sex": sex,
            "service_type": kind,
            "services": count,
        }
        for code, band, sex, kind, count in SERVICES_2024
    ]
    return dataset.with_tables(services=pd.DataFrame(rows))


def tiny_report(dataset: Dataset) -> FactsReport:
    """The report of ``dataset`` alone, with a forecast to 2040 of 50 draws."""
    rules = load_rules(None)
    forecast = run_forecast(dataset, rules, load_parameters(), 2040, draws=50, seed=7)
    return build_facts_report([dataset], assess(dataset, rules), forecast)


def half_a_year_later_all_aalborg_closed(dataset: Dataset) -> Dataset:
    """The tiny region on 1 July 2025 with every Aalborg practice closed to new patients.

    No Aalborg citizen then has an open practice, so both Aalborg areas turn red (Aalborg
    Nord was yellow, Aalborg Syd green); Jammerbugt stays red.
    """
    practices = dataset.practices.copy()
    aalborg = practices["municipality_code"] == "851"
    practices.loc[aalborg, "status"] = "closed"
    practices.loc[aalborg, "open_postcodes"] = None
    later = dataset.with_tables(practices=practices)
    manifest = later.manifest.model_copy(update={"reference_date": dt.date(2025, 7, 1)})
    return replace(later, manifest=manifest)
