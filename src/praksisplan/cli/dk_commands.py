"""Commands of the 'dk' group (Danish public data)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this group's commands to the CLI."""
