"""The spinner ``allocate`` and ``vacancy`` show on stderr while the optimiser works."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

if TYPE_CHECKING:
    from praksisplan.optimise.solve import Progress as ProgressCallback


@contextmanager
def solver_spinner() -> Iterator[ProgressCallback]:
    """A spinner with elapsed time on stderr whose text follows the solver's steps."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task("Læser data …", total=None)
        yield lambda text: progress.update(task, description=text)
