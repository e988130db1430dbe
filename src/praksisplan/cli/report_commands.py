"""Commands of the 'report' group: ``facts`` (Tal og fakta), ``threat-note`` (notat) and
``geopackage`` (map layers)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from praksisplan.cli.forecast_commands import DEFAULT_HORIZON
from praksisplan.cli.options import conflicting_options
from praksisplan.cli.sources import DbOption, refuse_unused_db, snapshot_id_of
from praksisplan.core.errors import PraksisplanError
from praksisplan.store import DEFAULT_DB_URL

if TYPE_CHECKING:
    from praksisplan.core.dataset import Dataset
    from praksisplan.store import Store
    from praksisplan.threat.rules import RuleSet

report_app = typer.Typer(
    name="report",
    help="Generated reports: Tal og fakta (HTML, PDF, XLSX), the threat note (PDF, DOCX) and "
    "the map layers as a GeoPackage.",
    no_args_is_help=True,
)


class FactsFormatOption(StrEnum):
    HTML = "html"
    PDF = "pdf"
    XLSX = "xlsx"


class NoteFormatOption(StrEnum):
    PDF = "pdf"
    DOCX = "docx"


RulesOption = Annotated[
    Path | None,
    typer.Option(
        "--rules", exists=True, dir_okay=False, help="Rule file (TOML); default: packaged."
    ),
]
OutArgument = Annotated[Path, typer.Option("--out", help="File to write the report to.")]


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )


def _refuse_rules_beside_runs(
    store: Store, snapshot_ids: list[int], rules_file: Path | None, rules: RuleSet
) -> None:
    """--rules would be ignored for a snapshot whose stored run in force has other rules
    (the report shows the run the committee saw)."""
    from praksisplan.threat.runs import rules_sha256

    if rules_file is None:
        return
    sha = rules_sha256(rules)
    for snapshot_id in snapshot_ids:
        latest = store.latest_assessment_run(snapshot_id)
        if latest is not None and latest.rules_sha256 != sha:
            raise conflicting_options(
                "--rules",
                f"snapshot:{snapshot_id}",
                f"snapshottet har en gemt vurderingskørsel med regelsættet "
                f"'{latest.rules_name}', og rapporten viser den; gør dit regelsæt gældende "
                f"med 'praksisplan assess snapshot:{snapshot_id} --rules {rules_file}'",
            )


def _path_history(path: Path) -> list[Dataset]:
    """A dataset, or a folder of dated datasets (as ``demo-data --history`` writes)."""
    from praksisplan.dataset_io import read_dataset

    if path.is_dir() and not (path / "dataset.toml").exists():
        folders = sorted(p for p in path.iterdir() if (p / "dataset.toml").exists())
        if folders:
            return [read_dataset(folder) for folder in folders]
    return [read_dataset(path)]


def facts(
    context: typer.Context,
    source: Annotated[
        str,
        typer.Argument(
            help="snapshot:<id> (with the region's earlier snapshots), a dataset, or a folder "
            "of dated datasets."
        ),
    ],
    out: OutArgument,
    fmt: Annotated[
        FactsFormatOption, typer.Option("--format", help="Output format.")
    ] = FactsFormatOption.PDF,
    rules_file: RulesOption = None,
    db: DbOption = DEFAULT_DB_URL,
    with_forecast: Annotated[
        bool,
        typer.Option(
            "--forecast/--no-forecast",
            help=f"Include the forecast to {DEFAULT_HORIZON} (default parameters; a few seconds).",
        ),
    ] = True,
) -> None:
    """Write the facts-and-figures report (Tal og fakta) of a snapshot."""
    from praksisplan.forecast.parameters import load_parameters
    from praksisplan.forecast.run import run_forecast
    from praksisplan.report.facts import build_facts_report
    from praksisplan.report.render import render_facts
    from praksisplan.store import Store
    from praksisplan.store.report_inputs import History, snapshot_history, stored_assessment
    from praksisplan.threat.assess import assess
    from praksisplan.threat.rules import load_rules

    refuse_unused_db(context, source)
    rules = load_rules(rules_file)
    snapshot_id = snapshot_id_of(source)
    with _progress() as progress:
        task = progress.add_task("Læser data", total=5)
        if snapshot_id is not None:
            with Store(db, create=False) as store:
                _refuse_rules_beside_runs(store, [snapshot_id], rules_file, rules)
                history = snapshot_history(store, snapshot_id)
                progress.update(task, advance=1, description="Vurderer områderne")
                assessment = stored_assessment(store, snapshot_id, rules, history.datasets[-1])
        else:
            history = History(_path_history(Path(source)), None)
            progress.update(task, advance=1, description="Vurderer områderne")
            assessment = assess(history.datasets[-1], rules)
        progress.update(task, advance=1, description="Beregner prognosen")
        forecast = None
        if with_forecast:
            now = history.datasets[-1]
            horizon = max(DEFAULT_HORIZON, now.reference_year)
            forecast = run_forecast(now, assessment.rules, load_parameters(), horizon)
        progress.update(task, advance=1, description="Beregner tabeller")
        report = build_facts_report(
            history.datasets, assessment, forecast, first_population=history.first_population
        )
        progress.update(task, advance=1, description=f"Skriver {fmt.value.upper()}")
        content = render_facts(report, fmt.value)
        progress.update(task, advance=1)
    out.write_bytes(content)
    Console().print(
        f"Skrev «{report.title}» pr. {report.reference_date:%d.%m.%Y} til {out} "
        f"({len(report.tables())} tabeller, {len(history.datasets)} øjebliksbilleder)."
    )


def threat_note(
    snapshot: Annotated[str, typer.Argument(help="snapshot:<id> (or the id) in the store.")],
    out: OutArgument,
    fmt: Annotated[
        NoteFormatOption, typer.Option("--format", help="Output format.")
    ] = NoteFormatOption.PDF,
    rules_file: RulesOption = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Write the half-yearly note on threatened areas: gross list, changes, decisions.

    Uses the snapshot's stored assessment run (and the previous snapshot's); a snapshot
    without one is assessed with --rules and the run stored.
    """
    from praksisplan.report.render import render_threat_note
    from praksisplan.report.threat_note import build_threat_note
    from praksisplan.store import Store
    from praksisplan.store.report_inputs import stored_assessment
    from praksisplan.threat.rules import load_rules

    snapshot_id = snapshot_id_of(snapshot if not snapshot.isdigit() else f"snapshot:{snapshot}")
    if snapshot_id is None:
        raise PraksisplanError(
            f"'{snapshot}' er ikke et øjebliksbillede; skriv snapshot:<id>, fx snapshot:3"
        )
    rules = load_rules(rules_file)
    with _progress() as progress:
        task = progress.add_task("Læser øjebliksbilledet", total=3)
        with Store(db, create=False) as store:
            before = store.previous_snapshot(snapshot_id)
            compared = [snapshot_id] + ([] if before is None else [before.id])
            _refuse_rules_beside_runs(store, compared, rules_file, rules)
            dataset = store.read_dataset(snapshot_id)
            assessment = stored_assessment(store, snapshot_id, rules, dataset)
            progress.update(task, advance=1, description="Sammenligner med sidste halvår")
            previous = stored_assessment(store, before.id, rules) if before else None
            decisions = store.current_decisions(snapshot_id)
        progress.update(task, advance=1, description=f"Skriver {fmt.value.upper()}")
        note = build_threat_note(dataset, assessment, previous, decisions)
        content = render_threat_note(note, fmt.value)
        progress.update(task, advance=1)
    out.write_bytes(content)
    Console().print(
        f"Skrev notatet pr. {note.reference_date:%d.%m.%Y} til {out}: {len(note.areas)} "
        f"områder på bruttolisten, {len(note.changes)} ændringer siden sidste halvår."
    )


