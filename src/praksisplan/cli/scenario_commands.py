"""Commands of the 'scenario' group: what-if scenarios over a snapshot.

``praksisplan scenario new|list|show|edit|undo|status|diff|export|rebase|delete`` (and
``comment|mark|unmark``, :mod:`praksisplan.cli.scenario_review_commands`). Stored
scenarios are named; ``diff`` and ``export`` also take a dataset SOURCE and an edits file
directly, so a planner can script a what-if without storing it (docs/scenarios.md).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from praksisplan.cli.audit import audit_cli
from praksisplan.cli.options import conflicting_options
from praksisplan.cli.scenario_options import (
    ByOption,
    CapacitiesOption,
    CloseOption,
    EditsFileArgument,
    EditsOption,
    JsonOption,
    NameArgument,
    OpenOption,
    RulesOption,
    SourceArgument,
    option_edits,
    scenario_ref,
)
from praksisplan.cli.scenario_review_commands import add_review_commands, write_review
from praksisplan.cli.sources import SCENARIO_PREFIX, DbOption, open_dataset, refuse_unused_db
from praksisplan.core.danish_numbers import format_number_da
from praksisplan.core.errors import PraksisplanError
from praksisplan.store import DEFAULT_DB_URL
from praksisplan.store.scenario_vocabulary import SCENARIO_STATUSES
from praksisplan.table_format import FORMAT_HELP, TableFormat

if TYPE_CHECKING:
    from praksisplan.core.dataset import Dataset
    from praksisplan.scenario.apply import AppliedScenario
    from praksisplan.threat.rules import RuleSet

app = typer.Typer(
    name="scenario",
    help="What-if scenarios: edits laid over a snapshot, and the difference they make.",
    no_args_is_help=True,
)
_stderr = Console(stderr=True)


def scenario_input(
    source: str, edits_file: Path | None, db: str
) -> tuple[Dataset, AppliedScenario, str | None]:
    """Base dataset, applied scenario and the threat rules TOML the edits set (if any)."""
    from praksisplan.scenario.apply import apply_edits
    from praksisplan.scenario.edits import edits_from_text
    from praksisplan.store import ScenarioStore, Store

    extra = (
        edits_from_text(edits_file.read_text(encoding="utf-8"), str(edits_file))
        if edits_file is not None
        else []
    )
    if source.startswith(SCENARIO_PREFIX):
        name = source.removeprefix(SCENARIO_PREFIX)
        with Store(db, create=False) as store:
            scenarios = ScenarioStore(store)
            info = scenarios.get(scenario_ref(name))
            base = store.read_dataset(info.snapshot_id)
            edits = [r.edit for r in scenarios.edits(info.id)] + extra
    else:
        base = open_dataset(source, db)
        edits = extra
    applied = apply_edits(base, edits)
    return base, applied, applied.threat_rules_toml


@app.command("new")
def new_command(
    name: NameArgument,
    snapshot: Annotated[int, typer.Option("--snapshot", help="Id of the base snapshot.")],
    by: ByOption,
    description: Annotated[str, typer.Option("--description", help="What the scenario asks.")] = "",
    edits_file: EditsOption = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Create a scenario over a stored snapshot (status kladde), optionally with edits."""
    from praksisplan.store import ScenarioStore, Store

    edits = option_edits(edits_file, None, None, None, None)
    with Store(db, create=False) as store, store.unit_of_work():
        info = ScenarioStore(store).create(snapshot, name, by, description=description, edits=edits)
        audit_cli(store, "scenario_created", "scenario", str(info.id), after={"name": name})
    Console().print(
        f"Scenariet '{info.name}' (id {info.id}) er oprettet på snapshot {info.snapshot_id} "
        f"med {format_number_da(info.edit_count)} ændringer."
    )


@app.command("list")
def list_command(db: DbOption = DEFAULT_DB_URL) -> None:
    """List the stored scenarios."""
    import pandas as pd

    from praksisplan.store import ScenarioStore, Store
    from praksisplan.tables import write_table

    with Store(db, create=False) as store:
        infos = ScenarioStore(store).list_scenarios()
    frame = pd.DataFrame(
        [
            {
                "Id": i.id,
                "Navn": i.name,
                "Snapshot": i.snapshot_id,
                "Status": i.status,
                "Ændringer": i.edit_count,
                "Oprettet af": i.created_by,
                "Oprettet": i.created_at.strftime("%d-%m-%Y %H:%M"),
            }
            for i in infos
        ],
        columns=["Id", "Navn", "Snapshot", "Status", "Ændringer", "Oprettet af", "Oprettet"],
    )
    write_table(frame, TableFormat.TABLE, None, title="Scenarier")


