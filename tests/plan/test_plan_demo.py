"""The demo region's plan: what the issue asks of it, obeying every rule, in its own words."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from praksisplan.core.dataset import Dataset
from praksisplan.plan.demo import build_demo_plan
from praksisplan.plan.exchange import export_plan, import_plan
from praksisplan.plan.hvidbog import build_hvidbog
from praksisplan.plan.measures import measure_values
from praksisplan.plan.model import ComputedMeasure, Plan, ReportedMeasure
from praksisplan.synth.demo import build_demo_dataset
from praksisplan.threat.rules import load_rules

SEEDS = Path(__file__).parents[3] / "shared" / "seeds"


@pytest.fixture(scope="module")
def demo_dataset() -> Dataset:
    return build_demo_dataset()


@pytest.fixture(scope="module")
def demo_plan(demo_dataset: Dataset) -> Plan:
    return build_demo_plan(demo_dataset, 1, load_rules(None))


def test_the_demo_plan_has_what_the_issue_asks(demo_plan: Plan) -> None:
    assert demo_plan.region_code == "1099" and demo_plan.status == "vedtaget"
    assert demo_plan.latest.frozen
    assert len(demo_plan.content.goals) == 4
    assert len(demo_plan.initiatives()) == 8
    kinds = {type(m) for m in demo_plan.measures()}
    assert kinds == {ComputedMeasure, ReportedMeasure}
    rounds = sorted({e.date for e in demo_plan.status_entries})
    assert rounds == [dt.date(2026, 6, 15), dt.date(2026, 11, 16)]
    assert all(
        {e.initiative_id for e in demo_plan.status_entries if e.date == day}
        == {i.id for i in demo_plan.initiatives()}
        for day in rounds
    )
    assert {w.municipality_code for w in demo_plan.wishes} == {"901", "904", "907", "908", "911"}
    assert sorted(w for t in demo_plan.wish_themes for w in t.wish_ids) == [1, 2, 3, 4, 5]
    (consultation,) = demo_plan.consultations
    hvidbog = build_hvidbog(demo_plan, 1, consultation.deadline + dt.timedelta(days=1))
    assert len(hvidbog.entries) == hvidbog.answered == 4 and hvidbog.changes == 2
    assert import_plan(export_plan(demo_plan), "demo") == demo_plan


def test_computed_baselines_are_the_demo_snapshots_values(
    demo_plan: Plan, demo_dataset: Dataset
) -> None:
    computed = [m for m in demo_plan.measures() if isinstance(m, ComputedMeasure)]
    values = measure_values(demo_dataset, computed, load_rules(None))
    assert {m.id: m.baseline_value for m in computed} == values
    # the demo region has 8 red areas (docs/demo-region.md), the red-area measure starts there
    assert next(m for m in computed if m.indicator == "red_areas").baseline_value == 8


def _texts(plan: Plan) -> list[str]:
    content = plan.content
    texts = [s.markdown for s in content.sections] + [g.text for g in content.goals]
    texts += [i.description for i in plan.initiatives()] + [p.text for p in content.positions]
    texts += [b for e in plan.status_entries for b in e.bullets] + [w.text for w in plan.wishes]
    texts += [r.text for c in plan.consultations for r in c.responses]
    return texts


@pytest.mark.skipif(not SEEDS.is_dir(), reason="source documents not found")
def test_the_demo_text_is_not_copied_from_the_sources(demo_plan: Plan) -> None:
    def words(text: str) -> list[str]:
        return re.findall(r"\w+", text.lower())

    sources = " ".join(" ".join(words(p.read_text("utf-8", "replace"))) for p in SEEDS.iterdir())
    for text in _texts(demo_plan):
        tokens = words(text)
        for start in range(max(len(tokens) - 6, 0)):
            phrase = " ".join(tokens[start : start + 7])
            assert f" {phrase} " not in f" {sources} ", phrase
