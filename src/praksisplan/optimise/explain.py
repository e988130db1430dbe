"""What each placed capacity buys, and the proposal as scenario edits.

Per receiving site: its kind and capacities, the organisation form it takes (the first of
its allowed forms that holds its capacities), whether it opens, and its *marginal value* — every
objective's value with the whole proposal minus its value without this site's capacities:
persons who would lose free choice without it, the shortage it removes in its area, the
need-weighted distance it saves.

Scenario edits follow issue 8's format: ``{"table", "key", "op", "values"}``. Placed
capacities are written as filled (the proposal assumes they are taken up), a practice that
falls below its norm becomes ``open`` (and takes its new form, e.g. a solo practice that
grows becomes a partnership), a new clinic is inserted as an open practice of its form.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.core.schema import OrgForm, PracticeStatus
from praksisplan.core.vocabulary import ORG_FORM_LABELS
from praksisplan.optimise.allocation import Proposal
from praksisplan.optimise.candidates import KIND_LABELS
from praksisplan.optimise.forms import chosen_form, parse_forms
from praksisplan.optimise.instance import AllocationInstance
from praksisplan.optimise.linear import FloatArray
from praksisplan.optimise.objectives import OBJECTIVES, Objective, area_shortage, evaluate
from praksisplan.optimise.terms import reach_counts

EXPLANATION_COLUMNS: tuple[str, ...] = (
    "site_id",
    "name",
    "kind",
    "kind_label",
    "area_id",
    "area_name",
    "capacities",
    "org_form",
    "org_form_label",
    "opens",
    "persons_gaining_free_choice",
    "shortage_removed",
    "distance_saved_km",
    "marginal_value",
)


def free_choice_persons(instance: AllocationInstance, added: FloatArray) -> float:
    """Persons (not need-weighted) with at least two open practices within the radius."""
    reached = reach_counts(instance.coverage, instance.model_open(added))
    return float(instance.persons[reached >= 2].sum())


def placed_form(instance: AllocationInstance, site: int, added: float) -> OrgForm:
    """The organisation form site ``site`` takes with ``added`` capacities: the first of
    its allowed forms that holds its filled capacities plus ``added``."""
    sites = instance.sites
    forms = parse_forms(str(sites["org_forms"].iloc[site]))
    return chosen_form(forms, float(sites["filled"].iloc[site]), int(added))


def explain(proposal: Proposal) -> pd.DataFrame:
    """One row per receiving site (columns :data:`EXPLANATION_COLUMNS`), most capacities
    first; ``marginal_value`` is in the first objective's natural unit, as a gain."""
    instance = proposal.instance
    added = proposal.solution.added
    sites = instance.sites
    full = evaluate(instance, added)
    persons_full = free_choice_persons(instance, added)
    short_full = area_shortage(instance, added)
    before_open = instance.model_open(np.zeros(instance.n_sites))[: instance.n_sites]
    after_open = instance.model_open(added)[: instance.n_sites]
    primary = proposal.request.objectives[0]
    sign = 1.0 if OBJECTIVES[primary].maximise else -1.0
    rows = []
    for j in np.flatnonzero(added > 0):
        without = added.copy()
        without[j] = 0.0
        other = evaluate(instance, without)
        area = int(instance.site_area[j])
        form = placed_form(instance, int(j), added[j])
        kind = str(sites["kind"].iloc[j])
        shortage_removed = (
            float(area_shortage(instance, without)[area] - short_full[area]) if area >= 0 else 0.0
        )
        rows.append(
            {
                "site_id": str(sites["site_id"].iloc[j]),
                "name": str(sites["name"].iloc[j]),
                "kind": kind,
                "kind_label": KIND_LABELS[kind],
                "area_id": str(sites["area_id"].iloc[j]),
                "area_name": str(instance.area_names.iloc[area]) if area >= 0 else "",
                "capacities": int(added[j]),
                "org_form": form.value,
                "org_form_label": ORG_FORM_LABELS[form.value],
                "opens": bool(after_open[j] and not before_open[j]),
                "persons_gaining_free_choice": persons_full
                - free_choice_persons(instance, without),
                "shortage_removed": shortage_removed,
                "distance_saved_km": other[Objective.NEARNESS] - full[Objective.NEARNESS],
                "marginal_value": sign * (full[primary] - other[primary]),
            }
        )
    frame = pd.DataFrame(rows, columns=list(EXPLANATION_COLUMNS))
    return frame.sort_values(["capacities", "site_id"], ascending=[False, True]).reset_index(
        drop=True
    )


def proposal_edits(dataset: Dataset, proposal: Proposal) -> list[dict[str, Any]]:
    """The proposal as scenario edits (issue 8's format) on ``dataset``."""
    edits = placement_edits(dataset, proposal.instance, proposal.solution.added)
    for held in proposal.pooled_vacancies.itertuples(index=False):
        edits.append(
            {"table": "region_vacancies", "key": str(held.area_id), "op": "delete", "values": {}}
        )
    return edits


def placement_edits(
    dataset: Dataset, instance: AllocationInstance, added: FloatArray
) -> list[dict[str, Any]]:
    """Capacities ``added`` per site of ``instance`` (built on ``dataset``) as scenario
    edits on ``dataset``: an update per existing practice, an insert per new clinic."""
    sites = instance.sites
    after_open = instance.model_open(added)[: instance.n_sites]
    practices = dataset.practices
    cells = dataset.cells
    edits: list[dict[str, Any]] = []
    for j in np.flatnonzero(added > 0):
        row = int(sites["practice_row"].iloc[j])
        if row >= 0:
            practice = practices.iloc[row]
            values: dict[str, Any] = {"capacities": float(practice["capacities"] + added[j])}
            form = placed_form(instance, int(j), added[j])
            if form.value != str(practice["org_form"]):
                values["org_form"] = form.value
            if after_open[j] and str(practice["status"]) != PracticeStatus.OPEN.value:
                values["status"] = PracticeStatus.OPEN.value
                values["open_postcodes"] = None
            edits.append(
                {
                    "table": "practices",
                    "key": str(practice["provider_number"]),
                    "op": "update",
                    "values": values,
                }
            )
            continue
        x, y = float(sites["x"].iloc[j]), float(sites["y"].iloc[j])
        nearest = int(np.argmin(np.hypot(cells["x"] - x, cells["y"] - y)))
        edits.append(
            {
                "table": "practices",
                "key": str(sites["site_id"].iloc[j]),
                "op": "insert",
                "values": {
                    "provider_number": str(sites["site_id"].iloc[j]),
                    "name": str(sites["name"].iloc[j]),
                    "x": x,
                    "y": y,
                    "postcode": str(cells["postcode"].iloc[nearest]),
                    "org_form": placed_form(instance, int(j), added[j]).value,
                    "capacities": float(added[j]),
                    "vacant_capacities": 0.0,
                    "listed_patients": 0,
                    "status": PracticeStatus.OPEN.value,
                    "open_postcodes": None,
                    "norm_override": None,
                    "area_id": str(sites["area_id"].iloc[j]),
                    "municipality_code": str(sites["municipality_code"].iloc[j]),
                },
            }
        )
    return edits
