"""A generated population history of the demo region, for the forecast's migration model.

Each municipality gets a steady annual growth rate (drawn once, seeded: between −0.8 % and
+0.8 % a year, the range of most Danish municipalities in the 2010s) and its reference
population is carried back with it: per age group in 2016 and 2020 and as a total
(``'0+'``) in 2010, the layout import-dk builds from Statistics Denmark's files. The age
groups are unions of the demo's 5-year bands. Fictitious, like the rest of the demo.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from praksisplan.core.manifest import parse_age_band

#: The history's age groups (each a union of 5-year bands) and its years.
HISTORY_GROUPS: tuple[str, ...] = ("0-19", "20-34", "35-64", "65-79", "80+")
BANDED_YEARS: tuple[int, ...] = (2016, 2020)
TOTAL_YEAR = 2010
ANNUAL_GROWTH_RANGE = (-0.008, 0.008)


def _group_of(band: str) -> str:
    low, _ = parse_age_band(band)
    for group in reversed(HISTORY_GROUPS):
        if low >= parse_age_band(group)[0]:
            return group
    raise AssertionError(band)  # pragma: no cover - the groups start at 0


def demo_population_history(
    population: pd.DataFrame, cells: pd.DataFrame, reference_year: int, seed: int
) -> pd.DataFrame:
    """The ``population_history`` table of the demo region."""
    municipality = population["cell_id"].map(cells.set_index("cell_id")["municipality_code"])
    group = population["age_band"].map(_group_of)
    codes = sorted(set(municipality))
    every = pd.MultiIndex.from_product([codes, HISTORY_GROUPS], names=["m", "g"])
    now = (
        population.groupby([municipality.rename("m"), group.rename("g")])["persons"]
        .sum()
        .reindex(every, fill_value=0)
        .reset_index()
    )
    growth = dict(
        zip(
            codes,
            np.random.default_rng(seed).uniform(*ANNUAL_GROWTH_RANGE, len(codes)),
            strict=True,
        )
    )
    rows = []
    for code, band, persons in now.itertuples(index=False):
        for year in BANDED_YEARS:
            factor = (1.0 + growth[code]) ** (year - reference_year)
            rows.append((code, year, band, round(persons * factor)))
    totals = now.groupby("m")["persons"].sum()
    for code, persons in zip(totals.index, totals.to_numpy(), strict=True):
        factor = (1.0 + growth[code]) ** (TOTAL_YEAR - reference_year)
        rows.append((code, TOTAL_YEAR, "0+", round(persons * factor)))
    frame = pd.DataFrame(rows, columns=["municipality_code", "year", "age_band", "persons"])
    frame.insert(3, "sex", pd.Series(np.nan, index=frame.index, dtype="str"))  # as read back
    return frame.astype({"persons": np.int64})
