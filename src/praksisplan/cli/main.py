"""Entry point of the ``praksisplan`` command.

Each command group lives in its own module and adds its commands with ``register(app)``.
Errors are printed as one clear line at the boundary (:mod:`praksisplan.cli.error_boundary`);
``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import inspect
import re

import typer

from praksisplan.cli import (
    allocation_commands,
    analysis_commands,
    dataset_commands,
    db_commands,
    decision_commands,
    dk_commands,
    forecast_commands,
    plan_commands,
    report_commands,
    scenario_commands,
    store_commands,
    threat_commands,
    travel_commands,
    user_commands,
    vacancy_commands,
    web_commands,
)
from praksisplan.cli.error_boundary import run_guarded
from praksisplan.cli.options import DebugState

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
    db_commands,
    analysis_commands,
    threat_commands,
    decision_commands,
    allocation_commands,
    vacancy_commands,
    scenario_commands,
    web_commands,
    user_commands,
    forecast_commands,
    report_commands,
    travel_commands,
)
for _group in _GROUPS:
    _group.register(app)


def _flowing(docstring: str) -> str:
    """A docstring's paragraphs as flowing text: Typer's help keeps the single line breaks of
    every paragraph after the first, which a terminal of another width shows ragged."""
    return re.sub(r"(?<!\n)\n(?!\n)", " ", docstring)


def _reflow_help(typer_app: typer.Typer) -> None:
    """Set every command's help (its docstring unless given) to :func:`_flowing` text."""
    for command in typer_app.registered_commands:
        if command.help is None and command.callback is not None:
            command.help = _flowing(inspect.getdoc(command.callback) or "")
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _reflow_help(group.typer_instance)


_reflow_help(app)


def main() -> None:
    """Run the CLI; every error is one line and a non-zero exit status (see the boundary).

    Usage errors (bad options) are reported by Typer itself with exit status 2.
    """
    run_guarded(lambda: app(standalone_mode=True), lambda: _state.debug)


if __name__ == "__main__":
    main()
