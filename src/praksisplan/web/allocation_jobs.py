"""Allocation runs in the background: start returns a job id at once, the page polls its stage.

A job runs :func:`praksisplan.optimise.allocation.allocate` in a daemon thread, one solve at a
time (the machine's cores are shared), and records the solver's Danish stage texts through
its ``progress`` callback. Jobs live in memory, belong to the user who started them and are
forgotten oldest-first beyond :data:`KEEP`; a finished job keeps its dataset and proposal so
the page can render the result exactly as the synchronous path would.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.optimise.allocation import AllocationRequest, Proposal, allocate

_log = logging.getLogger(__name__)
#: Most jobs remembered (finished ones are dropped oldest first).
KEEP = 8
#: One solve at a time; a queued job says so.
_SOLVER = threading.Semaphore(1)


@dataclass
class AllocationJob:
    """One run: who started it, on what, how far it is and how it ended."""

    id: str
    owner: str
    snapshot_id: int
    request: AllocationRequest
    started: float = field(default_factory=time.monotonic)
    stage: str = "Venter på en anden beregning …"
    finished: float | None = None
    dataset: Dataset | None = None
    proposal: Proposal | None = None
    error: str | None = None

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
    ) -> AllocationJob:
        """Register a job and start its thread; returns at once."""
        job = AllocationJob(secrets.token_urlsafe(12), owner, snapshot_id, request)
        with self._lock:
            self._forget_old()
            self._jobs[job.id] = job
        thread = threading.Thread(
            target=_run, args=(job, read_dataset), name=f"allocation-{job.id}", daemon=True
        )
        thread.start()
        return job

    def get(self, job_id: str, owner: str) -> AllocationJob:
        """The owner's job, or a Danish error for an unknown (or someone else's) job."""
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None or job.owner != owner:
            raise PraksisplanError(f"Beregningen {job_id!r} findes ikke (eller er glemt)")
        return job

    def _forget_old(self) -> None:
        finished = sorted((j for j in self._jobs.values() if j.done), key=lambda j: j.started)
        while len(self._jobs) >= KEEP and finished:
            del self._jobs[finished.pop(0).id]


def _run(job: AllocationJob, read_dataset: Callable[[int], Dataset]) -> None:
    def progress(text: str) -> None:
        job.stage = text

    with _SOLVER:
        try:
            job.stage = "Læser data …"
            dataset = read_dataset(job.snapshot_id)
            proposal = allocate(dataset, job.request, progress)
            job.dataset, job.proposal = dataset, proposal
            job.stage = "Færdig"
        except PraksisplanError as error:
            job.error, job.stage = str(error), "Fejlede"
        except Exception:  # the page must learn that the run died; the log keeps why
            _log.exception("allocation job %s failed", job.id)
            job.error, job.stage = "Beregningen fejlede uventet", "Fejlede"
        finally:
            job.finished = time.monotonic()
