"""Population counts per cell × age band × sex that add up to given totals exactly."""

from __future__ import annotations

import numpy as np
import pandas as pd

from praksisplan.core.dataset import coded_columns
from praksisplan.core.schema import PopulationRow
from praksisplan.synth.age_structure import COLUMNS, tilted_shares
from praksisplan.synth.allocation import allocate_columns


def allocate_population(
    column_totals: np.ndarray, cell_weights: np.ndarray, cell_tilts: np.ndarray
) -> np.ndarray:
    """Persons per cell (rows) and column of :data:`COLUMNS`, summing to ``column_totals``.

    A cell's share of a column is proportional to its weight (expected persons) times its
    age profile (:func:`tilted_shares` of its tilt: negative = younger, positive = older).
    """
    weights = np.asarray(cell_weights, dtype=float)[:, None] * tilted_shares(
        np.asarray(cell_tilts, dtype=float)
    ).reshape(len(cell_weights), len(COLUMNS))
    return allocate_columns(column_totals, weights)


def _coded(values: np.ndarray, positions: np.ndarray) -> pd.Categorical:
    """``values[positions]`` as a categorical of the sorted distinct values, coded through
    the few ``values`` rather than the many rows."""
    categories, codes = np.unique(values.astype(str), return_inverse=True)
    return pd.Categorical.from_codes(codes[positions], pd.Index(categories, dtype="str"))


def population_table(cell_ids: pd.Series | np.ndarray, counts: np.ndarray) -> pd.DataFrame:
    """The ``population`` table (long form) of a count matrix; zero counts are left out.
    Its cell ids, bands and sexes are categoricals, as a dataset holds them."""
    ids = np.asarray(cell_ids, dtype=object)
    rows, cols = np.nonzero(counts)
    bands = np.array([band for band, _ in COLUMNS], dtype=object)
    sexes = np.array([str(sex) for _, sex in COLUMNS], dtype=object)
    frame = pd.DataFrame(
        {
            "cell_id": _coded(ids, rows),
            "age_band": _coded(bands, cols),
            "sex": _coded(sexes, cols),
            "persons": counts[rows, cols].astype(np.int64),
        }
    )
    return coded_columns(frame, PopulationRow)
