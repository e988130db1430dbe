"""Axis ticks of the inline SVG charts (the *Prognose* fan charts, the *Fordeling* frontier).

Ticks are round values a reader can read off: ``1``, ``2`` or ``5`` × 10^k apart (the
classic "nice numbers" of chart axes), at every multiple of that step within the axis'
range. Labels are Danish (``200.000``). A :class:`Tick` carries its pixel position, so the
chart that owns the scale places it and the template only draws.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from praksisplan.core.danish_numbers import format_number_da

#: The round multipliers of a power of ten a step may have.
_NICE_MULTIPLIERS = (1.0, 2.0, 5.0, 10.0)


@dataclass(frozen=True)
class Tick:
    """One tick: its position in the chart (pixels) and its label."""

    at: float
    label: str


def nice_step(span: float, count: int) -> float:
    """The smallest round step (1, 2 or 5 × 10^k) giving at most about ``count`` intervals
    over ``span``; 1 for an empty span."""
    if span <= 0 or count < 1:
        return 1.0
    raw = span / count
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in _NICE_MULTIPLIERS if m * power >= raw * (1 - 1e-12))


def _multiples(low: float, high: float, step: float) -> list[float]:
    first = math.ceil(low / step - 1e-9)
    last = math.floor(high / step + 1e-9)
    return [k * step for k in range(first, last + 1)]


def value_ticks(
    low: float, high: float, count: int, to_pixel: Callable[[float], float]
) -> tuple[Tick, ...]:
    """Ticks at every multiple of :func:`nice_step` from ``low`` to ``high`` (both included
    when they are multiples), placed by the chart's ``to_pixel`` and labelled in Danish with
    the decimals the step needs (``200.000``, ``0,5``)."""
    step = nice_step(high - low, count)
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    return tuple(
        Tick(round(to_pixel(v), 1), format_number_da(v, decimals))
        for v in _multiples(low, high, step)
    )


def whole_ticks(
    low: int, high: int, count: int, to_pixel: Callable[[float], float]
) -> tuple[Tick, ...]:
    """Ticks for whole numbers that are not amounts (years, a count of capacities): a step
    of at least 1, labelled as written (``2030``, not ``2.030``)."""
    step = max(nice_step(high - low, count), 1.0)
    return tuple(Tick(round(to_pixel(v), 1), str(round(v))) for v in _multiples(low, high, step))
