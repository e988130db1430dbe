"""Rule evaluation: measures per area + rule set → class, severity and Danish explanation.

Pure and independent of how the measures were computed, so the rule logic can be tested on
hand-made frames. A criterion fires when its measure is known (not NaN) and the comparison
with the threshold holds; one with ``applies_to = "island"`` (or ``"mainland"``) only for
the areas whose ``on_island`` measure is true (false).
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import pandas as pd

from praksisplan.core.errors import PraksisplanError
from praksisplan.threat.rules import CLASS_RANK, Criterion, RuleSet, ThreatClass
from praksisplan.threat.vocabulary import INDICATOR_UNITS, Unit, finding_of, format_value_da

#: The measure column telling whether an area lies on an island (``applies_to``).
ON_ISLAND = "on_island"

_COMPARE: dict[str, Callable[[npt.NDArray[np.float64], float], npt.NDArray[np.bool_]]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}

CLASS_LABEL_DA: dict[ThreatClass, str] = {
    ThreatClass.RED: "Rød",
    ThreatClass.YELLOW: "Gul",
    ThreatClass.GREEN: "Grøn",
}

#: Columns of the long criteria frame, in order.
CRITERIA_COLUMNS = [
    "area_id",
    "criterion_id",
    "label",
    "indicator",
    "value",
    "comparison",
    "threshold",
    "threat_class",
    "fired",
]


def evaluate_criteria(measures: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """Every criterion for every area, long form (:data:`CRITERIA_COLUMNS`)."""
    missing = sorted({c.indicator for c in rules.criteria} - set(measures.columns))
    if missing:
        raise PraksisplanError(
            f"regelsættet '{rules.name}' bruger indikatorer, der ikke er beregnet: {missing}"
        )
    if any(c.applies_to != "all" for c in rules.criteria) and ON_ISLAND not in measures:
        raise PraksisplanError(
            f"regelsættet '{rules.name}' har kriterier for øer eller fastland, men det er "
            "ikke beregnet, hvilke områder der ligger på en ø"
        )
    n, criteria = len(measures), rules.criteria
    values = np.empty((len(criteria), n))
    fired = np.zeros((len(criteria), n), dtype=bool)
    for k, criterion in enumerate(criteria):
        value = measures[criterion.indicator].to_numpy(dtype=np.float64)
        if criterion.applies_to != "all":
            # an area the criterion does not apply to is not tested (no value, never fired)
            applies = measures[ON_ISLAND].to_numpy(dtype=bool) == (criterion.applies_to == "island")
            value = np.where(applies, value, np.nan)
        values[k] = value
        fired[k] = _COMPARE[criterion.comparison](value, criterion.threshold) & ~np.isnan(value)

    def each(attribute: str) -> np.ndarray:
        return np.repeat(np.asarray([getattr(c, attribute) for c in criteria]), n)

    return pd.DataFrame(
        {
            "area_id": np.tile(measures.index.to_numpy(), len(criteria)),
            "criterion_id": each("id"),
            "label": each("label"),
            "indicator": each("indicator"),
            "value": values.ravel(),
            "comparison": each("comparison"),
            "threshold": each("threshold").astype(np.float64),
            "threat_class": each("threat_class"),
            "fired": fired.ravel(),
        },
        columns=CRITERIA_COLUMNS,
    )


def sentence(criterion: Criterion, value: float) -> str:
    """The criterion's Danish sentence with the measured value and threshold filled in."""
    unit = INDICATOR_UNITS[criterion.indicator]
    return criterion.template.format(
        value=_value_da(value, unit), threshold=_value_da(criterion.threshold, unit)
    )


def _value_da(value: float, unit: Unit) -> str:
    """:func:`format_value_da`, remembered: an analysis and its scenarios format mostly the
    same values (Babel takes ~0.2 ms a number)."""
    return _remembered_value_da(float(value), math.copysign(1.0, value) < 0, unit)


@functools.lru_cache(maxsize=8192)
def _remembered_value_da(value: float, negative: bool, unit: Unit) -> str:
    # ``negative`` keeps -0.0 apart from 0.0 (equal keys otherwise)
    return format_value_da(value, unit)


def classify(n_red: int, n_yellow: int, rules: RuleSet) -> ThreatClass:
    """The class from the numbers of fired red and yellow criteria."""
    if n_red >= rules.combination.min_red_criteria:
        return ThreatClass.RED
    if n_red + n_yellow >= rules.combination.min_criteria_for_yellow:
        return ThreatClass.YELLOW
    return ThreatClass.GREEN


