"""Commands of the 'threat' group that assess: ``assess`` and ``compare``.

``assess`` makes the half-yearly gross list of threatened coverage areas; when the source is
a stored snapshot the result is saved with the rule set used. ``compare`` lists the areas
whose class changed between two datasets. The committee's decisions on the list are
:mod:`praksisplan.cli.decision_commands`.
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from praksisplan.cli.audit import audit_cli
from praksisplan.cli.sources import DbOption, open_dataset, refuse_unused_db, snapshot_id_of
from praksisplan.cli.threat_options import (
    FormatOption,
    OutOption,
    RulesOption,
    classes_in_danish,
    write_result,
)
from praksisplan.core.danish_numbers import format_number_da
from praksisplan.core.vocabulary import (
    EARLY_WARNING_NEED,
    FORECAST_YEAR_COLUMNS,
    column_header,
)
from praksisplan.store import DEFAULT_DB_URL
from praksisplan.table_format import TableFormat

if TYPE_CHECKING:
    import pandas as pd

    from praksisplan.core.dataset import Dataset
    from praksisplan.threat.assess import Assessment
    from praksisplan.threat.rules import RuleSet

_stderr = Console(stderr=True)

SourceArgument = Annotated[
    str, typer.Argument(help="Dataset directory, .zip, or snapshot:<id> from the database.")
]


def _assess_source(source: str, rules: RuleSet, db: str) -> tuple[Dataset, Assessment]:
    from praksisplan.threat.assess import assess

    with _stderr.status(f"Vurderer {source} …"):
        dataset = open_dataset(source, db)
        return dataset, assess(dataset, rules)


def _years_da(years: pd.Series) -> pd.Series:
    import pandas as pd

    return years.map(lambda y: "–" if pd.isna(y) else format_number_da(y))


def _gross_list_table(assessment: Assessment, dataset: Dataset) -> pd.DataFrame:
    import pandas as pd

    areas = classes_in_danish(assessment.areas, ["threat_class"])
    names = dataset.municipalities.set_index("code")["name"]
    coming = (
        {column_header("coming"): areas["coming"].map({True: "ja", False: "nej"})}
        if "coming" in areas
        else {}
    )
    return pd.DataFrame(
        {
            "Område": areas["name"],
            "Kommune": areas["municipality_code"].map(names).fillna(areas["municipality_code"]),
            "Klasse": areas["threat_class"],
            "År til rød": _years_da(areas["years_until_red"]),
            **coming,
            "Forklaring": areas["explanation"],
        },
        index=areas.index.rename("Id"),
    )


def _with_coming(assessment: Assessment, dataset: Dataset) -> Assessment:
    """The gross list with the forecast's "kommende lægedækningstruede områder": columns
    ``coming`` and ``prob_red_within_<N>_years`` (docs/forecast.md, the packaged parameters'
    window N and probability)."""
    from praksisplan.forecast.parameters import load_parameters
    from praksisplan.forecast.run import run_forecast

    parameters = load_parameters()
    horizon = dataset.reference_year + parameters.threat.coming_within_years
    with _stderr.status("Fremskriver til kommende truede områder …"):
        forecast = run_forecast(dataset, assessment.rules, parameters, horizon)
    within = f"prob_red_within_{parameters.threat.coming_within_years}_years"
    outlook = forecast.areas.set_index("area_id")[["coming", within]]
    areas = assessment.areas.join(outlook)
    return replace(assessment, areas=areas)


class NeedChoice(StrEnum):
    """``assess --need``: the early warning's need basis (``EarlyWarning.need``)."""

    FIXED = "fixed"
    FORECAST = "forecast"


def _coming_for_people(wide: pd.DataFrame) -> pd.DataFrame:
    """The --coming columns of the CSV/XLSX for people: ja/nej and a Danish header."""
    if "coming" not in wide:
        return wide
    within = next(c for c in wide.columns if str(c).startswith("prob_red_within_"))
    years = str(within).removeprefix("prob_red_within_").removesuffix("_years")
    header = FORECAST_YEAR_COLUMNS["prob_red_within"].format(n=years)
    words = wide["coming"].map({True: "ja", False: "nej"})
    return wide.assign(coming=words).rename(columns={within: header})


