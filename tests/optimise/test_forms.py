"""Organisation forms allowed per site: the bounds they give, and the optimum they change.

The rules, restated here independently of ``optimise.forms``: a solo or shared practice holds
exactly 1 filled capacity, a partnership at least 2, every other form at least 1.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from praksisplan.core.errors import PraksisplanError
from praksisplan.core.schema import OrgForm
from praksisplan.optimise.allocation import AllocationRequest, allocate
from praksisplan.optimise.candidates import CandidateOptions, candidate_sites, file_candidates
from praksisplan.optimise.explain import explain, proposal_edits
from praksisplan.optimise.forms import added_bounds
from praksisplan.optimise.instance import build_instance
from praksisplan.optimise.model import Limits
from praksisplan.optimise.objectives import Objective, evaluate
from praksisplan.optimise.solve import solve_allocation

from .allocation_case import REACH_M, SENSE, allocation_dataset, user_sites_table

NO_LIMITS = Limits({}, {})


def _allowed_totals(form: OrgForm) -> range:
    if form in (OrgForm.SOLO, OrgForm.SHARED):
        return range(1, 2)
    return range(2, 100) if form is OrgForm.PARTNERSHIP else range(1, 100)


def _allowed_added(forms: tuple[OrgForm, ...], filled: float, low: int, high: int) -> set[int]:
    """Added capacities y ≥ 1 in low … high that some form allows (brute force)."""
    return {
        y
        for y in range(low, high + 1)
        for form in forms
        if any(math.isclose(filled + y, t) for t in _allowed_totals(form))
    }


@pytest.mark.parametrize("filled", [0.0, 1.0, 2.0, 3.0])
@pytest.mark.parametrize(("low", "high"), [(1, 1), (1, 4), (2, 4), (3, 6)])
def test_every_set_of_forms_gives_one_interval(filled: float, low: int, high: int) -> None:
    for size in range(1, len(OrgForm) + 1):
        for forms in itertools.combinations(OrgForm, size):
            allowed = _allowed_added(forms, filled, low, high)
            bounds = added_bounds(forms, filled, low, high)
            if not allowed:
                assert bounds is None, forms
            else:
                assert bounds is not None
                assert allowed == set(range(bounds[0], bounds[1] + 1)), forms


def _instance(n1_forms: str, *, solo_growth: bool = True):  # type: ignore[no-untyped-def]
    """The five-cell case with N1 allowed ``n1_forms`` and 1 … 2 capacities."""
    dataset = allocation_dataset()
    table = user_sites_table().assign(org_forms=n1_forms, min_capacities=1, max_capacities=2)
    options = CandidateOptions(towns=False, max_growth=2, solo_growth=solo_growth)
    sites = candidate_sites(dataset, options, file_candidates(dataset, table, "kandidater.csv"))
    return dataset, build_instance(dataset, sites, reach_km=REACH_M / 1000)


def test_forms_change_the_optimum_by_hand() -> None:
    """N = 2, free choice. Every case practice is a solo practice (P2 and P4 with 2 filled).

    N1 (x 7,500) reaches C2, C3, C4 and C5 (1,5–4,5 km). As a partnership it must take both
    capacities: C2, C3 (with P1) and C4 (with P3's selective part) gain free choice, 3,200;
    P2 + 1 (3,300 listed on 3 capacities, below the norm, so it opens) does better: C1–C4 with
    P1 or P3, 900 + 1,400 + 700 + 1,100 = 4,100, and the second capacity buys nothing. As a
    solo practice N1 takes one capacity, and P3 + 1 (opening to all) gives C5 its second
    practice: 1,400 + 700 + 1,100 + 1,600 = 4,800."""
    _, partnership = _instance("partnership")
    assert partnership.sites.set_index("site_id").loc["N1", ["min_add", "max_add"]].tolist() == [
        2,
        2,
    ]
    first = solve_allocation(partnership, 2, (Objective.FREE_CHOICE,), NO_LIMITS)
    assert first.values[Objective.FREE_CHOICE] == pytest.approx(4_100)
    _, solo = _instance("solo")
    second = solve_allocation(solo, 2, (Objective.FREE_CHOICE,), NO_LIMITS)
    assert second.values[Objective.FREE_CHOICE] == pytest.approx(4_800)
    assert dict(zip(solo.sites["site_id"], second.added, strict=True)) == {
        "P1": 0,
        "P2": 0,
        "P3": 1,
        "P4": 0,
        "N1": 1,
    }


def test_the_proposal_says_which_form_each_site_takes() -> None:
    """N1 may be solo (1 capacity) or a region clinic; no solo practice may grow, so the two
    capacities go to N1, which then is a region clinic. With growth allowed, P2 + 1 becomes
    a partnership (3 filled capacities) and the edit says so."""
    dataset = allocation_dataset()
    table = user_sites_table().assign(org_forms="solo region", min_capacities=1, max_capacities=2)
    for growth, site, form in ((False, "N1", "region"), (True, "P2", "partnership")):
        request = AllocationRequest(
            capacities=2 if not growth else 1,
            objectives=(Objective.FREE_CHOICE,),
            candidates=CandidateOptions(towns=False, max_growth=2, solo_growth=growth),
            user_sites=file_candidates(dataset, table, "kandidater.csv"),
            reach_km=REACH_M / 1000,
            frontier=False,
            runner_up=False,
        )
        proposal = allocate(dataset, request)
        rows = explain(proposal).set_index("site_id")
        assert rows.loc[site, "org_form"] == form
        edit = {e["key"]: e for e in proposal_edits(dataset, proposal)}[site]
        assert edit["values"]["org_form"] == form


def _enumerate(instance, n: int):  # type: ignore[no-untyped-def]
    """Every allocation of n capacities, each site taking 0 or 1 … 2 (the case's growth
    limit and N1's file bounds) as the brute-force form rules allow (not the sites' bounds)."""
    choices = [
        sorted({0} | _allowed_added(tuple(map(OrgForm, forms.split())), filled, 1, 2))
        for forms, filled in zip(instance.sites["org_forms"], instance.sites["filled"], strict=True)
    ]
    return [np.array(c, dtype=float) for c in itertools.product(*choices) if sum(c) == n]


@pytest.mark.parametrize("n1_forms", ["solo", "partnership", "shared region", "near"])
@pytest.mark.parametrize("solo_growth", [True, False])
@pytest.mark.parametrize("n", [2, 3])
def test_optimum_equals_enumeration_under_forms(n1_forms: str, solo_growth: bool, n: int) -> None:
    _, instance = _instance(n1_forms, solo_growth=solo_growth)
    allocations = _enumerate(instance, n)
    for objective in (Objective.FREE_CHOICE, Objective.SHORTAGE, Objective.NEARNESS):
        solution = solve_allocation(instance, n, (objective,), NO_LIMITS)
        if not allocations:
            assert solution.status == "infeasible"
            continue
        best = max(SENSE[objective] * evaluate(instance, a)[objective] for a in allocations)
        assert solution.status == "optimal"
        assert SENSE[objective] * solution.values[objective] == pytest.approx(best)


def test_an_empty_practice_that_may_only_be_a_partnership_takes_two_or_none() -> None:
    """P3 with its one capacity vacant (0 filled) as a partnership: 0 or 2 more, never 1."""
    dataset = allocation_dataset()
    practices = dataset.practices.copy()
    p3 = practices["provider_number"] == "P3"
    practices.loc[p3, ["org_form", "vacant_capacities"]] = ["partnership", 1.0]
    empty = dataset.with_tables(practices=practices)
    options = CandidateOptions(towns=False, max_growth=2)
    instance = build_instance(empty, candidate_sites(empty, options), reach_km=REACH_M / 1000)
    assert instance.sites.set_index("site_id").loc["P3", ["min_add", "max_add"]].tolist() == [2, 2]
    for n in (1, 2, 3):
        allocations = _enumerate(instance, n)
        assert all(a[2] in (0, 2) for a in allocations)
        for objective in (Objective.FREE_CHOICE, Objective.SHORTAGE):
            solution = solve_allocation(instance, n, (objective,), NO_LIMITS)
            best = max(SENSE[objective] * evaluate(instance, a)[objective] for a in allocations)
            assert SENSE[objective] * solution.values[objective] == pytest.approx(best)
            assert solution.added[2] in (0, 2)


@pytest.mark.parametrize(
    ("forms", "low", "message"),
    [
        ("hospital", 1, "kolonne 'org_forms': ukendt organisationsform 'hospital'"),
        ("", 1, "kolonne 'org_forms': ingen organisationsform angivet"),
        ("solo shared", 2, "kolonne 'org_forms': en ny klinik som enkeltmandspraksis eller "
         "delepraksis kan ikke have mellem 2 og 2 kapaciteter"),
    ],
)  # fmt: skip
def test_bad_forms_in_the_candidate_file_name_file_row_and_column(
    forms: str, low: int, message: str
) -> None:
    table = pd.concat([user_sites_table(), user_sites_table().assign(site_id="N2")])
    table = table.assign(org_forms=["partnership", forms], min_capacities=low)
    with pytest.raises(PraksisplanError, match=f"kandidater.csv, række 3, {message}"):
        file_candidates(allocation_dataset(), table, "kandidater.csv")


def test_a_file_with_the_single_form_column_is_read_as_one_form() -> None:
    table = user_sites_table().rename(columns={"org_forms": "org_form"}).assign(org_form="solo")
    sites = file_candidates(allocation_dataset(), table.assign(min_capacities=1), "k.csv")
    assert sites[["org_forms", "min_add", "max_add"]].values.tolist() == [["solo", 1, 1]]


def test_generated_sites_with_impossible_forms_are_refused_in_danish() -> None:
    options = CandidateOptions(new_forms=(OrgForm.SOLO,), new_min=2)
    with pytest.raises(PraksisplanError, match="En ny klinik som enkeltmandspraksis kan ikke"):
        candidate_sites(allocation_dataset(), options)
