"""Times are shown in Danish local time: fixed instants with known offsets, DST edges too."""

from __future__ import annotations

import datetime as dt

import pytest

from praksisplan.core import json_text
from praksisplan.web.catalogue import format_time_da
from web.danish_offset import danish_offset

UTC = dt.UTC


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (dt.datetime(2026, 1, 15, 12, 0, tzinfo=UTC), "15.01.2026 13:00"),  # winter, +1
        (dt.datetime(2026, 7, 1, 12, 0, tzinfo=UTC), "01.07.2026 14:00"),  # summer, +2
        # 2026's changes: Sunday 29 March and Sunday 25 October, at 01:00 UTC
        (dt.datetime(2026, 3, 29, 0, 59, tzinfo=UTC), "29.03.2026 01:59"),
        (dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC), "29.03.2026 03:00"),
        (dt.datetime(2026, 10, 25, 0, 59, tzinfo=UTC), "25.10.2026 02:59"),
        (dt.datetime(2026, 10, 25, 1, 0, tzinfo=UTC), "25.10.2026 02:00"),
        (dt.datetime(2026, 12, 31, 23, 30, tzinfo=UTC), "01.01.2027 00:30"),  # next year
        # another zone's moment, and a naive one (the store's UTC)
        (
            dt.datetime(2026, 7, 1, 17, 0, tzinfo=dt.timezone(dt.timedelta(hours=5))),
            "01.07.2026 14:00",
        ),
        (dt.datetime(2026, 2, 1, 8, 15), "01.02.2026 09:15"),
    ],
)
def test_times_are_danish_local_time(moment: dt.datetime, shown: str) -> None:
    assert format_time_da(moment) == shown


@pytest.mark.parametrize(
    ("moment", "hours"),
    [
        (dt.datetime(2026, 3, 29, 0, 59, tzinfo=UTC), 1),
        (dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC), 2),
        (dt.datetime(2027, 3, 28, 1, 0, tzinfo=UTC), 2),  # 2027: 28 March
        (dt.datetime(2027, 10, 31, 0, 59, tzinfo=UTC), 2),  # 2027: 31 October
        (dt.datetime(2027, 10, 31, 1, 0, tzinfo=UTC), 1),
    ],
)
def test_the_eu_rule_helper_matches_the_published_dates(moment: dt.datetime, hours: int) -> None:
    assert danish_offset(moment) == dt.timedelta(hours=hours)


def test_json_timestamps_carry_their_zone() -> None:
    naive_utc = dt.datetime(2026, 3, 1, 9, 30)
    summer = dt.datetime(2026, 7, 1, 14, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    text = json_text.dumps({"a": naive_utc, "b": summer, "c": float("nan")}, indent=None)
    assert text == '{"a": "2026-03-01T09:30:00+00:00", "b": "2026-07-01T14:00:00+02:00", "c": null}'
