"""The spinner the commands show on stderr while they read, build or solve."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

if TYPE_CHECKING:
    from praksisplan.optimise.solve import Progress as ProgressCallback


@contextmanager
def spinner() -> Iterator[Progress]:
    """A transient spinner with elapsed time on stderr; its tasks' texts say what is done."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        yield progress


@contextmanager
def solver_spinner() -> Iterator[ProgressCallback]:
    """The spinner with one task whose text follows the optimiser's steps (``allocate``,
    ``vacancy``)."""
    with spinner() as progress:
        task = progress.add_task("Læser data …", total=None)
        yield lambda text: progress.update(task, description=text)
