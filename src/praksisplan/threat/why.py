"""Why an area has its class, in one Danish sentence a committee member can read aloud:
``"Rød, fordi mindst 1 rødt kriterium er opfyldt: Udbud i % af behov 72 % (grænse < 75 %,
3 procentpoint fra grænsen)."`` — the combination rule, then each met criterion with its
distance from the limit; for a green area how close the nearest criterion is.
"""

from __future__ import annotations

import math

import pandas as pd

from praksisplan.core.danish_numbers import format_number_da
from praksisplan.threat.rules import Combination
from praksisplan.threat.vocabulary import INDICATOR_UNITS, Unit, format_value_da

_SIGNS = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}
_HEAD = {"red": "Rød", "yellow": "Gul", "green": "Grøn"}


def distance_text(indicator: str, value: float, threshold: float) -> str:
    """How far ``value`` is from ``threshold``, in the indicator's unit (always positive)."""
    unit = INDICATOR_UNITS.get(indicator, Unit.NUMBER)
    gap = abs(value - threshold)
    if unit in (Unit.SHARE, Unit.PERCENT):
        points = gap * 100 if unit is Unit.SHARE else gap
        return f"{format_number_da(points)} procentpoint"
    return format_value_da(gap, unit)


def _criterion(row: pd.Series) -> str:
    indicator = str(row["indicator"])
    unit = INDICATOR_UNITS.get(indicator, Unit.NUMBER)
    value, threshold = float(row["value"]), float(row["threshold"])
    sign = _SIGNS.get(str(row["comparison"]), str(row["comparison"]))
    limit = f"grænse {sign} {format_value_da(threshold, unit)}"
    return (
        f"{row['label']} {format_value_da(value, unit)} "
        f"({limit}, {distance_text(indicator, value, threshold)} fra grænsen)"
    )


def _at_least(n: int, one: str, many: str) -> str:
    return f"mindst ét {one} er opfyldt" if n == 1 else f"mindst {n} {many} er opfyldt"


def _fewer(n: int, one: str, many: str) -> str:
    return f"intet {one}" if n == 1 else f"færre end {n} {many}"


def why(threat_class: str, criteria: pd.DataFrame, combination: Combination) -> str:
    """The sentence for one area from its rows of the assessment's criteria frame."""
    known = criteria[criteria["value"].map(lambda v: v is not None and not math.isnan(v))]
    fired = known[known["fired"].astype(bool)]
    red = fired[fired["threat_class"] == "red"]
    if threat_class == "red":
        rule = f"{_at_least(combination.min_red_criteria, 'rødt kriterium', 'røde kriterier')}"
        shown = red
    elif threat_class == "yellow":
        rule = (
            f"{_at_least(combination.min_criteria_for_yellow, 'kriterium', 'kriterier')}, "
            f"men {_fewer(combination.min_red_criteria, 'rødt', 'røde')}"
        )
        shown = fired
    else:
        rule = _fewer(combination.min_criteria_for_yellow, "kriterium", "kriterier") + " er opfyldt"
        shown = fired.head(0)
    text = f"{_HEAD[threat_class]}, fordi {rule}"
    if len(shown):
        return f"{text}: " + "; ".join(_criterion(r) for _, r in shown.iterrows()) + "."
    if threat_class == "green" and len(known):
        gaps = known.assign(
            gap=[
                abs(float(v) - float(t)) / abs(float(t)) if float(t) else math.inf
                for v, t in zip(known["value"], known["threshold"], strict=True)
            ]
        )
        nearest = gaps.sort_values("gap").iloc[0]
        return f"{text}. Nærmest en grænse: {_criterion(nearest)}."
    return f"{text}."
