"""Commands of the 'plan' group: the practice plan in the store.

``praksisplan plan list|export|import|copy|measures|status-note|hvidbog``. The CLI acts as the
region's secretariat (role ``planner``) under the name given by ``--by``; the web app uses
the logged-in user instead.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from praksisplan.cli.audit import audit_cli
from praksisplan.cli.sources import DbOption
from praksisplan.core.errors import PraksisplanError
from praksisplan.store import DEFAULT_DB_URL
from praksisplan.table_format import FORMAT_HELP, TableFormat

if TYPE_CHECKING:
    import pandas as pd

    from praksisplan.plan.model import Plan
    from praksisplan.plan_documents import DocumentFormat
    from praksisplan.store import Store

app = typer.Typer(
    name="plan",
    help="The practice plan: export/import, measures, status note and hvidbog.",
    no_args_is_help=True,
)
_stderr = Console(stderr=True)

KeyArgument = Annotated[str, typer.Argument(help="The plan's key, e.g. demo-2026.")]
OutArgument = Annotated[
    Path, typer.Argument(help="Output file; .html, .pdf or .docx chooses the format.")
]
ByOption = Annotated[
    str, typer.Option("--by", help="Name recorded as the secretariat user making the change.")
]
_DOCUMENT_SUFFIXES: dict[str, DocumentFormat] = {".html": "html", ".pdf": "pdf", ".docx": "docx"}


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file, so a failed write leaves nothing."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _document_format(out: Path) -> DocumentFormat:
    fmt = _DOCUMENT_SUFFIXES.get(out.suffix.lower())
    if fmt is None:
        raise PraksisplanError(
            f"{out}: ukendt filtype '{out.suffix}'; brug .html, .pdf eller .docx"
        )
    if not out.parent.is_dir():
        raise PraksisplanError(f"Mappen {out.parent} findes ikke")
    return fmt


@app.command("list")
def list_command(db: DbOption = DEFAULT_DB_URL) -> None:
    """List the plans in the store."""
    import pandas as pd

    from praksisplan.plan_documents.labels import date_da
    from praksisplan.store import PlanStore, Store
    from praksisplan.tables import write_table

    with Store(db, create=False) as store:
        infos = PlanStore(store).list_plans()
    frame = pd.DataFrame(
        [
            {
                "Nøgle": i.key,
                "Region": i.region_code,
                "Titel": i.title,
                "Status": i.status,
                "Ændringer": i.revision,
                "Senest ændret": date_da(i.updated_at),
            }
            for i in infos
        ],
        columns=["Nøgle", "Region", "Titel", "Status", "Ændringer", "Senest ændret"],
    )
    write_table(frame, TableFormat.TABLE, None, title="Praksisplaner")


@app.command("export")
def export_command(
    key: KeyArgument,
    out: Annotated[Path, typer.Argument(help="The JSON file to write.")],
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing file."),
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Write a plan as one JSON exchange file (schema: docs/plan-schema.json)."""
    from praksisplan.plan.exchange import export_plan
    from praksisplan.store import PlanStore, Store

    if out.exists() and not overwrite:
        raise PraksisplanError(f"{out} findes allerede; brug --overwrite for at erstatte den")
    with Store(db, create=False) as store:
        plan = PlanStore(store).get(key)
    _write_atomically(out, export_plan(plan).encode("utf-8"))
    Console().print(f"Praksisplanen '{plan.title}' er skrevet til {out}.")


@app.command("import")
def import_command(
    path: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="The JSON exchange file to read.")
    ],
    key: Annotated[
        str | None, typer.Option("--key", help="Store under this key instead of the file's.")
    ] = None,
    by: ByOption = "cli",
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Store a plan from a JSON exchange file (its key must not be in use)."""
    from praksisplan.plan.edits import Actor
    from praksisplan.plan.exchange import export_plan, import_plan
    from praksisplan.store import PlanStore, Store

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PraksisplanError(f"{path} kan ikke læses: {error}") from None
    plan = import_plan(text, str(path))
    if key is not None:
        plan = import_plan(export_plan(plan.model_copy(update={"key": key})), "--key")
    with Store(db, create=False) as store, store.unit_of_work():
        PlanStore(store).add(plan, Actor(name=by, role="planner"), kind="import")
        audit_cli(store, "plan_added", "plan", plan.key, after={"kind": "import", "by": by})
    Console().print(
        f"Praksisplanen '{plan.title}' ({len(plan.versions)} versioner) er gemt som '{plan.key}'."
    )


@app.command("copy")
def copy_command(
    key: KeyArgument,
    new_key: Annotated[str, typer.Argument(help="Key of the new plan, e.g. plan-2030.")],
    title: Annotated[str, typer.Option("--title", help="Title of the new plan.")],
    period: Annotated[str, typer.Option("--period", help="First and last year, e.g. 2030-2033.")],
    by: ByOption = "cli",
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Start a new draft plan as a copy of an existing plan's latest version."""
    from praksisplan.plan.apply import copy_plan
    from praksisplan.plan.edits import Actor
    from praksisplan.store import PlanStore, Store

    first, _, last = period.partition("-")
    if not (first.isdigit() and last.isdigit()):
        raise PraksisplanError(f"--period '{period}' skal skrives som to årstal, fx 2030-2033")
    actor = Actor(name=by, role="planner")
    with Store(db, create=False) as store, store.unit_of_work():
        plans = PlanStore(store)
        copy = copy_plan(
            plans.get(key), new_key, title, (int(first), int(last)), actor, dt.datetime.now(dt.UTC)
        )
        plans.add(copy, actor, kind="copy")
        audit_cli(store, "plan_added", "plan", new_key, after={"kind": "copy", "from": key})
    Console().print(f"Praksisplanen '{title}' ('{new_key}') er startet som kopi af '{key}'.")