@app.command("show")
def show_command(name: NameArgument, db: DbOption = DEFAULT_DB_URL) -> None:
    """A scenario's description, its edits in order, and its comments and marks."""
    import pandas as pd

    from praksisplan.store import ScenarioReview, ScenarioStore, Store
    from praksisplan.tables import write_table

    with Store(db, create=False) as store:
        scenarios = ScenarioStore(store)
        info = scenarios.get(scenario_ref(name))
        records = scenarios.edits(info.id)
        review = ScenarioReview(store)
        comments, marks = review.comments(info.id), review.marks(info.id)
    console = Console()
    console.print(
        f"Scenarie '{info.name}' (id {info.id}) på snapshot {info.snapshot_id}, status "
        f"{info.status}, oprettet af {info.created_by} {info.created_at:%d-%m-%Y %H:%M} UTC"
    )
    if info.description:
        console.print(info.description)
    frame = pd.DataFrame(
        [
            {
                "Nr.": r.seq,
                "Tabel": r.edit.table,
                "Nøgle": " / ".join(r.edit.key),
                "Handling": r.edit.op,
                "Værdier": json.dumps(dict(r.edit.values), ensure_ascii=False),
                "År": r.edit.year if r.edit.year is not None else "",
                "Af": r.added_by,
            }
            for r in records
        ],
        columns=["Nr.", "Tabel", "Nøgle", "Handling", "Værdier", "År", "Af"],
    )
    write_table(frame, TableFormat.TABLE, None, title="Ændringer", console=console)
    write_review(console, comments, marks)


