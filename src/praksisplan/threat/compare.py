"""Half-yearly comparison: the areas whose class changed between two assessments."""

from __future__ import annotations

import pandas as pd

from praksisplan.threat.assess import Assessment
from praksisplan.threat.rules import CLASS_RANK, ThreatClass

#: Columns of the comparison frame (index ``area_id``), in order.
COMPARISON_COLUMNS = [
    "name",
    "municipality_code",
    "old_class",
    "new_class",
    "direction",
    "criteria_now_fired",
    "criteria_no_longer_fired",
    "old_explanation",
    "new_explanation",
]


def _fired_sets(assessment: Assessment) -> dict[str, frozenset[str]]:
    fired = assessment.criteria[assessment.criteria["fired"]]
    sets: dict[str, set[str]] = {}
    for area_id, criterion_id in zip(fired["area_id"], fired["criterion_id"], strict=True):
        sets.setdefault(str(area_id), set()).add(criterion_id)
    return {area_id: frozenset(ids) for area_id, ids in sets.items()}


def _rank(threat_class: object) -> int:
    return CLASS_RANK[ThreatClass(threat_class)] if isinstance(threat_class, str) else -1


def _direction(old_class: object, new_class: object) -> str:
    if not isinstance(old_class, str):
        return "added"
    if not isinstance(new_class, str):
        return "removed"
    return "worse" if _rank(new_class) > _rank(old_class) else "better"


def compare(old: Assessment, new: Assessment) -> pd.DataFrame:
    """Areas whose class differs between ``old`` and ``new`` (:data:`COMPARISON_COLUMNS`).

    An area present in only one assessment counts as changed, with the missing class empty.
    ``direction`` is ``"worse"``, ``"better"``, ``"added"`` or ``"removed"``; the criterion
    columns list the ids of the criteria that fire now but did not, and the reverse
    (space-separated, in rule order).
    Sorted worst new class first.
    """
    columns = ["name", "municipality_code", "threat_class", "explanation"]
    joined = pd.merge(
        old.areas[columns],
        new.areas[columns],
        how="outer",
        left_index=True,
        right_index=True,
        suffixes=("_old", "_new"),
    )
    changed = joined[joined["threat_class_old"].ne(joined["threat_class_new"])]
    old_fired = _fired_sets(old)
    new_fired = _fired_sets(new)
    order = list(dict.fromkeys([*new.criteria["criterion_id"], *old.criteria["criterion_id"]]))
    none: frozenset[str] = frozenset()

    def listed(ids: frozenset[str]) -> str:
        return " ".join(i for i in order if i in ids)

    now_fired = [listed(new_fired.get(a, none) - old_fired.get(a, none)) for a in changed.index]
    no_longer = [listed(old_fired.get(a, none) - new_fired.get(a, none)) for a in changed.index]
    old_classes, new_classes = changed["threat_class_old"], changed["threat_class_new"]
    result = pd.DataFrame(
        {
            "name": changed["name_new"].fillna(changed["name_old"]),
            "municipality_code": changed["municipality_code_new"].fillna(
                changed["municipality_code_old"]
            ),
            "old_class": changed["threat_class_old"],
            "new_class": changed["threat_class_new"],
            "direction": [_direction(o, n) for o, n in zip(old_classes, new_classes, strict=True)],
            "criteria_now_fired": now_fired,
            "criteria_no_longer_fired": no_longer,
            "old_explanation": changed["explanation_old"],
            "new_explanation": changed["explanation_new"],
        },
        index=changed.index,
    )
    result.index.name = "area_id"
    ranks = result["new_class"].map(_rank)
    return result.loc[ranks.sort_values(ascending=False, kind="stable").index, COMPARISON_COLUMNS]
