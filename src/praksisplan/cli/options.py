"""State and option types shared by the command groups."""

from __future__ import annotations

from dataclasses import dataclass

import typer

from praksisplan.core.errors import PraksisplanError


@dataclass
class DebugState:
    """Whether ``--debug`` was given (tracebacks instead of one-line errors)."""

    debug: bool = False


def conflicting_options(first: str, second: str, why: str) -> PraksisplanError:
    """The error for two options given together when one would be ignored."""
    return PraksisplanError(f"{first} og {second} kan ikke bruges sammen: {why}")


def option_needs(option: str, needed: str, why: str) -> PraksisplanError:
    """The error for an option that would be ignored without another one."""
    return PraksisplanError(f"{option} kræver {needed}: {why}")


def given(context: typer.Context, parameter: str) -> bool:
    """Whether the command's ``parameter`` was given (on the command line or in the
    environment), not left at its default."""
    source = context.get_parameter_source(parameter)
    return source is not None and source.name not in ("DEFAULT", "DEFAULT_MAP")
