"""Every loader delivers the population table's cell ids, bands and sexes as categoricals of
their sorted distinct values (the engine's fast path), and the indicators computed from them
are exactly those computed from the same table as text."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from praksisplan.core.dataset import Dataset, coded_columns
from praksisplan.core.schema import PopulationRow
from praksisplan.dataset_io import read_dataset
from praksisplan.engine.indicators import Level, compute_indicators
from praksisplan.scenario.apply import apply_edits
from praksisplan.scenario.edits import parse_edits
from praksisplan.store import Store
from praksisplan.synth.demo import build_demo_dataset

CODED = PopulationRow.coded


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return build_demo_dataset()


def _as_text(dataset: Dataset) -> Dataset:
    return dataset.with_tables(population=dataset.population.astype(dict.fromkeys(CODED, "str")))


def assert_coded(population: pd.DataFrame) -> None:
    for column in CODED:
        values = population[column]
        assert isinstance(values.dtype, pd.CategoricalDtype), column
        assert values.cat.categories.tolist() == sorted(set(values.astype(str))), column
    # already in the loaders' form: nothing to recode
    assert coded_columns(population, PopulationRow) is population


def test_directory_reader_and_demo_generator_deliver_categoricals(
    tiny_dataset_dir: Path, demo: Dataset
) -> None:
    assert_coded(read_dataset(tiny_dataset_dir).population)
    assert_coded(demo.population)


def test_store_delivers_categoricals_also_for_a_snapshot_stored_as_text(
    tmp_path: Path, tiny_dataset: Dataset
) -> None:
    # a snapshot stored before the coded columns were categoricals holds them as text
    manifest = tiny_dataset.manifest
    later = manifest.model_copy(update={"reference_date": manifest.reference_date.replace(day=2)})
    text = replace(_as_text(tiny_dataset), manifest=later)
    with Store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        coded = store.read_dataset(store.load_dataset(tiny_dataset, source="coded").id)
        older = store.read_dataset(store.load_dataset(text, source="text").id)
    for read in (coded, older):
        pd.testing.assert_frame_equal(read.population, tiny_dataset.population, check_exact=True)
        assert_coded(read.population)


def test_scenario_edits_keep_categoricals(tiny_dataset: Dataset) -> None:
    cell = tiny_dataset.cells.iloc[0]
    edits = parse_edits(
        [
            # a new cell: new cell id, its rows inserted with the region's profile
            {
                "table": "cells",
                "key": "NEW1",
                "op": "insert",
                "values": {"x": float(cell["x"]), "y": float(cell["y"]), "persons": 800},
            },
            {"table": "population", "key": ["C01", "0-4", "M"], "op": "update",
             "values": {"persons": 3}},
            {"table": "population", "key": ["C01", "0-4", "F"], "op": "delete", "values": {}},
        ]
    )  # fmt: skip
    edited = apply_edits(tiny_dataset, edits).dataset.population
    assert_coded(edited)
    expected = apply_edits(_as_text(tiny_dataset), edits).dataset.population
    pd.testing.assert_frame_equal(edited, expected, check_exact=True)
    rows = edited[edited["cell_id"] == "C01"].set_index(["age_band", "sex"])["persons"]
    assert rows.loc[("0-4", "M")] == 3 and ("0-4", "F") not in rows.index
    assert int(edited.loc[edited["cell_id"] == "NEW1", "persons"].sum()) == 800


def test_coded_columns_recodes_any_categorical_to_the_sorted_distinct_values() -> None:
    frame = pd.DataFrame(
        {
            "cell_id": pd.Categorical(["b", "a", "b"], categories=["b", "z", "a"], ordered=True),
            "age_band": np.array(["10-14", "5-9", "10-14"], dtype=object),
            "sex": pd.Series(["M", None, "F"], dtype="str"),
            "persons": [1, 2, 3],
        }
    )
    coded = coded_columns(frame, PopulationRow)
    assert coded["cell_id"].cat.categories.tolist() == ["a", "b"]
    assert not coded["cell_id"].cat.ordered
    assert coded["age_band"].cat.categories.tolist() == ["10-14", "5-9"]
    assert coded["sex"].cat.categories.tolist() == ["F", "M"]
    assert coded["sex"].isna().tolist() == [False, True, False]
    for column in CODED:
        pd.testing.assert_series_equal(
            coded[column].astype(object), frame[column].astype(object), check_exact=True
        )
    assert frame["cell_id"].cat.categories.tolist() == ["b", "z", "a"]  # not modified


@pytest.mark.parametrize("level", ["region", "municipality", "area"])
def test_indicators_are_identical_for_text_and_categorical_population(
    demo: Dataset, level: Level
) -> None:
    coded = compute_indicators(demo, level)
    text = compute_indicators(_as_text(demo), level)
    pd.testing.assert_frame_equal(coded, text, check_exact=True)
