"""Commands on dataset files: ``validate``, ``demo-data`` and ``summary``."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import DatasetInvalidError, ValidationIssue
from praksisplan.dataset_io import read_dataset, write_dataset
from praksisplan.engine.key_figures import KeyFigures, key_figures
from praksisplan.tables import format_number_da, format_share_da

#: Danish label of every key figure, in display order.
KEY_FIGURE_LABELS: dict[str, str] = {
    "municipalities": "Kommuner",
    "coverage_areas": "Lægedækningsområder",
    "population": "Borgere",
    "practices": "Praksis",
    "capacities": "Kapaciteter",
    "filled_capacities": "Besatte kapaciteter",
    "vacant_capacities": "Ledige kapaciteter",
    "region_held_vacant_capacities": "Heraf ledige i regionens regi",
    "gps": "Praktiserende læger",
    "listed_patients": "Tilmeldte patienter",
    "patients_per_filled_capacity": "Patienter pr. besat kapacitet",
    "share_gps_closed": "Læger i lukkede praksis",
    "share_gps_selective": "Læger i selektivt lukkede praksis",
    "share_gps_60plus": "Læger på 60 år og derover",
}


class SummaryFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


@contextmanager
def _progress() -> Iterator[Progress]:
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        yield progress


def format_key_figure(name: str, value: float) -> str:
    """A key figure in Danish notation: shares in percent, fractional capacities with a decimal."""
    if name.startswith("share_"):
        return format_share_da(value)
    if isinstance(value, float) and not math.isnan(value) and not value.is_integer():
        return format_number_da(value, 0 if name == "patients_per_filled_capacity" else 1)
    return format_number_da(value)


def key_figure_table(figures: KeyFigures, title: str) -> Table:
    table = Table(title=title)
    table.add_column("Nøgletal")
    table.add_column("Værdi", justify="right")
    for name, label in KEY_FIGURE_LABELS.items():
        table.add_row(label, format_key_figure(name, figures[name]))  # type: ignore[literal-required]
    return table


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
    return (
        f"{manifest.name} — {manifest.region.name} ({manifest.region.code}), "
        f"{manifest.reference_date.isoformat()}"
    )


def validate(
    path: Annotated[Path, typer.Argument(help="Dataset folder or .zip to check.")],
) -> None:
    """Check a dataset against every rule of the format; list every problem found.

    Exit status 0 when the dataset is valid, 1 when it is not.
    """
    console = Console()
    try:
        with _progress() as progress:
            dataset = read_dataset(path, progress=progress)
    except DatasetInvalidError as invalid:
        console.print(issue_table(invalid.issues))
        console.print(f"[bold red]Datasættet er ugyldigt:[/] {len(invalid.issues)} problemer.")
        raise typer.Exit(1) from None
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
) -> None:
    """Write the built-in synthetic demo region as a dataset (fictitious; no real persons)."""
    from praksisplan.synth.demo import build_demo_dataset

    with _progress() as progress:
        progress.add_task("Bygger demoregionen", total=None)
        dataset = build_demo_dataset()
        write_dataset(dataset, out, overwrite=overwrite)
    figures = key_figures(dataset)
    Console().print(
        f"Skrev demodatasættet til {out}: {format_number_da(figures['population'])} borgere, "
        f"{format_number_da(figures['practices'])} praksis (syntetiske data)."
    )


def summary(
    path: Annotated[Path, typer.Argument(help="Dataset folder or .zip.")],
    output_format: Annotated[
        SummaryFormat,
        typer.Option("--format", help="table: Danish table; json: one JSON object."),
    ] = SummaryFormat.TABLE,
) -> None:
    """Print the region's key figures: population, practices, capacities, GPs."""
    with _progress() as progress:
        dataset = read_dataset(path, progress=progress)
    figures = key_figures(dataset)
    if output_format is SummaryFormat.JSON:
        plain = {
            k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in figures.items()
        }
        typer.echo(json.dumps(plain, ensure_ascii=False))
        return
    Console().print(key_figure_table(figures, _title(dataset)))


def register(app: typer.Typer) -> None:
    """Add this group's commands to the CLI."""
    app.command("validate")(validate)
    app.command("demo-data")(demo_data)
    app.command("summary")(summary)
