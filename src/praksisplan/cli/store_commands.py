"""Commands on the store: ``load`` and ``snapshots list|show|export``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from praksisplan.cli.audit import audit_cli
from praksisplan.cli.sources import (
    BaseOption,
    DbOption,
    check_snapshot_id,
    is_workbook,
    read_source,
)
from praksisplan.core.danish_dates import format_moment_da
from praksisplan.core.danish_numbers import format_number_da
from praksisplan.store import DEFAULT_DB_URL

if TYPE_CHECKING:
    from praksisplan.store import SnapshotInfo

#: Danish names of the dataset tables, in the order ``snapshots show`` lists them.
TABLE_LABELS: dict[str, str] = {
    "municipalities": "Kommuner",
    "coverage_areas": "Lægedækningsområder",
    "cells": "Befolkningsceller",
    "population": "Befolkningsrækker",
    "practices": "Praksis",
    "gps": "Læger",
    "region_vacancies": "Regionens ledige kapaciteter",
    "coverage_survey": "Lægedækningshøring",
    "temporary_beds": "Midlertidige pladser",
    "demand_weights": "Behovsvægte",
    "services": "Ydelser",
    "ferry_links": "Færgeforbindelser",
    "fixed_links": "Faste forbindelser",
    "care_homes": "Plejehjem",
}

snapshots_app = typer.Typer(
    name="snapshots",
    help="List, show and export stored snapshots (one dataset per region and reference date).",
    no_args_is_help=True,
)


def _describe(info: SnapshotInfo) -> str:
    synthetic = ", syntetiske data" if info.synthetic else ""
    return (
        f"{info.name} — {info.region_name} ({info.region_code}) "
        f"pr. {info.reference_date.isoformat()}{synthetic}"
    )


def load(
    path: Annotated[
        Path,
        typer.Argument(help="The dataset directory or zip, or a workbook (.xlsx) with --base."),
    ],
    base: BaseOption = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Validate a dataset and store it as a new, immutable snapshot.

    A workbook dataset (one .xlsx, a sheet per table) takes its boundaries, and every table
    it has no sheet for, from the snapshot given by --base. An invalid dataset, or one whose
    region and reference date are already stored, is refused, and the store is left exactly
    as it was.
    """
    from praksisplan.core.errors import DatasetInvalidError
    from praksisplan.store import Store

    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as progress:
        reading = read_source(path, base, db, progress)
        if reading.dataset is None:
            raise DatasetInvalidError(str(path), reading.issues)
        dataset = reading.dataset
        task = progress.add_task("Gemmer rækker", total=None)

        def advance(stored: int, total: int) -> None:
            progress.update(task, completed=stored, total=total)

        with Store(db) as store, store.unit_of_work():
            info = store.load_dataset(dataset, source=str(path), progress=advance)
            after = {"source": info.source} | ({"base": base} if base else {})
            audit_cli(store, "snapshot_loaded", "snapshot", str(info.id), after=after)
    if reading.from_base:
        console.print(f"Fra {base}: " + ", ".join(reading.from_base), highlight=False)
    Console().print(f"Gemt som snapshot {info.id}: {_describe(info)}", highlight=False)


@snapshots_app.command("list")
def list_snapshots(db: DbOption = DEFAULT_DB_URL) -> None:
    """List every snapshot in the store."""
    from praksisplan.store import Store

    with Store(db, create=False) as store:
        snapshots = store.list_snapshots()
    if not snapshots:
        Console().print("Databasen indeholder ingen snapshots endnu.")
        return
    table = Table(title=f"Snapshots ({format_number_da(len(snapshots))})")
    for heading in ("Id", "Region", "Referencedato", "Navn", "Syntetisk", "Indlæst"):
        table.add_column(heading, justify="right" if heading == "Id" else "left")
    for info in snapshots:
        table.add_row(
            str(info.id),
            f"{info.region_code} {info.region_name}",
            info.reference_date.isoformat(),
            info.name,
            "ja" if info.synthetic else "nej",
            format_moment_da(info.loaded_at),
        )
    Console().print(table)


@snapshots_app.command("show")
def show_snapshot(
    snapshot_id: Annotated[int, typer.Argument(help="The snapshot's id (see 'snapshots list').")],
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Show a snapshot: its description, the previous snapshot and rows per table."""
    from praksisplan.store import Store

    check_snapshot_id(snapshot_id)
    with Store(db, create=False) as store:
        info = store.get_snapshot(snapshot_id)
        previous = store.previous_snapshot(snapshot_id)
        counts = store.row_counts(snapshot_id)
        n_decisions = len(store.decisions(snapshot_id))
    console = Console()
    console.print(f"Snapshot {info.id}: {_describe(info)}", highlight=False)
    console.print(f"Indlæst {format_moment_da(info.loaded_at)} fra {info.source}")
    console.print(
        "Forrige snapshot: "
        + ("intet" if previous is None else f"{previous.id} pr. {previous.reference_date}")
    )
    console.print(f"Udvalgsbeslutninger: {format_number_da(n_decisions)}")
    table = Table()
    table.add_column("Tabel")
    table.add_column("Rækker", justify="right")
    for attribute, label in TABLE_LABELS.items():
        table.add_row(label, format_number_da(counts[attribute]))
    console.print(table)


@snapshots_app.command("export")
def export_snapshot(
    snapshot_id: Annotated[int, typer.Argument(help="The snapshot's id (see 'snapshots list').")],
    out: Annotated[
        Path,
        typer.Argument(
            help="New directory (or .zip) to write the dataset to; an .xlsx writes a workbook."
        ),
    ],
    db: DbOption = DEFAULT_DB_URL,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace OUT if it exists.")
    ] = False,
) -> None:
    """Write a snapshot as a dataset in the standard format (it can be loaded again).

    OUT ending in .xlsx writes a workbook dataset: the manifest and the attribute tables, one
    sheet each, without boundaries — the template of an update loaded with
    'load OUT.xlsx --base snapshot:<id>'.
    """
    from praksisplan.dataset_io import write_dataset
    from praksisplan.dataset_io.workbook_writer import write_workbook
    from praksisplan.store import Store

    check_snapshot_id(snapshot_id)
    with Store(db, create=False) as store:
        dataset = store.read_dataset(snapshot_id)
    console = Console()
    if is_workbook(out):
        left_out = write_workbook(dataset, out, overwrite=overwrite)
        if left_out:
            console.print(
                "Udeladt (for mange rækker til et ark; tages fra basissnapshottet ved "
                "indlæsning): " + ", ".join(left_out),
                highlight=False,
            )
    else:
        write_dataset(dataset, out, overwrite=overwrite)
    console.print(f"Snapshot {snapshot_id} skrevet til {out}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``load`` and the ``snapshots`` group to the CLI."""
    app.command("load")(load)
    app.add_typer(snapshots_app)
