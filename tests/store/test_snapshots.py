"""Snapshots: exact round trip of every frame, immutability, ordering and history."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd
import pytest
import sqlalchemy as sa

from praksisplan.core.dataset import ANALYSIS_CRS, TABLE_MODELS, Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.store import SnapshotInfo, Store
from praksisplan.store.tables import dataset_tables
from store.synthetic_region import dated


def assert_datasets_equal(actual: Dataset, expected: Dataset) -> None:
    assert actual.manifest == expected.manifest
    for attribute in TABLE_MODELS:
        pd.testing.assert_frame_equal(
            getattr(actual, attribute), getattr(expected, attribute), check_exact=True
        )
    for attribute in ("municipalities", "coverage_areas"):
        frame = getattr(actual, attribute)
        assert isinstance(frame, gpd.GeoDataFrame)
        assert frame.crs == ANALYSIS_CRS


def test_tiny_dataset_round_trips_exactly(store_url: str, tiny_dataset: Dataset) -> None:
    with Store(store_url) as store:
        info = store.load_dataset(tiny_dataset, source="tests/fixtures/tiny")
        assert_datasets_equal(store.read_dataset(info.id), tiny_dataset)


def test_synthetic_region_round_trips_exactly(store_url: str, synthetic_dataset: Dataset) -> None:
    # 3,000 cells → 114,000 population rows; datetime64, nullable Int64 and missing strings
    assert len(synthetic_dataset.population) == 3_000 * 38
    assert synthetic_dataset.practices["norm_override"].isna().any()
    assert synthetic_dataset.practices["open_postcodes"].isna().any()
    with Store(store_url) as store:
        info = store.load_dataset(synthetic_dataset, source="synthetic")
        assert_datasets_equal(store.read_dataset(info.id), synthetic_dataset)


def test_reading_some_tables_leaves_the_others_empty_with_their_columns(
    store_url: str, tiny_dataset: Dataset
) -> None:
    read = ("practices", "coverage_areas")
    with Store(store_url) as store:
        info = store.load_dataset(tiny_dataset, source="tiny")
        whole = store.read_dataset(info.id)
        part = store.read_dataset(info.id, tables=read)
        with pytest.raises(ValueError, match="unknown dataset tables"):
            store.read_dataset(info.id, tables=("patients",))
    assert part.manifest == tiny_dataset.manifest
    for attribute in TABLE_MODELS:
        frame, full = getattr(part, attribute), getattr(whole, attribute)
        if attribute in read:
            pd.testing.assert_frame_equal(frame, full, check_exact=True)
        else:
            assert len(frame) == 0
            assert list(frame.columns) == list(full.columns)
            # an empty categorical has no categories to share with the full one
            assert [str(d) for d in frame.dtypes] == [str(d) for d in full.dtypes]
            assert isinstance(frame, gpd.GeoDataFrame) == isinstance(full, gpd.GeoDataFrame)


def test_snapshot_info_describes_the_load(sqlite_url: str, tiny_dataset: Dataset) -> None:
    before = dt.datetime.now(dt.UTC)
    with Store(sqlite_url) as store:
        info = store.load_dataset(tiny_dataset, source="tiny.zip")
        after = dt.datetime.now(dt.UTC)
        expected = SnapshotInfo(
            id=info.id,
            region_code="1081",
            region_name="Region Nordjylland",
            name="Tiny test region",
            reference_date=dt.date(2025, 1, 1),
            loaded_at=info.loaded_at,
            synthetic=True,
            source="tiny.zip",
        )
        assert info == expected
        assert before <= info.loaded_at <= after
        assert store.get_snapshot(info.id) == info
        assert store.list_snapshots() == [info]


def test_second_snapshot_of_same_region_and_date_is_refused(
    store_url: str, tiny_dataset: Dataset
) -> None:
    with Store(store_url) as store:
        first = store.load_dataset(tiny_dataset, source="first")
        with pytest.raises(PraksisplanError) as refused:
            store.load_dataset(tiny_dataset, source="second")
        message = str(refused.value)
        assert "1081" in message and "2025-01-01" in message
        assert store.list_snapshots() == [first]
        other_date = store.load_dataset(dated(tiny_dataset, dt.date(2025, 7, 1)), source="third")
        assert [s.id for s in store.list_snapshots()] == [first.id, other_date.id]


def test_previous_snapshot_is_the_same_regions_latest_earlier_one(
    sqlite_url: str, tiny_dataset: Dataset
) -> None:
    with Store(sqlite_url) as store:
        load = {
            (region, date): store.load_dataset(dated(tiny_dataset, date, region), source="t").id
            for region, date in [
                ("1081", dt.date(2025, 1, 1)),
                ("1081", dt.date(2024, 1, 1)),
                ("1082", dt.date(2024, 12, 1)),
                ("1081", dt.date(2024, 7, 1)),
            ]
        }

        def previous(region: str, date: dt.date) -> int | None:
            found = store.previous_snapshot(load[region, date])
            return None if found is None else found.id

        assert previous("1081", dt.date(2025, 1, 1)) == load["1081", dt.date(2024, 7, 1)]
        assert previous("1081", dt.date(2024, 7, 1)) == load["1081", dt.date(2024, 1, 1)]
        assert previous("1081", dt.date(2024, 1, 1)) is None
        assert previous("1082", dt.date(2024, 12, 1)) is None  # 1081's are another region
        listed = [(s.region_code, s.reference_date) for s in store.list_snapshots()]
        assert listed == [
            ("1081", dt.date(2024, 1, 1)),
            ("1081", dt.date(2024, 7, 1)),
            ("1081", dt.date(2025, 1, 1)),
            ("1082", dt.date(2024, 12, 1)),
        ]


def test_snapshots_survive_a_restart(sqlite_url: str, tiny_dataset: Dataset) -> None:
    with Store(sqlite_url) as store:
        info = store.load_dataset(tiny_dataset, source="tiny")
    with Store(sqlite_url) as reopened:
        assert reopened.list_snapshots() == [info]
        assert_datasets_equal(reopened.read_dataset(info.id), tiny_dataset)


def test_unknown_snapshot_is_a_clear_error(sqlite_url: str) -> None:
    with Store(sqlite_url) as store:
        for method in (store.get_snapshot, store.read_dataset, store.previous_snapshot):
            with pytest.raises(PraksisplanError, match="intet snapshot med id 42"):
                method(42)


def _stored_rows(url: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        tables = [*dataset_tables.values(), sa.table("snapshots")]
        total = sum(
            connection.scalar(sa.select(sa.func.count()).select_from(table)) or 0
            for table in tables
        )
    engine.dispose()
    return total


def test_frame_with_columns_off_the_format_is_refused_before_writing(
    sqlite_url: str, tiny_dataset: Dataset
) -> None:
    practices = tiny_dataset.practices.assign(doctor_name="not in the format")
    with Store(sqlite_url) as store, pytest.raises(PraksisplanError) as refused:
        store.load_dataset(tiny_dataset.with_tables(practices=practices), source="x")
    assert "practices" in str(refused.value) and "doctor_name" in str(refused.value)
    assert _stored_rows(sqlite_url) == 0


def test_failure_mid_load_leaves_nothing_behind(sqlite_url: str, tiny_dataset: Dataset) -> None:
    # A repeated population key breaks a unique constraint only when the population table
    # is inserted — after the snapshot row, municipalities, areas and cells.
    population = pd.concat([tiny_dataset.population, tiny_dataset.population.iloc[[5]]])
    broken = tiny_dataset.with_tables(population=population.reset_index(drop=True))
    with Store(sqlite_url) as store:
        with pytest.raises(sa.exc.IntegrityError):
            store.load_dataset(broken, source="broken")
        assert store.list_snapshots() == []
    assert _stored_rows(sqlite_url) == 0


def test_progress_reports_every_row(sqlite_url: str, synthetic_dataset: Dataset) -> None:
    total = sum(len(getattr(synthetic_dataset, a)) for a in TABLE_MODELS)
    reports: list[tuple[int, int]] = []
    with Store(sqlite_url) as store:
        store.load_dataset(synthetic_dataset, source="s", progress=lambda *r: reports.append(r))
    stored = [done for done, _ in reports]
    assert stored == sorted(stored)
    assert reports[-1] == (total, total)
    assert {t for _, t in reports} == {total}


def test_demo_region_round_trips_exactly(sqlite_url: str) -> None:
    from praksisplan.synth.demo import build_demo_dataset

    demo = build_demo_dataset()
    with Store(sqlite_url) as store:
        info = store.load_dataset(demo, source="demo")
        assert_datasets_equal(store.read_dataset(info.id), demo)


@pytest.mark.parametrize("level", ["municipality", "area"])
def test_population_totals_equal_the_sums_over_the_whole_read(
    store_url: str, synthetic_dataset: Dataset, tiny_dataset: Dataset, level: str
) -> None:
    unit = "municipality_code" if level == "municipality" else "area_id"
    with Store(store_url) as store:
        # another snapshot, not summed in
        store.load_dataset(dated(tiny_dataset, dt.date(2024, 1, 1)), source="tiny")
        snapshot = store.load_dataset(synthetic_dataset, source="synthetic").id
        totals = store.population_totals(snapshot, level)  # type: ignore[arg-type]
        whole = store.read_dataset(snapshot)
    cells = whole.cells.astype({"cell_id": str}).set_index("cell_id")[unit]
    rows = whole.population.astype({"cell_id": str})
    expected = rows["persons"].groupby(rows["cell_id"].map(cells)).sum()
    assert totals.index.name == unit and list(totals.index) == sorted(expected.index)
    assert totals.to_dict() == expected.to_dict()
    assert int(totals.sum()) == int(synthetic_dataset.population["persons"].sum())
    assert totals.dtype == "int64"


def test_population_totals_of_an_unknown_snapshot_is_an_error(sqlite_url: str) -> None:
    with Store(sqlite_url) as store, pytest.raises(PraksisplanError, match="intet snapshot"):
        store.population_totals(99, "municipality")
