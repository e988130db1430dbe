"""Numbers as Danish readers write them: ``1.789``, ``5,5``, ``58 %``, and ``–`` for none.

Pure formatting shared by every presenter (CLI tables, web pages, explanations) and by the
validator's messages.
"""

from __future__ import annotations

import math
from typing import Any


def format_number_da(value: Any, decimals: int = 0) -> str:
    """``1789.4`` → ``"1.789"``; ``0.5834`` with ``decimals=1`` → ``"0,6"``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_amount_da(value: Any, max_decimals: int = 2) -> str:
    """A number with at most ``max_decimals`` decimals and no trailing zeros, in Danish.

    ``6.0`` → ``"6"``, ``5.5`` → ``"5,5"``, ``1789.456`` → ``"1.789,46"``: capacities and
    other amounts read as planners write them, not as ``"6,00"``.
    """
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        return format_number_da(value)
    rounded = round(float(value), max_decimals)
    decimals = next(d for d in range(max_decimals + 1) if round(rounded, d) == rounded)
    return format_number_da(0.0 if rounded == 0 else rounded, decimals)


def format_share_da(value: Any, decimals: int = 0) -> str:
    """A share 0..1 as Danish percent: ``0.58`` → ``"58 %"``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{format_number_da(float(value) * 100, decimals)} %"
