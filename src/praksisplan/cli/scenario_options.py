"""Arguments and options of the 'scenario' group's commands (``scenario_commands`` and
``scenario_review_commands``), and the edits the edit options give."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from praksisplan.core.errors import PraksisplanError

if TYPE_CHECKING:
    from praksisplan.scenario.edits import Edit

NameArgument = Annotated[str, typer.Argument(help="The scenario's name.")]
ByOption = Annotated[str, typer.Option("--by", help="Name recorded as the person making it.")]


def scenario_ref(name: str) -> int | str:
    """A scenario named on the command line: by its id (digits) or its name."""
    return int(name) if name.isdigit() else name


EditsOption = Annotated[
    Path | None,
    typer.Option(
        "--edits", exists=True, dir_okay=False, help="Edits file (TOML [[edits]] or JSON)."
    ),
]
JsonOption = Annotated[
    str | None, typer.Option("--json", help="Edits as JSON text: one edit or a list of edits.")
]
CloseOption = Annotated[
    list[str] | None, typer.Option("--close", help="Close PROVIDER_NUMBER for new patients.")
]
OpenOption = Annotated[
    list[str] | None, typer.Option("--open", help="Open PROVIDER_NUMBER for new patients.")
]
CapacitiesOption = Annotated[
    list[str] | None,
    typer.Option("--capacities", help="Set capacities: PROVIDER_NUMBER=N (e.g. D00042=3)."),
]
RulesOption = Annotated[
    Path | None,
    typer.Option("--rules", exists=True, dir_okay=False, help="Threat rule file (TOML)."),
]
SourceArgument = Annotated[
    str,
    typer.Argument(
        help="Dataset directory or .zip, snapshot:<id>, or scenario:<name> for a stored one."
    ),
]
EditsFileArgument = Annotated[
    Path | None,
    typer.Argument(exists=True, dir_okay=False, help="Edits file laid over SOURCE (optional)."),
]


def option_edits(
    edits_file: Path | None,
    json_text: str | None,
    close: list[str] | None,
    open_: list[str] | None,
    capacities: list[str] | None,
) -> list[Edit]:
    """The edits the command line gives: an edits file, JSON text and the shorthand options
    (``--close``, ``--open``, ``--capacities``), in that order."""
    from praksisplan.scenario.edits import edits_from_text, parse_edits

    edits: list[Edit] = []
    if edits_file is not None:
        edits += edits_from_text(edits_file.read_text(encoding="utf-8"), str(edits_file))
    if json_text is not None:
        try:
            data = json.loads(json_text)
        except json.JSONDecodeError as error:
            raise PraksisplanError(f"--json er ikke gyldig JSON: {error}") from None
        edits += parse_edits(data if isinstance(data, list) else [data])
    raw: list[dict[str, object]] = []
    for provider in close or []:
        raw.append(
            {"table": "practices", "key": provider, "op": "update", "values": {"status": "closed"}}
        )
    for provider in open_ or []:
        raw.append(
            {"table": "practices", "key": provider, "op": "update", "values": {"status": "open"}}
        )
    for item in capacities or []:
        provider, _, number = item.partition("=")
        try:
            value = float(number.replace(",", "."))
        except ValueError:
            raise PraksisplanError(
                f"--capacities '{item}': skriv YDERNUMMER=ANTAL, fx D00042=3"
            ) from None
        raw.append(
            {"table": "practices", "key": provider, "op": "update", "values": {"capacities": value}}
        )
    return edits + parse_edits(raw)
