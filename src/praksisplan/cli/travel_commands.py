"""The 'travel' group: what the travel model connects, indicators over travel costs, the
patient-assignment model's home-visit reach, and bed sites (docs/travel.md). The travel
costs they share (link file, network, matrix, reach) come from
:mod:`praksisplan.cli.travel_inputs`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from praksisplan.cli.analysis_commands import LevelChoice, SourceArgument
from praksisplan.cli.options import conflicting_options, given
from praksisplan.cli.sources import DbOption, open_dataset, refuse_unused_db
from praksisplan.cli.travel_inputs import (
    network_of,
    od_of,
    reach_m,
    read_matrix,
    refuse_network_with_matrix,
)
from praksisplan.core.danish_numbers import format_number_da, format_share_da
from praksisplan.core.errors import PraksisplanError
from praksisplan.store import DEFAULT_DB_URL
from praksisplan.table_format import FORMAT_HELP, TableFormat

if TYPE_CHECKING:
    import pandas as pd

    from praksisplan.core.dataset import Dataset
    from praksisplan.travel.islands import LandMassReport

app = typer.Typer(
    name="travel",
    help="Travel model: islands, ferries and fixed links, travel costs, where patients live.",
    no_args_is_help=True,
)
_console = Console()
_stderr = Console(stderr=True)


class ModelChoice(StrEnum):
    TRANSPORT = "transport"
    GRAVITY = "gravity"


LinksOption = Annotated[
    Path | None,
    typer.Option(
        "--links",
        help="CSV of ferry and fixed links (docs/travel.md), instead of the dataset's "
        "ferry_links and fixed_links tables; with neither, islands are cut off.",
    ),
]
MatrixOption = Annotated[
    Path | None,
    typer.Option(
        "--matrix",
        help="External cell → practice table (CSV or Parquet: cell_id, provider_number, "
        "distance_m or minutes) instead of land and links.",
    ),
]
DetourOption = Annotated[
    float,
    typer.Option("--detour-factor", min=1.0, help="Road length per straight-line metre on land."),
]
ReachOption = Annotated[
    float | None,
    typer.Option(
        "--reach-km",
        min=1.0,
        help="Reach of the assignment model: the farthest a listed patient may live from "
        "their practice (km; default: the model's, docs/travel.md).",
    ),
]
FormatOption = Annotated[TableFormat, typer.Option("--format", help=FORMAT_HELP)]
OutOption = Annotated[Path | None, typer.Option("--out", help="Write to FILE.")]


def check(
    context: typer.Context,
    source: SourceArgument,
    links: LinksOption = None,
    detour_factor: DetourOption = 1.0,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """What the land-and-links model connects: land masses, their people, practices and
    links, and the inhabited islands no link reaches (exit status 0 either way)."""
    from praksisplan.travel.islands import land_mass_reports

    refuse_unused_db(context, source)
    dataset = open_dataset(source, db)
    network = network_of(dataset, links, detour_factor)
    reports = land_mass_reports(dataset, network)
    table = Table(title=f"{format_number_da(len(reports))} landmasser")
    for heading in ("Nr.", "Navn", "km²", "Borgere", "Praksisser", "Forklaring"):
        table.add_column(heading, justify="left" if heading in ("Navn", "Forklaring") else "right")
    for r in reports:
        table.add_row(
            str(r.land),
            r.name,
            format_number_da(r.area_km2, 1),
            format_number_da(r.persons),
            format_number_da(r.practices),
            r.explanation,
        )
    _console.print(table)
    _console.print(f"Forbindelser: {format_number_da(len(network.links))}")
    _print_cut_off(reports)


def _print_cut_off(reports: list[LandMassReport]) -> None:
    from praksisplan.travel.islands import unlinked_inhabited_islands

    cut_off = unlinked_inhabited_islands(reports)
    if cut_off:
        _console.print("Beboede øer uden forbindelse (når kun praksisser på øen):")
        for r in cut_off:
            _console.print(
                f"  {r.land}: {r.name} — {format_number_da(r.persons)} borgere, "
                f"{format_number_da(r.practices)} praksisser"
            )
    else:
        _console.print("Alle beboede øer har en forbindelse.")


def print_unlinked_islands(dataset: Dataset) -> None:
    """After import-dk: the land masses found and the inhabited islands without a link."""
    from praksisplan.travel.islands import land_mass_reports

    network = network_of(dataset, None, 1.0)
    reports = land_mass_reports(dataset, network)
    _console.print(
        f"Landmasser: {format_number_da(len(reports))}, "
        f"forbindelser: {format_number_da(len(network.links))}"
    )
    _print_cut_off(reports)


def write_demo_links(
    context: typer.Context,
    source: SourceArgument,
    out: Annotated[Path, typer.Argument(help="CSV file to write.")],
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Write the synthetic demo region's ferries and causeway as a link file."""
    from praksisplan.travel.demo import demo_links
    from praksisplan.travel.links import links_to_frame

    refuse_unused_db(context, source)
    dataset = open_dataset(source, db)
    if not dataset.manifest.synthetic:
        raise PraksisplanError("demo-links opfinder forbindelser og gælder kun syntetiske data")
    frame = links_to_frame(demo_links(dataset))
    frame.to_csv(out, index=False)
    _stderr.print(f"Skrev {format_number_da(len(frame))} forbindelser til {out}")