def assess_command(
    context: typer.Context,
    source: SourceArgument,
    rules_file: RulesOption = None,
    need: Annotated[
        NeedChoice | None,
        typer.Option(
            "--need",
            help="The early warning's need over its horizon: 'forecast' grows it with the "
            "population forecast, 'fixed' holds it at the reference date. Default: the rule "
            "set's early_warning.need (the packaged rule set: forecast).",
        ),
    ] = None,
    coming: Annotated[
        bool,
        typer.Option(
            "--coming",
            help="Add the coming threatened areas (kommende lægedækningstruede områder) from "
            "the forecast: not red now, red within N years with probability at least p "
            "(threat.coming_within_years and coming_min_probability in the forecast "
            "parameters, docs/forecast.md).",
        ),
    ] = False,
    fmt: FormatOption = TableFormat.TABLE,
    out: OutOption = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """The gross list of threatened coverage areas (red/yellow/green), most severe first.

    Every criterion's measured value, threshold and whether it fired is in the CSV/XLSX
    columns and the JSON records. A snapshot's result is saved as an assessment run with
    the rule set used, which becomes the snapshot's rule set in force (for decisions);
    with --need that rule set has the need basis asked for. --coming adds the
    forecast's coming threatened areas to the list shown (not to the saved run).
    """
    from praksisplan.store import Store
    from praksisplan.threat.gross_list import wide_gross_list
    from praksisplan.threat.rules import load_rules
    from praksisplan.threat.run_service import save_run

    refuse_unused_db(context, source)
    rules = load_rules(rules_file)
    if need is not None:
        rules = rules.with_need("fixed" if need is NeedChoice.FIXED else "forecast")
    dataset, result = _assess_source(source, rules, db)
    snapshot_id = snapshot_id_of(source)
    if snapshot_id is not None:
        with Store(db, create=False) as store, store.unit_of_work():
            run = save_run(store, snapshot_id, result)
            audit_cli(store, "assessment_run", "snapshot", str(snapshot_id),
                      after={"run": run.id, "rules": rules.name})  # fmt: skip
        _stderr.print(f"Vurderingen er gemt som kørsel {run.id} med regelsættet '{rules.name}'.")
    if coming:
        result = _with_coming(result, dataset)
    title = f"Lægedækningstruede områder — {rules.name}"
    if fmt is TableFormat.TABLE:
        _stderr.print(EARLY_WARNING_NEED[rules.early_warning.need])
    if fmt is TableFormat.JSON:
        _write_json(result, out)
        return
    wide = wide_gross_list(result)
    if fmt in (TableFormat.CSV, TableFormat.XLSX):
        wide = _coming_for_people(wide)
    write_result(_gross_list_table(result, dataset), wide, fmt, out, title)


def _write_json(result: Assessment, out: Path | None) -> None:
    """The gross list as ``{"rules": name, "areas": [area with its criteria, …]}``."""
    from praksisplan.core import json_text

    text = json_text.dumps({"rules": result.rules.name, "areas": result.to_records()})
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")


def compare_command(
    context: typer.Context,
    old: Annotated[str, typer.Argument(help="The earlier dataset (path or snapshot:<id>).")],
    new: Annotated[str, typer.Argument(help="The later dataset (path or snapshot:<id>).")],
    rules_file: RulesOption = None,
    fmt: FormatOption = TableFormat.TABLE,
    out: OutOption = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Half-yearly comparison: the areas whose class changed, with the criteria that changed."""
    import pandas as pd

    from praksisplan.threat.compare import compare
    from praksisplan.threat.rules import load_rules

    refuse_unused_db(context, old, new)
    rules = load_rules(rules_file)
    changes = compare(_assess_source(old, rules, db)[1], _assess_source(new, rules, db)[1])
    if changes.empty and fmt is TableFormat.TABLE and out is None:
        _stderr.print("Ingen områder har skiftet klasse.")
        return
    shown = classes_in_danish(changes, ["old_class", "new_class"])
    table = pd.DataFrame(
        {
            "Område": shown["name"],
            "Før": shown["old_class"],
            "Nu": shown["new_class"],
            "Nye kriterier": shown["criteria_now_fired"],
            "Ophørte kriterier": shown["criteria_no_longer_fired"],
            "Forklaring nu": shown["new_explanation"].fillna("–"),
        },
        index=shown.index.rename("Id"),
    )
    write_result(table, changes, fmt, out, f"Ændringer i klassifikationen — {rules.name}")


def register(app: typer.Typer) -> None:
    """Add this group's commands to the CLI."""
    app.command("assess")(assess_command)
    app.command("compare")(compare_command)
