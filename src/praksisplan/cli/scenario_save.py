"""Saving a proposal as a scenario: ``praksisplan allocate … --save-scenario NAME``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from praksisplan.cli.audit import audit_cli
from praksisplan.cli.sources import snapshot_id_of
from praksisplan.core.danish_numbers import format_number_da
from praksisplan.core.errors import PraksisplanError

if TYPE_CHECKING:
    from praksisplan.core.dataset import Dataset

_stderr = Console(stderr=True)

SaveScenarioOption = Annotated[
    str | None,
    typer.Option(
        "--save-scenario",
        help="Store the proposal as a scenario NAME (status forslag); SOURCE must be a snapshot.",
    ),
]
SaveByOption = Annotated[
    str | None,
    typer.Option(
        "--by",
        help="Name recorded as the scenario's author (with --save-scenario; default: "
        "'praksisplan allocate').",
    ),
]


def scenario_snapshot(source: str) -> int:
    """The snapshot id of SOURCE, which must be ``snapshot:<id>`` to base a scenario on."""
    snapshot_id = snapshot_id_of(source)
    if snapshot_id is None:
        raise PraksisplanError(
            "--save-scenario kræver et snapshot som kilde (snapshot:<id>), "
            "for et scenarie lægges over et gemt snapshot"
        )
    return snapshot_id


def save_proposal(
    source: str,
    name: str,
    by: str,
    edits_json: list[dict[str, Any]],
    dataset: Dataset,
    db: str,
) -> None:
    """Store a proposal's edits as the scenario ``name`` with status ``forslag``."""
    from praksisplan.scenario.edits import parse_edits
    from praksisplan.store import ScenarioStore, Store

    snapshot_id = scenario_snapshot(source)
    with Store(db, create=False) as store, store.unit_of_work():
        info = ScenarioStore(store).create(
            snapshot_id,
            name,
            by,
            description="Forslag fra fordelingsoptimeringen (praksisplan allocate)",
            edits=parse_edits(edits_json),
            status="forslag",
            base=dataset,
        )
        audit_cli(store, "scenario_created", "scenario", str(info.id), after={"status": "forslag"})
    _stderr.print(
        f"Forslaget er gemt som scenariet '{info.name}' (id {info.id}) med "
        f"{format_number_da(info.edit_count)} ændringer."
    )
