"""Per-cell population figures: persons, age groups and need-weighted persons.

The long population table (cell × age band × sex) is reduced to one row per cell with
:func:`numpy.bincount`, so the cost is linear in the table's length. Age groups that do not
fall on band boundaries take the share of the band's single years inside the group.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.engine.need import SEX_ORDER, need_weights, share_of_band_in_ages

#: Age groups counted per cell: column → (first age, last age or None).
AGE_GROUPS: dict[str, tuple[int, int | None]] = {
    "persons_0_14": (0, 14),
    "persons_15_64": (15, 64),
    "persons_65plus": (65, None),
    "persons_80plus": (80, None),
}
#: Columns of :func:`cell_population`.
CELL_POPULATION_COLUMNS: tuple[str, ...] = ("persons", *AGE_GROUPS, "need_weighted_persons")


def _positions_in(index: pd.Index, values: np.ndarray) -> np.ndarray:
    """``index.get_indexer(values)``, hashing each run of equal consecutive values once
    (population tables list a cell's rows together, so this hashes ~1 value per cell)."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.intp)
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    run_lengths = np.diff(np.r_[starts, len(values)])
    return np.repeat(index.get_indexer(pd.Index(values[starts])), run_lengths)


def cell_population(dataset: Dataset) -> pd.DataFrame:
    """One row per cell (in the order of ``dataset.cells``), indexed by ``cell_id``, with the
    columns :data:`CELL_POPULATION_COLUMNS`; cells without population rows have zeros."""
    bands = list(dataset.manifest.rules.age_bands)
    population = dataset.population
    cell_ids = pd.Index(dataset.cells["cell_id"].astype(str))
    cell = _positions_in(cell_ids, population["cell_id"].astype(str).to_numpy())
    band = pd.Index(bands).get_indexer(pd.Index(population["age_band"].astype(str)))
    sex = pd.Index([s.value for s in SEX_ORDER]).get_indexer(
        pd.Index(population["sex"].astype(str))
    )
    for codes, column in ((cell, "cell_id"), (band, "age_band"), (sex, "sex")):
        if (codes < 0).any():
            row = int(np.flatnonzero(codes < 0)[0])
            raise PraksisplanError(
                f"population, row {row + 2}, column '{column}': unknown value "
                f"{population[column].iloc[row]!r}"
            )
    persons = population["persons"].to_numpy(dtype=np.float64)
    n = len(cell_ids)
    columns: dict[str, np.ndarray] = {"persons": np.bincount(cell, weights=persons, minlength=n)}
    for name, (first, last) in AGE_GROUPS.items():
        share = np.array([share_of_band_in_ages(b, first, last) for b in bands])
        columns[name] = np.bincount(cell, weights=persons * share[band], minlength=n)
    weight = need_weights(bands, dataset.demand_weights)
    columns["need_weighted_persons"] = np.bincount(
        cell, weights=persons * weight[band, sex], minlength=n
    )
    return pd.DataFrame(columns, index=pd.Index(cell_ids, name="cell_id"))
