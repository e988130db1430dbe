"""Shared builders of the report tests: the tiny dataset with a hand-made services table."""

from __future__ import annotations

import pandas as pd

from praksisplan.core.dataset import Dataset
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
    return build_facts_report([dataset], assess(dataset, load_rules(None)))
