"""Per-cell population figures: persons, age groups and need-weighted persons.

The long population table (cell × age band × sex) is coded as integers and reduced to one
row per cell with :func:`numpy.bincount`, so the cost is linear in the table's length. Age
groups that do not fall on band boundaries take the share of the band's single years inside
the group.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
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


#: Up to this many categories, a column is coded by comparing it with each category (cheap
#: for str objects); beyond it, by hashing each run of equal consecutive values once.
_COMPARED_CATEGORIES = 4


def _codes(column: pd.Series, categories: pd.Index) -> npt.NDArray[np.intp]:
    """``categories.get_indexer(column)`` (−1 for a value not among them), fast for the
    long population table: a categorical column maps its few categories; a column of str
    objects is compared with each of a handful of categories, or else hashed once per run
    of equal consecutive values (its rows list a cell's bands together, so cell ids and
    bands come in runs)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        mapping = np.append(categories.get_indexer(column.cat.categories), -1)
        return np.asarray(mapping[column.cat.codes.to_numpy()], dtype=np.intp)
    values = column.to_numpy(dtype=object)
    if len(values) == 0:
        return np.zeros(0, dtype=np.intp)
    if len(categories) <= _COMPARED_CATEGORIES:
        codes = np.full(len(values), -1, dtype=np.intp)
        for code, category in enumerate(categories):
            codes[values == category] = code
        return codes
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    run_lengths = np.diff(np.r_[starts, len(values)])
    # object indexes: no inference of a string dtype for the ~800,000 run values
    known = pd.Index(categories.to_numpy(dtype=object), dtype=object)
    run_codes = known.get_indexer(pd.Index(values[starts], dtype=object))
    return np.repeat(np.asarray(run_codes, dtype=np.intp), run_lengths)


def _row_weights(bands: list[str], weight: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Per (band, sex) code ``band × 2 + sex``, the weight of a person in each column of
    :data:`CELL_POPULATION_COLUMNS`: 1 for persons, the share of the band's years in each
    age group, the need weight."""
    group_shares = np.array(
        [
            [share_of_band_in_ages(b, first, last) for first, last in AGE_GROUPS.values()]
            for b in bands
        ]
    ).reshape(len(bands), len(AGE_GROUPS))
    per_band_sex = np.concatenate(
        [
            np.ones((len(bands), len(SEX_ORDER), 1)),
            np.repeat(group_shares[:, None, :], len(SEX_ORDER), axis=1),
            weight[:, :, None],
        ],
        axis=2,
    )
    return per_band_sex.reshape(len(bands) * len(SEX_ORDER), len(CELL_POPULATION_COLUMNS))


def _persons_by_band_sex_cell(dataset: Dataset) -> npt.NDArray[np.float64]:
    """Persons per (band × sex, cell): one row of cells per band and sex, bands in the
    manifest's order, cells in the order of ``dataset.cells``."""
    bands = list(dataset.manifest.rules.age_bands)
    population = dataset.population
    cell_ids = pd.Index(dataset.cells["cell_id"].astype(str))
    codes = {
        "cell_id": _codes(population["cell_id"], cell_ids),
        "age_band": _codes(population["age_band"], pd.Index(bands)),
        "sex": _codes(population["sex"], pd.Index([s.value for s in SEX_ORDER])),
    }
    for column, code in codes.items():
        if (code < 0).any():
            row = int(np.flatnonzero(code < 0)[0])
            raise PraksisplanError(
                f"population, række {row + 2}, kolonne '{column}': ukendt værdi "
                f"'{population[column].iloc[row]}'"
            )
    n_cells = len(cell_ids)
    # persons per (band × sex, cell): one row of cells per band and sex (the key is built
    # in place, so the long table costs one array of codes at a time)
    key = codes.pop("age_band") * len(SEX_ORDER)
    key += codes.pop("sex")
    key *= n_cells
    key += codes.pop("cell_id")
    persons = np.bincount(
        key,
        weights=population["persons"].to_numpy(dtype=np.float64),
        minlength=len(bands) * len(SEX_ORDER) * n_cells,
    )
    return np.asarray(persons, dtype=np.float64).reshape(len(bands) * len(SEX_ORDER), n_cells)


def persons_by_band_and_cell(dataset: Dataset) -> npt.NDArray[np.float64]:
    """Persons per age band (rows, in the manifest's order) and cell (columns, in the order
    of ``dataset.cells``), both sexes."""
    by_sex = _persons_by_band_sex_cell(dataset)
    n_bands = len(dataset.manifest.rules.age_bands)
    summed: npt.NDArray[np.float64] = by_sex.reshape(n_bands, len(SEX_ORDER), -1).sum(axis=1)
    return summed


def cell_population(dataset: Dataset) -> pd.DataFrame:
    """One row per cell (in the order of ``dataset.cells``), indexed by ``cell_id``, with the
    columns :data:`CELL_POPULATION_COLUMNS`; cells without population rows have zeros.

    The persons of each (band, sex, cell) are summed with one :func:`numpy.bincount`; the
    columns are the per-(band, sex) weights of :func:`_row_weights` times that matrix."""
    bands = list(dataset.manifest.rules.age_bands)
    cell_ids = pd.Index(dataset.cells["cell_id"].astype(str))
    persons = _persons_by_band_sex_cell(dataset)
    weights = _row_weights(bands, need_weights(bands, dataset.demand_weights))
    # einsum rather than ``@``: a BLAS call leaves OpenBLAS threads spinning on the other
    # core for ~50 ms, where the spatial worker thread runs
    columns = np.einsum("jc,jk->kc", persons, weights)
    return pd.DataFrame(
        dict(zip(CELL_POPULATION_COLUMNS, columns, strict=True)),
        index=pd.Index(cell_ids, name="cell_id"),
    )


def band_sex_totals(dataset: Dataset) -> pd.Series:
    """Persons of the whole population table per (age band, sex), indexed by those two, in
    the manifest's band order and :data:`~praksisplan.engine.need.SEX_ORDER` (zeros kept)."""
    bands = list(dataset.manifest.rules.age_bands)
    sexes = [s.value for s in SEX_ORDER]
    population = dataset.population
    # a validated dataset has no unknown band or sex (no code −1)
    key = _codes(population["age_band"], pd.Index(bands)) * len(sexes)
    key += _codes(population["sex"], pd.Index(sexes))
    totals = np.bincount(
        key, weights=population["persons"].to_numpy(dtype=np.float64), minlength=len(bands) * 2
    )
    return pd.Series(
        np.round(totals).astype(np.int64),
        index=pd.MultiIndex.from_product([bands, sexes], names=["age_band", "sex"]),
        name="persons",
    )
