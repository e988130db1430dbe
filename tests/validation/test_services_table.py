"""The optional services table: read, validated like every table, and stored in a snapshot."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from praksisplan.core.errors import DatasetInvalidError
from praksisplan.dataset_io import read_dataset
from praksisplan.store import Store

TINY = Path(__file__).parents[1] / "fixtures" / "tiny"
HEADER = "municipality_code,year,age_band,sex,service_type,services\n"
GOOD = "851,2024,0-4,M,consultation,400\n849,2024,80-84,F,home_visit,300\n"


def _with_services(tmp_path: Path, text: str) -> Path:
    root = tmp_path / "tiny"
    shutil.copytree(TINY, root)
    (root / "services.csv").write_text(HEADER + text, encoding="utf-8")
    return root


def test_a_valid_table_is_read_and_survives_the_store(tmp_path: Path) -> None:
    dataset = read_dataset(_with_services(tmp_path, GOOD))
    assert dataset.services["services"].tolist() == [400, 300]
    with Store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        info = store.load_dataset(dataset, source="test")
        again = store.read_dataset(info.id)
        assert store.row_counts(info.id)["services"] == 2
    assert again.services.astype(str).values.tolist() == [
        ["851", "2024", "0-4", "M", "consultation", "400"],
        ["849", "2024", "80-84", "F", "home_visit", "300"],
    ]


def test_without_the_table_the_dataset_has_no_services(tmp_path: Path) -> None:
    assert len(read_dataset(TINY).services) == 0


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("999,2024,0-4,M,consultation,1\n", "municipality_code", "'999' findes ikke som code"),
        ("851,2024,0-4,M,massage,1\n", "service_type", "massage"),
        ("851,2024,0-3,M,consultation,1\n", "age_band", "er ikke en af aldersgrupperne"),
        ("851,2024,5-9,M,consultation,-5\n", "services", "-5"),
        ("851,2024,0-4,M,consultation,9\n", "municipality_code", "forekommer mere end én gang"),
    ],
)
def test_a_broken_row_is_named_in_danish(
    tmp_path: Path, row: str, column: str, message: str
) -> None:
    with pytest.raises(DatasetInvalidError) as raised:
        read_dataset(_with_services(tmp_path, GOOD + row))
    issues = raised.value.issues
    assert [(i.file, i.row, i.column) for i in issues] == [("services.csv", 4, column)]
    assert message in issues[0].message