def indicators(
    context: typer.Context,
    source: SourceArgument,
    links: LinksOption = None,
    matrix: MatrixOption = None,
    level: Annotated[LevelChoice, typer.Option("--level")] = LevelChoice.AREA,
    detour_factor: DetourOption = 1.0,
    fmt: FormatOption = TableFormat.CSV,
    out: OutOption = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """The indicators of `praksisplan indicators` over travel costs (land and links, or an
    external matrix) instead of straight lines."""
    from praksisplan.engine.cells import SpatialSettings
    from praksisplan.engine.indicators import compute_indicators
    from praksisplan.engine.travel_od import matrix_od_table
    from praksisplan.tables import write_table

    refuse_network_with_matrix(links, matrix, detour_factor)
    refuse_unused_db(context, source)
    dataset = open_dataset(source, db)
    if matrix is not None:
        reach = SpatialSettings().radius_m(dataset)
        od = matrix_od_table(dataset, read_matrix(matrix), reach, matrix.name)
        frame = compute_indicators(dataset, level.value, od=od)
    else:
        network = network_of(dataset, links, detour_factor)
        frame = compute_indicators(dataset, level.value, settings=SpatialSettings(network=network))
    write_table(frame, fmt, out, title="Indikatorer over rejseafstand")


def assign(
    context: typer.Context,
    source: SourceArgument,
    links: LinksOption = None,
    matrix: MatrixOption = None,
    model: Annotated[ModelChoice, typer.Option("--model")] = ModelChoice.TRANSPORT,
    reach_km: ReachOption = None,
    level: Annotated[LevelChoice, typer.Option("--level")] = LevelChoice.AREA,
    practices: Annotated[
        bool, typer.Option("--practices", help="One row per practice (its catchment).")
    ] = False,
    detour_factor: DetourOption = 1.0,
    fmt: FormatOption = TableFormat.TABLE,
    out: OutOption = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Estimate where each practice's listed patients live, and report how far they live
    from their GP: shares within 5 / 9 / 15 / 17 km and patients beyond 15 km."""
    from praksisplan.tables import write_table
    from praksisplan.travel.home_visits import MIDTJYLLAND_SHARES, region_shares
    from praksisplan.travel.patients import catchment_table, estimate_patients, home_visit_table

    refuse_network_with_matrix(links, matrix, detour_factor)
    if practices and level is not LevelChoice.AREA:
        raise conflicting_options(
            "--practices", "--level", "--practices giver én række pr. praksis"
        )
    refuse_unused_db(context, source)
    dataset = open_dataset(source, db)
    od, _ = od_of(dataset, links, matrix, detour_factor, reach_m(reach_km))
    assignment = estimate_patients(dataset, od, model=model.value)
    if practices:
        frame = catchment_table(dataset, assignment)
    else:
        frame = home_visit_table(dataset, assignment, level.value)
    if fmt is TableFormat.TABLE:
        frame = _shares_in_percent(frame)
    write_table(frame, fmt, out, title="Hvor bor patienterne?")
    shares = region_shares(assignment)
    _stderr.print(
        "Regionen: "
        f"{format_share_da(shares['share_within_5_km'])} inden for 5 km "
        f"(Midtjylland {format_share_da(MIDTJYLLAND_SHARES['within_5_km'])}), "
        f"{format_share_da(shares['share_within_9_km'])} inden for 9 km "
        f"(Midtjylland {format_share_da(MIDTJYLLAND_SHARES['within_9_km'])}), "
        f"{format_share_da(shares['share_beyond_17_km'], 1)} over 17 km "
        f"(Midtjylland {format_share_da(MIDTJYLLAND_SHARES['beyond_17_km'])}); "
        f"{format_number_da(assignment.unplaced.sum())} tilmeldte kunne ikke placeres"
    )


class SitesChoice(StrEnum):
    TEMPORARY = "temporary"
    CARE_HOMES = "care-homes"
    WITHOUT_GP = "without-gp"


def beds(
    context: typer.Context,
    source: SourceArgument,
    sites: Annotated[
        SitesChoice,
        typer.Option(
            "--sites",
            help="temporary: the temporary and acute bed sites; care-homes: the care homes "
            "(care_homes table); without-gp: care homes without a fixed GP per municipality.",
        ),
    ] = SitesChoice.TEMPORARY,
    reach_km: ReachOption = None,
    links: LinksOption = None,
    detour_factor: DetourOption = 1.0,
    fmt: FormatOption = TableFormat.TABLE,
    out: OutOption = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Bed sites and care homes: practices within 15 km and the share of likely patients
    whose own GP is beyond 15 km; or the care homes without a fixed GP per municipality."""
    from praksisplan.tables import write_table
    from praksisplan.travel.beds import bed_site_table, care_home_table, care_homes_without_gp
    from praksisplan.travel.patients import estimate_patients

    if sites is SitesChoice.WITHOUT_GP:
        for option, name in (
            ("--reach-km", "reach_km"),
            ("--links", "links"),
            ("--detour-factor", "detour_factor"),
        ):
            if given(context, name):
                raise conflicting_options(
                    option,
                    "--sites without-gp",
                    "plejehjem uden fast læge tælles pr. kommune uden afstande",
                )
    refuse_unused_db(context, source)
    dataset = open_dataset(source, db)
    if sites is SitesChoice.WITHOUT_GP:
        frame = care_homes_without_gp(dataset)
        if fmt is TableFormat.TABLE:
            frame = _shares_in_percent(frame)
        write_table(frame, fmt, out, title="Plejehjem uden fast læge")
        return
    od, network = od_of(dataset, links, None, detour_factor, reach_m(reach_km))
    assignment = estimate_patients(dataset, od)
    if sites is SitesChoice.CARE_HOMES:
        frame, title = care_home_table(dataset, network, assignment), "Plejehjem"
    else:
        frame, title = bed_site_table(dataset, network, assignment), "Midlertidige pladser"
    if fmt is TableFormat.TABLE:
        frame = _shares_in_percent(frame)
    write_table(frame, fmt, out, title=title)


#: Danish headings of the terminal tables (files keep the column names of docs/travel.md).
HEADINGS = {
    "name": "Navn",
    "patients": "Patienter",
    "share_within_5_km": "≤ 5 km",
    "share_within_9_km": "≤ 9 km",
    "share_within_15_km": "≤ 15 km",
    "share_within_17_km": "≤ 17 km",
    "share_beyond_17_km": "> 17 km",
    "patients_beyond_15_km": "Pt. > 15 km",
    "listed_patients": "Tilmeldte",
    "median_km": "Median km",
    "p90_km": "P90 km",
    "unplaced": "Uplacerede",
    "kind": "Type",
    "beds": "Pladser",
    "municipality_code": "Kommune",
    "practices_within_15_km": "Praksisser ≤ 15 km",
    "share_gp_beyond_15_km": "Egen læge > 15 km",
    "places": "Pladser",
    "fixed_gp": "Fast læge",
    "provider_number": "Ydernummer",
    "care_homes": "Plejehjem",
    "without_fixed_gp": "Uden fast læge",
    "places_without_fixed_gp": "Pladser uden fast læge",
    "care_homes_without_fixed_gp": "Plejehjem uden fast læge",
}


def _shares_in_percent(frame: pd.DataFrame) -> pd.DataFrame:
    """Shares written as ``58 %``, yes/no as ja/nej and Danish headings, for the terminal."""
    shares = [c for c in frame.columns if str(c).startswith("share_")]
    shown = frame.assign(**{c: frame[c].map(format_share_da) for c in shares})
    if "fixed_gp" in shown.columns:
        shown["fixed_gp"] = shown["fixed_gp"].map({True: "ja", False: "nej"})
    return shown.rename(columns=HEADINGS).rename_axis("Id")


def register(root: typer.Typer) -> None:
    """Add the 'travel' group to the CLI."""
    app.command("check")(check)
    app.command("demo-links")(write_demo_links)
    app.command("indicators")(indicators)
    app.command("assign")(assign)
    app.command("beds")(beds)
    root.add_typer(app)
