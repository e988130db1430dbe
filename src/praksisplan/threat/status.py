"""An area's status: the committee's decision where there is one, else the model's class.

What a region publishes is the committee's status; the model's class is shown beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

#: Threat classes, most severe first (the order counts and legends use).
CLASSES: tuple[str, str, str] = ("red", "yellow", "green")


def area_status(model_classes: pd.Series, decided: Mapping[str, str]) -> pd.Series:
    """Per area (the index of ``model_classes``) the decided class, or the model's class
    for an area without a decision in force. Decisions for unknown areas are ignored."""
    decided_series = pd.Series(decided, dtype=object).reindex(model_classes.index)
    return decided_series.fillna(model_classes).astype(str)


def class_counts(classes: Iterable[str]) -> dict[str, int]:
    """How many areas are in each class, every class present (zero where none)."""
    counts = dict.fromkeys(CLASSES, 0)
    for cls in classes:
        counts[cls] += 1
    return counts
