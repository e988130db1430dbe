"""The Prognose map's projected class: the median class of the draws, by hand."""

from __future__ import annotations

import math

import pytest

from praksisplan.web.forecast_page import projected_class


@pytest.mark.parametrize(
    ("red", "yellow", "expected"),
    [
        (0.5, 0.0, 2),  # half the draws red: the median draw is red
        (0.9, 0.1, 2),
        (0.49, 0.01, 1),  # half red or yellow
        (0.0, 0.5, 1),
        (0.3, 0.19, 0),  # 49 % red or yellow: the median draw is green
        (0.0, 0.0, 0),
        (0.2, math.nan, 0),  # no yellow class known: red alone decides
        (0.6, math.nan, 2),
    ],
)
def test_projected_class(red: float, yellow: float, expected: int) -> None:
    assert projected_class(red, yellow) == expected


def test_an_area_without_a_probability_has_no_class() -> None:
    assert projected_class(math.nan, 0.2) is None
