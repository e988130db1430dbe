"""What ``allocate`` prints or writes: the proposal as a terminal table, JSON or XLSX."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console

from praksisplan.core.danish_numbers import format_amount_da, format_number_da
from praksisplan.core.errors import PraksisplanError
from praksisplan.table_format import TableFormat

if TYPE_CHECKING:
    import pandas as pd

    from praksisplan.optimise.allocation import Proposal
    from praksisplan.optimise.objectives import Objective
    from praksisplan.optimise.solve import StageResult

_STATUS_DA = {"optimal": "bevist optimal", "time_limit": "tidsgrænse nået"}
_SITE_HEADINGS = {
    "site_id": "Sted",
    "kind_label": "Type",
    "area_name": "Område",
    "capacities": "Kap.",
    "org_form_label": "Organisationsform",
    "opens": "Åbner",
    "persons_gaining_free_choice": "Borgere får frit valg",
    "shortage_removed": "Underskud fjernet",
    "distance_saved_km": "Km sparet (gns.)",
    "marginal_value": "Marginalværdi",
}


def _finite(value: float) -> float | None:
    """JSON has no infinity: an unknown gap (no proven bound) is null."""
    return value if math.isfinite(value) else None


def _stage_bound(stage: StageResult, *, weighted: bool) -> float | None:
    """A lexicographic stage's proven bound in its objective's own unit and sense (null
    when none was proven, and for a weighted solve, whose bound is of the weighted sum)."""
    from praksisplan.optimise.objectives import OBJECTIVES

    if weighted:
        return None
    return _finite(stage.bound if OBJECTIVES[stage.objective].maximise else -stage.bound)


def objective_record(values: dict[Objective, float]) -> dict[str, float]:
    return {o.value: v for o, v in values.items()}


def objective_for_people(value: float, objective: Objective) -> float:
    """An objective's value to the decimals a reader compares (``ObjectiveInfo.decimals``:
    whole persons, the worst area's % to one, km to two), as the web pages show it; the
    JSON and the XLSX keep full precision."""
    from praksisplan.optimise.objectives import OBJECTIVES

    return round(value, OBJECTIVES[objective].decimals)


def proposal_json(dataset: Any, proposal: Proposal) -> dict[str, Any]:
    """The proposal as the JSON document of ``allocate --format json``."""
    from praksisplan.optimise.explain import explain, proposal_edits
    from praksisplan.optimise.objectives import OBJECTIVES
    from praksisplan.tables import frame_to_records

    solution = proposal.solution
    sites = frame_to_records(explain(proposal))
    return {
        "capacities": proposal.capacities,
        "status": solution.status,
        "gap": _finite(solution.gap),
        "seconds": solution.seconds,
        "objectives": [
            {
                "objective": o.value,
                "label": OBJECTIVES[o].label,
                "principle": OBJECTIVES[o].principle,
                "unit": OBJECTIVES[o].unit,
            }
            for o in proposal.request.objectives
        ],
        "stages": [
            {
                "objective": stage.objective.value,
                "status": stage.status,
                "gap": _finite(stage.gap),
                "bound": _stage_bound(stage, weighted=proposal.request.weights is not None),
                "seconds": stage.seconds,
            }
            for stage in solution.stages
        ],
        "objective": objective_record(solution.values),
        "baseline": objective_record(proposal.baseline),
        "greedy": None
        if proposal.greedy_values is None
        else objective_record(proposal.greedy_values),
        "runner_up": None
        if proposal.runner_up is None
        else objective_record(proposal.runner_up.values),
        "sites": sites,
        "frontier": [
            {"capacities": p.capacities, "status": p.status, "gap": _finite(p.gap)}
            | objective_record(p.values)
            for p in proposal.frontier
        ],
        "edits": proposal_edits(dataset, proposal),
    }


def _comparison(proposal: Proposal, *, for_people: bool) -> pd.DataFrame:
    """Today, the proposal, the greedy and the runner-up per objective; ``for_people``: to
    the decimals a reader compares."""
    import pandas as pd

    from praksisplan.optimise.objectives import OBJECTIVES, Objective

    def shown(values: dict[Objective, float], o: Objective) -> float:
        return objective_for_people(values[o], o) if for_people else values[o]

    columns = {"I dag": proposal.baseline, "Forslag": proposal.solution.values}
    if proposal.greedy_values is not None:
        columns["Grådig"] = proposal.greedy_values
    if proposal.runner_up is not None:
        columns["Næstbedste"] = proposal.runner_up.values
    return pd.DataFrame(
        {
            "Mål": [OBJECTIVES[o].label for o in Objective],
            **{name: [shown(values, o) for o in Objective] for name, values in columns.items()},
        }
    )


def _print_proposal(proposal: Proposal) -> None:
    import pandas as pd

    from praksisplan.optimise.explain import explain
    from praksisplan.optimise.objectives import OBJECTIVES
    from praksisplan.tables import rich_table

    console = Console()
    solution = proposal.solution
    status = _STATUS_DA[solution.status]
    if solution.status != "optimal":
        status += f", bevist afstand til optimum højst {format_amount_da(100 * solution.gap)} %"
    console.print(
        f"Fordeling af {format_number_da(proposal.capacities)} kapaciteter: {status} "
        f"({format_amount_da(solution.seconds, 1)} s)"
    )
    console.print(rich_table(_comparison(proposal, for_people=True), "Mål"))
    sites = explain(proposal)
    table = sites[list(_SITE_HEADINGS)].assign(
        opens=sites["opens"].map({True: "ja", False: "nej"}),
        persons_gaining_free_choice=sites["persons_gaining_free_choice"].round(),
        shortage_removed=sites["shortage_removed"].round(),
        distance_saved_km=sites["distance_saved_km"].round(2),
        marginal_value=sites["marginal_value"].round(),
    )
    console.print(rich_table(table.rename(columns=_SITE_HEADINGS), "Placerede kapaciteter"))
    if proposal.frontier:
        primary = proposal.request.objectives[0]
        frontier = pd.DataFrame(
            {
                "Kapaciteter": [p.capacities for p in proposal.frontier],
                OBJECTIVES[primary].label: [
                    objective_for_people(p.values[primary], primary) for p in proposal.frontier
                ],
            }
        )
        console.print(rich_table(frontier, "Grænsekurve"))


def write_proposal(dataset: Any, proposal: Proposal, fmt: TableFormat, out: Path | None) -> None:
    """The proposal in ``fmt``: JSON to ``out`` or stdout, XLSX to ``out``, else a table."""
    import pandas as pd

    from praksisplan.core import json_text
    from praksisplan.optimise.explain import explain

    if fmt is TableFormat.JSON:
        text = json_text.dumps(proposal_json(dataset, proposal))
        if out is None:
            print(text)
        else:
            out.write_text(text, encoding="utf-8")
    elif fmt is TableFormat.XLSX:
        if out is None:
            raise PraksisplanError("XLSX-output kræver --out FIL")
        with pd.ExcelWriter(out, engine="openpyxl") as writer:
            explain(proposal).to_excel(writer, index=False, sheet_name="Kapaciteter")
            _comparison(proposal, for_people=False).to_excel(writer, index=False, sheet_name="Mål")
            pd.DataFrame(proposal_json(dataset, proposal)["frontier"]).to_excel(
                writer, index=False, sheet_name="Grænsekurve"
            )
    else:
        _print_proposal(proposal)
