"""State and option types shared by the command groups."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class DebugState:
    """Whether ``--debug`` was given (tracebacks instead of one-line errors)."""

    debug: bool = False
