"""Measures (*målepunkter*): computed from the engine on every snapshot, or reported by hand.

A computed measure names an indicator of :data:`MEASURE_INDICATORS` at region, municipality
or area level. :func:`measure_values` evaluates a plan's computed measures on one dataset
with the engine's own functions (the same numbers as ``praksisplan indicators`` and
``assess``); :func:`evaluate` turns a measure's dated values into its trend and whether it
is on track:

* *met*: the latest value is at least as good as the target (``≥`` when higher is better,
  ``≤`` when lower is better);
* *on track*: met, or — before the deadline — at least as good as the straight line from the
  baseline (its date and value) to the target at the deadline; after the deadline unmet is
  off track;
* *trend*: the latest value against the one before it: ``bedre``, ``værre`` or ``uændret``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.core.vocabulary import INDICATOR_LABELS
from praksisplan.engine.indicators import basic_indicators, compute_indicators
from praksisplan.plan.model import ComputedMeasure, Direction, MeasureLevel, Plan, ReportedMeasure
from praksisplan.threat.assess import Assessment, assess
from praksisplan.threat.rules import RuleSet
from praksisplan.threat.vocabulary import Unit

Source = Literal["basic", "spatial", "threat"]
Trend = Literal["bedre", "værre", "uændret"]


@dataclass(frozen=True)
class IndicatorSpec:
    """A computed measure's indicator: its Danish label, unit and what computes it."""

    label: str
    unit: Unit
    source: Source


#: The indicators a computed measure may follow (engine columns, plus threat counts).
MEASURE_INDICATORS: dict[str, IndicatorSpec] = {
    "share_practices_open": IndicatorSpec("Andel praksis åbne for tilgang", Unit.SHARE, "basic"),
    "share_gps_closed": IndicatorSpec("Andel læger i lukkede praksis", Unit.SHARE, "basic"),
    "share_gps_60plus": IndicatorSpec("Andel læger på 60 år og derover", Unit.SHARE, "basic"),
    "share_gps_65plus": IndicatorSpec("Andel læger på 65 år og derover", Unit.SHARE, "basic"),
    "share_gps_under_55": IndicatorSpec(
        INDICATOR_LABELS["share_gps_under_55"], Unit.SHARE, "basic"
    ),
    "patients_per_filled_capacity": IndicatorSpec(
        "Tilmeldte patienter pr. besat kapacitet", Unit.NUMBER, "basic"
    ),
    "vacant_capacities": IndicatorSpec("Ledige kapaciteter", Unit.NUMBER, "basic"),
    "supply_pct_of_need": IndicatorSpec("Udbud i procent af behov", Unit.PERCENT, "basic"),
    "share_persons_lt2_open": IndicatorSpec(
        "Andel borgere uden to åbne praksis inden for 15 km", Unit.SHARE, "spatial"
    ),
    "persons_lt2_open": IndicatorSpec(
        "Borgere uden to åbne praksis inden for 15 km", Unit.COUNT, "spatial"
    ),
    "red_areas": IndicatorSpec("Røde lægedækningsområder", Unit.COUNT, "threat"),
    "threatened_areas": IndicatorSpec(
        "Truede lægedækningsområder (røde og gule)", Unit.COUNT, "threat"
    ),
}
_THREAT_CLASSES = {"red_areas": ("red",), "threatened_areas": ("red", "yellow")}
LEVEL_LABELS: dict[str, str] = {"region": "region", "municipality": "kommune", "area": "område"}


@dataclass(frozen=True)
class MeasurePoint:
    date: dt.date
    value: float
    #: The snapshot of a computed value (None for a reported figure).
    snapshot_id: int | None = None


@dataclass(frozen=True)
class MeasureEvaluation:
    points: tuple[MeasurePoint, ...]
    latest: MeasurePoint | None
    trend: Trend | None
    met: bool | None
    on_track: bool | None


def _unit_frame(dataset: Dataset, level: MeasureLevel, source: Source) -> pd.DataFrame:
    if source == "basic":
        return basic_indicators(dataset, level)
    frame = compute_indicators(dataset, level)
    return frame.assign(persons_lt2_open=frame["persons_1_open"] + frame["persons_0_open"])


def _threat_counts(areas: pd.DataFrame, measure: ComputedMeasure) -> float:
    if measure.level == "municipality":
        areas = areas[areas["municipality_code"].astype(str) == measure.unit]
    elif measure.level == "area":
        areas = areas[areas.index.astype(str) == measure.unit]
    return float(areas["threat_class"].isin(_THREAT_CLASSES[measure.indicator]).sum())


