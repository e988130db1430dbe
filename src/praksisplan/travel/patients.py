"""The assignment model and home-visit reach on a dataset: cells' persons and practices'
listed patients in, per-unit and per-practice tables out (Danish-free: presenters label)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.engine.indicators import INDEX_NAMES, Level
from praksisplan.engine.od import ODTable
from praksisplan.engine.population import cell_population
from praksisplan.travel.assignment import DEFAULT_DECAY_M, Assignment, Model, assign_patients
from praksisplan.travel.home_visits import practice_catchments, reach_by_unit

#: Default reach of the assignment: patients may live up to this far from their practice.
DEFAULT_REACH_M = 30_000.0


def estimate_patients(
    dataset: Dataset, od: ODTable, *, model: Model = "transport", decay_m: float = DEFAULT_DECAY_M
) -> Assignment:
    """Where each practice's listed patients probably live (cells of ``dataset``)."""
    persons = cell_population(dataset)["persons"].to_numpy(dtype=np.float64)
    listed = pd.to_numeric(dataset.practices["listed_patients"]).to_numpy(dtype=np.float64)
    return assign_patients(od, persons, listed, model=model, decay_m=decay_m)


def home_visit_table(dataset: Dataset, assignment: Assignment, level: Level) -> pd.DataFrame:
    """Per unit of ``level`` (by where the patients live): patients, shares within
    5 / 9 / 15 / 17 km of their GP, beyond 17 km, and patients beyond 15 km."""
    if level == "region":
        units = pd.Index([dataset.manifest.region.code], name="region_code")
        codes = np.zeros(len(dataset.cells), dtype=np.intp)
        names = [dataset.manifest.region.name]
    else:
        table = dataset.coverage_areas if level == "area" else dataset.municipalities
        key = "area_id" if level == "area" else "code"
        units = pd.Index(table[key].astype(str), name=INDEX_NAMES[level])
        codes = np.asarray(
            units.get_indexer(pd.Index(dataset.cells[INDEX_NAMES[level]].astype(str))),
            dtype=np.intp,
        )
        names = table["name"].astype(str).tolist()
    frame = reach_by_unit(assignment, codes, units)
    frame.insert(0, "name", names)
    return frame


def catchment_table(dataset: Dataset, assignment: Assignment) -> pd.DataFrame:
    """Per practice: estimated patients, median and 90th percentile distance (km), patients
    beyond 15 km, and listed patients that could not be placed within reach."""
    catchments = practice_catchments(assignment)
    return pd.DataFrame(
        {
            "name": dataset.practices["name"].astype(str).to_numpy(),
            "listed_patients": dataset.practices["listed_patients"].to_numpy(),
            "patients": np.round([c.patients for c in catchments]).astype(np.int64),
            "median_km": [c.median_km for c in catchments],
            "p90_km": [c.p90_km for c in catchments],
            "patients_beyond_15_km": np.round([c.beyond_home_visit for c in catchments]).astype(
                np.int64
            ),
            "unplaced": np.round(assignment.unplaced).astype(np.int64),
        },
        index=pd.Index(dataset.practices["provider_number"].astype(str), name="provider_number"),
    )
