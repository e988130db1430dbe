"""The allocation objectives: Danish labels, their source principles, and their values.

Each objective is evaluated directly for an allocation (capacities added per site) — the
reference the MIP's expressions must agree with, and what the explanation, the greedy and
the frontier report. Every value is "higher is better" in :func:`scores`; the natural
values in :func:`evaluate` keep their own sense (a shortage or a distance is minimised).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from praksisplan.optimise.instance import AllocationInstance
from praksisplan.optimise.linear import FloatArray
from praksisplan.optimise.terms import Term, nearest_cost, reach_counts


class Objective(StrEnum):
    FREE_CHOICE = "free_choice"
    SHORTAGE = "shortage"
    WORST_AREA = "worst_area"
    NEARNESS = "nearness"
    CONTINUITY = "continuity"


@dataclass(frozen=True)
class ObjectiveInfo:
    label: str  # Danish, for people
    principle: str  # Danish: where the principle comes from
    unit: str  # Danish unit of the natural value
    maximise: bool
    decimals: int  # the decimals a reader compares the natural value to (whole persons, …)


OBJECTIVES: dict[Objective, ObjectiveInfo] = {
    Objective.FREE_CHOICE: ObjectiveInfo(
        "Frit valg: behovsvægtede borgere med mindst to åbne praksis inden for radius",
        "Overenskomsten og Sundhedsloven: frit valg mellem mindst to praksis inden for 15 km",
        "behovsvægtede borgere",
        True,
        0,
    ),
    Objective.SHORTAGE: ObjectiveInfo(
        "Kapacitet følger behov: behovsvægtet underskud i alt (forsyning under behov)",
        "Region Sjællands fordelingsprincip: kapaciteten følger behovet",
        "patienter",
        False,
        0,
    ),
    Objective.WORST_AREA: ObjectiveInfo(
        "Kapacitet følger behov: det dårligst stillede områdes forsyning i % af behov",
        "Region Sjællands fordelingsprincip: kapaciteten følger behovet (max-min)",
        "%",
        True,
        1,
    ),
    Objective.NEARNESS: ObjectiveInfo(
        "Praksis hvor borgerne bor: behovsvægtet afstand til nærmeste åbne praksis",
        "Region Sjællands fordelingsprincip: praksis placeres hvor borgerne bor",
        "km i gennemsnit",
        False,
        2,
    ),
    Objective.CONTINUITY: ObjectiveInfo(
        "Flerlægepraksis og kontinuitet: kapaciteter til eksisterende praksis",
        "Region Sjælland: flerlægepraksis foretrækkes; Region Midtjylland: kontinuitet før nærhed",
        "kapaciteter",
        True,
        0,
    ),
}
#: The default lexicographic order.
#: (Nearness after free choice is a hard lexicographic stage — ~30 s on the demo region —
#: so it is offered but not a default.)
DEFAULT_ORDER: tuple[Objective, ...] = (
    Objective.FREE_CHOICE,
    Objective.SHORTAGE,
    Objective.CONTINUITY,
)


def free_choice_term(instance: AllocationInstance, weights: FloatArray | None = None) -> Term:
    return Term("double_cover", instance.need if weights is None else weights, instance.coverage)


def nearness_term(instance: AllocationInstance) -> Term:
    return Term("median", instance.need, instance.cost, instance.reach_m)


def area_supply(instance: AllocationInstance, added: FloatArray) -> FloatArray:
    """Supply in patients per area with the added capacities (filled, at the site's norm)."""
    extra = np.bincount(
        instance.site_area[instance.site_area >= 0],
        weights=(added * instance.site_norm)[instance.site_area >= 0],
        minlength=len(instance.areas),
    )
    return instance.area_supply + extra


def area_shortage(instance: AllocationInstance, added: FloatArray) -> FloatArray:
    return np.maximum(0.0, instance.area_need - area_supply(instance, added))


def area_supply_pct(instance: AllocationInstance, added: FloatArray) -> FloatArray:
    """Supply as % of need per area (NaN for an area without need)."""
    need = instance.area_need
    supply = area_supply(instance, added)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(need > 0, 100 * supply / np.where(need > 0, need, 1.0), np.nan)


def evaluate(instance: AllocationInstance, added: npt.ArrayLike) -> dict[Objective, float]:
    """Every objective's natural value for ``added`` capacities per site."""
    placed = np.asarray(added, dtype=np.float64)
    is_open = instance.model_open(placed)
    reached = reach_counts(instance.coverage, is_open)
    distance = nearest_cost(instance.cost, is_open, instance.reach_m)
    total_need = float(instance.need.sum())
    existing = instance.sites["practice_row"].to_numpy() >= 0
    pct = area_supply_pct(instance, placed)
    return {
        Objective.FREE_CHOICE: float(instance.need[reached >= 2].sum()),
        Objective.SHORTAGE: float(area_shortage(instance, placed).sum()),
        Objective.WORST_AREA: float(np.nanmin(pct)) if np.isfinite(pct).any() else 0.0,
        Objective.NEARNESS: float(instance.need @ distance) / max(total_need, 1e-9) / 1000.0,
        Objective.CONTINUITY: float(placed[existing].sum()),
    }


def scores(values: dict[Objective, float]) -> dict[Objective, float]:
    """The values with minimised objectives negated (higher is better throughout)."""
    return {k: (v if OBJECTIVES[k].maximise else -v) for k, v in values.items()}
