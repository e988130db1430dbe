"""Danish display of numbers and times on the pages (hand-worked values)."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from praksisplan.core.danish_numbers import format_amount_da
from praksisplan.web.catalogue import format_change, format_time_da, format_value


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (6.0, "6"),
        (6, "6"),
        (5.5, "5,5"),
        (0.25, "0,25"),
        (2.999, "3"),
        (1789.456, "1.789,46"),
        (1_000_000.5, "1.000.000,5"),
        (-1.5, "-1,5"),
        (0.0, "0"),
        (-0.001, "0"),  # rounds to zero: no "-0"
        (math.nan, "–"),
        (None, "–"),
    ],
)
def test_amounts_have_at_most_two_decimals_and_no_trailing_zeros(
    value: float | None, text: str
) -> None:
    assert format_amount_da(value) == text


def test_indicator_values_in_their_units() -> None:
    assert format_value("capacities", 13.0) == "13"
    assert format_value("fte", 11.4) == "11,4"
    assert format_value("population", 20778) == "20.778"
    assert format_value("share_65plus", 0.584) == "58 %"
    assert format_value("supply_pct_of_need", 94.4) == "94 %"
    assert format_value("dist_open_median_km", 4.46) == "4,5 km"
    assert format_value("months_region_vacancy_unfilled", None) == "–"
    assert format_change("capacities", -1.0) == "−1"
    assert format_change("capacities", 0.5) == "+0,5"
    assert format_change("share_gps_60plus", 0.05) == "+5,0 procentpoint"


@pytest.mark.parametrize(
    ("utc", "text"),
    [
        (dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC), "15.01.2026 13:00"),  # CET
        (dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.UTC), "02.07.2026 01:30"),  # CEST
        (dt.datetime(2026, 11, 24, 2, 23), "24.11.2026 03:23"),  # naive = UTC
    ],
)
def test_times_in_danish_local_time(utc: dt.datetime, text: str) -> None:
    assert format_time_da(utc) == text
