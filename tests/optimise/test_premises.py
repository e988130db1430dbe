"""Existing clinic premises: the region's former practices as candidate sites."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from scipy.spatial import cKDTree

from praksisplan.optimise.allocation import AllocationRequest, allocate
from praksisplan.optimise.candidates import CandidateOptions, candidate_sites
from praksisplan.optimise.explain import explain
from praksisplan.optimise.instance import build_instance
from praksisplan.optimise.model import Limits
from praksisplan.optimise.objectives import Objective, evaluate
from praksisplan.optimise.premises import (
    SAME_PLACE_M,
    SAME_PREMISES_M,
    former_practices,
    former_premises,
)
from praksisplan.optimise.solve import solve_allocation
from praksisplan.synth.history import build_demo_history

from .allocation_case import (
    MAX_GROWTH,
    REACH_M,
    SENSE,
    allocation_dataset,
    case_allocations,
    case_values,
    earlier_snapshots,
)

#: Premises sized as the case's user site N1 (exactly 2 capacities, a partnership).
OPTIONS = CandidateOptions(towns=False, max_growth=MAX_GROWTH, new_min=2, new_max=2)


def test_former_practices_with_free_premises() -> None:
    former = former_practices(allocation_dataset(), earlier_snapshots())
    assert former["provider_number"].tolist() == ["P0"]
    assert former["last_seen"].tolist() == [dt.date(2024, 1, 1)]
    assert former_practices(allocation_dataset(), ()).empty


@pytest.mark.parametrize("objective", list(Objective))
@pytest.mark.parametrize("n", [2, 3])
def test_premises_site_optimum_equals_enumeration(objective: Objective, n: int) -> None:
    """P0's premises are N1's point with N1's size: the case's enumeration is the optimum."""
    dataset = allocation_dataset()
    former = former_practices(dataset, earlier_snapshots())
    sites = candidate_sites(dataset, OPTIONS, former=former)
    assert sites["site_id"].tolist() == ["P1", "P2", "P3", "P4", "LOK-P0"]
    assert sites["kind"].iloc[-1] == "premises"
    instance = build_instance(dataset, sites, reach_km=REACH_M / 1000)
    best = max(SENSE[objective] * case_values(a)[objective] for a in case_allocations(n))
    solution = solve_allocation(instance, n, (objective,), Limits({}, {}))
    assert solution.status == "optimal"
    assert SENSE[objective] * solution.values[objective] == pytest.approx(best)


def test_the_explanation_labels_premises_in_danish() -> None:
    request = AllocationRequest(
        capacities=3,
        objectives=(Objective.FREE_CHOICE,),
        candidates=OPTIONS,
        reach_km=REACH_M / 1000,
        former=former_premises(allocation_dataset(), earlier_snapshots()),
        frontier=False,
        runner_up=False,
    )
    proposal = allocate(allocation_dataset(), request)
    rows = explain(proposal).set_index("site_id")
    assert rows.loc["LOK-P0", "kind_label"] == "Eksisterende kliniklokaler (tidligere praksis)"
    assert rows.loc["LOK-P0", "name"] == "Tidligere klinik: Lægen P0 (P0, sidst 01.01.2024)"
    # without history (a dataset path) there are no premises, and no N1: only growth
    alone = allocate(allocation_dataset(), dataclasses.replace(request, former=()))
    assert "LOK-P0" not in set(explain(alone)["site_id"])
    assert (
        evaluate(alone.instance, alone.solution.added)[Objective.FREE_CHOICE]
        <= (proposal.solution.values[Objective.FREE_CHOICE])
    )


def test_demo_history_premises() -> None:
    """The demo's closed solo practices and merged partners left premises; the practices a
    region clinic took over under a new number (same address) did not."""
    history = build_demo_history()
    current, earlier = history[-1], history[:-1]
    former = former_practices(current, earlier)
    gone = set().union(*(set(d.practices["provider_number"]) for d in earlier)) - set(
        current.practices["provider_number"]
    )
    assert len(former) > 20
    assert set(former["provider_number"]) <= gone
    taken_over = {n for n in gone if n.startswith("DR")}  # synth.history: region clinics
    assert taken_over and not taken_over & set(former["provider_number"])
    points = former[["x", "y"]].to_numpy()
    distance, _ = cKDTree(current.practices[["x", "y"]].to_numpy()).query(points)
    assert distance.min() > SAME_PREMISES_M
    pairs = cKDTree(points).query_pairs(SAME_PLACE_M)
    assert not pairs
    sites = candidate_sites(current, CandidateOptions(towns=False), former=former)
    assert (sites["kind"] == "premises").sum() == len(former)
