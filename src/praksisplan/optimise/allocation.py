"""The allocation problem on a dataset: request in, proven proposal out.

:func:`allocate` builds the candidates and the instance, checks the request (Danish
explanations of impossible ones), solves it, and adds what the committee compares it with:
the greedy answer, the runner-up (the best allocation to a different set of sites) and the
frontier (the optimum for 1 … N capacities). An ``interrupt`` stops every solve of the
request mid-way (:class:`~praksisplan.optimise.linear.SolveCancelledError`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.optimise.candidates import CandidateOptions, candidate_sites
from praksisplan.optimise.feasibility import check_capacities, check_request, infeasible_message
from praksisplan.optimise.greedy_allocation import greedy_allocation
from praksisplan.optimise.instance import AllocationInstance, build_instance
from praksisplan.optimise.linear import FloatArray, Interrupt
from praksisplan.optimise.model import Limits
from praksisplan.optimise.objectives import DEFAULT_ORDER, Objective, evaluate
from praksisplan.optimise.premises import FormerPractice, former_frame
from praksisplan.optimise.solve import AllocationSolution, Progress, solve_allocation
from praksisplan.travel.land import land_masses_of
from praksisplan.travel.links import dataset_links
from praksisplan.travel.network import TravelNetwork


@dataclass(frozen=True)
class AllocationRequest:
    """What to place, by which objectives, under which limits."""

    capacities: int
    objectives: tuple[Objective, ...] = DEFAULT_ORDER
    weights: Mapping[Objective, float] | None = None
    limits: Limits = field(default_factory=lambda: Limits({}, {}))
    candidates: CandidateOptions = field(default_factory=CandidateOptions)
    user_sites: pd.DataFrame | None = None
    radius_km: float | None = None
    reach_km: float = 30.0
    detour_factor: float = 1.0
    #: distances over the dataset's ferry and fixed links (travel model), not straight lines
    travel_links: bool = False
    time_limit: float | None = None
    move_vacant: bool = False
    #: the former practices of the region's snapshot history (:func:`.premises.former_premises`):
    #: the premises candidates; none for a dataset without history
    former: tuple[FormerPractice, ...] = ()
    frontier: bool = True
    runner_up: bool = True


@dataclass(frozen=True)
class FrontierPoint:
    capacities: int
    values: dict[Objective, float]
    status: str
    gap: float


@dataclass(frozen=True)
class Proposal:
    """The optimal allocation and what it is compared with."""

    request: AllocationRequest
    instance: AllocationInstance
    capacities: int  # placed (N, plus pooled region-held vacancies with move_vacant)
    pooled_vacancies: pd.DataFrame  # region-held vacancies moved into the pool
    solution: AllocationSolution
    baseline: dict[Objective, float]
    greedy: FloatArray | None
    greedy_values: dict[Objective, float] | None
    runner_up: AllocationSolution | None
    frontier: tuple[FrontierPoint, ...]


def _pool(dataset: Dataset, request: AllocationRequest) -> tuple[int, pd.DataFrame]:
    held = dataset.region_vacancies
    if not request.move_vacant or len(held) == 0:
        return request.capacities, held.iloc[0:0]
    whole = pd.to_numeric(held["vacant_capacities"]).to_numpy(dtype=np.float64)
    return request.capacities + int(np.floor(whole).sum()), held


def _network(dataset: Dataset, request: AllocationRequest) -> TravelNetwork:
    """The dataset's land masses and its own links (an island without one is cut off)."""
    return TravelNetwork.of(land_masses_of(dataset), dataset_links(dataset), request.detour_factor)


def allocate(
    dataset: Dataset,
    request: AllocationRequest,
    progress: Progress | None = None,
    interrupt: Interrupt | None = None,
) -> Proposal:
    """Solve the request on the dataset (see the module's docstring)."""
    check_capacities(request.capacities)
    if not request.objectives:
        raise PraksisplanError("Vælg mindst ét mål for fordelingen")
    capacities, pooled = _pool(dataset, request)
    if progress is not None:
        progress("Finder kandidatsteder og afstande …")
    former = former_frame(request.former) if request.former else None
    sites = candidate_sites(dataset, request.candidates, request.user_sites, former)
    instance = build_instance(
        dataset,
        sites,
        radius_km=request.radius_km,
        reach_km=request.reach_km,
        detour_factor=request.detour_factor,
        network=_network(dataset, request) if request.travel_links else None,
    )
    check_request(instance, capacities, request.limits)

    def solve(n: int, exclude: tuple[np.ndarray, ...] = ()) -> AllocationSolution:
        return solve_allocation(
            instance,
            n,
            request.objectives,
            request.limits,
            weights=request.weights,
            time_limit=request.time_limit,
            exclude=exclude,
            progress=progress,
            interrupt=interrupt,
        )

    solution = solve(capacities)
    if solution.status == "infeasible":
        raise PraksisplanError(infeasible_message(capacities, request.limits))
    greedy = greedy_allocation(instance, capacities, request.objectives, request.limits)
    runner_up = None
    if request.runner_up and capacities > 0:
        if progress is not None:
            progress("Finder næstbedste forslag …")
        second = solve(capacities, (solution.added > 0,))
        runner_up = second if second.status != "infeasible" else None
    frontier: list[FrontierPoint] = []
    if request.frontier:
        for n in range(1, capacities + 1):
            if progress is not None:
                progress(f"Grænsekurve: {n} af {capacities} kapaciteter …")
            point = solution if n == capacities else solve(n)
            if point.status == "infeasible":
                continue
            frontier.append(FrontierPoint(n, point.values, point.status, point.gap))
    return Proposal(
        request=request,
        instance=instance,
        capacities=capacities,
        pooled_vacancies=pooled,
        solution=solution,
        baseline=evaluate(instance, np.zeros(instance.n_sites)),
        greedy=greedy,
        greedy_values=None if greedy is None else evaluate(instance, greedy),
        runner_up=runner_up,
        frontier=tuple(frontier),
    )
