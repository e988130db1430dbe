"""Commands of the 'dk' group (Danish public data)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from praksisplan.cli.travel_commands import print_unlinked_islands
from praksisplan.cli.travel_inputs import read_links
from praksisplan.core.danish_numbers import format_number_da

if TYPE_CHECKING:
    pass

_STEPS = 7  # the six build steps and writing


def import_dk(
    source_dir: Annotated[
        Path,
        typer.Argument(
            help="Folder with the public files (DAGI GeoJSON, FOLK1A CSV, GeoNames CSV)."
        ),
    ],
    out: Annotated[Path, typer.Argument(help="Dataset folder (or .zip) to write.")],
    region: Annotated[
        str,
        typer.Option("--region", help="Region code 1081..1085, or 'all' for the whole country."),
    ],
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace OUT if it exists.")
    ] = False,
    ferry_links: Annotated[
        Path | None,
        typer.Option(
            "--ferry-links",
            help="Link file (docs/travel.md): written into the dataset as its ferry_links "
            "and fixed_links tables, and the region's islands checked against it; without "
            "one every inhabited island is listed as unlinked.",
        ),
    ] = None,
) -> None:
    """Build a dataset from Danish public data: real boundaries and population (FOLK1A
    2020K1), synthetic practices and GPs."""
    from praksisplan.dataset_io import write_dataset
    from praksisplan.dk_import import build_dk_dataset
    from praksisplan.engine.key_figures import key_figures
    from praksisplan.travel.links import link_tables

    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=console
    ) as progress:
        task = progress.add_task("Starter", total=_STEPS)

        def advance(step: str) -> None:
            progress.update(task, description=step, advance=1)

        dataset = build_dk_dataset(source_dir, region, progress=advance)
        if ferry_links is not None:
            dataset = dataset.with_tables(**link_tables(read_links(ferry_links)))
        progress.update(task, description="Skriver datasættet")
        write_dataset(dataset, out, overwrite=overwrite)
        progress.update(task, description="Færdig", completed=_STEPS)
    figures = key_figures(dataset)
    Console().print(
        f"Skrev {out}: {format_number_da(figures['population'])} borgere, "
        f"{format_number_da(figures['municipalities'])} kommuner, "
        f"{format_number_da(figures['coverage_areas'])} lægedækningsområder, "
        f"{format_number_da(figures['practices'])} (syntetiske) praksis."
    )
    print_unlinked_islands(dataset)


def register(app: typer.Typer) -> None:
    """Add this group's commands to the CLI."""
    app.command("import-dk")(import_dk)
