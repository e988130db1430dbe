"""The allocation MIP against every allocation of the five-cell case, enumerated by hand."""

from __future__ import annotations

import numpy as np
import pytest

from praksisplan.core.errors import PraksisplanError
from praksisplan.optimise.allocation import AllocationRequest, allocate
from praksisplan.optimise.candidates import CandidateOptions, candidate_sites, file_candidates
from praksisplan.optimise.explain import explain, proposal_edits
from praksisplan.optimise.greedy_allocation import greedy_allocation
from praksisplan.optimise.instance import build_instance
from praksisplan.optimise.model import Limits
from praksisplan.optimise.objectives import Objective, evaluate
from praksisplan.optimise.solve import solve_allocation
from praksisplan.optimise.vacancy import analyse_vacancy

from .allocation_case import (
    MAX_GROWTH,
    PRACTICES,
    REACH_M,
    SENSE,
    SITES,
    allocation_dataset,
    case_allocations,
    case_values,
    user_sites_table,
)

OPTIONS = CandidateOptions(towns=False, max_growth=MAX_GROWTH)
NO_LIMITS = Limits({}, {})


@pytest.fixture(scope="module")
def instance():  # type: ignore[no-untyped-def]
    dataset = allocation_dataset()
    user = file_candidates(dataset, user_sites_table(), "kandidater.csv")
    sites = candidate_sites(dataset, OPTIONS, user)
    return build_instance(dataset, sites, reach_km=REACH_M / 1000)


def _as_vector(instance, added: dict[str, int]) -> np.ndarray:  # type: ignore[no-untyped-def]
    return np.array([added[s] for s in instance.sites["site_id"]], dtype=float)


@pytest.mark.parametrize("n", [1, 3])
def test_evaluation_agrees_with_the_case_definition(instance, n: int) -> None:  # type: ignore[no-untyped-def]
    for added in case_allocations(n):
        ours = evaluate(instance, _as_vector(instance, added))
        theirs = case_values(added)
        for objective in Objective:
            assert ours[objective] == pytest.approx(theirs[objective]), (added, objective)


@pytest.mark.parametrize("objective", list(Objective))
@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_optimum_equals_enumeration_for_every_objective(instance, objective, n) -> None:  # type: ignore[no-untyped-def]
    best = max(SENSE[objective] * case_values(a)[objective] for a in case_allocations(n))
    for aggregate in (True, False):
        solution = solve_allocation(instance, n, (objective,), NO_LIMITS, aggregate=aggregate)
        assert solution.status == "optimal"
        assert SENSE[objective] * solution.values[objective] == pytest.approx(best)
    greedy = greedy_allocation(instance, n, (objective,), NO_LIMITS)
    if greedy is not None:
        assert SENSE[objective] * evaluate(instance, greedy)[objective] <= best + 1e-9


@pytest.mark.parametrize(
    "order",
    [
        (Objective.FREE_CHOICE, Objective.NEARNESS, Objective.CONTINUITY),
        (Objective.FREE_CHOICE, Objective.SHORTAGE, Objective.CONTINUITY),  # tie-break stage
        (Objective.NEARNESS, Objective.WORST_AREA, Objective.SHORTAGE),  # two of them
        (Objective.CONTINUITY, Objective.SHORTAGE, Objective.FREE_CHOICE),
    ],
)
@pytest.mark.parametrize("n", [2, 3])
def test_lexicographic_optimum_equals_enumeration(instance, order, n) -> None:  # type: ignore[no-untyped-def]
    best = max(tuple(SENSE[o] * case_values(a)[o] for o in order) for a in case_allocations(n))
    solution = solve_allocation(instance, n, order, NO_LIMITS)
    assert solution.status == "optimal"
    got = tuple(SENSE[o] * solution.values[o] for o in order)
    assert got == pytest.approx(best)


def test_area_limits_are_kept_and_match_enumeration(instance) -> None:  # type: ignore[no-untyped-def]
    limits = Limits({"A2": (0, 0)}, {})
    solution = solve_allocation(instance, 2, (Objective.FREE_CHOICE,), limits)
    in_a2 = instance.sites["area_id"].to_numpy() == "A2"
    assert solution.added[in_a2].sum() == 0
    allowed = [a for a in case_allocations(2) if a["P3"] == 0 and a["P4"] == 0]
    best = max(case_values(a)[Objective.FREE_CHOICE] for a in allowed)
    assert solution.values[Objective.FREE_CHOICE] == pytest.approx(best)


