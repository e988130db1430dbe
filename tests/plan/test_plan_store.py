"""Plans in a real SQLite and PostgreSQL store: edits are transactions; refusals store nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from plan_builders import AALBORG, JAMMERBUGT, NOW, PLANNER, small_plan, store_rows

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.plan.edits import PutGoal, PutMeasure, SetStatus, SubmitWish
from praksisplan.plan.errors import PlanForbiddenError, PlanFrozenError
from praksisplan.plan.model import ComputedMeasure, Goal
from praksisplan.store import PlanStore, Store
from praksisplan.threat.rules import load_rules
from store.synthetic_region import dated


def test_edits_are_stored_with_their_journal(url: str) -> None:
    with Store(url) as store:
        plans = PlanStore(store)
        info = plans.add(small_plan(), PLANNER)
        assert (info.key, info.revision, info.status) == ("plan-2026", 1, "udkast")
        plans.edit(
            "plan-2026",
            AALBORG,
            SubmitWish(municipality_code="851", theme="Øer", text="Flere konsultationer på øerne."),
            NOW,
        )
        plans.edit("plan-2026", PLANNER, SetStatus(status="vedtaget"), NOW)
    with Store(url) as reopened:
        plans = PlanStore(reopened)
        plan = plans.get("plan-2026")
        assert plan.status == "vedtaget" and plan.latest.frozen
        assert [(w.submitted_by, w.theme) for w in plan.wishes] == [("aalborg-bruger", "Øer")]
        journal = plans.journal("plan-2026")
        assert [(j.revision, j.actor_name, j.actor_role, j.kind) for j in journal] == [
            (1, "sekretariatet", "planner", "create"),
            (2, "aalborg-bruger", "municipality:851", "submit_wish"),
            (3, "sekretariatet", "planner", "set_status"),
        ]
        assert '"theme":"Øer"' in journal[1].edit
        assert [p.revision for p in plans.list_plans()] == [3]


def test_a_frozen_version_is_refused_and_nothing_is_stored(url: str) -> None:
    with Store(url) as store:
        plans = PlanStore(store)
        plans.add(small_plan(), PLANNER)
        plans.edit("plan-2026", PLANNER, SetStatus(status="vedtaget"), NOW)
        before = store_rows(url)
        with pytest.raises(PlanFrozenError) as refused:
            plans.edit("plan-2026", PLANNER, PutGoal(goal=Goal(id="G3", title="Nyt mål")), NOW)
        assert str(refused.value) == (
            "Version 7 af planen 'Praksisplan 2026–2029' er vedtaget og låst; den kan ikke "
            "ændres (start en ny plan som kopi af den)"
        )
        assert store_rows(url) == before
        assert [g.id for g in plans.get("plan-2026").content.goals] == ["G1", "G2"]


def test_a_municipality_cannot_write_for_another_and_nothing_is_stored(url: str) -> None:
    with Store(url) as store:
        plans = PlanStore(store)
        plans.add(small_plan(), PLANNER)
        before = store_rows(url)
        with pytest.raises(PlanForbiddenError, match="må ikke indsende ønsker for kommune 851"):
            plans.edit(
                "plan-2026",
                JAMMERBUGT,
                SubmitWish(municipality_code="851", theme="x", text="y"),
                NOW,
            )
        assert store_rows(url) == before
        assert plans.get("plan-2026").wishes == []


def test_keys_are_unique_and_only_the_secretariat_adds_plans(url: str) -> None:
    with Store(url) as store:
        plans = PlanStore(store)
        plans.add(small_plan(), PLANNER)
        with pytest.raises(
            PraksisplanError, match="findes allerede en praksisplan med nøglen 'plan-2026'"
        ):
            plans.add(small_plan(), PLANNER)
        with pytest.raises(PraksisplanError, match="må ikke oprette eller importere"):
            plans.add(small_plan().model_copy(update={"key": "other"}), AALBORG)
        with pytest.raises(PraksisplanError, match="ingen praksisplan 'nope'"):
            plans.get("nope")
        assert len(plans.list_plans()) == 1
        assert store_rows(url)[1] == 1


def test_measures_are_evaluated_on_the_stores_snapshots(url: str, tiny_dataset: Dataset) -> None:
    measure = ComputedMeasure(
        id="open",
        title="Åbne praksis",
        indicator="share_practices_open",
        level="region",
        unit="1081",
        baseline_snapshot_id=1,
        baseline_value=0.5,
        target=0.75,
        direction="increase",
        deadline=dt.date(2027, 1, 1),
    )
    with Store(url) as store:
        practices = tiny_dataset.practices.copy()
        practices.loc[practices["provider_number"] == "P002", "status"] = "open"
        store.load_dataset(dated(tiny_dataset, dt.date(2025, 1, 1)), source="t")
        store.load_dataset(
            dated(tiny_dataset.with_tables(practices=practices), dt.date(2025, 7, 1)), source="t"
        )
        store.load_dataset(
            dated(tiny_dataset, dt.date(2025, 3, 1), region="1099"), source="other region"
        )
        plans = PlanStore(store)
        plans.add(small_plan(), PLANNER)
        plan = plans.edit(
            "plan-2026", PLANNER, PutMeasure(initiative_id="I1", measure=measure), NOW
        )
        follow_up = plans.follow_up(plan, load_rules(None))
    result = follow_up.evaluations["open"]
    assert follow_up.municipality_names == {"851": "Aalborg", "849": "Jammerbugt"}
    assert [(p.snapshot_id, p.date, p.value) for p in result.points] == [
        (1, dt.date(2025, 1, 1), 0.5),
        (2, dt.date(2025, 7, 1), pytest.approx(4 / 6)),
    ]
    assert (result.trend, result.on_track) == ("bedre", True)
