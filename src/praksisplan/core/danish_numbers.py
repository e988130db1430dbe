"""Numbers as Danish readers write them: ``1.789``, ``5,5``, ``58 %``, and ``–`` for none.

Pure formatting shared by every presenter (CLI tables, web pages, explanations, exports) and
by the validator's messages. The digits are Babel's for the ``da_DK`` locale; these
functions add what every caller needs on top: numpy scalars read as Python numbers, ``–``
for a missing value, and no ``-0`` for a negative value that rounds to zero.
"""

from __future__ import annotations

import math
from typing import Any

from babel.numbers import format_decimal

#: The locale of every number the app shows.
LOCALE = "da_DK"
#: Written for a missing value (NaN, None).
MISSING = "–"


def _plain(value: Any) -> Any:
    """numpy scalars as Python numbers (``np.int64(6600)`` → ``6600``)."""
    return value.item() if hasattr(value, "item") and not isinstance(value, str) else value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def format_number_da(value: Any, decimals: int = 0) -> str:
    """``1789.4`` → ``"1.789"``; ``0.5834`` with ``decimals=1`` → ``"0,6"``; ``-0.4`` → ``"0"``."""
    value = _plain(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    if not _is_number(value):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return "∞" if value > 0 else "−∞"
        value = round(value, decimals) + 0.0  # -0.0 + 0.0 is 0.0: never "-0"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def format_amount_da(value: Any, max_decimals: int = 2) -> str:
    """A number with at most ``max_decimals`` decimals and no trailing zeros, in Danish.

    ``6.0`` → ``"6"``, ``5.5`` → ``"5,5"``, ``1789.456`` → ``"1.789,46"``: capacities and
    other amounts read as planners write them, not as ``"6,00"``.
    """
    value = _plain(value)
    if not _is_number(value) or not math.isfinite(value):
        return format_number_da(value)
    rounded = round(float(value), max_decimals)
    decimals = next(d for d in range(max_decimals + 1) if round(rounded, d) == rounded)
    return format_number_da(rounded, decimals)


def format_share_da(value: Any, decimals: int = 0) -> str:
    """A share 0..1 as Danish percent: ``0.58`` → ``"58 %"``."""
    value = _plain(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    return f"{format_number_da(float(value) * 100, decimals)} %"
