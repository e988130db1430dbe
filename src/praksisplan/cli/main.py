"""Entry point of the ``praksisplan`` command.

Each command group lives in its own module and adds its commands with ``register(app)``.
Errors caused by input (:class:`PraksisplanError`) are printed as one clear message and
exit with status 2; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.markup import escape

from praksisplan.cli import (
    allocation_commands,
    analysis_commands,
    dataset_commands,
    dk_commands,
    plan_commands,
    store_commands,
    threat_commands,
    travel_commands,
    web_commands,
)
from praksisplan.cli.options import DebugState
from praksisplan.core.errors import PraksisplanError

app = typer.Typer(
    name="praksisplan",
    help="Plan GP coverage (lægedækning) in a Danish region: data, analysis, threatened areas.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_state = DebugState()


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
) -> None:
    _state.debug = debug


_GROUPS = (
    dataset_commands,
    dk_commands,
    plan_commands,
    store_commands,
    analysis_commands,
    threat_commands,
    allocation_commands,
    web_commands,
    travel_commands,
)
for _group in _GROUPS:
    _group.register(app)


def main() -> None:
    """Run the CLI; turn input errors into one message and exit status 2.

    Usage errors (bad options) are reported by Typer itself with exit status 2.
    """
    try:
        app()
    except PraksisplanError as error:
        if _state.debug:
            raise
        Console(stderr=True, soft_wrap=True).print(
            f"[bold red]Fejl:[/] {escape(str(error))}", highlight=False
        )
        sys.exit(2)


if __name__ == "__main__":
    main()
