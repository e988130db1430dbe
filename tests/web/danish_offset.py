"""Denmark's UTC offset by the EU rule, derived without the time-zone database.

Summer time (UTC+2) runs from the last Sunday of March 01:00 UTC to the last Sunday of
October 01:00 UTC (Directive 2000/84/EC); otherwise UTC+1.
"""

from __future__ import annotations

import datetime as dt


def _last_sunday_0100_utc(year: int, month: int) -> dt.datetime:
    last = dt.date(year, month, 31)
    sunday = last - dt.timedelta(days=(last.weekday() - 6) % 7)
    return dt.datetime(sunday.year, sunday.month, sunday.day, 1, tzinfo=dt.UTC)


def danish_offset(moment: dt.datetime) -> dt.timedelta:
    """The offset of Danish local time from UTC at ``moment`` (aware)."""
    utc = moment.astimezone(dt.UTC)
    summer = _last_sunday_0100_utc(utc.year, 3) <= utc < _last_sunday_0100_utc(utc.year, 10)
    return dt.timedelta(hours=2 if summer else 1)
