"""Commands of the 'analysis' group: ``indicators`` and ``access``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from praksisplan.cli.options import conflicting_options
from praksisplan.cli.sources import DbOption, open_dataset, refuse_unused_db
from praksisplan.core.danish_numbers import format_number_da, format_share_da
from praksisplan.core.vocabulary import LEVEL_LABELS
from praksisplan.store import DEFAULT_DB_URL
from praksisplan.table_format import FORMAT_HELP, TableFormat

if TYPE_CHECKING:
    import pandas as pd

    from praksisplan.engine.accessibility import Method
    from praksisplan.engine.indicators import Level

#: Columns shown in the terminal table, with their Danish headings (the full set, under
#: the indicator names of docs/engine.md, goes to CSV/JSON/XLSX or --all-columns).
HEADLINE_COLUMNS: dict[str, str] = {
    "name": "Navn",
    "population": "Borgere",
    "capacities": "Kap.",
    "filled_capacities": "Besat",
    "patients_per_filled_capacity": "Pt. pr. besat kap.",
    "supply_pct_of_need": "Forsyning/behov",
    "share_persons_lt2_open": "Under 2 valg",
    "dist_open_median_km": "Km til åben",
    "access_e2sfca_mean": "E2SFCA",
}

T = TypeVar("T")
_stderr = Console(stderr=True)


@contextmanager
def _progress() -> Iterator[Callable[[str, Callable[[], T]], T]]:
    """A spinner with elapsed time on stderr; ``step(label, work)`` runs one step under it."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=_stderr,
        transient=True,
    ) as progress:

        def step(label: str, work: Callable[[], T]) -> T:
            task = progress.add_task(label, total=None)
            result = work()
            progress.remove_task(task)
            return result

        yield step


class LevelChoice(StrEnum):
    AREA = "area"
    MUNICIPALITY = "municipality"
    REGION = "region"


class MethodChoice(StrEnum):
    TWO_STEP = "2sfca"
    ENHANCED = "e2sfca"


SourceArgument = Annotated[
    str, typer.Argument(help="Dataset directory, .zip, or snapshot:<id> from the database.")
]
RadiusOption = Annotated[
    float | None,
    typer.Option(
        "--radius-km",
        min=0.1,
        help=(
            "Radius in km of free choice and of the accessibility catchment "
            "(default: the dataset's, 15)."
        ),
    ),
]
DetourOption = Annotated[
    float,
    typer.Option(
        "--detour-factor",
        min=1.0,
        help="Factor by which roads are longer than straight lines (1.0 = straight line).",
    ),
]


def indicators(
    context: typer.Context,
    source: SourceArgument,
    level: Annotated[
        LevelChoice, typer.Option("--level", help="Unit of the rows.")
    ] = LevelChoice.AREA,
    fmt: Annotated[TableFormat, typer.Option("--format", help=FORMAT_HELP)] = (TableFormat.TABLE),
    out: Annotated[
        Path | None, typer.Option("--out", help="Write to FILE instead of the terminal.")
    ] = None,
    radius_km: RadiusOption = None,
    detour_factor: DetourOption = 1.0,
    all_columns: Annotated[
        bool, typer.Option("--all-columns", help="Show every column in the terminal table too.")
    ] = False,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Indicators per coverage area, municipality or region (docs/engine.md defines each)."""
    from praksisplan.engine.cells import SpatialSettings
    from praksisplan.engine.indicators import compute_indicators
    from praksisplan.tables import write_table

    if all_columns and fmt is not TableFormat.TABLE:
        raise conflicting_options(
            "--all-columns", f"--format {fmt.value}", "kun terminaltabellen udelader kolonner"
        )
    refuse_unused_db(context, source)
    unit_level: Level = level.value
    with _progress() as step:
        dataset = step("Læser data …", lambda: open_dataset(source, db))
        frame = step(
            "Beregner indikatorer …",
            lambda: compute_indicators(
                dataset,
                unit_level,
                radius_km=radius_km,
                settings=SpatialSettings(detour_factor=detour_factor),
            ),
        )
    if fmt is TableFormat.TABLE and not all_columns:
        frame = _headline_table(frame)
    write_table(frame, fmt, out, title=f"Indikatorer pr. {LEVEL_LABELS[unit_level]}")
    if out is not None:
        _stderr.print(f"Skrev {format_number_da(len(frame))} rækker til {out}")


def _headline_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The headline columns under Danish headings, shares and percentages written as ``58 %``."""
    shown = frame[list(HEADLINE_COLUMNS)].assign(
        supply_pct_of_need=frame["supply_pct_of_need"].map(lambda v: format_share_da(v / 100)),
        share_persons_lt2_open=frame["share_persons_lt2_open"].map(format_share_da),
    )
    return shown.rename(columns=HEADLINE_COLUMNS).rename_axis("Id")


def access(
    context: typer.Context,
    source: SourceArgument,
    out: Annotated[Path, typer.Option("--out", help="CSV file to write, one row per cell.")],
    method: Annotated[
        MethodChoice, typer.Option("--method", help="Accessibility method.")
    ] = MethodChoice.ENHANCED,
    radius_km: RadiusOption = None,
    detour_factor: DetourOption = 1.0,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Spatial accessibility (2SFCA/E2SFCA) per population cell, written as CSV.

    Columns: cell_id, score (filled capacities per 1,000 need-weighted persons),
    open_practices (practices open to the cell within the radius), nearest_open_km.
    """
    import pandas as pd

    from praksisplan.engine.cells import SpatialSettings, analyse_cells
    from praksisplan.tables import write_table

    refuse_unused_db(context, source)
    chosen: Method = method.value
    settings = SpatialSettings(radius_km=radius_km, detour_factor=detour_factor, methods=(chosen,))
    with _progress() as step:
        dataset = step("Læser data …", lambda: open_dataset(source, db))
        cells = step("Beregner tilgængelighed …", lambda: analyse_cells(dataset, settings))
    result = pd.DataFrame(
        {
            "score": cells[f"access_{chosen}"],
            "open_practices": cells["open_within_radius"],
            "nearest_open_km": cells["nearest_open_km"],
        },
        index=cells.index,
    )
    write_table(result, TableFormat.CSV, out)
    _stderr.print(f"Skrev {format_number_da(len(result))} celler til {out}")


def register(app: typer.Typer) -> None:
    """Add this group's commands to the CLI."""
    app.command("indicators")(indicators)
    app.command("access")(access)
