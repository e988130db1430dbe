"""The ``forecast`` command: population, need, GP supply and threat outlook to a horizon."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from praksisplan.cli.options import conflicting_options
from praksisplan.cli.scenario_commands import scenario_input
from praksisplan.cli.sources import SCENARIO_PREFIX, DbOption, open_dataset, refuse_unused_db
from praksisplan.core.danish_numbers import format_number_da, format_share_da
from praksisplan.store import DEFAULT_DB_URL
from praksisplan.table_format import FORMAT_HELP, TableFormat

if TYPE_CHECKING:
    import pandas as pd

    from praksisplan.core.dataset import Dataset
    from praksisplan.forecast.run import Forecast
    from praksisplan.forecast_export import (
        ForecastOrigin,
    )
    from praksisplan.threat.rules import RuleSet

_STEPS = 4  # reading and the three steps of run_forecast
DEFAULT_HORIZON = 2040


def _comparison_table(comparison: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    rows = comparison[comparison["level"] == "region"]
    return pd.DataFrame(
        {
            "År": rows["year"].astype(str),
            "Forsyning P50 uden": rows["supply_p50_first"].map(format_number_da),
            "med scenariet": rows["supply_p50_second"].map(format_number_da),
            "Forskel": rows["supply_p50_difference"].map(format_number_da),
            "Sandsynlighed for rød uden": rows["prob_red_first"].map(format_share_da),
            "med scenariet ": rows["prob_red_second"].map(format_share_da),
        }
    )


def _sources(source: str, rules: RuleSet, db: str) -> tuple[Dataset, RuleSet, Dataset | None]:
    """The dataset to forecast and its rules, and for a scenario its base snapshot."""
    from praksisplan.threat.rules import parse_rules

    if not source.startswith(SCENARIO_PREFIX):
        return open_dataset(source, db), rules, None
    base, applied, toml = scenario_input(source, None, db)
    scenario_rules = rules if toml is None else parse_rules(toml, "scenariets trusselsregler")
    return applied.dataset, scenario_rules, base


def forecast_command(
    context: typer.Context,
    source: Annotated[
        str,
        typer.Argument(
            help="Dataset directory, .zip, snapshot:<id> or scenario:<name> from the database."
        ),
    ],
    horizon: Annotated[
        int, typer.Option("--horizon", help="Last year forecast (population on 1 January).")
    ] = DEFAULT_HORIZON,
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            help="official (the dataset's population_projection) or cohort (built-in model); "
            "default: official when the dataset has a projection, else cohort.",
        ),
    ] = None,
    draws: Annotated[
        int | None, typer.Option("--draws", help="Monte Carlo draws (default 1000).")
    ] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Seed of the draws.")] = None,
    parameters_file: Annotated[
        Path | None,
        typer.Option(
            "--parameters",
            exists=True,
            dir_okay=False,
            help="Forecast parameter file (TOML); default: the packaged one (docs/forecast.md).",
        ),
    ] = None,
    rules_file: Annotated[
        Path | None,
        typer.Option("--rules", exists=True, dir_okay=False, help="Threat rule file (TOML)."),
    ] = None,
    compare: Annotated[
        bool,
        typer.Option(
            "--compare",
            help="With a scenario:<name> SOURCE: forecast its base snapshot too and print both "
            "side by side with the differences.",
        ),
    ] = False,
    fmt: Annotated[TableFormat, typer.Option("--format", help=FORMAT_HELP)] = (TableFormat.TABLE),
    out: Annotated[
        Path | None, typer.Option("--out", help="Write to FILE instead of the terminal.")
    ] = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Forecast population, need-weighted persons, GP supply (P10-P90) and the probability
    of red per region, municipality, coverage area and year to the horizon.

    A scenario:<name> SOURCE forecasts the stored scenario's dataset (under the threat rules
    its edits set, if any); --compare forecasts its base snapshot as well."""
    from praksisplan.forecast.parameters import ForecastError, load_parameters
    from praksisplan.forecast.population import MODELS
    from praksisplan.forecast.run import compare_forecasts, run_forecast
    from praksisplan.forecast_export import comparison_for_people
    from praksisplan.tables import write_table
    from praksisplan.threat.rules import load_rules

    if model is not None and model not in MODELS:
        raise ForecastError(f"--model {model!r}: vælg official eller cohort")
    if draws is not None and draws <= 0:
        raise ForecastError(f"--draws {draws}: antallet af træk skal være mindst 1")
    if fmt is TableFormat.XLSX and out is None:
        raise ForecastError("XLSX-output kræver --out FIL")
    if compare and not source.startswith(SCENARIO_PREFIX):
        raise ForecastError(
            f"--compare sammenligner et scenarie med dets snapshot: skriv {SCENARIO_PREFIX}<navn>"
        )
    refuse_unused_db(context, source)
    parameters = load_parameters(parameters_file)
    rules = load_rules(rules_file)
    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=console
    ) as progress:
        task = progress.add_task(f"Læser {source}", total=_STEPS * (1 + compare))
        dataset, dataset_rules, base = _sources(source, rules, db)
        if rules_file is not None and not compare and dataset_rules is not rules:
            raise conflicting_options(
                "--rules",
                source,
                "scenariets ændringer sætter dets egne trusselsregler; med --compare gælder "
                "--rules snapshottet uden scenariet",
            )

        def advance(step: str) -> None:
            progress.update(task, description=step, advance=1)

        forecast = run_forecast(
            dataset, dataset_rules, parameters, horizon, model, draws, seed, progress=advance
        )
        if compare and base is not None:
            progress.update(task, description="Snapshottet uden scenariet", advance=1)
            without = run_forecast(
                base, rules, parameters, horizon, model, draws, seed, progress=advance
            )
        progress.update(task, description="Færdig", completed=_STEPS * (1 + compare))
    if compare and base is not None:
        comparison = compare_forecasts(without, forecast)
        shown = (
            _comparison_table(comparison)
            if fmt is TableFormat.TABLE
            else comparison_for_people(comparison)
            if fmt in (TableFormat.CSV, TableFormat.XLSX)
            else comparison
        )
        title = f"Prognose uden og med scenariet {source.removeprefix(SCENARIO_PREFIX)}"
        write_table(shown, fmt, out, title=title)
        return
    _emit(forecast, fmt, out, _origin(source, dataset))


