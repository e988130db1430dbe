"""Arguments shared by the 'scenario' group's commands (``scenario_commands`` and
``scenario_review_commands``)."""

from __future__ import annotations

from typing import Annotated

import typer

NameArgument = Annotated[str, typer.Argument(help="The scenario's name.")]
ByOption = Annotated[str, typer.Option("--by", help="Name recorded as the person making it.")]


def scenario_ref(name: str) -> int | str:
    """A scenario named on the command line: by its id (digits) or its name."""
    return int(name) if name.isdigit() else name
