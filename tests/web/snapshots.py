"""Datasets derived from the tiny fixture for the web tests."""

from __future__ import annotations

import dataclasses
import datetime as dt

from praksisplan.core.dataset import Dataset


def later_snapshot(dataset: Dataset) -> Dataset:
    """The tiny dataset half a year later: P001 has 100 more listed patients (5,300)."""
    practices = dataset.practices.copy()
    practices.loc[practices["provider_number"] == "P001", "listed_patients"] = 5300
    manifest = dataset.manifest.model_copy(update={"reference_date": dt.date(2025, 7, 1)})
    return dataclasses.replace(dataset.with_tables(practices=practices), manifest=manifest)
