"""Commands on dataset files: ``validate``, ``demo-data`` and ``summary``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from praksisplan.cli.key_figures_table import key_figure_table
from praksisplan.cli.options import option_needs
from praksisplan.cli.sources import (
    BaseOption,
    DbOption,
    is_workbook,
    open_dataset,
    read_source,
    refuse_unused_db,
    snapshot_id_of,
)
from praksisplan.cli.spinner import spinner
from praksisplan.core.danish_numbers import format_number_da
from praksisplan.core.errors import ValidationIssue
from praksisplan.store import DEFAULT_DB_URL

if TYPE_CHECKING:
    from praksisplan.core.dataset import Dataset


class SummaryFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


def issue_table(issues: list[ValidationIssue]) -> Table:
    table = Table(title=f"{format_number_da(len(issues))} problemer", show_lines=False)
    for heading in ("Fil", "Række", "Kolonne", "Regel", "Problem"):
        table.add_column(heading, justify="right" if heading == "Række" else "left")
    for issue in issues:
        table.add_row(
            issue.file,
            "" if issue.row is None else str(issue.row),
            issue.column or "",
            issue.rule,
            issue.message,
        )
    return table


def _title(dataset: Dataset) -> str:
    manifest = dataset.manifest
    title = (
        f"{manifest.name} — {manifest.region.name} ({manifest.region.code}), "
        f"{manifest.reference_date.isoformat()}"
    )
    if manifest.synthetic and "syntetisk" not in title.lower():
        title += " (syntetiske data)"
    return title


def validate(
    context: typer.Context,
    path: Annotated[
        Path, typer.Argument(help="Dataset folder or .zip, or a workbook (.xlsx) with --base.")
    ],
    base: BaseOption = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Check a dataset against every rule of the format; list every problem found.

    A workbook dataset (one .xlsx, a sheet per table) is checked on the snapshot given by
    --base, whose boundaries it takes. Exit status 0 when the dataset is valid, 1 when not.
    """
    from praksisplan.engine.key_figures import key_figures

    db_given = context.get_parameter_source("db")
    if base is None and not is_workbook(path) and db_given and db_given.name == "COMMANDLINE":
        raise option_needs(
            "--db",
            "--base",
            "uden --base læses datasættet kun fra filen, og databasen ville ikke blive brugt; "
            "udelad --db",
        )
    console = Console()
    with spinner() as progress:
        reading = read_source(path, base, db, progress)
    if reading.from_base:
        console.print(f"Fra {base}: " + ", ".join(reading.from_base), highlight=False)
    if reading.encodings:
        console.print(
            "Tegnsæt: "
            + ", ".join(f"{file} {encoding}" for file, encoding in reading.encodings.items()),
            highlight=False,
        )
    dataset = reading.dataset
    if dataset is None:
        console.print(issue_table(reading.issues))
        count = format_number_da(len(reading.issues))
        console.print(f"[bold red]Datasættet er ugyldigt:[/] {count} problemer.")
        raise typer.Exit(1)
    figures = key_figures(dataset)
    console.print(f"[bold green]Datasættet er gyldigt:[/] {_title(dataset)}")
    console.print(
        f"{format_number_da(figures['municipalities'])} kommuner, "
        f"{format_number_da(figures['coverage_areas'])} lægedækningsområder, "
        f"{format_number_da(len(dataset.cells))} befolkningspunkter, "
        f"{format_number_da(figures['population'])} borgere, "
        f"{format_number_da(figures['practices'])} praksis, "
        f"{format_number_da(figures['gps'])} læger."
    )


def demo_data(
    out: Annotated[Path, typer.Argument(help="Folder (or .zip) to write the demo dataset to.")],
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace OUT if it exists.")
    ] = False,
    history: Annotated[
        bool,
        typer.Option("--history", help="Write all 11 half-yearly snapshots, one folder each."),
    ] = False,
) -> None:
    """Write the built-in synthetic demo region as a dataset (fictitious; no real persons).

    With --history, OUT is a folder with one dataset per half-yearly snapshot (2021-01-01 …
    2026-01-01), each in a sub-folder named by its reference date.
    """
    from praksisplan.dataset_io import write_dataset
    from praksisplan.engine.key_figures import key_figures
    from praksisplan.synth.demo import build_demo_dataset
    from praksisplan.synth.history import build_demo_history

    with spinner() as progress:
        progress.add_task("Bygger demoregionen", total=None)
        if history:
            datasets = build_demo_history()
            for item in datasets:
                target = out / item.manifest.reference_date.isoformat()
                write_dataset(item, target, overwrite=overwrite)
            dataset = datasets[-1]
        else:
            dataset = build_demo_dataset()
            write_dataset(dataset, out, overwrite=overwrite)
    figures = key_figures(dataset)
    Console().print(
        f"Skrev demodatasættet til {out}: {format_number_da(figures['population'])} borgere, "
        f"{format_number_da(figures['practices'])} praksis (syntetiske data)."
    )


def summary(
    context: typer.Context,
    source: Annotated[
        str, typer.Argument(help="Dataset folder or .zip, or snapshot:<id> from the database.")
    ],
    output_format: Annotated[
        SummaryFormat,
        typer.Option("--format", help="table: Danish table; json: one JSON object."),
    ] = SummaryFormat.TABLE,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Print the region's key figures: population, practices, capacities, GPs."""
    from praksisplan.core import json_text
    from praksisplan.dataset_io import read_dataset
    from praksisplan.engine.key_figures import key_figures

    refuse_unused_db(context, source)
    if snapshot_id_of(source) is None:
        with spinner() as progress:
            dataset = read_dataset(Path(source), progress=progress)
    else:
        dataset = open_dataset(source, db)
    figures = key_figures(dataset)
    if output_format is SummaryFormat.JSON:
        typer.echo(json_text.dumps(dict(figures), indent=None))
        return
    Console().print(key_figure_table(figures, _title(dataset)))


def register(app: typer.Typer) -> None:
    """Add this group's commands to the CLI."""
    app.command("validate")(validate)
    app.command("demo-data")(demo_data)
    app.command("summary")(summary)