@app.command("edit")
def edit_command(
    name: NameArgument,
    by: ByOption,
    edits_file: EditsOption = None,
    json_text: JsonOption = None,
    close: CloseOption = None,
    open_: OpenOption = None,
    capacities: CapacitiesOption = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Append edits to a scenario (all checked on its base first; nothing saved if one fails)."""
    from praksisplan.store import ScenarioStore, Store

    edits = option_edits(edits_file, json_text, close, open_, capacities)
    if not edits:
        raise PraksisplanError(
            "Angiv ændringer med --edits, --json, --close, --open eller --capacities"
        )
    with Store(db, create=False) as store, store.unit_of_work():
        info = ScenarioStore(store).add_edits(scenario_ref(name), edits, by)
        audit_cli(
            store, "scenario_edited", "scenario", str(info.id), after=[e.to_dict() for e in edits]
        )
    Console().print(
        f"Scenariet '{info.name}' har nu {format_number_da(info.edit_count)} ændringer."
    )


@app.command("undo")
def undo_command(name: NameArgument, db: DbOption = DEFAULT_DB_URL) -> None:
    """Remove a scenario's last edit."""
    from praksisplan.store import ScenarioStore, Store

    with Store(db, create=False) as store, store.unit_of_work():
        info = ScenarioStore(store).undo(scenario_ref(name))
        audit_cli(store, "scenario_edit_undone", "scenario", str(info.id))
    Console().print(
        f"Scenariet '{info.name}' har nu {format_number_da(info.edit_count)} ændringer."
    )


@app.command("status")
def status_command(
    name: NameArgument,
    status: Annotated[str, typer.Argument(help=f"One of {', '.join(SCENARIO_STATUSES)}.")],
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Set a scenario's status (kladde, forslag, forkastet, vedtaget)."""
    from praksisplan.store import ScenarioStore, Store

    with Store(db, create=False) as store, store.unit_of_work():
        info = ScenarioStore(store).set_status(scenario_ref(name), status)
        audit_cli(store, "scenario_status", "scenario", str(info.id), after={"status": status})
    Console().print(f"Scenariet '{info.name}' har nu status {info.status}.")


@app.command("delete")
def delete_command(name: NameArgument, db: DbOption = DEFAULT_DB_URL) -> None:
    """Delete a scenario and its edits (its base snapshot is untouched)."""
    from praksisplan.store import ScenarioStore, Store

    with Store(db, create=False) as store, store.unit_of_work():
        ScenarioStore(store).delete(scenario_ref(name))
        audit_cli(store, "scenario_deleted", "scenario", name)
    Console().print(f"Scenariet '{name}' er slettet.")


def _rules(rules_file: Path | None, toml: str | None) -> RuleSet:
    from praksisplan.threat.rules import load_rules, parse_rules

    if toml is not None:
        return parse_rules(toml, "scenariets trusselsregler")
    return load_rules(rules_file)


@app.command("diff")
def diff_command(
    context: typer.Context,
    source: SourceArgument,
    edits_file: EditsFileArgument = None,
    fmt: Annotated[TableFormat, typer.Option("--format", help=FORMAT_HELP)] = TableFormat.TABLE,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write to FILE (needed for xlsx).")
    ] = None,
    rules_file: RulesOption = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Base vs scenario: indicators of region, municipalities and areas, threat classes,
    free choice and the practices changed."""
    from praksisplan.scenario.diff import analyse, diff
    from praksisplan.scenario_report import (
        class_table,
        diff_xlsx,
        free_choice_table,
        indicator_table,
        practice_table,
    )
    from praksisplan.tables import write_table
    from praksisplan.threat.rules import load_rules

    if fmt is TableFormat.TABLE and out is not None:
        raise conflicting_options(
            "--out", "--format table", "skriv til en fil med csv, json eller xlsx"
        )
    refuse_unused_db(context, source)
    base, applied, scenario_rules = scenario_input(source, edits_file, db)
    base_rules = load_rules(rules_file)
    result = diff(
        analyse(base, base_rules), analyse(applied.dataset, _rules(rules_file, scenario_rules))
    )
    if fmt is TableFormat.JSON:
        text = json.dumps(result.to_json(), ensure_ascii=False, indent=2)
        if out is None:
            print(text)
        else:
            out.write_text(text + "\n", encoding="utf-8")
        return
    if fmt is TableFormat.XLSX:
        if out is None:
            raise PraksisplanError("XLSX-output kræver --out FIL")
        out.write_bytes(diff_xlsx(result))
        _stderr.print(f"Skrev forskellen til {out}")
        return
    if fmt is TableFormat.CSV:
        write_table(indicator_table(result), fmt, out)
        return
    if fmt is TableFormat.CSV_CODES:  # every indicator, under its codes, for scripts
        write_table(result.indicators, fmt, out)
        return
    console = Console()
    write_table(class_table(result), fmt, None, title="Trusselsklasser", console=console)
    write_table(free_choice_table(result), fmt, None, title="Frit valg", console=console)
    changed = indicator_table(result, whole_region=False)
    write_table(changed, fmt, None, title="Ændrede indikatorer", console=console)
    write_table(practice_table(result), fmt, None, title="Ændrede praksis", console=console)


@app.command("export")
def export_command(
    context: typer.Context,
    source: SourceArgument,
    out: Annotated[Path, typer.Argument(help="Dataset directory (or .zip) to write.")],
    edits_file: Annotated[
        Path | None,
        typer.Option("--edits", exists=True, dir_okay=False, help="Edits file laid over SOURCE."),
    ] = None,
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing output."),
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Write the applied scenario as an ordinary dataset (that `validate` accepts)."""
    from praksisplan.dataset_io import write_dataset

    refuse_unused_db(context, source)
    _, applied, _ = scenario_input(source, edits_file, db)
    write_dataset(applied.dataset, out, overwrite=overwrite)
    Console().print(f"Scenariet er skrevet som datasæt til {out}")


@app.command("rebase")
def rebase_command(
    name: NameArgument,
    snapshot: Annotated[int, typer.Option("--snapshot", help="Id of the newer snapshot.")],
    new_name: Annotated[str, typer.Option("--as", help="Name of the re-based scenario.")],
    by: ByOption,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Copy a scenario onto another snapshot of the region; report edits whose rows are gone."""
    from praksisplan.scenario.apply import rebase
    from praksisplan.store import ScenarioStore, Store

    with Store(db, create=False) as store:
        scenarios = ScenarioStore(store)
        info = scenarios.get(scenario_ref(name))
        old, new = store.get_snapshot(info.snapshot_id), store.get_snapshot(snapshot)
        if old.region_code != new.region_code:
            raise PraksisplanError(
                f"Snapshot {snapshot} er region {new.region_code}; "
                f"scenariet er på region {old.region_code}"
            )
        edits = [r.edit for r in scenarios.edits(info.id)]
        base = store.read_dataset(snapshot)
        _, skipped = rebase(base, edits)
        kept = [e for i, e in enumerate(edits, start=1) if i not in skipped]
        with store.unit_of_work():
            created = scenarios.create(
                snapshot, new_name, by, description=info.description, edits=kept, base=base
            )
            audit_cli(store, "scenario_created", "scenario", str(created.id))
    console = Console()
    console.print(
        f"Scenariet '{created.name}' (id {created.id}) er oprettet på snapshot {snapshot} med "
        f"{format_number_da(created.edit_count)} ændringer."
    )
    for number in skipped:
        edit = edits[number - 1]
        console.print(
            f"Ændring {number} ({edit.table} {' / '.join(edit.key)}, {edit.op}) er udeladt: "
            "rækken findes ikke i det nye snapshot."
        )


def register(root: typer.Typer) -> None:
    """Add the 'scenario' group to the CLI."""
    add_review_commands(app)
    root.add_typer(app)