def test_proposal_explains_each_site_and_exports_scenario_edits() -> None:
    dataset = allocation_dataset()
    request = AllocationRequest(
        capacities=3,
        objectives=(Objective.FREE_CHOICE, Objective.NEARNESS),
        candidates=OPTIONS,
        user_sites=file_candidates(dataset, user_sites_table(), "kandidater.csv"),
        reach_km=REACH_M / 1000,
    )
    proposal = allocate(dataset, request)
    table = explain(proposal)
    assert table["capacities"].sum() == 3
    # each site's marginal value: the objective with all minus without that site
    for row in table.itertuples():
        added = dict.fromkeys(SITES, 0)
        for other in table.itertuples():
            added[other.site_id] = other.capacities
        without = dict(added, **{row.site_id: 0})
        assert row.marginal_value == pytest.approx(
            case_values(added)[Objective.FREE_CHOICE] - case_values(without)[Objective.FREE_CHOICE]
        )
    assert [p.capacities for p in proposal.frontier] == [1, 2, 3]
    frontier = [p.values[Objective.FREE_CHOICE] for p in proposal.frontier]
    assert frontier == sorted(frontier)
    assert proposal.greedy_values is not None
    assert proposal.runner_up is not None
    assert (
        proposal.runner_up.values[Objective.FREE_CHOICE]
        <= proposal.solution.values[Objective.FREE_CHOICE]
    )
    edits = proposal_edits(dataset, proposal)
    by_key = {e["key"]: e for e in edits}
    for row in table.itertuples():
        edit = by_key[row.site_id]
        if row.site_id in PRACTICES:
            assert edit["op"] == "update"
            assert edit["values"]["capacities"] == PRACTICES[row.site_id][2] + row.capacities
            assert (edit["values"].get("status") == "open") == row.opens
        else:
            assert edit["op"] == "insert"
            assert edit["values"]["capacities"] == row.capacities


@pytest.mark.parametrize(
    ("capacities", "limits", "message"),
    [
        (-1, NO_LIMITS, "mindst 0, ikke -1"),
        (50, NO_LIMITS, "højst tage 8"),
        (2, Limits({"A1": (3, 1)}, {}), "mindst 3 men højst 1"),
        (2, Limits({"A9": (0, 1)}, {}), "'A9', som ikke findes"),
        (2, Limits({"A1": (2, 2), "A2": (1, 2)}, {}), "kræver 3 kapaciteter i alt"),
        (6, Limits({"A1": (0, 1), "A2": (0, 1)}, {}), "tillader højst 2 kapaciteter"),
        (
            2,
            Limits({}, {"101": (9, 12)}),
            "Kommune .101. skal have mindst 9 kapaciteter, men kandidatstederne der kan "
            "højst tage 8",
        ),
    ],
)
def test_impossible_requests_are_explained_in_danish(capacities, limits, message) -> None:  # type: ignore[no-untyped-def]
    request = AllocationRequest(
        capacities=capacities, limits=limits, candidates=CandidateOptions(towns=False, max_growth=2)
    )
    with pytest.raises(PraksisplanError, match=message):
        allocate(allocation_dataset(), request)


def test_bad_candidate_file_names_row_and_column() -> None:
    table = user_sites_table().assign(org_forms="solo hospital")
    with pytest.raises(
        PraksisplanError,
        match=r"kandidater.csv, række 2, kolonne 'org_forms': ukendt organisationsform 'hospital'",
    ):
        file_candidates(allocation_dataset(), table, "kandidater.csv")


def test_vacancy_options_side_by_side() -> None:
    dataset = allocation_dataset()
    analysis = analyse_vacancy(
        dataset, "P1", objectives=(Objective.FREE_CHOICE,), candidates=OPTIONS
    )
    options = {o.option: o for o in analysis.options}
    assert set(options) == {"same_area", "elsewhere", "absorb"}
    assert options["same_area"].area_id == "A1"
    assert options["elsewhere"].area_id == "A2"
    # P1 loses its only filled capacity: 1,500 listed patients need a new GP; no other
    # practice within 5 km of x = 1,000 answered the survey (P2 at 4 km did not)
    assert analysis.patients_to_absorb == 1500
    assert analysis.nearby_practices == 1
    assert analysis.extra_patients_within_radius == 0
    with pytest.raises(PraksisplanError, match="'P9' findes ikke"):
        analyse_vacancy(dataset, "P9")