def _origin(source: str, dataset: Dataset) -> ForecastOrigin:
    from praksisplan.forecast_export import ForecastOrigin

    manifest = dataset.manifest
    demo = ", syntetiske demodata" if manifest.synthetic else ""
    source_line = f"praksisplan, {source} ({manifest.name}{demo})"
    return ForecastOrigin(manifest.region.name, manifest.reference_date, source_line)


def _emit(forecast: Forecast, fmt: TableFormat, out: Path | None, origin: ForecastOrigin) -> None:
    from praksisplan.forecast_export import (
        coming_table_da,
        forecast_document,
        forecast_xlsx,
        region_table_da,
        services_growth_da,
    )
    from praksisplan.tables import rich_table, write_table

    if fmt is TableFormat.XLSX:
        assert out is not None
        out.write_bytes(forecast_xlsx(forecast, origin))
        return
    if fmt is TableFormat.JSON:
        text = json.dumps(forecast_document(forecast), ensure_ascii=False, indent=2) + "\n"
    elif fmt in (TableFormat.CSV, TableFormat.CSV_CODES):
        write_table(forecast.rows, fmt, out)
        return
    else:
        console = Console(record=out is not None, width=200 if out is not None else None)
        title = (
            f"Prognose {forecast.years[0]}–{forecast.years[-1]} "
            f"({forecast.model}, {format_number_da(forecast.draws)} træk)"
        )
        console.print(rich_table(region_table_da(forecast), title))
        console.print(services_growth_da(forecast))
        coming = coming_table_da(forecast)
        console.print(
            rich_table(coming, "Kommende lægedækningstruede områder")
            if len(coming)
            else "Ingen kommende lægedækningstruede områder."
        )
        if out is None:
            return
        text = console.export_text()
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")


def register(app: typer.Typer) -> None:
    app.command("forecast")(forecast_command)
