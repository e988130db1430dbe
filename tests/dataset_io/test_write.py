"""Writing a dataset: the standard format, atomic, and a lossless round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from praksisplan.core.dataset import TABLE_MODELS, Dataset
from praksisplan.core.errors import DatasetInvalidError, PraksisplanError
from praksisplan.dataset_io import read_dataset, validate_path, write_dataset
from praksisplan.dataset_io.in_memory import dataset_issues, raw_dataset_of, validated
from praksisplan.dataset_io.reader import read_raw


def _assert_identical(a: Dataset, b: Dataset) -> None:
    assert a.manifest == b.manifest
    for attribute in TABLE_MODELS:
        left, right = getattr(a, attribute), getattr(b, attribute)
        if "geometry" in left:
            assert left.crs == right.crs
            assert left.geometry.geom_equals_exact(right.geometry, tolerance=1e-6).all()
            left, right = (
                pd.DataFrame(left.drop(columns="geometry")),
                pd.DataFrame(right.drop(columns="geometry")),
            )
        assert_frame_equal(left, right, check_exact=False, rtol=0, atol=1e-6)


@pytest.mark.parametrize("name", ["copy", "copy.zip"])
def test_round_trip_gives_identical_frames(
    name: str, tiny_dataset: Dataset, tmp_path: Path
) -> None:
    written = write_dataset(tiny_dataset, tmp_path / name)
    assert written == tmp_path / name
    _assert_identical(read_dataset(written), tiny_dataset)


def test_written_files_are_the_standard_format(tiny_dataset: Dataset, tmp_path: Path) -> None:
    out = write_dataset(tiny_dataset, tmp_path / "out")
    assert sorted(p.name for p in out.iterdir()) == [
        "coverage_areas.geojson",
        "coverage_survey.csv",
        "dataset.toml",
        "gps.csv",
        "municipalities.geojson",
        "population.csv",
        "population_cells.csv",
        "practices.csv",
        "region_vacancies.csv",
    ]  # empty optional tables (temporary_beds, demand_weights) are left out
    cells = (out / "population_cells.csv").read_text(encoding="utf-8").splitlines()
    assert cells[0] == "cell_id,x,y,postcode,area_id,municipality_code"
    c03 = cells[3].split(",")
    assert c03[0] == "C03" and c03[4:] == ["A1", "851"]  # derived on read, written explicitly
    assert float(c03[1]) == pytest.approx(9.95, abs=1e-9) and float(c03[2]) == pytest.approx(
        57.04, abs=1e-9
    )
    ring = json.loads((out / "municipalities.geojson").read_text())["features"][0]["geometry"][
        "coordinates"
    ][0]
    assert ring[0] == pytest.approx([9.8, 56.95], abs=1e-9)  # WGS84 lon/lat
    assert (out / "region_vacancies.csv").read_text().splitlines()[1] == "A3,1.0,2024-09-01"


def test_x_y_are_written_in_the_manifest_crs(tiny_dataset: Dataset, tmp_path: Path) -> None:
    utm = Dataset(
        **{
            **vars(tiny_dataset),
            "manifest": tiny_dataset.manifest.model_copy(update={"crs": "EPSG:25832"}),
        }
    )
    out = write_dataset(utm, tmp_path / "utm")
    practices = pd.read_csv(out / "practices.csv")
    assert practices["x"].to_numpy() == pytest.approx(
        tiny_dataset.practices["x"].to_numpy(), abs=1e-6
    )
    assert 'crs = "EPSG:25832"' in (out / "dataset.toml").read_text()
    _assert_identical(read_dataset(out), utm)


def test_an_existing_dataset_is_replaced_only_when_allowed(
    tiny_dataset: Dataset, tmp_path: Path
) -> None:
    out = tmp_path / "target"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(PraksisplanError, match="findes allerede"):
        write_dataset(tiny_dataset, out)
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    write_dataset(tiny_dataset, out, overwrite=True)
    assert not (out / "keep.txt").exists()
    assert validate_path(out) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target"]  # no temporary leftovers


def test_a_failed_write_leaves_nothing_behind(tiny_dataset: Dataset, tmp_path: Path) -> None:
    broken = tiny_dataset.with_tables(gps=tiny_dataset.gps.drop(columns="fte"))
    with pytest.raises(KeyError):
        write_dataset(broken, tmp_path / "half")
    assert list(tmp_path.iterdir()) == []


def test_demo_dataset_round_trips(tmp_path: Path) -> None:
    from praksisplan.synth.demo import build_demo_dataset

    demo = build_demo_dataset()
    _assert_identical(read_dataset(write_dataset(demo, tmp_path / "demo.zip")), demo)


def test_a_dataset_in_memory_is_checked_as_its_written_copy(
    tiny_dataset: Dataset, tmp_path: Path
) -> None:
    """`in_memory` hands validation the same text tables a written copy is read as, so a
    dataset built in memory (the demo, its history) meets exactly the rules of `load`."""
    written = read_raw(write_dataset(tiny_dataset, tmp_path / "copy"))
    raw = raw_dataset_of(tiny_dataset)
    assert raw.manifest == written.manifest
    assert sorted(raw.tables) == sorted(written.tables)
    for table, text in raw.tables.items():
        read = written.tables[table]
        assert_frame_equal(text.frame, read.frame)
        assert (text.file, text.first_row) == (read.file, read.first_row)
    _assert_identical(validated(tiny_dataset, "tiny"), tiny_dataset)
    assert dataset_issues(tiny_dataset) == []


def test_an_invalid_dataset_in_memory_is_refused_with_every_issue(tiny_dataset: Dataset) -> None:
    practices = tiny_dataset.practices.copy()
    practices.loc[0, "status"] = "selective"
    practices.loc[0, "open_postcodes"] = None
    broken = tiny_dataset.with_tables(practices=practices)
    with pytest.raises(DatasetInvalidError) as refused:
        validated(broken, "demo")
    assert [(i.file, i.row, i.rule) for i in refused.value.issues] == [
        ("practices.csv", 2, "selective-needs-postcodes")
    ]
    assert dataset_issues(broken) == refused.value.issues
