"""The demo plan's computed measures followed over the demo's eleven half-yearly snapshots.

The store is filled the way ``make run`` fills it (newest snapshot and plan first, then the
history); the plan store's follow-up reads each snapshot back from SQLite and evaluates the
measures under the rules in force. Every value is checked against the same indicator
recomputed in :mod:`independent_indicators` from the in-memory history's raw tables, and the
met/on-track flags against the rule of docs/plan.md worked out here.
"""

from __future__ import annotations

import datetime as dt

import pytest
from independent_indicators import (
    area_classes,
    municipality_of_areas,
    persons_lt2_open,
    share_gps_60plus,
    share_gps_under_55,
    share_practices_open,
)

from praksisplan.core.dataset import Dataset
from praksisplan.plan.demo import DEMO_PLAN_KEY
from praksisplan.plan.measures import evaluate_computed
from praksisplan.plan.model import ComputedMeasure, Plan
from praksisplan.store import PlanStore, Store
from praksisplan.store.plans import PlanFollowUp
from praksisplan.synth.history import HISTORY_DATES, build_demo_history
from praksisplan.web.demo_bootstrap import load_demo_history, load_demo_if_empty

pytestmark = pytest.mark.slow


def recomputed(dataset: Dataset) -> dict[str, float]:
    """The demo plan's computed measures (region 1099, M9 municipality 908), recomputed."""
    classes = area_classes(dataset)
    in_908 = classes[municipality_of_areas(dataset).reindex(classes.index) == "908"]
    return {
        "M1": share_practices_open(dataset),
        "M2": persons_lt2_open(dataset),
        "M3": float((classes == "red").sum()),
        "M5": share_gps_60plus(dataset),
        "M10": share_gps_under_55(dataset),
        "M9": float(in_908.isin(["red", "yellow"]).sum()),
    }


@pytest.fixture(scope="module")
def followed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Plan, PlanFollowUp]:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    with Store(url) as store:
        assert load_demo_if_empty(store) is not None
        assert len(load_demo_history(store)) == 10
        plans = PlanStore(store)
        plan = plans.get(DEMO_PLAN_KEY)
        return plan, plans.follow_up(plan)


@pytest.fixture(scope="module")
def expected() -> dict[str, list[float]]:
    per_snapshot = [recomputed(d) for d in build_demo_history()]
    return {key: [values[key] for values in per_snapshot] for key in per_snapshot[0]}


def test_every_computed_measure_is_followed_on_all_eleven_snapshots(
    followed: tuple[Plan, PlanFollowUp], expected: dict[str, list[float]]
) -> None:
    plan, follow_up = followed
    computed = [m for m in plan.measures() if isinstance(m, ComputedMeasure)]
    assert sorted(m.id for m in computed) == sorted(expected)
    for measure in computed:
        points = follow_up.evaluations[measure.id].points
        assert [p.date for p in points] == list(HISTORY_DATES), measure.id
        assert [p.value for p in points] == pytest.approx(expected[measure.id]), measure.id


def test_the_history_moves_the_measures(expected: dict[str, list[float]]) -> None:
    # not a flat line: the check above would pass on a history that never changes
    assert all(len(set(values)) > 1 for key, values in expected.items() if key != "M9")
    # the demo region's newest half-year has 8 red areas (docs/demo-region.md)
    assert expected["M3"][-1] == 8


def _at_least(measure: ComputedMeasure, value: float, reference: float) -> bool:
    return value >= reference if measure.direction == "increase" else value <= reference


def _on_track(
    measure: ComputedMeasure, baseline: tuple[dt.date, float], latest: tuple[dt.date, float]
) -> bool:
    """docs/plan.md: met, or before the deadline at least as good as the straight line from
    the baseline (date, value) to the target at the deadline."""
    (start, base), (day, value) = baseline, latest
    if _at_least(measure, value, measure.target):
        return True
    if day >= measure.deadline:
        return False
    elapsed = (day - start).days / (measure.deadline - start).days
    return _at_least(measure, value, base + (measure.target - base) * elapsed)


def test_met_trend_and_on_track_follow_target_and_direction(
    followed: tuple[Plan, PlanFollowUp], expected: dict[str, list[float]]
) -> None:
    plan, follow_up = followed
    newest = HISTORY_DATES[-1]
    for measure in (m for m in plan.measures() if isinstance(m, ComputedMeasure)):
        values = expected[measure.id]
        evaluation = follow_up.evaluations[measure.id]
        # the demo plan's baselines are the newest snapshot and its value
        assert evaluation.points[-1].snapshot_id == measure.baseline_snapshot_id
        assert measure.baseline_value == pytest.approx(values[-1])
        if values[-1] == pytest.approx(values[-2]):
            trend = "uændret"
        else:
            trend = "bedre" if _at_least(measure, values[-1], values[-2]) else "værre"
        assert evaluation.trend == trend, measure.id
        assert evaluation.met is _at_least(measure, values[-1], measure.target), measure.id
        on_track = _on_track(measure, (newest, values[-1]), (newest, values[-1]))
        assert evaluation.on_track is on_track, measure.id


@pytest.mark.parametrize(
    ("target", "direction", "on_track"), [(0.60, "increase", False), (0.50, "decrease", True)]
)
def test_a_2021_baseline_draws_the_line_from_2021(
    followed: tuple[Plan, PlanFollowUp],
    expected: dict[str, list[float]],
    target: float,
    direction: str,
    on_track: bool,
) -> None:
    """The GPs-under-55 measure with the first snapshot as baseline: 58.5 % on 01.01.2021,
    53.3 % on 01.01.2026, deadline 31.12.2029 (1,826 of 3,286 days gone). Towards 60 % the
    line expects 59.3 % by 2026 (off track); for a fall towards 50 % it expects at most
    53.8 %, and 53.3 % is below that (on track, though not met)."""
    plan, follow_up = followed
    measure = next(m for m in plan.measures() if m.id == "M10")
    assert isinstance(measure, ComputedMeasure)
    values = expected["M10"]
    first, last = HISTORY_DATES[0], HISTORY_DATES[-1]
    points = follow_up.evaluations["M10"].points
    moved = measure.model_copy(
        update={
            "baseline_snapshot_id": points[0].snapshot_id,
            "baseline_value": values[0],
            "target": target,
            "direction": direction,
        }
    )
    series = [(p.snapshot_id or 0, p.date, p.value) for p in points]
    evaluation = evaluate_computed(moved, series)
    assert evaluation.met is False
    assert _on_track(moved, (first, values[0]), (last, values[-1])) is on_track
    assert evaluation.on_track is on_track
