"""The committee's decisions on the gross list: ``decide`` and ``decisions``.

``decide`` records the committee's decision on an area (never overwriting earlier ones) and
``decisions`` prints the final list (indstilling) with the model's and the committee's class
side by side. The model's class is that of the snapshot's rule set in force.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from praksisplan.cli.audit import audit_cli
from praksisplan.cli.options import conflicting_options
from praksisplan.cli.sources import DbOption, check_snapshot_id
from praksisplan.cli.threat_options import (
    FormatOption,
    OutOption,
    RulesOption,
    classes_in_danish,
    write_result,
)
from praksisplan.core.danish_dates import format_moment_da
from praksisplan.core.vocabulary import CLASS_WORDS, parse_class
from praksisplan.store import DEFAULT_DB_URL
from praksisplan.table_format import TableFormat

if TYPE_CHECKING:
    from pathlib import Path

    from praksisplan.threat.rules import RuleSet


def _rules_or_none(rules_file: Path | None) -> RuleSet | None:
    from praksisplan.threat.rules import load_rules

    return None if rules_file is None else load_rules(rules_file)


def _threat_class(text: str) -> str:
    """The class code (red, yellow, green) of a Danish or English class word."""
    code = parse_class(text)
    if code is None:
        raise typer.BadParameter(
            f"'{text}' er ikke en klasse: skriv rød, gul eller grøn (eller red, yellow, green)."
        )
    return code


ClassOption = Annotated[
    str,
    typer.Option(
        "--class",
        parser=_threat_class,
        metavar="rød|gul|grøn",
        help="The class the committee decides: rød, gul or grøn (or red, yellow, green).",
    ),
]


def decide_command(
    snapshot_id: Annotated[int, typer.Argument(help="Snapshot id.")],
    area_id: Annotated[str, typer.Argument(help="Coverage area id.")],
    decided_class: ClassOption,
    reason: Annotated[str, typer.Option("--reason", help="The committee's reason.")],
    decided_by: Annotated[str, typer.Option("--by", help="Who records the decision.")],
    scenario: Annotated[
        str | None,
        typer.Option(
            "--scenario",
            metavar="NAME",
            help="A what-if scenario on the same snapshot that the decision cites "
            "(it can then not be deleted).",
        ),
    ] = None,
    rules_file: RulesOption = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Record the committee's final class of an area; earlier decisions are kept.

    The model's class is the area's class under the snapshot's rule set in force (that of
    its newest assessment run; the default rule set if there is none). With --rules the
    model class is taken under that rule set, which becomes the one in force.
    """
    from praksisplan.store import ScenarioStore, Store
    from praksisplan.threat.run_service import record_decision

    check_snapshot_id(snapshot_id)
    rules = _rules_or_none(rules_file)
    with Store(db, create=False) as store, store.unit_of_work():
        scenario_id = None if scenario is None else ScenarioStore(store).get(scenario).id
        record, run = record_decision(
            store,
            snapshot_id,
            area_id,
            decided_class,
            reason,
            decided_by,
            rules,
            scenario_id=scenario_id,
        )
        decided = {
            "decided_class": record.decided_class,
            "decided_by": decided_by,
            "scenario": record.scenario_name,
        }
        audit_cli(store, "decision_recorded", "area", f"{snapshot_id}/{area_id}", after=decided)
    name = str(run.assessment.areas.loc[area_id, "name"])
    Console(highlight=False, soft_wrap=True).print(
        f"Beslutning {record.id} registreret for {area_id} {name}: modellens klasse "
        f"{CLASS_WORDS[record.model_class]} (regelsæt '{run.rules.name}', kørsel {run.id}), "
        f"besluttet {CLASS_WORDS[record.decided_class]} "
        f"(af {record.decided_by}, {format_moment_da(record.decided_at)} dansk tid)"
        + (f" med henvisning til scenariet '{record.scenario_name}'." if scenario else ".")
    )


def decisions_command(
    snapshot_id: Annotated[int, typer.Argument(help="Snapshot id.")],
    fmt: FormatOption = TableFormat.TABLE,
    out: OutOption = None,
    history: Annotated[
        bool, typer.Option("--history", help="Every decision ever recorded, newest first.")
    ] = False,
    rules_file: RulesOption = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """The final list (indstilling): model class, decided class, reason, who and when.

    The model class is under the rule set in force (or --rules, assessed now and not
    stored); each decision shows the rule set whose model class it recorded.
    """
    import pandas as pd

    from praksisplan.store import Store
    from praksisplan.tables import write_table
    from praksisplan.threat.gross_list import decision_history, final_list
    from praksisplan.threat.run_service import run_in_force

    check_snapshot_id(snapshot_id)
    if history and rules_file is not None:
        raise conflicting_options(
            "--history",
            "--rules",
            "historikken viser hver beslutning med det regelsæt, den blev truffet under",
        )
    rules = _rules_or_none(rules_file)
    with Store(db, create=False) as store:
        if history:
            frame = decision_history(store.decisions(snapshot_id))
            shown = classes_in_danish(frame, ["model_class", "decided_class"])
            write_table(
                shown if fmt is TableFormat.TABLE else frame, fmt, out, title="Beslutninger"
            )
            return
        run = run_in_force(store, snapshot_id, rules, save=False)
        listing = final_list(run.assessment, store.current_decisions(snapshot_id))
    shown = classes_in_danish(listing, ["model_class", "decided_class", "final_class"])
    table = pd.DataFrame(
        {
            "Område": shown["name"],
            "Model": shown["model_class"],
            "Besluttet": shown["decided_class"],
            "Endelig": shown["final_class"],
            "Begrundelse": shown["reason"].fillna(""),
            "Af": shown["decided_by"].fillna(""),
            "Tidspunkt": shown["decided_at"].map(
                lambda t: "" if pd.isna(t) else format_moment_da(t.to_pydatetime())
            ),
            "Beslutningens regelsæt": shown["decision_rules"].fillna(""),
            "Scenarie": shown["decision_scenario"].fillna(""),
        },
        index=shown.index.rename("Id"),
    )
    title = f"Indstilling — snapshot {snapshot_id}, regelsæt '{run.rules.name}'"
    write_result(table, listing, fmt, out, title)


def register(app: typer.Typer) -> None:
    """Add this group's commands to the CLI."""
    app.command("decide")(decide_command)
    app.command("decisions")(decisions_command)
