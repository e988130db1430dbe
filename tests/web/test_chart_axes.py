"""Axis ticks of the inline charts, on hand-worked cases: the round step, where the ticks
fall, their Danish labels, and the fan chart's axes."""

from __future__ import annotations

import pandas as pd
import pytest

from praksisplan.web.chart_axes import Tick, nice_step, value_ticks, whole_ticks
from praksisplan.web.forecast_page import fan_chart


@pytest.mark.parametrize(
    ("span", "count", "step"),
    [
        (630, 4, 200),  # 157.5 a tick → the next round step, 200
        (1_000, 4, 500),  # 250 is not 1, 2 or 5 × 10^k: 500
        (1_000, 5, 200),  # exactly 200
        (0.7, 4, 0.2),  # 0.175 → 0.2
        (14, 8, 2),  # years 2026–2040: 1.75 → 2
        (3, 6, 0.5),
        (0, 4, 1),  # an empty span
    ],
)
def test_nice_step(span: float, count: int, step: float) -> None:
    assert nice_step(span, count) == pytest.approx(step)


def test_value_ticks_are_the_multiples_in_range_labelled_in_danish() -> None:
    ticks = value_ticks(0, 630_000, 4, lambda v: v / 1_000)
    assert ticks == (
        Tick(0.0, "0"),
        Tick(200.0, "200.000"),
        Tick(400.0, "400.000"),
        Tick(600.0, "600.000"),
    )
    # a range away from 0: 516,120–517,480 has steps of 500 → 516,500 and 517,000
    assert [t.label for t in value_ticks(516_120, 517_480, 4, float)] == ["516.500", "517.000"]
    # a step under 1 gets its decimal: 0,5 and 1,0
    assert [t.label for t in value_ticks(0.1, 1.3, 4, float)] == ["0,5", "1,0"]


def test_whole_ticks_step_at_least_one_and_write_years_as_years() -> None:
    assert [t.label for t in whole_ticks(2025, 2040, 8, float)] == [
        str(y) for y in range(2026, 2041, 2)
    ]
    assert [t.label for t in whole_ticks(0, 3, 6, float)] == ["0", "1", "2", "3"]


def test_fan_chart_axes() -> None:
    rows = pd.DataFrame(
        {
            "year": [2026, 2027, 2028, 2029, 2030],
            "supply_p10": [800.0, 700, 600, 500, 400],
            "supply_p50": [900.0, 800, 700, 600, 500],
            "supply_p90": [1_000.0, 900, 800, 700, 600],
            "need_weighted_persons": [900.0] * 5,
        }
    )
    chart = fan_chart(rows, 640, 260)
    # top 1.05 × 1,000 = 1,050; about 4 intervals: 262.5 → a step of 500
    assert [t.label for t in chart.y_ticks] == ["0", "500", "1.000"]
    # y of a value: 260 − 24 − (260 − 24 − 10) × v / 1,050
    assert [t.at for t in chart.y_ticks] == [236.0, round(236 - 226 * 500 / 1_050, 1), 20.8]
    # x of a year: 52 + (640 − 52 − 16) × (year − 2026) / 4; a step of 1 (8 intervals wanted)
    assert [(t.label, t.at) for t in chart.x_ticks] == [
        ("2026", 52.0),
        ("2027", 195.0),
        ("2028", 338.0),
        ("2029", 481.0),
        ("2030", 624.0),
    ]
    # the lines use the same scale: the median starts at (52, y of 900)
    assert chart.median.split()[0] == f"52.0,{236 - 226 * 900 / 1_050:.1f}"
