"""Dates and moments as Danish readers write them, in Danish local time.

The store keeps moments in UTC; every presenter (web pages, CLI, exports) shows them in
Europe/Copenhagen time through these functions. The formatting is Babel's (``da_DK``).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime

from praksisplan.core.danish_numbers import LOCALE, MISSING

#: Planners read times in Danish local time.
DANISH_TIME = ZoneInfo("Europe/Copenhagen")


def local_time(moment: dt.datetime) -> dt.datetime:
    """A stored moment in Danish local time (a naive moment is UTC)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(DANISH_TIME)


def format_date_da(day: dt.date | None) -> str:
    """``2025-01-01`` → ``"01.01.2025"``."""
    return MISSING if day is None else format_date(day, "dd.MM.yyyy", locale=LOCALE)


def format_moment_da(moment: dt.datetime | None) -> str:
    """A stored moment in Danish local time: ``24.11.2026 03:23`` (naive = UTC)."""
    if moment is None:
        return MISSING
    return format_datetime(local_time(moment), "dd.MM.yyyy HH:mm", locale=LOCALE)