def explain(threat_class: ThreatClass, fired: list[tuple[Criterion, float]], rules: RuleSet) -> str:
    """One Danish explanation, e.g. ``"Rød: 2 af 3 kriterier opfyldt — forsyning 68 % …"``.

    The head counts the fired criteria of the area's own colour out of all criteria of that
    colour; the sentences of those criteria follow. Other fired criteria follow after
    ``Desuden:``, leaving out those that repeat a finding already named (a yellow supply
    criterion, or the early warning, next to a fired red supply criterion).
    """
    label = CLASS_LABEL_DA[threat_class]
    red = [(c, v) for c, v in fired if c.threat_class == "red"]
    yellow = [(c, v) for c, v in fired if c.threat_class == "yellow"]
    n_red_all = len(rules.criteria_of(ThreatClass.RED))
    n_yellow_all = len(rules.criteria_of(ThreatClass.YELLOW))
    if not fired:
        return f"{label}: ingen kriterier opfyldt"
    if threat_class == ThreatClass.RED:
        head = f"{len(red)} af {n_red_all} kriterier opfyldt"
        main, rest = red, yellow
    elif red:
        head = (
            f"{len(yellow)} af {n_yellow_all} gule og {len(red)} af {n_red_all} røde kriterier "
            f"opfyldt (rød kræver mindst {rules.combination.min_red_criteria})"
        )
        main, rest = red + yellow, []
    else:
        head = f"{len(yellow)} af {n_yellow_all} kriterier opfyldt"
        main, rest = yellow, []
    if threat_class == ThreatClass.GREEN:
        head += f" (gul kræver mindst {rules.combination.min_criteria_for_yellow})"
    text = f"{label}: {head} — " + "; ".join(sentence(c, v) for c, v in main)
    named = {finding_of(c.indicator) for c, _ in main}
    extra = [sentence(c, v) for c, v in rest if finding_of(c.indicator) not in named]
    return text + (f". Desuden: {'; '.join(extra)}" if extra else "")


def evaluate(measures: pd.DataFrame, rules: RuleSet) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Classify every area; returns ``(areas, criteria)``.

    ``measures`` is indexed by ``area_id`` and has ``name`` and ``municipality_code`` besides
    the indicators the rules test. ``areas`` is sorted most severe first (then by lower supply,
    then area id); ``criteria`` follows that order, each area's criteria in rule order.
    """
    criteria = evaluate_criteria(measures, rules)
    by_id = {c.id: c for c in rules.criteria}
    fired_rows = criteria[criteria["fired"]]
    fired_by_area: dict[str, list[tuple[Criterion, float]]] = {}
    for area_id, criterion_id, value in zip(
        fired_rows["area_id"], fired_rows["criterion_id"], fired_rows["value"], strict=True
    ):
        fired_by_area.setdefault(area_id, []).append((by_id[criterion_id], float(value)))

    classes: list[str] = []
    severities: list[int] = []
    explanations: list[str] = []
    for area_id in measures.index:
        fired = fired_by_area.get(area_id, [])
        n_red = sum(c.threat_class == "red" for c, _ in fired)
        threat_class = classify(n_red, len(fired) - n_red, rules)
        classes.append(threat_class.value)
        severities.append(100 * CLASS_RANK[threat_class] + len(fired))
        explanations.append(explain(threat_class, fired, rules))

    areas = pd.DataFrame(
        {
            "name": measures["name"],
            "municipality_code": measures["municipality_code"],
            "threat_class": classes,
            "severity": severities,
            "explanation": explanations,
            "years_until_red": measures.get("years_until_red", np.nan),
            "supply_pct_of_need": measures.get("supply_pct_of_need", np.nan),
        },
        index=measures.index,
    )
    areas.index.name = "area_id"
    order = areas.assign(_area=areas.index).sort_values(
        ["severity", "supply_pct_of_need", "_area"],
        ascending=[False, True, True],
        na_position="last",
    )
    areas = areas.loc[order.index]
    position = pd.Series(np.arange(len(areas)), index=areas.index)
    criteria = (
        criteria.assign(_position=criteria["area_id"].map(position))
        .sort_values("_position", kind="stable")
        .drop(columns="_position")
        .reset_index(drop=True)
    )
    return areas, criteria
