"""A vacated provider number (*ledigt ydernummer*): the options side by side.

One capacity of a practice falls vacant (its GP leaves; the practice's filled capacities go
down by one). Three options, each evaluated on the same objectives:

* ``same_area`` — re-advertise it in the same coverage area (the best site there);
* ``elsewhere`` — the best site in any other area (a vacated capacity is not automatically
  re-advertised where it was: Sjælland's principles);
* ``absorb`` — place it nowhere; the nearby practices take its patients as far as the
  coverage survey's extra patients within the radius allow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.engine.cells import od_table_of
from praksisplan.engine.supply import practice_supply
from praksisplan.optimise.candidates import CandidateOptions, candidate_sites
from praksisplan.optimise.explain import placement_edits
from praksisplan.optimise.instance import build_instance
from praksisplan.optimise.model import Limits
from praksisplan.optimise.objectives import DEFAULT_ORDER, OBJECTIVES, Objective, evaluate
from praksisplan.optimise.solve import solve_allocation

OPTION_LABELS: dict[str, str] = {
    "same_area": "Genopslå i samme område",
    "elsewhere": "Bedste område andetsteds",
    "absorb": "Nabopraksis overtager patienterne",
}


@dataclass(frozen=True)
class VacancyOption:
    option: str
    site_id: str | None  # where the capacity goes (None: absorbed)
    area_id: str | None
    values: dict[Objective, float]
    status: str
    site_name: str | None = None
    site_xy: tuple[float, float] | None = None  # EPSG:25832 metres
    #: the option as scenario edits on the dataset (issue 8's format): see :func:`option_edits`
    edits: tuple[dict[str, Any], ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class NearbyPractice:
    """A practice within the radius of the vacated one: who could take its patients."""

    provider_number: str
    name: str
    x: float
    y: float
    extra_patients: float  # the coverage survey's answer (0 when it did not answer)


@dataclass(frozen=True)
class VacancyAnalysis:
    provider_number: str
    area_id: str
    patients_to_absorb: float
    radius_m: float  # the reach of free choice: "nearby" is within it
    nearby: tuple[NearbyPractice, ...]
    options: tuple[VacancyOption, ...]

    @property
    def nearby_practices(self) -> int:
        return len(self.nearby)

    @property
    def extra_patients_within_radius(self) -> float:
        return float(sum(p.extra_patients for p in self.nearby))


def vacate(dataset: Dataset, provider_number: str) -> tuple[Dataset, int]:
    """The dataset with one filled capacity of the practice gone, and the practice's row."""
    practices = dataset.practices
    rows = np.flatnonzero(practices["provider_number"].astype(str).to_numpy() == provider_number)
    if len(rows) == 0:
        raise PraksisplanError(f"Ydernummeret '{provider_number}' findes ikke i datasættet")
    row = int(rows[0])
    capacities = float(practices["capacities"].iloc[row])
    vacant = float(practices["vacant_capacities"].iloc[row])
    if capacities - vacant < 1:
        raise PraksisplanError(
            f"Ydernummeret '{provider_number}' har ingen besat kapacitet, der kan blive ledig"
        )
    changed = practices.copy()
    changed.loc[changed.index[row], "capacities"] = capacities - 1
    return dataset.with_tables(practices=changed), row


def option_edits(
    practice: pd.Series, placement: list[dict[str, Any]]
) -> tuple[dict[str, Any], ...]:
    """An option as scenario edits on the dataset: the vacated practice loses the capacity,
    then ``placement`` (:func:`.explain.placement_edits` on the vacated dataset) places it.
    Re-advertised at the vacated practice itself, the two meet in one edit, and a capacity
    that comes back where it was is no change at all."""
    key = str(practice["provider_number"])
    capacities = float(practice["capacities"])
    vacated: dict[str, Any] = {
        "table": "practices", "key": key, "op": "update", "values": {"capacities": capacities - 1},
    }  # fmt: skip
    edits = [vacated]
    for edit in placement:
        if edit["table"] == "practices" and edit["op"] == "update" and edit["key"] == key:
            values = dict(edit["values"])
            if values.get("capacities") == capacities:
                del values["capacities"]
            edits = [{**vacated, "values": values}] if values else []
        else:
            edits.append(edit)
    return tuple(edits)


def analyse_vacancy(
    dataset: Dataset,
    provider_number: str,
    *,
    objectives: tuple[Objective, ...] = DEFAULT_ORDER,
    candidates: CandidateOptions | None = None,
    radius_km: float | None = None,
    time_limit: float | None = None,
) -> VacancyAnalysis:
    """The three options for one vacated capacity of ``provider_number``."""
    vacated, row = vacate(dataset, provider_number)
    practice = dataset.practices.iloc[row]
    area = str(practice["area_id"])
    sites = candidate_sites(vacated, candidates or CandidateOptions())
    instance = build_instance(vacated, sites, radius_km=radius_km)
    options = []
    for option, bounds in (("same_area", (1, 1)), ("elsewhere", (0, 0))):
        solution = solve_allocation(
            instance, 1, objectives, Limits({area: bounds}, {}), time_limit=time_limit
        )
        if solution.status == "infeasible":
            continue
        j = int(np.flatnonzero(solution.added > 0)[0])
        placement = placement_edits(vacated, instance, solution.added)
        options.append(
            VacancyOption(
                option,
                str(sites["site_id"].iloc[j]),
                str(sites["area_id"].iloc[j]),
                solution.values,
                solution.status,
                str(sites["name"].iloc[j]),
                (float(sites["x"].iloc[j]), float(sites["y"].iloc[j])),
                option_edits(practice, placement),
            )
        )
    absorbed = evaluate(instance, np.zeros(len(sites)))
    options.append(
        VacancyOption("absorb", None, None, absorbed, "optimal", edits=option_edits(practice, []))
    )
    radius = instance.radius_m
    here = pd.DataFrame(
        {"cell_id": ["vacancy"], "x": [float(practice["x"])], "y": [float(practice["y"])]}
    )
    nearby = od_table_of(vacated.with_tables(cells=here), radius).dest
    nearby = nearby[nearby != row]
    extra = practice_supply(vacated)["extra_patients"].to_numpy()
    practices = vacated.practices
    listed = float(practice["listed_patients"])
    return VacancyAnalysis(
        provider_number=provider_number,
        area_id=area,
        patients_to_absorb=listed / max(float(practice["capacities"]), 1.0),
        radius_m=float(radius),
        nearby=tuple(
            NearbyPractice(
                str(practices["provider_number"].iloc[k]),
                str(practices["name"].iloc[k]),
                float(practices["x"].iloc[k]),
                float(practices["y"].iloc[k]),
                float(extra[k]),
            )
            for k in (int(k) for k in nearby)
        ),
        options=tuple(options),
    )


def best_options(analysis: VacancyAnalysis) -> dict[Objective, tuple[str, ...]]:
    """Per objective, the options with its best value (all of them when they tie), each
    objective in its own sense (a shortage or a distance is best when smallest)."""
    best: dict[Objective, tuple[str, ...]] = {}
    for objective in analysis.options[0].values:
        values = [o.values[objective] for o in analysis.options]
        top = max(values) if OBJECTIVES[objective].maximise else min(values)
        best[objective] = tuple(
            o.option
            for o, v in zip(analysis.options, values, strict=True)
            if abs(v - top) <= 1e-9 * max(1.0, abs(top))
        )
    return best
