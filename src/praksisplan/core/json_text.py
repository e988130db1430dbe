"""The one JSON spelling of every command's and endpoint's output.

Missing values (``None``, NaN, NaT, ``pd.NA``) and ±inf are ``null``; numpy scalars become
Python numbers; timestamps are ISO 8601 *with* their zone (a naive timestamp is taken as
UTC, the store's convention); dates are ISO 8601 dates.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import pandas as pd


def json_value(value: Any) -> Any:
    """``value`` as a JSON-ready Python value (see the module docstring)."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, dt.datetime):  # pd.Timestamp included
        if pd.isna(value):
            return None
        aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
        return aware.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalar
        return json_value(value.item())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def dumps(value: Any, *, indent: int | None = 2) -> str:
    """``value`` as JSON text (UTF-8 characters kept, no NaN/Infinity ever written)."""
    return json.dumps(json_value(value), ensure_ascii=False, indent=indent, allow_nan=False)