def measure_values(
    dataset: Dataset, measures: Sequence[ComputedMeasure], rules: RuleSet | Assessment
) -> dict[str, float]:
    """Each computed measure's value on ``dataset`` (NaN where its unit is not in it).

    ``rules`` may be the dataset's assessment already made (e.g. the run in force), which
    the threat measures then count instead of assessing again.
    """
    frames: dict[tuple[MeasureLevel, Source], pd.DataFrame] = {}
    threat_areas: pd.DataFrame | None = None
    values: dict[str, float] = {}
    for measure in measures:
        spec = MEASURE_INDICATORS[measure.indicator]
        if spec.source == "threat":
            if threat_areas is None:
                area_frame = frames.get(("area", "spatial"))
                made = (
                    rules if isinstance(rules, Assessment) else assess(dataset, rules, area_frame)
                )
                threat_areas = made.areas
            known = measure.level == "region" and measure.unit == dataset.manifest.region.code
            known = known or (
                measure.level == "municipality"
                and measure.unit in set(dataset.municipalities["code"].astype(str))
            )
            known = known or (
                measure.level == "area"
                and measure.unit in set(dataset.coverage_areas["area_id"].astype(str))
            )
            values[measure.id] = _threat_counts(threat_areas, measure) if known else math.nan
            continue
        key = (measure.level, spec.source)
        if key not in frames:
            frames[key] = _unit_frame(dataset, measure.level, spec.source)
        frame = frames[key]
        unit_ids = frame.index.astype(str)
        values[measure.id] = (
            float(frame[measure.indicator].to_numpy()[list(unit_ids).index(measure.unit)])
            if measure.unit in set(unit_ids)
            else math.nan
        )
    return values


def _at_least_as_good(value: float, reference: float, direction: Direction) -> bool:
    return value >= reference if direction == "increase" else value <= reference


def evaluate(
    points: Sequence[MeasurePoint],
    direction: Direction,
    target: float | None,
    deadline: dt.date | None,
    baseline: MeasurePoint | None,
) -> MeasureEvaluation:
    """Trend, met and on-track of a measure's dated values (NaN values are left out)."""
    known = tuple(sorted((p for p in points if not math.isnan(p.value)), key=lambda p: p.date))
    if not known:
        return MeasureEvaluation(known, None, None, None, None)
    latest = known[-1]
    trend: Trend | None = None
    if len(known) >= 2:
        previous = known[-2].value
        if math.isclose(latest.value, previous, rel_tol=1e-12, abs_tol=1e-12):
            trend = "uændret"
        else:
            trend = "bedre" if _at_least_as_good(latest.value, previous, direction) else "værre"
    if target is None:
        return MeasureEvaluation(known, latest, trend, None, None)
    met = _at_least_as_good(latest.value, target, direction)
    on_track = met
    if not met and deadline is not None and latest.date < deadline:
        start = baseline or known[0]
        span = (deadline - start.date).days
        if span > 0:
            elapsed = max((latest.date - start.date).days, 0) / span
            expected = start.value + (target - start.value) * elapsed
            on_track = _at_least_as_good(latest.value, expected, direction)
    return MeasureEvaluation(known, latest, trend, met, on_track)


def evaluate_computed(
    measure: ComputedMeasure, values: Sequence[tuple[int, dt.date, float]]
) -> MeasureEvaluation:
    """A computed measure over ``(snapshot_id, reference_date, value)`` of each snapshot."""
    points = [MeasurePoint(date, value, snapshot_id) for snapshot_id, date, value in values]
    baseline_date = next(
        (p.date for p in points if p.snapshot_id == measure.baseline_snapshot_id), None
    )
    baseline = (
        MeasurePoint(baseline_date, measure.baseline_value, measure.baseline_snapshot_id)
        if baseline_date is not None
        else None
    )
    return evaluate(points, measure.direction, measure.target, measure.deadline, baseline)


def evaluate_reported(plan: Plan, measure: ReportedMeasure) -> MeasureEvaluation:
    """A reported measure over the figures entered for it."""
    points = [
        MeasurePoint(f.date, f.value) for f in plan.reported_figures if f.measure_id == measure.id
    ]
    baseline = None
    if measure.baseline_value is not None and points:
        first = min(points, key=lambda p: p.date)
        baseline = MeasurePoint(first.date, measure.baseline_value)
    return evaluate(points, measure.direction, measure.target, measure.deadline, baseline)
