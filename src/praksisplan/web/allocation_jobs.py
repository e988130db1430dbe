"""Allocation runs in the background: start returns a job id at once, the page polls its stage.

A job runs :func:`praksisplan.optimise.allocation.allocate` in a daemon thread, one solve at a
time (the machine's cores are shared), and records the solver's Danish stage texts through
its ``progress`` callback. Jobs live in memory, belong to the user who started them and are
forgotten oldest-first beyond :data:`KEEP`; a finished job keeps its dataset and proposal so
the page can render the result exactly as the synchronous path would, and the page's form it
was started from (:class:`~praksisplan.web.allocation_options.AllocationForm`, the uploaded
candidate file included), so its result is matched to the form that asks for it.

A job can be cancelled by its owner: the run's HiGHS solve is interrupted through its
callbacks (:class:`~praksisplan.optimise.linear.SolveCancelledError`), and a job still waiting for
its turn never starts. Jobs do not survive a server restart: an unknown job id answers with
a Danish message saying so (docs/allocation.md).
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.optimise.allocation import AllocationRequest, Proposal, allocate
from praksisplan.optimise.linear import SolveCancelledError

if TYPE_CHECKING:
    from praksisplan.web.allocation_options import AllocationForm

_log = logging.getLogger(__name__)
#: Most jobs remembered (finished ones are dropped oldest first).
KEEP = 8
#: One solve at a time; a queued job says so.
_SOLVER = threading.Semaphore(1)
#: Seconds between a waiting job's looks at whether it was cancelled.
_WAIT_POLL = 0.1


class LostJobError(PraksisplanError):
    """An unknown (or someone else's) job id; after a restart every job is unknown."""

    def __init__(self) -> None:
        super().__init__(
            "Beregningen findes ikke (længere). Serveren kan være genstartet — så er alle "
            "igangværende og færdige beregninger glemt. Start beregningen igen."
        )


@dataclass
class AllocationJob:
    """One run: who started it, on what, how far it is and how it ended."""

    id: str
    owner: str
    snapshot_id: int
    request: AllocationRequest
    form: AllocationForm | None = None  # the page's form (None: started without one)
    started: float = field(default_factory=time.monotonic)
    stage: str = "Venter på en anden beregning …"
    finished: float | None = None
    dataset: Dataset | None = None
    proposal: Proposal | None = None
    error: str | None = None
    cancelled: bool = False
    cancel_requested: threading.Event = field(default_factory=threading.Event, compare=False)

    @property
    def done(self) -> bool:
        return self.finished is not None

    def status(self) -> dict[str, Any]:
        """The JSON the page polls: stage text, elapsed seconds, done/failed."""
        end = self.finished if self.finished is not None else time.monotonic()
        return {
            "job": self.id,
            "stage": self.stage,
            "elapsed_seconds": round(end - self.started, 1),
            "done": self.done,
            "failed": self.error is not None,
            "cancelled": self.cancelled,
            "error": self.error,
        }


class AllocationJobs:
    """The app's registry of background allocation runs."""

    def __init__(self) -> None:
        self._jobs: dict[str, AllocationJob] = {}
        self._lock = threading.Lock()

    def start(
        self,
        owner: str,
        snapshot_id: int,
        request: AllocationRequest,
        read_dataset: Callable[[int], Dataset],
        form: AllocationForm | None = None,
    ) -> AllocationJob:
        """Register a job and start its thread; returns at once."""
        job = AllocationJob(secrets.token_urlsafe(12), owner, snapshot_id, request, form)
        with self._lock:
            self._forget_old()
            self._jobs[job.id] = job
        thread = threading.Thread(
            target=_run, args=(job, read_dataset), name=f"allocation-{job.id}", daemon=True
        )
        thread.start()
        return job

    def get(self, job_id: str, owner: str) -> AllocationJob:
        """The owner's job; :class:`LostJobError` for an unknown (or someone else's) job."""
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None or job.owner != owner:
            raise LostJobError()
        return job

    def cancel(self, job_id: str, owner: str) -> tuple[AllocationJob, bool]:
        """Ask the owner's job to stop; returns the job and whether this call asked it (a
        finished or already cancelled job stays as it is)."""
        job = self.get(job_id, owner)
        with self._lock:
            asked = not job.done and not job.cancel_requested.is_set()
            if asked:
                job.cancel_requested.set()
                job.stage = "Annullerer …"
        return job, asked

    def _forget_old(self) -> None:
        finished = sorted((j for j in self._jobs.values() if j.done), key=lambda j: j.started)
        while len(self._jobs) >= KEEP and finished:
            del self._jobs[finished.pop(0).id]


@contextmanager
def _solver_turn(job: AllocationJob) -> Iterator[None]:
    """Wait for the solver; a job cancelled while it waits raises :class:`SolveCancelledError`."""
    while not _SOLVER.acquire(timeout=_WAIT_POLL):
        if job.cancel_requested.is_set():
            raise SolveCancelledError()
    try:
        if job.cancel_requested.is_set():
            raise SolveCancelledError()
        yield
    finally:
        _SOLVER.release()


def _run(job: AllocationJob, read_dataset: Callable[[int], Dataset]) -> None:
    def progress(text: str) -> None:
        if not job.cancel_requested.is_set():
            job.stage = text

    try:
        with _solver_turn(job):
            job.stage = "Læser data …"
            dataset = read_dataset(job.snapshot_id)
            proposal = allocate(dataset, job.request, progress, job.cancel_requested.is_set)
            job.dataset, job.proposal = dataset, proposal
            job.stage = "Færdig"
    except SolveCancelledError:
        job.cancelled, job.stage = True, "Annulleret"
    except PraksisplanError as error:
        job.error, job.stage = str(error), "Fejlede"
    except Exception:  # the page must learn that the run died; the log keeps why
        _log.exception("allocation job %s failed", job.id)
        job.error, job.stage = "Beregningen fejlede uventet", "Fejlede"
    finally:
        job.finished = time.monotonic()
