"""Per-cell population: the same sums from str and categorical columns, in any row order,
and a clear error for a value that is not a cell, band or sex of the dataset."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.engine.population import cell_population

CODED = ("cell_id", "age_band", "sex")


def test_str_and_shuffled_tables_give_the_same_cells(tiny_dataset: Dataset) -> None:
    expected = cell_population(tiny_dataset)
    population = tiny_dataset.population  # categorical, as the loader delivers it
    text = population.astype(dict.fromkeys(CODED, "str"))
    # rows in random order: no runs of equal values left to exploit
    shuffled = text.sample(frac=1.0, random_state=3).reset_index(drop=True)
    for table in (text, shuffled):
        result = cell_population(tiny_dataset.with_tables(population=table))
        pd.testing.assert_frame_equal(result, expected, check_exact=False, rtol=1e-12)


def test_sums_by_hand(tiny_dataset: Dataset) -> None:
    # recount persons per cell straight from the long table, with Python
    totals: dict[str, float] = {}
    for cell, persons in zip(
        tiny_dataset.population["cell_id"], tiny_dataset.population["persons"], strict=True
    ):
        totals[str(cell)] = totals.get(str(cell), 0.0) + float(persons)
    persons = cell_population(tiny_dataset)["persons"]
    assert persons.to_dict() == {c: totals.get(c, 0.0) for c in persons.index}
    assert np.isclose(persons.sum(), tiny_dataset.population["persons"].sum())


@pytest.mark.parametrize("categorical", [False, True])
@pytest.mark.parametrize(
    ("column", "bad"), [("age_band", "15-20"), ("sex", "X"), ("cell_id", "nope")]
)
def test_unknown_value_names_row_and_column(
    tiny_dataset: Dataset, column: str, bad: str, categorical: bool
) -> None:
    population = tiny_dataset.population.astype(dict.fromkeys(CODED, "str"))
    population.loc[3, column] = bad
    if categorical:
        population = population.astype(dict.fromkeys(CODED, "category"))
    with pytest.raises(PraksisplanError, match=f"population, række 5, kolonne '{column}'.*{bad}"):
        cell_population(tiny_dataset.with_tables(population=population))
