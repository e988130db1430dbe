"""Builders shared by the forecast tests and benchmarks: projections for the tiny dataset."""

from __future__ import annotations

import pandas as pd

from praksisplan.core.dataset import Dataset

#: A hand-made official projection of the tiny dataset (reference 2025): two bands, both
#: sexes together, for 2027 and 2030.
TINY_PROJECTION: dict[tuple[str, int, str], int] = {
    ("851", 2027, "0-64"): 1_700,
    ("851", 2027, "65+"): 1_600,
    ("851", 2030, "0-64"): 1_600,
    ("851", 2030, "65+"): 2_000,
    ("849", 2027, "0-64"): 1_800,
    ("849", 2027, "65+"): 1_700,
    ("849", 2030, "0-64"): 1_900,
    ("849", 2030, "65+"): 1_500,
}


def projection_frame(values: dict[tuple[str, int, str], int]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"municipality_code": m, "year": y, "age_band": b, "sex": None, "persons": p}
            for (m, y, b), p in values.items()
        ]
    )


def with_projection(dataset: Dataset) -> Dataset:
    return dataset.with_tables(population_projection=projection_frame(TINY_PROJECTION))