def geopackage(
    context: typer.Context,
    source: Annotated[
        str, typer.Argument(help="snapshot:<id> in the store, or a dataset (folder or zip).")
    ],
    out: Annotated[Path, typer.Option("--out", help="GeoPackage file to write (.gpkg).")],
    rules_file: RulesOption = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Write the map layers as one GeoPackage (EPSG:25832) for QGIS/ArcGIS.

    Layers: coverage_areas (threat class, explanation, indicators), municipalities,
    practices, cells (free choice, distances, E2SFCA). A snapshot uses its stored
    assessment run; otherwise the areas are assessed with --rules.
    """
    from praksisplan.dataset_io import read_dataset
    from praksisplan.engine.cells import analyse_cells
    from praksisplan.engine.indicators import compute_indicators
    from praksisplan.geopackage import write_geopackage
    from praksisplan.gis.layers import map_layers
    from praksisplan.store import Store
    from praksisplan.store.report_inputs import stored_assessment
    from praksisplan.threat.assess import assess
    from praksisplan.threat.rules import load_rules

    refuse_unused_db(context, source)
    rules = load_rules(rules_file)
    snapshot_id = snapshot_id_of(source)
    with _progress() as progress:
        task = progress.add_task("Læser data", total=3)
        if snapshot_id is not None:
            with Store(db, create=False) as store:
                _refuse_rules_beside_runs(store, [snapshot_id], rules_file, rules)
                dataset = store.read_dataset(snapshot_id)
                assessment = stored_assessment(store, snapshot_id, rules, dataset)
        else:
            dataset = read_dataset(Path(source))
            assessment = assess(dataset, rules)
        progress.update(task, advance=1, description="Beregner nøgletal")
        layers = map_layers(
            dataset, compute_indicators(dataset, "area"), assessment, analyse_cells(dataset)
        )
        progress.update(task, advance=1, description="Skriver GeoPackage")
        write_geopackage(layers, out)
        progress.update(task, advance=1)
    counts = ", ".join(f"{layer.id} ({len(layer.frame)})" for layer in layers)
    Console().print(f"Skrev kortlagene til {out}: {counts}.")


def register(app: typer.Typer) -> None:
    """Add this group's commands to the CLI."""
    report_app.command("facts")(facts)
    report_app.command("threat-note")(threat_note)
    report_app.command("geopackage")(geopackage)
    app.add_typer(report_app)
