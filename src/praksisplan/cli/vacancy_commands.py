"""The ``vacancy`` command: the options for one vacated capacity (ledigt ydernummer), side by
side (docs/allocation.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from praksisplan.cli.allocation_output import objective_for_people, objective_record
from praksisplan.cli.sources import DbOption, open_dataset, refuse_unused_db
from praksisplan.cli.spinner import solver_spinner
from praksisplan.core.danish_numbers import format_number_da
from praksisplan.store import DEFAULT_DB_URL
from praksisplan.table_format import FORMAT_HELP, TableFormat


def vacancy_command(
    context: typer.Context,
    source: Annotated[str, typer.Argument(help="Dataset directory, .zip, or snapshot:<id>.")],
    provider_number: Annotated[str, typer.Argument(help="Provider number losing a capacity.")],
    fmt: Annotated[TableFormat, typer.Option("--format", help=FORMAT_HELP)] = (TableFormat.TABLE),
    out: Annotated[Path | None, typer.Option("--out", help="Write to FILE.")] = None,
    time_limit: Annotated[float | None, typer.Option("--time-limit", min=0.0)] = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Options for one vacated capacity (ledigt ydernummer), side by side."""
    import pandas as pd

    from praksisplan.optimise.objectives import OBJECTIVES, Objective
    from praksisplan.optimise.vacancy import OPTION_LABELS, analyse_vacancy
    from praksisplan.tables import write_table

    refuse_unused_db(context, source)
    with solver_spinner() as progress:
        dataset = open_dataset(source, db)
        progress("Vurderer mulighederne …")
        analysis = analyse_vacancy(dataset, provider_number, time_limit=time_limit)
    frame = pd.DataFrame(
        [
            {
                "option": o.option,
                "label": OPTION_LABELS[o.option],
                "site_id": o.site_id,
                "area_id": o.area_id,
                "status": o.status,
                **objective_record(o.values),
            }
            for o in analysis.options
        ]
    )
    if fmt is TableFormat.TABLE and out is None:
        Console().print(
            f"Ledig kapacitet i {analysis.provider_number} (område {analysis.area_id}): "
            f"{format_number_da(analysis.patients_to_absorb)} patienter skal have ny læge; "
            f"{format_number_da(analysis.nearby_practices)} praksis inden for radius kan tage "
            f"{format_number_da(analysis.extra_patients_within_radius)} ekstra patienter "
            "(lægedækningshøringen)"
        )
    if fmt is TableFormat.TABLE:
        frame = pd.DataFrame(
            {
                "Mål": ["Sted", *(OBJECTIVES[o].label for o in Objective)],
                **{
                    OPTION_LABELS[o.option]: [
                        o.site_id or "–",
                        *(objective_for_people(o.values[k], k) for k in Objective),
                    ]
                    for o in analysis.options
                },
            }
        )
    write_table(frame, fmt, out, title="Muligheder for den ledige kapacitet")


def register(app: typer.Typer) -> None:
    """Add this group's commands to the CLI."""
    app.command("vacancy")(vacancy_command)
