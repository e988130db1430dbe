"""Comparison of a snapshot with an earlier one: the areas whose status changed and why,
and the change of every figure of an area.

Status is the committee's decision where there is one, else the model's class (as on
every page); "why" names the criteria that are met now but were not, and the reverse.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

from praksisplan.store import DecisionRecord, SnapshotInfo
from praksisplan.threat.compare import compare
from praksisplan.threat.rules import CLASS_RANK, ThreatClass
from praksisplan.web import catalogue, views
from praksisplan.web.snapshot_analysis import SnapshotAnalysis


@dataclass(frozen=True)
class ChangedArea:
    area_id: str
    name: str
    before: str | None
    now: str | None
    worse: bool
    now_met: list[str]
    no_longer_met: list[str]


@dataclass(frozen=True)
class FigureChange:
    previous_text: str
    change_text: str


def earlier_snapshots(snapshots: list[SnapshotInfo], current: SnapshotInfo) -> list[SnapshotInfo]:
    """The snapshots of the same region before ``current``, newest first."""
    return [
        s
        for s in snapshots
        if s.region_code == current.region_code and s.reference_date < current.reference_date
    ]


def _labels(analysis: SnapshotAnalysis) -> dict[str, str]:
    criteria = analysis.assessment.criteria.drop_duplicates("criterion_id")
    return dict(
        zip(criteria["criterion_id"].astype(str), criteria["label"].astype(str), strict=True)
    )


def changed_areas(
    new: SnapshotAnalysis,
    old: SnapshotAnalysis,
    new_decisions: Mapping[str, DecisionRecord],
    old_decisions: Mapping[str, DecisionRecord],
) -> list[ChangedArea]:
    """Areas whose status differs between ``old`` and ``new``, worst status now first."""
    new_status = views.statuses(new, new_decisions)
    old_status = views.statuses(old, old_decisions)
    criteria = compare(old.assessment, new.assessment)
    labels = {**_labels(old), **_labels(new)}
    names = {**old.assessment.areas["name"].to_dict(), **new.assessment.areas["name"].to_dict()}
    result = []
    for area_id in sorted(set(new_status.index) | set(old_status.index)):
        before, now = old_status.get(area_id), new_status.get(area_id)
        if before == now:
            continue
        row = criteria.loc[area_id] if area_id in criteria.index else None
        now_met = str(row["criteria_now_fired"]).split() if row is not None else []
        no_longer = str(row["criteria_no_longer_fired"]).split() if row is not None else []
        rank_now = CLASS_RANK[ThreatClass(now)] if now else -1
        rank_before = CLASS_RANK[ThreatClass(before)] if before else -1
        result.append(
            ChangedArea(
                area_id=str(area_id),
                name=str(names[area_id]),
                before=before,
                now=now,
                worse=rank_now > rank_before,
                now_met=[labels.get(c, c) for c in now_met],
                no_longer_met=[labels.get(c, c) for c in no_longer],
            )
        )
    return sorted(result, key=lambda c: -(CLASS_RANK[ThreatClass(c.now)] if c.now else -1))


def figure_changes(
    new: SnapshotAnalysis, old: SnapshotAnalysis, area_id: str
) -> dict[str, FigureChange]:
    """Per indicator of the area its earlier value and the change (empty for a new area)."""
    if area_id not in old.area_indicators.index:
        return {}
    changes = {}
    for key in catalogue.INDICATOR_LABELS:
        before = cast(float, old.area_indicators.at[area_id, key])
        now = cast(float, new.area_indicators.at[area_id, key])
        delta = float(now) - float(before)  # NaN where either is missing: shown as "–"
        changes[key] = FigureChange(
            catalogue.format_value(key, before), catalogue.format_change(key, delta)
        )
    return changes
