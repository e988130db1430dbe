"""The 'scenario' group's commands of the committee's review: comment on a scenario, mark it.

``praksisplan scenario comment|mark|unmark``; ``scenario show`` lists the comments and marks
(:func:`write_review`). As every write from the terminal, each is stored with its audit entry
(as ``cli:<login name>``, :mod:`praksisplan.cli.audit`) in one unit of work; ``--by`` is the
name shown beside the comment or mark. A mark set from the terminal belongs to the terminal's
login: ``unmark`` removes only the marks that login set.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from praksisplan.cli.audit import audit_cli, cli_actor
from praksisplan.cli.scenario_options import ByOption, NameArgument, scenario_ref
from praksisplan.cli.sources import DbOption
from praksisplan.core.danish_dates import format_moment_da
from praksisplan.store import DEFAULT_DB_URL
from praksisplan.store.scenario_vocabulary import SCENARIO_MARKS
from praksisplan.table_format import TableFormat

if TYPE_CHECKING:
    from praksisplan.store import ScenarioComment, ScenarioMark

MarkArgument = Annotated[
    str,
    typer.Argument(
        help="The mark: " + ", ".join(f"{k} ({v})" for k, v in SCENARIO_MARKS.items()) + "."
    ),
]


def write_review(
    console: Console, comments: list[ScenarioComment], marks: list[ScenarioMark]
) -> None:
    """The scenario's marks and comments as Danish tables (times in Danish time)."""
    import pandas as pd

    from praksisplan.tables import write_table

    marked = pd.DataFrame(
        [{"Markering": m.label, "Af": m.marked_by_name, "Tidspunkt": format_moment_da(m.marked_at)}
         for m in marks],
        columns=["Markering", "Af", "Tidspunkt"],
    )  # fmt: skip
    write_table(marked, TableFormat.TABLE, None, title="Markeringer", console=console)
    written = pd.DataFrame(
        [{"Nr.": c.id, "Af": c.author_name, "Tidspunkt": format_moment_da(c.written_at),
          "Område": c.area_id or "", "Kommentar": c.text} for c in comments],
        columns=["Nr.", "Af", "Tidspunkt", "Område", "Kommentar"],
    )  # fmt: skip
    write_table(written, TableFormat.TABLE, None, title="Kommentarer", console=console)


def comment_command(
    name: NameArgument,
    text: Annotated[
        str, typer.Argument(help="The comment (plain text, at most 4,000 characters).")
    ],
    by: ByOption,
    area: Annotated[
        str | None, typer.Option("--area", help="Id of the coverage area it is about.")
    ] = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Comment on a scenario (optionally about one coverage area)."""
    from praksisplan.store import ScenarioReview, Store

    with Store(db, create=False) as store, store.unit_of_work():
        made = ScenarioReview(store).add_comment(
            scenario_ref(name), text, cli_actor(), by, area_id=area
        )
        after = {"comment": made.id, "text": made.text, "area_id": made.area_id}
        audit_cli(store, "scenario_commented", "scenario", str(made.scenario_id), after=after)
    Console().print(f"Kommentaren (nr. {made.id}) er gemt på scenariet '{name}'.")


def mark_command(
    name: NameArgument, mark: MarkArgument, by: ByOption, db: DbOption = DEFAULT_DB_URL
) -> None:
    """Mark a scenario (til drøftelse, foretrukket, forbehold)."""
    from praksisplan.store import ScenarioReview, Store

    with Store(db, create=False) as store, store.unit_of_work():
        made = ScenarioReview(store).add_mark(scenario_ref(name), mark, cli_actor(), by)
        audit_cli(store, "scenario_marked", "scenario", str(made.scenario_id), after={"mark": mark})
    Console().print(f"Scenariet '{name}' er markeret «{made.label}» af {made.marked_by_name}.")


def unmark_command(name: NameArgument, mark: MarkArgument, db: DbOption = DEFAULT_DB_URL) -> None:
    """Remove a mark this terminal login set on a scenario."""
    from praksisplan.store import ScenarioReview, Store

    with Store(db, create=False) as store, store.unit_of_work():
        removed = ScenarioReview(store).remove_mark(scenario_ref(name), mark, cli_actor())
        audit_cli(store, "scenario_unmarked", "scenario", str(removed.scenario_id),
                  before={"mark": mark, "marked_at": removed.marked_at.isoformat()})  # fmt: skip
    Console().print(f"Markeringen «{removed.label}» er fjernet fra scenariet '{name}'.")


def add_review_commands(app: typer.Typer) -> None:
    """Add ``comment``, ``mark`` and ``unmark`` to the 'scenario' group."""
    app.command("comment")(comment_command)
    app.command("mark")(mark_command)
    app.command("unmark")(unmark_command)