def _measures_frame(plan: Plan, store: Store, plain: bool) -> pd.DataFrame:
    import pandas as pd

    from praksisplan.plan.measures import LEVEL_LABELS, MEASURE_INDICATORS
    from praksisplan.plan.model import ComputedMeasure
    from praksisplan.plan.status_note import build_status_note
    from praksisplan.plan_documents.labels import measure_row
    from praksisplan.store import PlanStore

    follow_up = PlanStore(store).follow_up(plan)
    note = build_status_note(plan, follow_up.evaluations, dt.date.max, follow_up.municipality_names)
    lines = {line.id: line for i in note.initiatives() for line in i.measures}
    rows = []
    for initiative in plan.initiatives():
        for measure in initiative.measures:
            line = lines[measure.id]
            row = measure_row(line)
            latest = line.evaluation.latest
            where = (
                f"{MEASURE_INDICATORS[measure.indicator].label} "
                f"({LEVEL_LABELS[measure.level]} {measure.unit})"
                if isinstance(measure, ComputedMeasure)
                else "indberettet"
            )
            values = (
                {
                    "Seneste": latest.value if latest else None,
                    "Dato": latest.date.isoformat() if latest else None,
                    "Mål": line.target,
                    "Frist": line.deadline.isoformat() if line.deadline else None,
                }
                if plain
                else {
                    "Seneste": row["latest"],
                    "Dato": row["latest_date"],
                    "Mål": row["target"],
                    "Frist": row["deadline"],
                }
            )
            rows.append(
                {
                    "Målepunkt": measure.id,
                    "Titel": line.title,
                    "Indsats": initiative.id,
                    "Følger": where,
                    **values,
                    "Retning": row["direction"],
                    "Udvikling": row["trend"],
                    "Vurdering": row["on_track"],
                }
            )
    return pd.DataFrame(rows)


@app.command("measures")
def measures_command(
    key: KeyArgument,
    fmt: Annotated[TableFormat, typer.Option("--format", help=FORMAT_HELP)] = (TableFormat.TABLE),
    out: Annotated[Path | None, typer.Option("--out", help="Write to FILE.")] = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Every measure of a plan: latest value, target, trend and whether it is on track.

    Computed measures are evaluated on every stored snapshot of the plan's region.
    """
    from praksisplan.store import PlanStore, Store
    from praksisplan.tables import write_table

    with Store(db, create=False) as store:
        plan = PlanStore(store).get(key)
        with _stderr.status("Beregner målepunkterne på alle øjebliksbilleder …"):
            frame = _measures_frame(plan, store, plain=fmt is not TableFormat.TABLE)
    if fmt is TableFormat.TABLE:
        frame = frame[["Målepunkt", "Titel", "Seneste", "Dato", "Mål", "Udvikling", "Vurdering"]]
    write_table(frame, fmt, out, title=f"Målepunkter – {plan.title}")


@app.command("status-note")
def status_note_command(
    key: KeyArgument,
    out: OutArgument,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Date of the note (YYYY-MM-DD); default today.")
    ] = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Write the plan's status note (goal → initiative → status → measures with trend)."""
    from praksisplan.plan.status_note import build_status_note
    from praksisplan.plan_documents import render_status_note
    from praksisplan.plan_documents.labels import date_da
    from praksisplan.store import PlanStore, Store

    fmt = _document_format(out)
    day = _date(as_of) if as_of else dt.date.today()
    with Store(db, create=False) as store:
        plan = PlanStore(store).get(key)
        with _stderr.status("Beregner målepunkterne og skriver statusnotatet …"):
            follow_up = PlanStore(store).follow_up(plan)
            note = build_status_note(plan, follow_up.evaluations, day, follow_up.municipality_names)
            data = render_status_note(note, fmt)
    _write_atomically(out, data)
    Console().print(
        f"Statusnotatet pr. {date_da(day)} ({len(note.initiatives())} indsatser) er skrevet "
        f"til {out}."
    )


@app.command("hvidbog")
def hvidbog_command(
    key: KeyArgument,
    out: OutArgument,
    consultation: Annotated[
        int | None, typer.Option("--consultation", help="Consultation number; default the last.")
    ] = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Write the hvidbog of a closed consultation: every response, its answer and change."""
    from praksisplan.plan.hvidbog import build_hvidbog
    from praksisplan.plan_documents import render_hvidbog
    from praksisplan.store import PlanStore, Store

    fmt = _document_format(out)
    with Store(db, create=False) as store:
        plans = PlanStore(store)
        plan = plans.get(key)
        if not plan.consultations:
            raise PraksisplanError(f"Praksisplanen '{key}' har ikke været i høring")
        number = consultation or plan.consultations[-1].id
        names = plans.municipality_names(plan.region_code)
    hvidbog = build_hvidbog(plan, number, dt.date.today(), names)
    _write_atomically(out, render_hvidbog(hvidbog, fmt))
    Console().print(f"Hvidbogen med {len(hvidbog.entries)} høringssvar er skrevet til {out}.")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise PraksisplanError(f"--as-of '{text}' er ikke en dato; skriv ÅÅÅÅ-MM-DD") from None


def register(root: typer.Typer) -> None:
    """Add the 'plan' group to the CLI."""
    root.add_typer(app)
