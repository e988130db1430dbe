"""Computed measures equal the engine on every stored snapshot; on-track follows the target."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from praksisplan.core.dataset import Dataset
from praksisplan.engine.indicators import compute_indicators
from praksisplan.plan.measures import (
    MEASURE_INDICATORS,
    MeasurePoint,
    evaluate,
    evaluate_computed,
    measure_values,
)
from praksisplan.plan.model import COMPUTED_INDICATORS, ComputedMeasure, Direction
from praksisplan.store import Store
from praksisplan.threat.assess import assess
from praksisplan.threat.rules import load_rules
from store.synthetic_region import dated

DATES = (dt.date(2025, 1, 1), dt.date(2025, 7, 1), dt.date(2026, 1, 1))
#: Practices open for new patients, region (6 practices) and Aalborg 851 (P001–P004), by hand:
#: 1: P001, P004, P005 open; 2: P002 opens too; 3: P001 and P005 (Jammerbugt) close.
OPEN_REGION = (3 / 6, 4 / 6, 2 / 6)
OPEN_AALBORG = (2 / 4, 3 / 4, 2 / 4)


def _with_status(dataset: Dataset, **statuses: str) -> Dataset:
    practices = dataset.practices.copy()
    for provider, status in statuses.items():
        practices.loc[practices["provider_number"] == provider, "status"] = status
    return dataset.with_tables(practices=practices)


def _measure(indicator: str, level: str, unit: str, **changes: object) -> ComputedMeasure:
    values: dict[str, object] = {
        "id": f"{indicator}-{unit}",
        "title": indicator,
        "indicator": indicator,
        "level": level,
        "unit": unit,
        "baseline_snapshot_id": 1,
        "baseline_value": 0.5,
        "target": 0.75,
        "direction": "increase",
        "deadline": dt.date(2027, 1, 1),
    }
    values.update(changes)
    return ComputedMeasure.model_validate(values)


MEASURES = [
    _measure("share_practices_open", "region", "1081"),
    _measure("share_practices_open", "municipality", "851"),
    _measure("share_persons_lt2_open", "area", "A3"),
    _measure("red_areas", "region", "1081"),
    _measure("threatened_areas", "municipality", "849"),
    _measure("persons_lt2_open", "municipality", "849"),
]


@pytest.fixture(scope="module")
def stored_history(
    tiny_dataset: Dataset, tmp_path_factory: pytest.TempPathFactory
) -> list[tuple[int, dt.date, Dataset]]:
    """Three edited versions of the tiny dataset, loaded into and read back from SQLite."""
    edited = [
        tiny_dataset,
        _with_status(tiny_dataset, P002="open"),
        _with_status(tiny_dataset, P002="open", P001="closed", P005="closed"),
    ]
    path: Path = tmp_path_factory.mktemp("history") / "store.db"
    with Store(f"sqlite:///{path}") as store:
        infos = [
            store.load_dataset(dated(d, date), source="test")
            for d, date in zip(edited, DATES, strict=True)
        ]
        return [(info.id, info.reference_date, store.read_dataset(info.id)) for info in infos]


def test_computed_measures_equal_the_engine_on_every_snapshot(
    stored_history: list[tuple[int, dt.date, Dataset]],
) -> None:
    rules = load_rules(None)
    for number, (_, _, dataset) in enumerate(stored_history):
        values = measure_values(dataset, MEASURES, rules)
        assert values["share_practices_open-1081"] == pytest.approx(OPEN_REGION[number])
        assert values["share_practices_open-851"] == pytest.approx(OPEN_AALBORG[number])
        areas = compute_indicators(dataset, "area")
        municipalities = compute_indicators(dataset, "municipality")
        assert values["share_persons_lt2_open-A3"] == areas.loc["A3", "share_persons_lt2_open"]
        assert values["persons_lt2_open-849"] == (
            municipalities.loc["849", "persons_1_open"]
            + municipalities.loc["849", "persons_0_open"]
        )
        classes: pd.Series = assess(dataset, rules).areas["threat_class"]
        assert values["red_areas-1081"] == (classes == "red").sum()
        in_849 = classes[areas.loc[classes.index, "municipality_code"] == "849"]
        assert values["threatened_areas-849"] == in_849.isin(["red", "yellow"]).sum()
    # closing P005 leaves Jammerbugt's citizens with fewer than two open practices
    persons = [
        measure_values(d, MEASURES[5:], rules)["persons_lt2_open-849"] for *_, d in stored_history
    ]
    assert persons[0] == persons[1] < persons[2]


def test_an_unknown_unit_has_no_value(tiny_dataset: Dataset) -> None:
    values = measure_values(
        tiny_dataset, [_measure("share_practices_open", "area", "A9")], load_rules(None)
    )
    assert pd.isna(values["share_practices_open-A9"])


# expected pace from the baseline (2025-01-01, 0.5) to the target at 2027-01-01 (730 days):
# on 2025-07-01 (181 days) 0.5 ± 0.25 × 181/730 = 0.5620 / 0.4380 (value 2/3);
# on 2026-01-01 0.625 / 0.375 (value 1/3)
@pytest.mark.parametrize(
    ("direction", "target", "deadline", "expected"),
    [
        (
            "increase",
            0.75,
            dt.date(2027, 1, 1),
            [(None, False, True), ("bedre", False, True), ("værre", False, False)],
        ),
        (
            "decrease",
            0.25,
            dt.date(2027, 1, 1),
            [(None, False, True), ("værre", False, False), ("bedre", False, True)],
        ),
        (
            "increase",
            0.6,
            dt.date(2027, 1, 1),
            [(None, False, True), ("bedre", True, True), ("værre", False, False)],
        ),
        (
            "decrease",
            0.5,
            dt.date(2027, 1, 1),
            [(None, True, True), ("værre", False, False), ("bedre", True, True)],
        ),
        (
            "increase",
            0.75,
            dt.date(2025, 6, 1),
            [(None, False, True), ("bedre", False, False), ("værre", False, False)],
        ),
    ],
)
def test_on_track_follows_target_and_direction(
    stored_history: list[tuple[int, dt.date, Dataset]],
    direction: Direction,
    target: float,
    deadline: dt.date,
    expected: list[tuple[str | None, bool, bool]],
) -> None:
    measure = _measure(
        "share_practices_open",
        "region",
        "1081",
        direction=direction,
        target=target,
        deadline=deadline,
    )
    rules = load_rules(None)
    values = [
        (sid, date, measure_values(d, [measure], rules)[measure.id])
        for sid, date, d in stored_history
    ]
    for count, (trend, met, on_track) in enumerate(expected, start=1):
        result = evaluate_computed(measure, values[:count])
        assert (result.trend, result.met, result.on_track) == (trend, met, on_track), count
        assert result.latest is not None and result.latest.value == pytest.approx(
            OPEN_REGION[count - 1]
        )


def test_pace_boundary_and_missing_values() -> None:
    baseline = MeasurePoint(dt.date(2026, 1, 1), 10.0)
    halfway = dt.date(2026, 1, 1) + dt.timedelta(days=50)
    deadline = dt.date(2026, 1, 1) + dt.timedelta(days=100)
    exactly = evaluate(
        [baseline, MeasurePoint(halfway, 15.0)], "increase", 20.0, deadline, baseline
    )
    assert exactly.on_track is True and exactly.met is False
    behind = evaluate([baseline, MeasurePoint(halfway, 14.9)], "increase", 20.0, deadline, baseline)
    assert behind.on_track is False
    unchanged = evaluate(
        [baseline, MeasurePoint(halfway, 10.0), MeasurePoint(halfway, float("nan"))],
        "decrease",
        None,
        None,
        None,
    )
    assert (unchanged.trend, unchanged.met, unchanged.on_track, len(unchanged.points)) == (
        "uændret",
        None,
        None,
        2,
    )


def test_the_indicator_catalogue_and_unknown_indicators() -> None:
    assert tuple(MEASURE_INDICATORS) == COMPUTED_INDICATORS
    with pytest.raises(ValueError, match="ukendt indikator 'share_gps_under_50'"):
        _measure("share_gps_under_50", "region", "1081")


def test_share_of_gps_under_55_as_a_measure(tiny_dataset: Dataset) -> None:
    # gps.csv, reference year 2025: Aalborg 851 (P001–P004) has G01–G06 aged 65, 53, 40,
    # 67, 59 and 35; Jammerbugt 849 (P005, P006) has G07–G09 aged 62, 70 and 45
    measures = [
        _measure("share_gps_under_55", "region", "1081"),
        _measure("share_gps_under_55", "municipality", "851"),
        _measure("share_gps_under_55", "municipality", "849"),
    ]
    values = measure_values(tiny_dataset, measures, load_rules(None))
    assert values["share_gps_under_55-1081"] == pytest.approx(4 / 9)
    assert values["share_gps_under_55-851"] == pytest.approx(3 / 6)
    assert values["share_gps_under_55-849"] == pytest.approx(1 / 3)
    assert MEASURE_INDICATORS["share_gps_under_55"].label == "Andel læger under 55 år"
