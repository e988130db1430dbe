"""Danish numbers, dates and words through Babel (hand-written expected texts)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from praksisplan.core.danish_dates import format_date_da, format_moment_da
from praksisplan.core.danish_numbers import format_amount_da, format_number_da, format_share_da
from praksisplan.core.glossary import TERMS, term_of
from praksisplan.core.vocabulary import INDICATOR_LABELS, parse_class


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (np.int64(6600), 0, "6.600"),
        (np.float64(1789.4), 0, "1.789"),
        (-0.4, 0, "0"),
        (-0.04, 1, "0,0"),
        (-1234.5, 1, "-1.234,5"),
        (0.5834, 1, "0,6"),
        (1_000_000, 0, "1.000.000"),
        (math.nan, 0, "–"),
        (None, 0, "–"),
        ("A07", 0, "A07"),
    ],
)
def test_numbers(value: object, decimals: int, text: str) -> None:
    assert format_number_da(value, decimals) == text


def test_amounts_and_shares() -> None:
    assert format_amount_da(np.float64(5.5)) == "5,5"
    assert format_amount_da(np.int64(12)) == "12"
    assert format_share_da(np.float64(0.58)) == "58 %"
    assert format_share_da(0.0584, 1) == "5,8 %"


def test_dates_and_moments_in_danish_time() -> None:
    assert format_date_da(dt.date(2025, 7, 1)) == "01.07.2025"
    assert format_moment_da(dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC)) == "29.03.2026 01:30"
    assert format_moment_da(dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC)) == "29.03.2026 03:30"
    assert format_moment_da(None) == "–"


@pytest.mark.parametrize(
    ("text", "code"),
    [("rød", "red"), ("RØD", "red"), ("gul", "yellow"), (" Grøn ", "green"), ("red", "red")],
)
def test_class_names_in_danish_and_english(text: str, code: str) -> None:
    assert parse_class(text) == code


def test_unknown_class_is_none() -> None:
    assert parse_class("lilla") is None


def test_every_defined_indicator_has_a_label() -> None:
    defined = [t.indicator for t in TERMS if t.indicator is not None]
    assert defined and all(key in INDICATOR_LABELS for key in defined)
    assert term_of("dependency_ratio") is not None
